"""Patterns over time: the trend period by period, activity by day, commitments and what followed, notes."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.model import Answer, Selection
from reflect.patterns import (
    FOLLOW_UP,
    Distribution,
    activity,
    auto_grain,
    commitments,
    figures,
    grain_start,
    grain_starts,
    trend,
)
from reflect.store import open_store
from tests.unit.test_patterns import KEYS, QUESTIONS, START, N, P, X, Y, reflection, reflection_strategy

UTC = UTC
MAKE_SENSE, STRENGTHS = KEYS[0], KEYS[2]
# START is Thursday 1 January 2026, 00:00 UTC; reflection(day) happens at 10:00 that day.
NOW = START + timedelta(days=60)


def test_periods_start_on_a_monday_the_first_of_a_month_quarter_or_year() -> None:
    sunday = date(2026, 11, 22)
    assert grain_start(sunday, "week") == date(2026, 11, 16)
    assert grain_start(sunday, "month") == date(2026, 11, 1)
    assert grain_start(sunday, "quarter") == date(2026, 10, 1)
    assert grain_start(sunday, "year") == date(2026, 1, 1)
    assert grain_starts(date(2026, 1, 30), date(2026, 3, 2), "month") == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


@pytest.mark.parametrize(
    ("first", "last", "grain"),
    [
        (date(2026, 10, 26), date(2026, 11, 23), "week"),  # 4 weeks
        (date(2026, 8, 23), date(2026, 11, 23), "week"),  # 3 months: 14 weeks
        (date(2025, 11, 23), date(2026, 11, 23), "month"),  # 12 months: 13 months
        (date(2023, 1, 1), date(2026, 11, 23), "quarter"),
        (date(2016, 11, 23), date(2026, 11, 23), "year"),
    ],
)
def test_the_trend_is_shown_in_the_finest_periods_that_fit(first: date, last: date, grain: str) -> None:
    assert auto_grain(first, last) == grain


@pytest.fixture
def two_months(store):  # type: ignore[no-untyped-def]
    """January: weeks of 29 Dec, 5 Jan and 12 Jan; one reflection in February; a draft."""
    rows = [
        reflection(0, {MAKE_SENSE: Answer(Y), STRENGTHS: Answer(Y)}, kind="phone"),  # Thu 1 Jan
        reflection(2, {MAKE_SENSE: Answer(N), STRENGTHS: Answer(X)}, kind="phone"),  # Sat 3 Jan
        reflection(5, {MAKE_SENSE: Answer(P)}, kind="group"),  # Tue 6 Jan
        reflection(5, {MAKE_SENSE: Answer(Y)}, kind="group"),  # Tue 6 Jan
        reflection(12, {MAKE_SENSE: Answer(Y), STRENGTHS: Answer(None, "only a note")}),  # Tue 13 Jan
        reflection(33, {MAKE_SENSE: Answer(N)}),  # Tue 3 Feb
        reflection(34, {MAKE_SENSE: Answer(Y)}, is_draft=True),
    ]
    for row in rows:
        store.save(row)
    return store


def test_a_weekly_trend_counts_each_week_and_keeps_the_empty_ones(two_months) -> None:  # type: ignore[no-untyped-def]
    january = Selection(start=START, end=START + timedelta(days=31))
    result = trend(two_months, QUESTIONS, january, NOW, grain="week", min_n=1)

    assert result.periods == [date(2025, 12, 29), date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19), date(2026, 1, 26)]
    assert result.reflections == [2, 2, 1, 0, 0]
    make_sense = dict(result.questions)[QUESTIONS.questions[0]]
    assert make_sense[:3] == [Distribution(yes=1, no=1), Distribution(yes=1, partly=1), Distribution(yes=1)]
    assert make_sense[3] == Distribution()
    assert result.rates(MAKE_SENSE) == [0.5, 0.75, 1.0, None, None]
    strengths = dict(result.questions)[QUESTIONS.questions[2]]
    assert strengths[0] == Distribution(yes=1, not_applicable=1)
    assert strengths[2] == Distribution(unanswered=1)  # a note without an answer


def test_a_period_with_fewer_answers_than_the_minimum_has_no_rate(two_months) -> None:  # type: ignore[no-untyped-def]
    result = trend(two_months, QUESTIONS, Selection(), NOW, grain="month", min_n=5)
    # January: Making sense answered 5 times (Y, N, P, Y, Y); February once.
    assert result.periods == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert result.rates(MAKE_SENSE) == [pytest.approx(3.5 / 5), None, None]


def test_a_trend_of_all_time_starts_with_the_first_reflection_and_ends_now(two_months) -> None:  # type: ignore[no-untyped-def]
    result = trend(two_months, QUESTIONS, Selection(), NOW, grain="week")
    assert result.periods[0] == date(2025, 12, 29) and result.periods[-1] == grain_start(NOW.date(), "week")


def test_the_trend_chooses_periods_long_enough_to_hold_a_rate(two_months) -> None:  # type: ignore[no-untyped-def]
    # Six reflections in nine weeks: weeks would each hold fewer than five; months hold two each.
    assert trend(two_months, QUESTIONS, Selection(), NOW).grain == "quarter"
    assert trend(two_months, QUESTIONS, Selection(), NOW, min_n=2).grain == "month"
    assert trend(two_months, QUESTIONS, Selection(), NOW, min_n=0).grain == "week"


def test_a_trend_of_nothing_has_no_periods(store) -> None:  # type: ignore[no-untyped-def]
    assert trend(store, QUESTIONS, Selection(), NOW).periods == []


def test_activity_counts_reflections_on_each_local_day(two_months) -> None:  # type: ignore[no-untyped-def]
    result = activity(two_months, Selection(start=START, end=START + timedelta(days=31)), NOW)
    assert result is not None
    assert (result.first, result.last) == (date(2026, 1, 1), date(2026, 1, 31))
    assert result.days == {date(2026, 1, 1): 1, date(2026, 1, 3): 1, date(2026, 1, 6): 2, date(2026, 1, 13): 1}
    assert result.active_days == 4


def test_a_commitment_about_a_practice_shows_its_rate_before_and_after(store) -> None:  # type: ignore[no-untyped-def]
    # Two weeks of No for Making sense, a commitment about it, then two weeks of Yes.
    for day in range(0, 14, 2):
        store.save(reflection(day, {MAKE_SENSE: Answer(N)}))
    committed = reflection(14, {MAKE_SENSE: Answer(P)})
    committed.commitment = "Ask what sense they make of it first"
    committed.commitment_questions = [MAKE_SENSE]
    store.save(committed)
    for day in range(16, 30, 2):
        store.save(reflection(day, {MAKE_SENSE: Answer(Y)}))
    store.save(reflection(14 + FOLLOW_UP.days + 1, {MAKE_SENSE: Answer(N)}))  # after the follow-up window
    unlinked = reflection(20, {})
    unlinked.commitment = "Bring the leaflet"
    store.save(unlinked)

    found = commitments(store, QUESTIONS, Selection())
    assert [c.reflection.commitment for c in found] == ["Bring the leaflet", "Ask what sense they make of it first"]
    assert found[0].follow_ups == []
    (follow_up,) = found[1].follow_ups
    assert follow_up.question.key == MAKE_SENSE
    assert follow_up.before == Distribution(no=7, unanswered=0)
    # After: seven Yes and the unlinked reflection on day 20 (unanswered); not the commitment itself.
    assert follow_up.after == Distribution(yes=7, unanswered=1)
    assert follow_up.change == pytest.approx(1.0)


def test_notes_are_found_by_word_and_by_question_latest_first(two_months) -> None:  # type: ignore[no-untyped-def]
    extra = reflection(20, {MAKE_SENSE: Answer(Y, "Listened to her STORY about the flat")})
    extra.so_what = "Her story mattered more than the form"
    extra.now_what = "Ask about the flat"
    two_months.save(extra)

    everything = two_months.notes(Selection())
    assert [(n.source, n.text) for n in everything] == [
        (MAKE_SENSE, "Listened to her STORY about the flat"),
        ("now_what", "Ask about the flat"),
        ("so_what", "Her story mattered more than the form"),
        (STRENGTHS, "only a note"),
    ]
    assert [n.source for n in two_months.notes(Selection(), words=["story"])] == [MAKE_SENSE, "so_what"]
    assert [n.source for n in two_months.notes(Selection(), words=["story", "flat"])] == [MAKE_SENSE]
    assert [n.text for n in two_months.notes(Selection(), source=STRENGTHS)] == ["only a note"]
    assert two_months.notes(Selection(start=START + timedelta(days=30))) == []
    assert two_months.notes(Selection(), words=["%"]) == []  # a wildcard typed is a character searched for


# Property: a trend's periods add up to the figures of the whole selection -----------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    reflections=st.lists(reflection_strategy, max_size=25),
    grain=st.sampled_from(["week", "month", "quarter", "year"]),
    window=st.sampled_from([(None, None), (0, 30), (-30, 0), (-45, 45)]),
    kind=st.sampled_from([None, "phone"]),
)
def test_the_periods_of_a_trend_add_up_to_the_whole(tmp_path_factory, reflections, grain, window, kind) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path_factory.mktemp("trend") / "t.db")
    try:
        store.save_many(reflections)
        start = START + timedelta(days=window[0]) if window[0] is not None else None
        end = START + timedelta(days=window[1]) if window[1] is not None else None
        selection = Selection(start=start, end=end, kind=kind)
        whole = figures(store, QUESTIONS, selection, min_n=1)
        parts = trend(store, QUESTIONS, selection, START + timedelta(days=90), grain=grain, min_n=1)
    finally:
        store.close()
    assert sum(parts.reflections) == whole.reflections
    for (question, cells), overall in zip(parts.questions, whole.questions):
        assert sum(cells, start=Distribution()) == overall.distribution, question.key
