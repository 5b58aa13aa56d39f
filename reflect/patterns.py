"""What months of reflections show: distributions, practice rates with their n, strengths,
practices to explore, CHIME domains and interaction kinds. Pure computation over the
store's aggregates (the SQL is in reflect.store); no UI.

A practice rate is (Yes + half of Partly) / n, where n is always the number of Yes, Partly and
No answers the figure is made of: "Not applicable" and unanswered questions leave it. Below a
minimum n there is no rate, and the answers themselves are shown instead. A pooled figure (a
CHIME domain, all practices of a kind) has a rate only once each practice in it has the minimum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from reflect.model import KIND_LABELS, Reflection, Response, Selection
from reflect.questions import CHIME_DOMAINS, Question, QuestionSet
from reflect.thresholds import MIN_N

PERIODS = {
    "4w": ("last 4 weeks", {"weeks": 4}),
    "3m": ("last 3 months", {"months": 3}),
    "12m": ("last 12 months", {"months": 12}),
    "all": ("all time", None),
}
"""The preset periods: a key, words for them, and how far back each reaches (relativedelta)."""

RESPONSE_POSITION_ORDER = (Response.YES, Response.PARTLY, Response.NO, Response.NOT_APPLICABLE)
"""The order of a Distribution's answered fields."""
RESPONSE_POSITION = {response.value: position for position, response in enumerate(RESPONSE_POSITION_ORDER)}
HIGHLIGHTS = 3
"""How many strengths, and how many practices to explore, to name."""
STEADY_N = 20
"""A change between two rates, either made of fewer answers than this, carries a caution."""


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
    previous_distribution: Distribution | None = None
    """The answers in the period before (None when there is no period before)."""

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

    def chime_questions(self, domain: str) -> list[QuestionFigures]:
        """The practices a CHIME domain is pooled over."""
        return [figures for figures in self.questions if domain in figures.question.chime]

    def kind_pooled(self, kind: str | None) -> tuple[Distribution, bool]:
        """All practices of one kind pooled, and whether each of them has enough answers for a rate."""
        questions = self.by_kind.get(kind, [])
        pooled = sum((q.distribution for q in questions), start=Distribution())
        return pooled, bool(questions) and all(q.distribution.rate(self.min_n) is not None for q in questions)

    def kind_rate(self, kind: str | None) -> float | None:
        """All practices of one kind pooled; None unless each of them has enough answers."""
        pooled, ready = self.kind_pooled(kind)
        return pooled.rate(self.min_n) if ready else None

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
    # One pass over the counts (a figure reads them once per kind, so this is on the hot path).
    tallies = {question.key: [0, 0, 0, 0] for question in question_set.questions}
    for (row_kind, key, response), count in counts.items():
        if response is None or row_kind not in kinds or key not in tallies:
            continue
        tallies[key][RESPONSE_POSITION[response]] += count
    return {
        key: Distribution(yes, partly, no, not_applicable, reflections - (yes + partly + no + not_applicable))
        for key, (yes, partly, no, not_applicable) in tallies.items()
    }


def figures(store, question_set: QuestionSet, selection: Selection = Selection(), *, min_n: int = MIN_N) -> Figures:
    """The patterns of the reflections in `selection`, with the change against the period before it."""
    before = selection.previous()
    counts, reflections_by_kind = store.counts_by_kind(selection)
    return build_figures(
        question_set,
        selection,
        counts,
        reflections_by_kind,
        store.counts_by_kind(before) if before is not None else None,
        min_n=min_n,
        database_empty=not reflections_by_kind and store.first_day() is None,
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
                previous_distribution=before.get(q.key),
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


# Trend: practice rates period by period ------------------------------------------------------

TREND_GRAINS = ("week", "month", "quarter", "year")
"""The lengths of period a trend can be shown in, finest first."""
MOST_TREND_PERIODS = 16
"""The automatic grain is the finest that shows the whole selection in at most this many periods."""


def grain_start(day: date, grain: str) -> date:
    """The first day of the week (Monday), month, quarter or year that `day` falls in."""
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    if grain == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if grain == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown grain {grain!r}")


def grain_starts(first: date, last: date, grain: str) -> list[date]:
    """The first days of every period of `grain` from the one holding `first` to the one holding `last`."""
    from dateutil.relativedelta import relativedelta

    step = {"day": relativedelta(days=1), "week": relativedelta(weeks=1), "month": relativedelta(months=1),
            "quarter": relativedelta(months=3), "year": relativedelta(years=1)}[grain]  # fmt: skip
    starts, current = [], grain_start(first, grain)
    while current <= last:
        starts.append(current)
        current = current + step
    return starts


def auto_grain(first: date, last: date, reflections: int | None = None, *, min_n: int = MIN_N) -> str:
    """The finest grain that shows `first` to `last` in at most MOST_TREND_PERIODS periods and,
    when the number of `reflections` is given, with enough of them in an average period for
    a rate (a trend of empty weeks says nothing)."""
    fitting = [grain for grain in TREND_GRAINS if len(grain_starts(first, last, grain)) <= MOST_TREND_PERIODS]
    for grain in fitting:
        if reflections is None or reflections / len(grain_starts(first, last, grain)) >= min_n:
            return grain
    return fitting[-1] if fitting else TREND_GRAINS[-1]


@dataclass(frozen=True)
class Trend:
    """Each question's answers period by period across a selection."""

    selection: Selection
    grain: str
    min_n: int
    periods: list[date]
    """The first local day of each period, oldest first, including periods with no reflections."""
    reflections: list[int]
    """How many reflections each period holds."""
    questions: list[tuple[Question, list[Distribution]]]

    def rates(self, key: str) -> list[float | None]:
        return next([d.rate(self.min_n) for d in dists] for question, dists in self.questions if question.key == key)


def selection_days(store, selection: Selection, now: datetime) -> tuple[date, date] | None:
    """The first and last local days a selection covers (all time: from the first reflection); None if empty."""
    if selection.start is not None:
        first = selection.start.date()
    else:
        found = store.first_day(selection)
        if found is None:
            return None
        first = date.fromisoformat(found)
    end = selection.end if selection.end is not None else now
    last = (end - timedelta(microseconds=1)).date() if selection.end is not None else end.date()
    return (first, last) if first <= last else None


def trend(store, question_set: QuestionSet, selection: Selection, now: datetime, *, grain: str | None = None,
          min_n: int = MIN_N) -> Trend:  # fmt: skip
    """Practice rates per week, month, quarter or year across `selection` (the grain chosen to fit if not given)."""
    days = selection_days(store, selection, now)
    if days is None:
        return Trend(selection, grain or "month", min_n, [], [], [(q, []) for q in question_set.questions])
    chosen = grain or auto_grain(*days, sum(store.count_reflections(selection).values()), min_n=min_n)
    periods = grain_starts(*days, chosen)
    found = store.responses_by_period(selection, chosen)
    names = [period.isoformat() for period in periods]
    totals = [found[name][0] if name in found else 0 for name in names]
    nothing = (0, 0, 0, 0)
    by_question: list[tuple[Question, list[Distribution]]] = []
    for question in question_set.questions:
        key = question.key
        cells = []
        for name, total in zip(names, totals):
            given: tuple[int, int, int, int] = found[name][1].get(key, nothing) if total else nothing
            cells.append(Distribution(*given, total - sum(given)))
        by_question.append((question, cells))
    return Trend(selection, chosen, min_n, periods, totals, by_question)


# Activity and commitments ------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """How many reflections were made on each day of a selection."""

    first: date
    last: date
    days: dict[date, int]

    @property
    def active_days(self) -> int:
        return sum(1 for count in self.days.values() if count)


def activity(store, selection: Selection, now: datetime) -> Activity | None:
    days = selection_days(store, selection, now)
    if days is None:
        return None
    found = store.reflections_by_day(selection)
    return Activity(days[0], days[1], {date.fromisoformat(day): count for day, count in found.items()})


FOLLOW_UP = timedelta(weeks=4)
"""How long before and after a commitment its practice's rate is compared over."""
MOST_COMMITMENTS = 20


@dataclass(frozen=True)
class FollowUp:
    """How one practice a commitment was about went in the weeks before it and after it."""

    question: Question
    before: Distribution
    after: Distribution
    min_n: int

    @property
    def change(self) -> float | None:
        before, after = self.before.rate(self.min_n), self.after.rate(self.min_n)
        return None if before is None or after is None else after - before


@dataclass(frozen=True)
class Commitment:
    reflection: Reflection
    follow_ups: list[FollowUp]


def commitments(store, question_set: QuestionSet, selection: Selection, *, min_n: int = MIN_N,
                limit: int = MOST_COMMITMENTS) -> list[Commitment]:  # fmt: skip
    """The latest commitments in `selection`, and for each practice one is about, its answers in
    the FOLLOW_UP before the commitment and after it (same kind and tag filters).

    The practitioner's own commitments and the actions agreed in supervision (from feedback they
    imported), latest first, together."""
    made = store.commitments(selection, limit=limit) + store.supervision_commitments(selection)
    made.sort(key=lambda reflection: reflection.occurred_at, reverse=True)
    chosen = made[:limit]
    windows: list[Selection] = []
    linked = {id(reflection): [q for q in question_set.questions if q.key in reflection.commitment_questions] for reflection in chosen}
    for reflection in chosen:
        if linked[id(reflection)]:
            moment = reflection.occurred_at
            windows.append(Selection(start=moment - FOLLOW_UP, end=moment, kind=selection.kind, tag=selection.tag))
            windows.append(Selection(start=moment + timedelta(microseconds=1), end=moment + FOLLOW_UP, kind=selection.kind, tag=selection.tag))
    # Every window read together: one reading each was most of `reflect stats`.
    pooled = iter([_distributions(found, question_set) for found in store.window_answers(windows)] if windows else [])
    result = []
    for reflection in chosen:
        follow_ups = []
        if linked[id(reflection)]:
            earlier, later = next(pooled), next(pooled)
            follow_ups = [FollowUp(q, earlier[q.key], later[q.key], min_n) for q in linked[id(reflection)]]
        result.append(Commitment(reflection, follow_ups))
    return result


def _distributions(found: tuple[int, dict[str, tuple[int, int, int, int]]], question_set: QuestionSet) -> dict[str, Distribution]:
    """Each question's distribution from a window's count and its Yes, Partly, No and Not applicable per key."""
    reflections, by_key = found
    nothing = (0, 0, 0, 0)
    return {q.key: Distribution(*by_key.get(q.key, nothing), reflections - sum(by_key.get(q.key, nothing))) for q in question_set.questions}
