"""Reflections read for an export as stored values (Store.iter_stored): the same records as the model's loader gives."""

from __future__ import annotations

import copy
import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from reflect.exchange.export import exported_record, stored_record_texts, stored_records
from reflect.exchange.json_text import indented
from reflect.model import Answer, Reflection, Response, Selection
from reflect.questions import default_question_set
from reflect.store import StoreError

QUESTIONS = default_question_set()
BASE = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def varied() -> list[Reflection]:
    """Every kind of field an export carries: offsets, tags, links, notes, flags, drafts, a retired question."""
    made = []
    for number in range(13):
        moment = (BASE + timedelta(minutes=number % 4)).astimezone(timezone(timedelta(minutes=[0, 60, -330, 780][number % 4])))
        made.append(
            Reflection(
                uuid=f"{number:08x}-0000-4000-8000-000000000000",
                question_set_id="recovery-practices",
                question_set_version=1,
                occurred_at=moment,
                created_at=BASE + timedelta(hours=number),
                updated_at=BASE + timedelta(hours=number, minutes=5),
                kind=["one-to-one", None][number % 2],
                person_code=None if number % 3 else f"P-{number}",
                duration_minutes=None if number % 2 else 30 + number,
                tags=["zeta", "alpha"] if number % 3 == 0 else [],
                what_happened=f'Line one\nline "two" {number} é',
                commitment="Ask what hope means" if number % 2 else "",
                is_draft=number % 5 == 4,
                flagged=number % 4 == 1,
            )  # fmt: skip
        )
    first, second, third = made[:3]
    # Answers given in question order, not key order: the notes come out in key order all the same.
    first.answers = {
        "strengths": Answer(Response.YES, "Named two of her strengths"),
        "hope": Answer(Response.NO, "She talked about giving up", flagged=True),
        "community": Answer(None, "A note without an answer", flagged=True),
        "beyond-sick-role": Answer(Response.PARTLY),
    }
    first.commitment_questions = ["hope", "make-sense"]
    second.answers = {key: Answer(Response.NOT_APPLICABLE) for key in QUESTIONS.keys}
    third.answers = {"a-retired-question": Answer(Response.YES, "asked once, no longer"), "respect": Answer(Response.NO)}
    third.commitment_questions = ["a-retired-question", "respect"]
    return made


@pytest.mark.parametrize("page", [1, 4, 500])
def test_the_stored_reflections_make_the_same_export_records_as_the_loaded_ones_page_after_page(store, page: int) -> None:  # type: ignore[no-untyped-def]
    store.save_many(copy.deepcopy(varied()))
    loaded = [exported_record(reflection, QUESTIONS) for reflection in store.reflections(drafts=True)]

    stored = list(stored_records(store.iter_stored(drafts=True, page=page), QUESTIONS))

    assert stored == loaded
    assert [list(record) for record in stored] == [list(record) for record in loaded]  # the keys in the same order
    assert [list(record["notes"]) for record in stored] == [list(record["notes"]) for record in loaded]


def test_a_reflections_notes_are_exported_in_the_order_of_their_question_keys_on_every_engine(store) -> None:  # type: ignore[no-untyped-def]
    store.save_many(copy.deepcopy(varied()[:1]))

    (record,) = [exported_record(reflection, QUESTIONS) for reflection in store.reflections(drafts=True)]

    assert list(record["notes"]) == ["community", "hope", "strengths"]
    assert record["flagged_notes"] == ["community", "hope"]  # in question order, as the answers are
    assert record["commitment_questions"] == ["make-sense", "hope"]


def test_the_stored_reflections_of_a_period_leave_out_drafts_unless_asked(store) -> None:  # type: ignore[no-untyped-def]
    store.save_many(copy.deepcopy(varied()))
    period = Selection(start=BASE + timedelta(minutes=1), end=BASE + timedelta(minutes=3))

    assert [s.uuid for s in store.iter_stored(period, page=2)] == [r.uuid for r in store.reflections(period)]
    assert [s.uuid for s in store.iter_stored(period, drafts=True, page=2)] == [r.uuid for r in store.reflections(period, drafts=True)]


def test_each_stored_reflection_is_written_as_its_record_is_written_in_the_document(store) -> None:  # type: ignore[no-untyped-def]
    reflections = copy.deepcopy(varied())
    reflections[3].what_happened = 'Quotes " and \\ backslashes, a tab\t, a bell \x07 and \u2028 kept exact'
    reflections[3].tags = ["with \"quotes\"", "ünïcode"]
    store.save_many(reflections)

    written = list(stored_record_texts(store.iter_stored(drafts=True, page=5), QUESTIONS))

    assert written == [indented(record, "    ") for record in stored_records(store.iter_stored(drafts=True), QUESTIONS)]


@pytest.mark.sqlite_only("it breaks the file's tables from outside, with sqlite3")
def test_a_failure_reading_the_answers_is_a_store_error_that_says_what_went_wrong(store, db_path) -> None:  # type: ignore[no-untyped-def]
    store.save_many(copy.deepcopy(varied()[:2]))
    with sqlite3.connect(db_path) as outside:
        outside.execute("ALTER TABLE answer RENAME TO answer_elsewhere")

    with pytest.raises(StoreError, match="no such table: answer"):
        list(store.iter_stored(drafts=True))
