"""The answer rollup stays exactly what the reflection rows add up to, whatever is written.

Every figure is summed from it, so each way reflections change (a save, an edit, a draft
finished, a delete, an import, a team bundle replacing another, a new question order) must
leave it as a rebuild from the rows would make it.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.demo import demo_team
from reflect.model import Answer, Reflection, Response, Selection
from reflect.patterns import figures
from reflect.questions import default_question_set
from reflect.store import TeamBundle, open_store
from tests.helpers.environment import FIXED_NOW
from tests.helpers.rollup import kept_and_rebuilt

QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys
START = datetime(2026, 3, 1, tzinfo=UTC)


def reflection(minutes: int, offset_hours: int, answers: dict[str, Response | None], *, kind: str | None = None,
               draft: bool = False) -> Reflection:  # fmt: skip
    moment = (START + timedelta(minutes=minutes)).astimezone(timezone(timedelta(hours=offset_hours)))
    return Reflection(
        uuid=str(uuid.uuid4()), question_set_id=QUESTIONS.id, question_set_version=1, occurred_at=moment,
        created_at=moment, updated_at=moment, kind=kind, is_draft=draft,
        answers={key: Answer(response, "" if response else "a note") for key, response in answers.items()},
    )  # fmt: skip


answers_strategy = st.dictionaries(st.sampled_from(KEYS), st.sampled_from([*Response, None]), max_size=4)
reflection_strategy = st.builds(
    reflection,
    st.integers(min_value=0, max_value=80 * 24 * 60),  # across month and week boundaries
    st.integers(min_value=-11, max_value=13),
    answers_strategy,
    kind=st.sampled_from([None, "phone", "group"]),
    draft=st.booleans(),
)
step_strategy = st.one_of(
    st.tuples(st.just("save"), reflection_strategy),
    st.tuples(st.just("edit"), st.integers(min_value=0), answers_strategy, st.sampled_from([None, "phone"]), st.integers(-3000, 3000)),
    st.tuples(st.just("finish"), st.integers(min_value=0)),
    st.tuples(st.just("delete"), st.integers(min_value=0)),
    st.tuples(st.just("import"), st.lists(reflection_strategy, max_size=3), st.integers(min_value=0), answers_strategy),
    st.tuples(st.just("save_many"), st.lists(reflection_strategy, max_size=4)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step_strategy, max_size=12))
def test_any_sequence_of_saves_edits_deletes_and_imports_leaves_the_rollup_as_rebuilt_from_the_rows(tmp_path_factory, steps) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path_factory.mktemp("rollup") / "r.db")
    saved: list[Reflection] = []
    try:
        for step in steps:
            action = step[0]
            if action == "save":
                store.save(step[1])
                saved.append(step[1])
            elif action == "save_many":
                store.save_many(step[1])
                saved.extend(step[1])
            elif saved and action == "edit":  # new answers, kind and time: a reflection moving day, week or month
                _, index, answers, kind, minutes = step
                target = saved[index % len(saved)]
                target.answers = {key: Answer(response, "" if response else "a note") for key, response in answers.items()}
                target.kind, target.occurred_at = kind, target.occurred_at + timedelta(minutes=minutes)
                store.save(target)
            elif saved and action == "finish":  # a draft saved again as complete
                target = saved[step[1] % len(saved)]
                target.is_draft = False
                store.save(target)
            elif saved and action == "delete":
                store.delete(saved.pop(step[1] % len(saved)).uuid)
            elif action == "import":  # new reflections, and a newer edit of one already held
                _, fresh, index, answers = step
                incoming = list(fresh)
                if saved:
                    newer = copy.deepcopy(saved[index % len(saved)])
                    newer.answers = {key: Answer(response, "" if response else "a note") for key, response in answers.items()}
                    newer.updated_at += timedelta(days=1)
                    incoming.append(newer)
                store.import_reflections(incoming)
                saved.extend(fresh)
        kept, rebuilt = kept_and_rebuilt(store)
    finally:
        store.close()
    assert kept == rebuilt


def test_a_draft_is_not_counted_until_it_is_saved_as_complete(store) -> None:  # type: ignore[no-untyped-def]
    draft = reflection(600, 0, {KEYS[0]: Response.YES}, draft=True)
    store.save(draft)
    assert kept_and_rebuilt(store)[0] == {}
    draft.is_draft = False
    store.save(draft)
    kept, rebuilt = kept_and_rebuilt(store)
    assert kept == rebuilt and set(kept) == {("day", "", "2026-03-01", ""), ("week", "", "2026-02-23", ""), ("month", "", "2026-03-01", "")}
    assert kept[("month", "", "2026-03-01", "")][:5] == (1, 1, 0, 0, 0)  # one reflection, Yes to the first question


def test_a_reflection_is_kept_under_the_day_week_and_month_of_its_own_clock(store) -> None:  # type: ignore[no-untyped-def]
    # 23:30 on Sunday 1 March in UTC is already Monday 2 March in Auckland (+13): a new week.
    store.save(reflection(23 * 60 + 30, 13, {KEYS[1]: Response.NO}, kind="phone"))
    kept, _ = kept_and_rebuilt(store)
    assert {key[:3] for key in kept} == {("day", "", "2026-03-02"), ("week", "", "2026-03-02"), ("month", "", "2026-03-01")}


def test_two_windows_saving_in_turn_both_count(db_path: Path) -> None:
    first, second = open_store(db_path), open_store(db_path)
    try:
        for number in range(6):
            (first if number % 2 else second).save(reflection(number * 60, 0, {KEYS[0]: Response.YES}))
        kept, rebuilt = kept_and_rebuilt(first)
        assert sum(first.count_reflections(Selection()).values()) == sum(second.count_reflections(Selection()).values()) == 6
    finally:
        first.close()
        second.close()
    assert kept == rebuilt


def test_opening_with_another_question_order_rebuilds_the_rollup_for_it(db_path: Path) -> None:
    store = open_store(db_path)
    store.save(reflection(600, 0, {KEYS[0]: Response.YES, KEYS[1]: Response.NO}))
    store.close()
    reordered = open_store(db_path, slots=(KEYS[1], KEYS[0]))
    try:
        kept, rebuilt = kept_and_rebuilt(reordered)
        counts = reordered.response_counts(Selection())
    finally:
        reordered.close()
    assert kept == rebuilt
    assert counts == {(None, KEYS[1], "no"): 1, (None, KEYS[0], "yes"): 1}


def test_a_team_bundle_replacing_an_older_one_of_the_same_period_leaves_the_rollup_exact(tmp_path: Path) -> None:
    store = open_store(tmp_path / "team.db", team=True)
    try:
        older = demo_team(QUESTIONS, FIXED_NOW)[0]
        newer_practitioner = replace(older.practitioner, bundle_id=str(uuid.uuid4()),
                                     bundle_created_at=older.practitioner.bundle_created_at + timedelta(hours=1))  # fmt: skip
        newer = TeamBundle(newer_practitioner, [replace(copy.deepcopy(r), uuid=str(uuid.uuid4())) for r in older.reflections[:2]])
        store.import_bundles([older])
        outcome = store.import_bundles([newer])
        kept, rebuilt = kept_and_rebuilt(store)
        shown = figures(store, QUESTIONS, Selection(practitioner=older.practitioner.id))
        store.remove_practitioner(older.practitioner.id)
        after_removal = kept_and_rebuilt(store)
    finally:
        store.close()
    assert outcome[0][1] == "replaced"
    assert kept == rebuilt and shown.reflections == sum(1 for r in newer.reflections if not r.is_draft)
    assert after_removal == ({}, {})


def test_tags_in_use_count_completed_reflections_only_most_used_first(store) -> None:  # type: ignore[no-untyped-def]
    tagged = [reflection(minutes, 0, {}, draft=draft) for minutes, draft in ((60, False), (120, False), (180, True), (240, False))]
    for item, tags in zip(tagged, (["housing", "work"], ["work"], ["housing", "court"], ["benefits"])):
        item.tags = tags
        store.save(item)
    assert store.tags_in_use() == [("work", 2), ("benefits", 1), ("housing", 1)]  # the draft's tags not counted; court only a draft's
