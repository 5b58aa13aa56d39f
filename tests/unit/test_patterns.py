"""Patterns: checked against figures worked out by hand, and against a plain recomputation on random data."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

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


def recompute(reflections: list[Reflection], start: datetime | None, end: datetime | None, kind: str | None,
              tag: str | None) -> dict[str, Distribution]:  # fmt: skip
    chosen = [
        r
        for r in reflections
        if not r.is_draft
        and (start is None or r.occurred_at >= start)
        and (end is None or r.occurred_at < end)
        and (kind is None or r.kind == kind)
        and (tag is None or tag in r.tags)
    ]
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    reflections=st.lists(reflection_strategy, max_size=25),
    edits=st.lists(st.tuples(st.integers(min_value=0, max_value=24), answer_strategy), max_size=5),
    deletions=st.lists(st.integers(min_value=0, max_value=24), max_size=3),
    window=st.sampled_from([(None, None), (0, 30), (-30, 0), (10, 11)]),
    kind=st.sampled_from([None, "phone", "group"]),
    tag=st.sampled_from([None, "housing"]),
)
def test_aggregates_agree_with_a_plain_recomputation(tmp_path_factory, reflections, edits, deletions, window, kind, tag) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path_factory.mktemp("property") / "p.db")
    try:
        for item in reflections:
            store.save(item)
        for index, answer in edits:  # edit an answer of a saved reflection
            if reflections:
                target = reflections[index % len(reflections)]
                if answer is None:
                    target.answers.pop(KEYS[0], None)
                else:
                    target.answers[KEYS[0]] = answer
                store.save(target)
        for index in deletions:
            if reflections:
                gone = reflections.pop(index % len(reflections))
                store.delete(gone.uuid)
        start = START + timedelta(days=window[0]) if window[0] is not None else None
        end = START + timedelta(days=window[1]) if window[1] is not None else None
        result = figures(store, QUESTIONS, Selection(start=start, end=end, kind=kind, tag=tag), min_n=MIN_N)
    finally:
        store.close()

    expected = recompute(reflections, start, end, kind, tag)
    for question in result.questions:
        stored = expected[question.question.key]
        # An answer with only a note (response None) is "unanswered", as is no answer at all.
        assert question.distribution == stored
        assert question.rate == stored.rate(MIN_N)


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
