"""The store's part in supervision: importing by id, flagged reflections, and team databases."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reflect.model import Answer, Practitioner, Reflection, Response, Selection
from reflect.store import BundleConflict, StoreError, TeamBundle, open_store

UTC = UTC
BASE = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def reflection(*, days: int = 0, answers: dict[str, Answer] | None = None, uuid_text: str | None = None, **fields) -> Reflection:  # type: ignore[no-untyped-def]
    moment = BASE + timedelta(days=days)
    made = Reflection(
        uuid=uuid_text or str(uuid.uuid4()),
        question_set_id="recovery-practices",
        question_set_version=1,
        occurred_at=moment,
        created_at=moment,
        updated_at=moment,
        answers=dict(answers or {"hope": Answer(Response.YES)}),
    )
    for name, value in fields.items():
        setattr(made, name, value)
    return made


# Importing by id: new ones added, newer edits win ------------------------------------------


def test_importing_adds_new_reflections_and_counts_them(store) -> None:
    counts = store.import_reflections([reflection(), reflection(days=1)])

    assert (counts.added, counts.updated, counts.unchanged) == (2, 0, 0)
    assert len(store.list_reflections()) == 2


def test_importing_the_same_reflections_again_adds_nothing(store) -> None:
    both = [reflection(), reflection(days=1)]
    store.import_reflections(both)

    counts = store.import_reflections(both)

    assert (counts.added, counts.updated, counts.unchanged) == (0, 0, 2)
    assert len(store.list_reflections()) == 2


def test_a_newer_edit_replaces_the_stored_reflection(store) -> None:
    stored = reflection(commitment="first words")
    store.save(stored)
    edited = reflection(uuid_text=stored.uuid, commitment="edited later", updated_at=stored.updated_at + timedelta(hours=1))

    counts = store.import_reflections([edited])

    assert counts.updated == 1
    assert store.get(stored.uuid).commitment == "edited later"


def test_an_older_edit_leaves_the_stored_reflection_as_it_is(store) -> None:
    stored = reflection(commitment="the latest words", updated_at=BASE + timedelta(hours=2))
    store.save(stored)
    older = reflection(uuid_text=stored.uuid, commitment="an older copy", updated_at=BASE + timedelta(hours=1))

    counts = store.import_reflections([older])

    assert counts.unchanged == 1
    assert store.get(stored.uuid).commitment == "the latest words"


# Reading for reports ---------------------------------------------------------------------------


def test_reflections_come_oldest_first_and_leave_out_drafts_unless_asked(store) -> None:
    later, earlier, draft = reflection(days=2), reflection(days=1), reflection(days=3, is_draft=True)
    store.save_many([later, earlier, draft])

    assert [r.uuid for r in store.reflections()] == [earlier.uuid, later.uuid]
    assert [r.uuid for r in store.reflections(drafts=True)] == [earlier.uuid, later.uuid, draft.uuid]


def test_flagged_reflections_are_those_flagged_or_with_a_flagged_note(store) -> None:
    flagged = reflection(flagged=True)
    with_note = reflection(days=1, answers={"hope": Answer(Response.NO, "hard to stay hopeful", flagged=True)})
    plain = reflection(days=2, answers={"hope": Answer(Response.YES, "an unflagged note")})
    store.save_many([flagged, with_note, plain])

    assert [r.uuid for r in store.reflections(flagged=True)] == [flagged.uuid, with_note.uuid]


def test_reflections_with_a_commitment_leave_out_blank_ones(store) -> None:
    made = reflection(commitment="Leave more silence")
    store.save_many([made, reflection(days=1, commitment="   ")])

    assert [r.uuid for r in store.reflections(with_commitment=True)] == [made.uuid]


def test_the_answer_timeline_gives_each_reflections_answers_by_key(store) -> None:
    first = reflection(answers={"hope": Answer(Response.PARTLY), "respect": Answer(None, "a note only")})
    store.save(first)

    ((uuid_text, moment, answers),) = store.answer_timeline(Selection())

    assert (uuid_text, moment) == (first.uuid, BASE)
    assert answers["hope"] is Response.PARTLY and answers["respect"] is None and len(answers) == 10


def test_find_matches_a_short_id_and_nothing_for_text_that_is_no_id(store) -> None:
    made = reflection(uuid_text="abcdef12-0000-4000-8000-000000000001")
    store.save(made)

    assert store.find("ABCDEF12") == [made.uuid]
    assert store.find("%") == [] and store.find("") == [] and store.find("zz") == []


def test_person_codes_lists_each_code_once(store) -> None:
    store.save_many([reflection(person_code="JB-12"), reflection(person_code="JB-12"), reflection(person_code="KT-7"), reflection()])

    assert store.person_codes() == {"JB-12", "KT-7"}


def test_settings_are_kept_in_the_database(store, db_path: Path) -> None:
    store.set_settings({"practitioner_id": "p-1"})

    assert store.setting("practitioner_id") == "p-1"
    assert store.setting("nothing") is None


# Team databases ----------------------------------------------------------------------------------


def practitioner(name: str = "Sam", *, hours: int = 0, pid: str = "11111111-0000-4000-8000-000000000001") -> Practitioner:
    return Practitioner(
        id=pid,
        display_name=name,
        bundle_id=str(uuid.uuid4()),
        bundle_created_at=BASE + timedelta(days=30, hours=hours),
        period_start=BASE,
        period_end=BASE + timedelta(days=28),
        includes_notes=False,
        flagged_reflections=0,
        flagged_notes=2,
    )


@pytest.fixture
def team(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = open_store(tmp_path / "team.db", team=True)
    yield opened
    opened.close()


def test_a_team_database_holds_each_practitioners_reflections_apart(team) -> None:
    sam, alex = practitioner("Sam"), practitioner("Alex", pid="22222222-0000-4000-8000-000000000002")

    outcomes = team.import_bundles([TeamBundle(sam, [reflection(), reflection(days=1)]), TeamBundle(alex, [reflection()])])

    assert [outcome for _, outcome in outcomes] == ["added", "added"]
    assert [(p.display_name, p.reflections, p.flagged_notes) for p in team.practitioners()] == [("Alex", 1, 2), ("Sam", 2, 2)]
    assert sum(team.count_reflections(Selection(practitioner=sam.id)).values()) == 2


def test_a_newer_bundle_from_the_same_practitioner_replaces_the_older(team) -> None:
    team.import_bundles([TeamBundle(practitioner(), [reflection(), reflection(days=1)])])
    newer = practitioner("Sam R.", hours=1)

    ((_, outcome),) = team.import_bundles([TeamBundle(newer, [reflection(days=5)])])

    assert outcome == "replaced"
    (held,) = team.practitioners()
    assert (held.display_name, held.bundle_id, held.reflections) == ("Sam R.", newer.bundle_id, 1)
    assert len(team.list_reflections()) == 1


def test_an_older_bundle_or_the_same_one_again_changes_nothing(team) -> None:
    newer = practitioner(hours=5)
    team.import_bundles([TeamBundle(newer, [reflection()])])

    outcomes = team.import_bundles([TeamBundle(practitioner(hours=1), [reflection(), reflection()]), TeamBundle(newer, [])])

    assert [outcome for _, outcome in outcomes] == ["older", "already here"]
    assert team.practitioners()[0].bundle_id == newer.bundle_id and len(team.list_reflections()) == 1


def test_a_bundle_whose_reflections_belong_to_someone_else_is_refused_and_nothing_is_written(team, tmp_path: Path) -> None:
    shared = reflection()
    team.import_bundles([TeamBundle(practitioner("Sam"), [shared])])
    alex = practitioner("Alex", pid="22222222-0000-4000-8000-000000000002")

    with pytest.raises(BundleConflict, match="Sam's bundle"):
        team.import_bundles([TeamBundle(practitioner("Jo", pid="33333333-0000-4000-8000-000000000003"), [reflection()]),
                             TeamBundle(alex, [shared])])  # fmt: skip

    assert [p.display_name for p in team.practitioners()] == ["Sam"]


def test_removing_a_practitioner_removes_their_reflections_and_answers(team, tmp_path: Path) -> None:
    sam = practitioner()
    team.import_bundles([TeamBundle(sam, [reflection()])])

    assert team.remove_practitioner(sam.id)

    assert team.practitioners() == [] and team.list_reflections() == []
    connection = sqlite3.connect(tmp_path / "team.db")
    assert connection.execute("SELECT count(*) FROM answer").fetchone() == (0,)
    connection.close()


def test_a_team_database_will_not_open_as_a_practitioners_own(team, tmp_path: Path) -> None:
    team.close()
    before = (tmp_path / "team.db").read_bytes()

    with pytest.raises(StoreError, match="team database"):
        open_store(tmp_path / "team.db")

    assert (tmp_path / "team.db").read_bytes() == before


def test_a_practitioners_own_database_will_not_open_as_a_team_database(store, db_path: Path) -> None:
    store.save(reflection())
    store.close()

    with pytest.raises(StoreError, match="own reflections"):
        open_store(db_path, team=True)


def test_an_empty_database_can_become_a_team_database(store, db_path: Path) -> None:
    store.close()

    open_store(db_path, team=True).close()

    with pytest.raises(StoreError, match="team database"):
        open_store(db_path)
