"""The words every front end shows for a figure: the answers below the minimum n, one meaning of n,
and a caution on a change made of few answers."""

from __future__ import annotations

import pytest

from reflect.exchange.stats import change_words, counts_words, points_words, rate_legend, rated
from reflect.patterns import STEADY_N, Distribution, QuestionFigures
from reflect.questions import default_question_set

QUESTIONS = default_question_set()


@pytest.mark.parametrize(
    ("distribution", "words"),
    [
        (Distribution(yes=3), "Yes 3 of 3"),
        (Distribution(yes=2, partly=1), "2 Yes, 1 Partly of 3"),
        (Distribution(yes=1, partly=1, no=2, not_applicable=4, unanswered=1), "1 Yes, 1 Partly, 2 No of 4"),
        (Distribution(no=1, not_applicable=3), "No 1 of 1"),
        (Distribution(not_applicable=2, unanswered=1), "no answers"),
    ],
)
def test_below_the_minimum_the_answers_themselves_are_shown(distribution: Distribution, words: str) -> None:
    assert rated(distribution, 5) == words
    assert counts_words(distribution) == words


def test_from_the_minimum_a_rate_with_its_n() -> None:
    assert rated(Distribution(yes=4, partly=1, no=1, not_applicable=3), 5) == "75% (n=6)"


def test_the_legend_says_exactly_when_a_rate_is_shown() -> None:
    assert "A rate is shown once n is 5 or more" in rate_legend(5)


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        (12, 18, "+36 points, from 12 to 18 answers"),
        (STEADY_N, STEADY_N - 1, f"+36 points, from {STEADY_N} to {STEADY_N - 1} answers"),
        (STEADY_N, 40, "+36 points"),
    ],
)
def test_a_change_from_few_answers_carries_them(before: int, after: int, words: str) -> None:
    assert points_words(0.36, before, after) == words


def test_a_change_without_a_period_before_says_nothing() -> None:
    question = QuestionFigures(QUESTIONS.questions[0], Distribution(yes=30), 1.0)
    assert change_words(question) == ""


def test_a_count_of_reflections_is_written_with_thousands_separated() -> None:
    from reflect.service import reflections_phrase

    assert [reflections_phrase(n) for n in (1, 12, 19_932)] == ["1 reflection", "12 reflections", "19,932 reflections"]
