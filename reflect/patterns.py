"""What months of reflections show: distributions, practice rates with their n, strengths,
practices to explore, CHIME domains and interaction kinds. Pure computation over the
store's aggregates (the SQL is in reflect.store); no UI.

A practice rate is (Yes + half of Partly) / (Yes + Partly + No): "Not applicable" and
unanswered questions leave the denominator. Below a minimum n there is no rate at all,
only "not enough reflections yet".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reflect.model import KIND_LABELS, Response, Selection
from reflect.questions import CHIME_DOMAINS, Question, QuestionSet

PERIODS = {
    "4w": ("last 4 weeks", {"weeks": 4}),
    "3m": ("last 3 months", {"months": 3}),
    "12m": ("last 12 months", {"months": 12}),
    "all": ("all time", None),
}
"""The preset periods: a key, words for them, and how far back each reaches (relativedelta)."""

MIN_N = 5
"""Fewer answers than this (Yes, Partly or No) give no rate."""
HIGHLIGHTS = 3
"""How many strengths, and how many practices to explore, to name."""


@dataclass(frozen=True)
class Distribution:
    yes: int = 0
    partly: int = 0
    no: int = 0
    not_applicable: int = 0
    unanswered: int = 0

    @property
    def n(self) -> int:
        """The answers a rate is made of: Yes, Partly and No."""
        return self.yes + self.partly + self.no

    def rate(self, min_n: int = MIN_N) -> float | None:
        """The practice rate from 0 to 1, or None when n is below `min_n` (or zero)."""
        if self.n == 0 or self.n < min_n:
            return None
        return (self.yes + self.partly / 2) / self.n

    def __add__(self, other: Distribution) -> Distribution:
        return Distribution(
            self.yes + other.yes,
            self.partly + other.partly,
            self.no + other.no,
            self.not_applicable + other.not_applicable,
            self.unanswered + other.unanswered,
        )


@dataclass(frozen=True)
class QuestionFigures:
    question: Question
    distribution: Distribution
    rate: float | None
    previous_rate: float | None = None
    """The rate in the period of the same length just before, when there is one."""
    previous_n: int | None = None
    """The n of that earlier rate (None when there is no period before)."""

    @property
    def change(self) -> float | None:
        if self.rate is None or self.previous_rate is None:
            return None
        return self.rate - self.previous_rate


@dataclass(frozen=True)
class Figures:
    """The patterns in one selection of reflections."""

    selection: Selection
    min_n: int
    reflections: int
    questions: list[QuestionFigures]
    chime: dict[str, Distribution]
    by_kind: dict[str | None, list[QuestionFigures]] = field(default_factory=dict)
    reflections_by_kind: dict[str | None, int] = field(default_factory=dict)
    chime_ready: dict[str, bool] = field(default_factory=dict)
    """Whether every question in a CHIME domain has enough answers for the domain to have a rate."""
    database_empty: bool = False
    """No reflections at all (not merely none in this selection): the first-run case."""

    @property
    def rated(self) -> list[QuestionFigures]:
        return [figures for figures in self.questions if figures.rate is not None]

    @property
    def strengths(self) -> list[QuestionFigures]:
        """The highest rates (ties: more answers first, then question order)."""
        ranked = sorted(self.rated, key=lambda f: (-(f.rate or 0), -f.distribution.n))
        return ranked[:HIGHLIGHTS]

    @property
    def to_explore(self) -> list[QuestionFigures]:
        """The lowest rates, and only those below every strength's (so never a practice at its best)."""
        strengths = self.strengths
        if not strengths:
            return []
        lowest_strength = min(f.rate or 0 for f in strengths)
        ranked = sorted(self.rated, key=lambda f: ((f.rate or 0), -f.distribution.n))
        return [f for f in ranked if (f.rate or 0) < lowest_strength][:HIGHLIGHTS]

    def chime_rate(self, domain: str) -> float | None:
        """A domain's rate, pooled over its questions; None unless each of them has enough answers."""
        return self.chime[domain].rate(self.min_n) if self.chime_ready.get(domain) else None


def period_bounds(period: str, now: datetime) -> tuple[datetime | None, datetime | None]:
    """[start, end) of a preset period ending now: from the start of the day that far back."""
    from dateutil.relativedelta import relativedelta

    from reflect.when import start_of_local_day

    _, reach = PERIODS[period]
    if reach is None:
        return None, None
    return start_of_local_day(now - relativedelta(**reach)), now


def distributions(
    counts: dict[tuple[str | None, str, str | None], int],
    reflections_by_kind: dict[str | None, int],
    question_set: QuestionSet,
    *,
    kind: str | None = None,
    all_kinds: bool = True,
) -> dict[str, Distribution]:
    """Per question key, the distribution of responses among the reflections counted."""
    kinds = reflections_by_kind if all_kinds else {kind: reflections_by_kind.get(kind, 0)}
    reflections = sum(kinds.values())
    result = {}
    for question in question_set.questions:
        by_response = {response: 0 for response in Response}
        answered_rows = 0
        for (row_kind, key, response), count in counts.items():
            if key != question.key or row_kind not in kinds:
                continue
            answered_rows += count if response is not None else 0
            if response is not None:
                by_response[Response(response)] += count
        result[question.key] = Distribution(
            yes=by_response[Response.YES],
            partly=by_response[Response.PARTLY],
            no=by_response[Response.NO],
            not_applicable=by_response[Response.NOT_APPLICABLE],
            unanswered=reflections - answered_rows,
        )
    return result


def figures(store, question_set: QuestionSet, selection: Selection = Selection(), *, min_n: int = MIN_N) -> Figures:  # type: ignore[no-untyped-def]
    """The patterns of the reflections in `selection`, with the change against the period before it."""
    before = selection.previous()
    reflections_by_kind = store.count_reflections(selection)
    return build_figures(
        question_set,
        selection,
        store.response_counts(selection),
        reflections_by_kind,
        (store.response_counts(before), store.count_reflections(before)) if before is not None else None,
        min_n=min_n,
        database_empty=not reflections_by_kind and not store.count_reflections(Selection()),
    )


def empty_figures(question_set: QuestionSet, selection: Selection = Selection()) -> Figures:
    """The patterns of no reflections at all (a database not yet created)."""
    return build_figures(question_set, selection, {}, {}, None, database_empty=True)


def build_figures(
    question_set: QuestionSet,
    selection: Selection,
    counts: dict[tuple[str | None, str, str | None], int],
    reflections_by_kind: dict[str | None, int],
    previous: tuple[dict[tuple[str | None, str, str | None], int], dict[str | None, int]] | None,
    *,
    min_n: int = MIN_N,
    database_empty: bool = False,
) -> Figures:
    """Figures from the store's aggregates (see Store.response_counts and count_reflections)."""
    overall = distributions(counts, reflections_by_kind, question_set)
    earlier = distributions(previous[0], previous[1], question_set) if previous is not None else {}

    def per_question(dists: dict[str, Distribution], before: dict[str, Distribution]) -> list[QuestionFigures]:
        return [
            QuestionFigures(
                question=q,
                distribution=dists[q.key],
                rate=dists[q.key].rate(min_n),
                previous_rate=before[q.key].rate(min_n) if q.key in before else None,
                previous_n=before[q.key].n if q.key in before else None,
            )
            for q in question_set.questions
        ]

    chime = {domain: Distribution() for domain in CHIME_DOMAINS}
    chime_ready = {domain: True for domain in CHIME_DOMAINS}
    for question in question_set.questions:
        for domain in question.chime:
            chime[domain] = chime[domain] + overall[question.key]
            chime_ready[domain] = chime_ready[domain] and overall[question.key].rate(min_n) is not None

    by_kind = {
        each: per_question(distributions(counts, reflections_by_kind, question_set, kind=each, all_kinds=False), {})
        for each in sorted(reflections_by_kind, key=lambda k: (k is None, KIND_LABELS.get(k or "", k or "")))
    }
    return Figures(
        selection=selection,
        min_n=min_n,
        reflections=sum(reflections_by_kind.values()),
        questions=per_question(overall, earlier),
        chime=chime,
        by_kind=by_kind,
        reflections_by_kind=reflections_by_kind,
        chime_ready=chime_ready,
        database_empty=database_empty,
    )
