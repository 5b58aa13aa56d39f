"""Patterns: checked against figures worked out by hand, and against a plain recomputation on random data."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.model import Answer, Reflection, Response, Selection
from reflect.patterns import MIN_N, Distribution, figures
from reflect.questions import default_question_set
from reflect.store import open_store

QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys
UTC = UTC
Y, P, N, X = Response.YES, Response.PARTLY, Response.NO, Response.NOT_APPLICABLE
START = datetime(2026, 1, 1, tzinfo=UTC)
JANUARY = Selection(start=START, end=START + timedelta(days=31))


def reflection(day: int, answers: dict[str, Answer], *, kind: str | None = None, tags: list[str] | None = None,
               is_draft: bool = False, version: int = 1) -> Reflection:  # fmt: skip
    moment = START + timedelta(days=day, hours=10)
    return Reflection(
        uuid=str(uuid.uuid4()),
        question_set_id=QUESTIONS.id,
        question_set_version=version,
        occurred_at=moment,
        created_at=moment,
        updated_at=moment,
        kind=kind,
        tags=tags or [],
        answers=answers,
        is_draft=is_draft,
    )


def test_a_practice_rate_counts_partly_as_half_and_leaves_out_not_applicable() -> None:
    distribution = Distribution(yes=3, partly=2, no=1, not_applicable=4, unanswered=2)
    assert distribution.n == 6
    assert distribution.rate(min_n=5) == pytest.approx((3 + 1) / 6)


def test_below_the_minimum_n_there_is_no_rate() -> None:
    assert Distribution(yes=4).rate(min_n=5) is None
    assert Distribution(yes=5).rate(min_n=5) == 1.0
    assert Distribution(not_applicable=9).rate(min_n=0) is None


@pytest.fixture
def hand_worked(store):  # type: ignore[no-untyped-def]
    """Six reflections in January, one in December, one draft; worked out by hand below."""
    make_sense, strengths = KEYS[0], KEYS[2]
    rows = [
        reflection(0, {make_sense: Answer(Y), strengths: Answer(Y)}, kind="phone", tags=["housing"]),
        reflection(1, {make_sense: Answer(Y), strengths: Answer(N)}, kind="phone"),
        reflection(2, {make_sense: Answer(P), strengths: Answer(X)}, kind="home-visit", tags=["housing"]),
        reflection(3, {make_sense: Answer(N), strengths: Answer(None, "a note only")}, kind="home-visit"),
        reflection(4, {make_sense: Answer(Y)}, kind="home-visit"),
        reflection(5, {make_sense: Answer(X), strengths: Answer(Y)}),
        reflection(-10, {make_sense: Answer(N), strengths: Answer(N)}, kind="phone"),  # December
        reflection(6, {make_sense: Answer(N)}, is_draft=True),
    ]
    for row in rows:
        store.save(row)
    return store


def test_january_figures_match_the_hand_worked_ones(hand_worked) -> None:  # type: ignore[no-untyped-def]
    result = figures(hand_worked, QUESTIONS, JANUARY, min_n=3)
    make_sense, strengths = result.questions[0], result.questions[2]

    assert result.reflections == 6
    assert make_sense.distribution == Distribution(yes=3, partly=1, no=1, not_applicable=1, unanswered=0)
    assert make_sense.rate == pytest.approx(3.5 / 5)
    # Strengths: Yes twice, No once, N/A once; a note without an answer and no row at all are unanswered.
    assert strengths.distribution == Distribution(yes=2, partly=0, no=1, not_applicable=1, unanswered=2)
    assert strengths.rate == pytest.approx(2 / 3)
    assert result.questions[1].distribution == Distribution(unanswered=6)
    assert result.questions[1].rate is None


def test_the_change_compares_with_the_period_of_the_same_length_before(hand_worked) -> None:  # type: ignore[no-untyped-def]
    result = figures(hand_worked, QUESTIONS, JANUARY, min_n=1)
    # December: Making sense answered No once, a rate of 0; January's is 0.7.
    assert result.questions[0].previous_rate == 0
    assert result.questions[0].change == pytest.approx(0.7)


def test_filters_by_kind_and_by_tag(hand_worked) -> None:  # type: ignore[no-untyped-def]
    phone = figures(hand_worked, QUESTIONS, Selection(start=START, end=START + timedelta(days=31), kind="phone"), min_n=1)
    assert phone.reflections == 2
    assert phone.questions[0].distribution == Distribution(yes=2)
    housing = figures(hand_worked, QUESTIONS, Selection(tag="housing"), min_n=1)
    assert housing.reflections == 2
    assert housing.questions[0].distribution == Distribution(yes=1, partly=1)


def test_rates_by_kind_and_by_chime_domain(hand_worked) -> None:  # type: ignore[no-untyped-def]
    result = figures(hand_worked, QUESTIONS, JANUARY, min_n=1)
    assert result.reflections_by_kind == {"phone": 2, "home-visit": 3, None: 1}
    home_visits = result.by_kind["home-visit"]
    assert home_visits[0].distribution == Distribution(yes=1, partly=1, no=1)
    # Making sense is the only question in Meaning with answers: the domain has its figures.
    meaning = [q for q in QUESTIONS.questions if "Meaning" in q.chime]
    expected = Distribution()
    for question in meaning:
        expected = expected + next(f.distribution for f in result.questions if f.question.key == question.key)
    assert result.chime["Meaning"] == expected


def test_strengths_and_practices_to_explore_never_overlap(hand_worked) -> None:  # type: ignore[no-untyped-def]
    result = figures(hand_worked, QUESTIONS, min_n=1)
    strengths = {f.question.key for f in result.strengths}
    explore = {f.question.key for f in result.to_explore}
    assert strengths and not strengths & explore


# Property: the SQL aggregates agree with a straightforward recomputation ---------------------

answer_strategy = st.one_of(
    st.none(),
    st.builds(Answer, st.sampled_from([*Response, None]), st.sampled_from(["", "a note"])),
)
reflection_strategy = st.builds(
    lambda day, answers, kind, tags, draft, version: reflection(
        day,
        {key: answer for key, answer in zip(KEYS, answers) if answer is not None},
        kind=kind,
        tags=tags,
        is_draft=draft,
        version=version,
    ),
    st.integers(min_value=-60, max_value=60),
    st.lists(answer_strategy, min_size=10, max_size=10),
    st.sampled_from([None, "phone", "home-visit", "group"]),
    st.lists(st.sampled_from(["housing", "work"]), max_size=2, unique=True),
    st.booleans(),
    st.sampled_from([1, 0]),  # reflections made under an older version of the question set
)


def zoned(item: Reflection, minutes: int, offset_hours: int) -> Reflection:
    """`item` moved by `minutes` and written on a clock `offset_hours` from UTC: its local day may differ from UTC's."""
    item.occurred_at = (item.occurred_at + timedelta(minutes=minutes)).astimezone(timezone(timedelta(hours=offset_hours)))
    return item


zoned_strategy = st.builds(zoned, reflection_strategy, st.integers(min_value=-900, max_value=900), st.integers(min_value=-11, max_value=13))


def chosen_by(reflections: list[Reflection], selection: Selection) -> list[Reflection]:
    """The completed reflections `selection` holds, worked out plainly: a day bound by each one's own local day."""
    def inside(r: Reflection) -> bool:
        day = r.occurred_at.date()  # the date on the practitioner's clock
        return (
            (selection.start_day is None or day >= selection.start_day)
            and (selection.start_day is not None or selection.start is None or r.occurred_at >= selection.start)
            and (selection.end_day is None or day < selection.end_day)
            and (selection.end_day is not None or selection.end is None or r.occurred_at < selection.end)
        )

    return [
        r for r in reflections
        if not r.is_draft and inside(r) and (selection.kind is None or r.kind == selection.kind)
        and (selection.tag is None or selection.tag in r.tags)
    ]  # fmt: skip


def recompute(reflections: list[Reflection], selection: Selection) -> dict[str, Distribution]:
    chosen = chosen_by(reflections, selection)
    result = {}
    for key in KEYS:
        responses = [r.answers[key].response if key in r.answers else None for r in chosen]
        result[key] = Distribution(
            yes=responses.count(Y),
            partly=responses.count(P),
            no=responses.count(N),
            not_applicable=responses.count(X),
            unanswered=responses.count(None),
        )
    return result


def window_selection(window: tuple[str, int | None, int | None], kind: str | None, tag: str | None, minutes: tuple[int, int]) -> Selection:
    """A period of instants (as the presets give: from a midnight to now) or of whole local days."""
    how, first, last = window
    start = START + timedelta(days=first, minutes=minutes[0]) if first is not None else None
    end = START + timedelta(days=last, minutes=minutes[1]) if last is not None else None
    if how == "days":
        return Selection(start=start, end=end, kind=kind, tag=tag, start_day=start.date() if start else None, end_day=end.date() if end else None)
    return Selection(start=start, end=end, kind=kind, tag=tag)


WINDOWS = [("instants", None, None), ("instants", 0, 30), ("instants", -30, 0), ("instants", 10, 11), ("instants", 2, 3),
           ("instants", -50, None), ("instants", None, 20), ("days", 0, 30), ("days", -40, 3), ("days", 5, 6), ("days", None, 1),
           ("days", -3, None)]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    reflections=st.lists(zoned_strategy, max_size=25),
    edits=st.lists(st.tuples(st.integers(min_value=0, max_value=24), answer_strategy, st.integers(-3000, 3000)), max_size=5),
    finished=st.lists(st.integers(min_value=0, max_value=24), max_size=2),
    deletions=st.lists(st.integers(min_value=0, max_value=24), max_size=3),
    imported=st.lists(zoned_strategy, max_size=4),
    window=st.sampled_from(WINDOWS),
    kind=st.sampled_from([None, "phone", "group"]),
    tag=st.sampled_from([None, None, "housing"]),
    minutes=st.tuples(st.integers(0, 24 * 60 - 1), st.integers(0, 24 * 60 - 1)),
)
def test_aggregates_agree_with_a_plain_recomputation(tmp_path_factory, reflections, edits, finished, deletions, imported, window, kind, tag,  # type: ignore[no-untyped-def]
                                                     minutes) -> None:  # fmt: skip
    store = open_store(tmp_path_factory.mktemp("property") / "p.db")
    selection = window_selection(window, kind, tag, minutes)
    try:
        for item in reflections:
            store.save(item)
        for index, answer, minutes in edits:  # edit an answer of a saved reflection, and when it happened
            if reflections:
                target = reflections[index % len(reflections)]
                if answer is None:
                    target.answers.pop(KEYS[0], None)
                else:
                    target.answers[KEYS[0]] = answer
                target.occurred_at += timedelta(minutes=minutes)
                store.save(target)
        for index in finished:  # a draft saved again as complete
            if reflections:
                reflections[index % len(reflections)].is_draft = False
                store.save(reflections[index % len(reflections)])
        for index in deletions:
            if reflections:
                gone = reflections.pop(index % len(reflections))
                store.delete(gone.uuid)
        if reflections:  # an import: new reflections, and a newer edit of one held
            newer = copy.deepcopy(reflections[0])
            newer.answers = {KEYS[1]: Answer(Y)}
            newer.updated_at += timedelta(days=1)
            reflections[0] = newer
            imported = [*imported, newer]
        store.import_reflections(imported)
        reflections += [item for item in imported if item not in reflections]
        result = figures(store, QUESTIONS, selection, min_n=MIN_N)
        by_day = store.reflections_by_day(selection)
        by_week = store.responses_by_period(selection, "week")
        path = store.figures_path(selection)
    finally:
        store.close()

    # Only a tag, or a period of instants a day or two long, is left to the row scan.
    assert ("rollup" in path) == (tag is None and window not in (("instants", 10, 11), ("instants", 2, 3)))
    expected = recompute(reflections, selection)
    for question in result.questions:
        stored = expected[question.question.key]
        # An answer with only a note (response None) is "unanswered", as is no answer at all.
        assert question.distribution == stored
        assert question.rate == stored.rate(MIN_N)
    chosen = chosen_by(reflections, selection)
    days: dict[str, int] = {}
    for r in chosen:
        days[r.occurred_at.date().isoformat()] = days.get(r.occurred_at.date().isoformat(), 0) + 1
    assert by_day == days
    weeks: dict[str, list[int]] = {}
    for r in chosen:
        day = r.occurred_at.date()
        week = weeks.setdefault((day - timedelta(days=day.weekday())).isoformat(), [0, 0])
        week[0] += 1
        week[1] += 1 if KEYS[1] in r.answers and r.answers[KEYS[1]].response == Y else 0
    assert {week: [count, answers[KEYS[1]][0]] for week, (count, answers) in by_week.items()} == weeks


near_bounds_strategy = st.builds(
    lambda day, minutes, hours, answers, kind: zoned(
        reflection(day, {key: answer for key, answer in zip(KEYS, answers) if answer is not None}, kind=kind), minutes - 600, hours
    ),
    st.sampled_from([-2, -1, 0, 1, 2, 18, 19, 20, 21, 22]),  # a day or two either side of each bound
    st.integers(min_value=0, max_value=24 * 60 - 1),
    st.integers(min_value=-11, max_value=13),
    st.lists(answer_strategy, min_size=10, max_size=10),
    st.sampled_from([None, "phone"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    reflections=st.lists(near_bounds_strategy, min_size=5, max_size=30),
    minutes=st.tuples(st.integers(0, 24 * 60 - 1), st.integers(0, 24 * 60 - 1)),
    how=st.sampled_from(["instants", "days"]),
)
def test_reflections_either_side_of_a_bound_are_counted_by_their_instant_or_their_own_day(tmp_path_factory, reflections, minutes,  # type: ignore[no-untyped-def]
                                                                                            how) -> None:  # fmt: skip
    selection = window_selection((how, 0, 20), None, None, minutes)
    store = open_store(tmp_path_factory.mktemp("bounds") / "b.db")
    try:
        store.save_many(reflections)
        result = figures(store, QUESTIONS, selection, min_n=MIN_N)
        by_kind = store.count_reflections(selection)
        path = store.figures_path(selection)
    finally:
        store.close()
    chosen = chosen_by(reflections, selection)
    assert "rollup" in path
    assert result.reflections == len(chosen) == sum(by_kind.values())
    expected = recompute(reflections, selection)
    assert [question.distribution for question in result.questions] == [expected[key] for key in KEYS]


def test_the_help_text_states_the_minimum_n_the_figures_use() -> None:
    from reflect.cli import parser

    assert parser.MIN_N == MIN_N


def test_a_practice_at_its_best_is_never_a_practice_to_explore(store) -> None:  # type: ignore[no-untyped-def]
    for day in range(5):
        store.save(reflection(day, {key: Answer(Y) for key in KEYS[:5]}))
    result = figures(store, QUESTIONS)
    assert len(result.strengths) == 3
    assert result.to_explore == []


def test_a_chime_domain_has_a_rate_only_when_each_of_its_questions_has_enough_answers(store) -> None:  # type: ignore[no-untyped-def]
    for day in range(2):
        store.save(reflection(day, {key: Answer(Y) for key in KEYS}))
    result = figures(store, QUESTIONS)
    assert result.chime["Connectedness"].n >= MIN_N  # pooled answers would pass the minimum...
    assert result.chime_rate("Connectedness") is None  # ...but no question on its own has enough


def test_an_empty_selection_is_not_mistaken_for_a_first_run(store) -> None:  # type: ignore[no-untyped-def]
    store.save(reflection(0, {KEYS[0]: Answer(Y)}))
    assert figures(store, QUESTIONS, Selection(kind="crisis")).database_empty is False
    assert figures(store, QUESTIONS, Selection(kind="crisis")).reflections == 0
