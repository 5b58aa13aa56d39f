"""The commitment follow-ups' windows read together give exactly what each window read alone gives.

`window_answers` sums many windows with instant bounds in two statements (the rollup's days, and
the rows beside the bounds read once however many windows share them); asking counts_by_kind of
each window in turn is the reference, and so is a count from the reflections themselves.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.model import Answer, Reflection, Response, Selection
from reflect.patterns import FOLLOW_UP, commitments, distributions
from reflect.questions import default_question_set
from reflect.store import open_store

QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys
START = datetime(2026, 3, 1, tzinfo=UTC)
SPAN_MINUTES = 90 * 24 * 60


def reflection(minutes: int, offset_hours: int, answers: dict[str, Response | None], kind: str | None, tag: bool) -> Reflection:
    moment = (START + timedelta(minutes=minutes)).astimezone(timezone(timedelta(hours=offset_hours)))
    return Reflection(
        uuid=str(uuid.uuid4()), question_set_id=QUESTIONS.id, question_set_version=1, occurred_at=moment,
        created_at=moment, updated_at=moment, kind=kind, tags=["housing"] if tag else [],
        answers={key: Answer(response, "" if response else "a note") for key, response in answers.items()},
    )  # fmt: skip


reflections_strategy = st.lists(
    st.builds(
        reflection,
        st.integers(min_value=0, max_value=SPAN_MINUTES),
        st.integers(min_value=-11, max_value=13),
        st.dictionaries(st.sampled_from(KEYS), st.sampled_from([*Response, None]), max_size=4),
        st.sampled_from([None, "phone", "group"]),
        st.booleans(),
    ),
    max_size=40,
)
windows_strategy = st.lists(
    st.tuples(
        st.integers(min_value=-10 * 24 * 60, max_value=SPAN_MINUTES + 10 * 24 * 60),  # the start, in minutes from START
        st.integers(min_value=0, max_value=40 * 24 * 60),  # how long: from none at all to more than a month
        st.booleans(),  # starting a microsecond after a whole minute, as an "after" window does
        st.sampled_from([None, "phone", "group"]),
        st.sampled_from([None, "housing"]),
        st.integers(min_value=-11, max_value=13),
    ),
    max_size=12,
)


def window(start: int, length: int, nudged: bool, kind: str | None, tag: str | None, offset_hours: int) -> Selection:
    begins = (START + timedelta(minutes=start, microseconds=1 if nudged else 0)).astimezone(timezone(timedelta(hours=offset_hours)))
    return Selection(start=begins, end=begins + timedelta(minutes=length), kind=kind, tag=tag)


def alone(store, selection: Selection) -> tuple[int, dict[str, tuple[int, int, int, int]]]:  # type: ignore[no-untyped-def]
    """The window read by itself, as the follow-ups were before they were read together."""
    counts, by_kind = store.counts_by_kind(selection)
    pooled = distributions(counts, by_kind, QUESTIONS)
    return sum(by_kind.values()), {key: (d.yes, d.partly, d.no, d.not_applicable) for key, d in pooled.items()}


def counted(saved: list[Reflection], selection: Selection) -> int:
    assert selection.start is not None and selection.end is not None
    return sum(
        1 for r in saved
        if selection.start <= r.occurred_at < selection.end and selection.kind in (None, r.kind)
        and (selection.tag is None or selection.tag in r.tags)
    )  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(saved=reflections_strategy, asked=windows_strategy)
def test_windows_read_together_give_what_each_gives_read_alone(tmp_path_factory, saved, asked) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path_factory.mktemp("windows") / "w.db")
    try:
        store.save_many(saved)
        windows = [window(*shape) for shape in asked]
        together = store.window_answers(windows)
        assert together == [alone(store, selection) for selection in windows]
        assert [reflections for reflections, _ in together] == [counted(saved, selection) for selection in windows]
    finally:
        store.close()


def test_windows_sharing_their_bounds_each_count_the_rows_beside_them(store) -> None:  # type: ignore[no-untyped-def]
    # Reflections every three hours for two months; windows of four weeks an hour apart share
    # most of the rows beside their bounds, which are read once and must still count for each.
    saved = [reflection(minutes, minutes // 180 % 5 - 2, {KEYS[minutes % 7]: [*Response][minutes % 4]}, None, False)
             for minutes in range(0, 60 * 24 * 60, 180)]  # fmt: skip
    store.save_many(saved)
    moments = [START + timedelta(days=30, hours=hour) for hour in range(6)]
    windows = [Selection(start=moment - FOLLOW_UP, end=moment) for moment in moments]
    windows += [Selection(start=moment + timedelta(microseconds=1), end=moment + FOLLOW_UP) for moment in moments]
    assert store.window_answers(windows) == [alone(store, selection) for selection in windows]
    assert [found[0] for found in store.window_answers(windows)] == [counted(saved, selection) for selection in windows]


def test_no_windows_read_nothing(store) -> None:  # type: ignore[no-untyped-def]
    assert store.window_answers([]) == []


def test_each_commitments_follow_ups_are_those_of_its_own_two_windows(store) -> None:  # type: ignore[no-untyped-def]
    saved = [reflection(minutes, 0, {KEYS[0]: [*Response][minutes // 600 % 4], KEYS[1]: Response.YES}, None, False)
             for minutes in range(0, 80 * 24 * 60, 600)]  # fmt: skip
    for index, committed in enumerate(saved[::25]):
        committed.commitment = f"Commitment {index}"
        committed.commitment_questions = [KEYS[0]] if index % 3 else [KEYS[0], KEYS[1]]
    store.save_many(saved)
    found = commitments(store, QUESTIONS, Selection())
    assert len(found) == len(saved[::25])
    for commitment in found:
        moment = commitment.reflection.occurred_at
        before = alone(store, Selection(start=moment - FOLLOW_UP, end=moment))
        after = alone(store, Selection(start=moment + timedelta(microseconds=1), end=moment + FOLLOW_UP))
        assert [f.question.key for f in commitment.follow_ups] == commitment.reflection.commitment_questions
        for follow_up in commitment.follow_ups:
            for distribution, (reflections, by_key) in ((follow_up.before, before), (follow_up.after, after)):
                given = by_key[follow_up.question.key]
                assert (distribution.yes, distribution.partly, distribution.no, distribution.not_applicable) == given
                assert distribution.unanswered == reflections - sum(given)
