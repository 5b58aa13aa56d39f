"""The team view: practitioners side by side, the team's pattern, and what each flagged.

Computed from a team database (see reflect.exchange.bundle) with the same patterns as a
practitioner's own. Team-wide figures appear only once at least TEAM_MINIMUM practitioners
have contributed reflections, so that none of them can be singled out from the team's.
"""

from __future__ import annotations

import os
import textwrap
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from reflect.exchange.report import period_words, short_date
from reflect.exchange.stats import NOT_ENOUGH, chime_rated, named, percent
from reflect.model import KIND_LABELS, UNANSWERED_SYMBOL, Practitioner, Reflection, Selection
from reflect.patterns import Distribution, Figures, QuestionFigures, build_figures, figures
from reflect.questions import QuestionSet
from reflect.service import FLAG_SYMBOL, reflections_phrase
from reflect.thresholds import MIN_N, TEAM_MINIMUM

if TYPE_CHECKING:
    from reflect.store import HeldBundle

MONTHS_SHOWN = 5
"""The most recent months the month-on-month tables show (more would not fit 80 columns)."""


@dataclass(frozen=True)
class FlaggedItem:
    """Something a practitioner flagged, with their words if the bundle carried them."""

    reflection: Reflection
    question_label: str | None
    """The practice a flagged note is on; None for a flagged reflection."""
    words: str
    question_key: str | None = None
    """The key of the question a flagged note is on; None for a flagged reflection."""


class TeamFigures:
    """Each practitioner's full figures (by kind, CHIME and all), worked out for the whole team at once
    when first asked for: the team view itself shows only each practice's rate with its n."""

    def __init__(self, store: Any, question_set: QuestionSet) -> None:
        self._store = store
        self._question_set = question_set
        # Store.counts_by_practitioner: per practitioner id, counts_by_kind's pair.
        self._counts: dict[str | None, Any] | None = None
        self._database_empty: bool | None = None
        self._lock = threading.Lock()

    def of(self, practitioner_id: str) -> Figures:
        """What figures(store, question_set, Selection(practitioner=practitioner_id)) gives, from one pass for everyone."""
        with self._lock:
            if self._counts is None:
                self._counts = self._store.counts_by_practitioner()
            own_counts, own_kinds = self._counts.get(practitioner_id, ({}, {}))
            if not own_kinds and self._database_empty is None:
                self._database_empty = self._store.first_day() is None
        # The selection is unbounded, so there is no period before it to compare with.
        return build_figures(
            self._question_set, Selection(practitioner=practitioner_id), own_counts, own_kinds, None,
            database_empty=bool(not own_kinds and self._database_empty),
        )  # fmt: skip


@dataclass(frozen=True)
class MonthFigures:
    """One month's practice rates, each with its n: a practitioner's, or the team's pooled."""

    month: str
    """ "2026-11"."""
    reflections: int
    cells: list[str]
    """Each practice's rate with its n, in the question set's order, as rate_cell words it ("83% n=12")."""
    contributors: int = 1

    @property
    def heading(self) -> str:
        """ "Nov 2026"."""
        return month_heading(self.month)


MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class PractitionerView:
    practitioner: Practitioner
    questions: list[QuestionFigures]
    """Each practice's rate with its n over all they shared: as figures().questions has them."""
    flagged: list[FlaggedItem]
    team_figures: TeamFigures = field(repr=False, compare=False)
    short_id: str | None = None
    """The start of their id, when another practitioner goes by the same name (None otherwise)."""
    bundles: list[HeldBundle] = field(default_factory=list)
    """The bundles of theirs held, one per period, oldest period first."""
    months: list[MonthFigures] = field(default_factory=list)
    """The latest MONTHS_SHOWN months they reflected in, oldest first, each with the practice rates of
    that month's reflections; none for someone who reflected in one month only (nothing to compare)."""

    @property
    def label(self) -> str:
        """Their name, with the short id beside it when the name alone would not tell them apart."""
        name = self.practitioner.display_name
        return f"{name} ({self.short_id})" if self.short_id else name

    @cached_property
    def figures(self) -> Figures:
        """All their figures (by kind, CHIME), worked out when first asked for."""
        return self.team_figures.of(self.practitioner.id)

    @property
    def period(self) -> str:
        p = self.practitioner
        return held_period(p.period_start, p.period_end)


@dataclass(frozen=True)
class TeamView:
    question_set: QuestionSet
    practitioners: list[PractitionerView]
    team: Figures | None
    """The whole team's figures, or None while fewer than TEAM_MINIMUM have contributed."""
    team_months: list[MonthFigures | None] = field(default_factory=list)
    """The latest MONTHS_SHOWN months anyone reflected in, oldest first: the team's pooled rates, or
    None for a month in which fewer than TEAM_MINIMUM practitioners reflected."""
    months: list[str] = field(default_factory=list)
    """Those months, as "2026-11"."""

    @property
    def covered(self) -> str:
        """The periods the team's figures pool: from the earliest bundle's start to the latest one's end."""
        held = [bundle for view in self.practitioners for bundle in view.bundles]
        if not held:
            return ""
        starts = [bundle.period_start for bundle in held]
        start = None if any(each is None for each in starts) else min(each for each in starts if each is not None)
        return held_period(start, max(bundle.period_end for bundle in held))

    @property
    def periods_differ(self) -> bool:
        """Whether the practitioners' bundles cover different periods (pooled all the same)."""
        return len({tuple(bundle.period for bundle in view.bundles) for view in self.practitioners if view.bundles}) > 1

    @property
    def contributors(self) -> int:
        return sum(1 for view in self.practitioners if view.practitioner.reflections > 0)

    @property
    def reflections(self) -> int:
        return sum(view.practitioner.reflections for view in self.practitioners)


def flagged_items(reflections: list[Reflection], question_set: QuestionSet) -> list[FlaggedItem]:
    """What a practitioner flagged in these reflections (oldest first): each flagged reflection, then its flagged notes."""
    flagged = []
    labels = {question.key: question.label for question in question_set.questions}
    for reflection in reflections:
        if reflection.flagged:
            texts = [reflection.what_happened, reflection.so_what, reflection.now_what, reflection.commitment]
            titled = [f"{title} {text.strip()}" for title, text in zip(
                ("What happened?", "So what?", "Now what?", "Commitment:"), texts) if text.strip()]  # fmt: skip
            flagged.append(FlaggedItem(reflection, None, "\n".join(titled)))
        # Not flagged_note_keys: in a team database a note can be flagged without its words (not shared).
        for key in [key for key in labels if (answer := reflection.answers.get(key)) and answer.flagged]:
            flagged.append(FlaggedItem(reflection, labels[key], reflection.answers[key].note.strip(), key))
    return flagged


def local(moment: datetime) -> datetime:
    """A moment from the team database (kept in UTC, read back without its zone on SQLite) in local time."""
    return (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment).astimezone()


def held_period(start: datetime | None, end: datetime) -> str:
    """A bundle's period in words, its ends in local time as the practitioner chose them ("1 Sep 2026 to 30 Sep 2026")."""
    return period_words(Selection(start=local(start) if start else None, end=local(end)))


SHORT_ID_LENGTH = 6
"""Characters of a practitioner's id shown beside a name that two practitioners share."""


def short_ids(practitioners: list[Practitioner]) -> dict[str, str]:
    """For each practitioner whose name another also goes by (in any case), the shortest start of
    their id (SHORT_ID_LENGTH characters at least) that no other practitioner's id starts with."""
    by_name: dict[str, int] = {}
    for p in practitioners:
        by_name[p.display_name.casefold()] = by_name.get(p.display_name.casefold(), 0) + 1
    # In sorted order the ids an id shares the longest start with are its neighbours, so each needs
    # one character more than it shares with either (one pass, however large the team).
    ids = sorted({p.id for p in practitioners})
    shared: dict[str, int] = dict.fromkeys(ids, 0)
    for before, after in zip(ids, ids[1:]):
        common = len(os.path.commonprefix([before, after]))
        shared[before], shared[after] = max(shared[before], common), max(shared[after], common)
    return {
        p.id: p.id[: max(SHORT_ID_LENGTH, shared[p.id] + 1)]
        for p in practitioners
        if by_name[p.display_name.casefold()] > 1
    }


def month_cells(question_set: QuestionSet, totals: dict[str, tuple[int, int, int, int]], *, min_n: int = MIN_N) -> list[str]:
    """Each practice's rate with its n from these counts, worded as rate_cell words a practice's figures.

    Straight from the counts rather than through practice_figures: a large team has a month table
    per practitioner, and building the figures of every month was most of the team view's time.
    """
    nothing = (0, 0, 0, 0)
    return [month_cells_of(*totals.get(key, nothing)[:3], min_n) for key in question_set.keys]


def month_cells_of(yes: int, partly: int, no: int, min_n: int = MIN_N) -> str:
    """One practice's rate with its n from its Yes, Partly and No counts, as rate_cell words it."""
    n = yes + partly + no
    # As percent() words a rate (an f-string here: this runs for every month of every practitioner).
    return f"{(yes + partly / 2) / n * 100:.0f}% n={n}" if n and n >= min_n else f"– n={n}"


def practice_figures(
    question_set: QuestionSet, reflections: int, totals: dict[str, tuple[int, int, int, int]], *, min_n: int = MIN_N
) -> list[QuestionFigures]:
    """Each practice's figures over `reflections` with these Yes, Partly, No and Not applicable counts per
    question key, as figures() gives them for an unbounded selection (no period before to compare with)."""
    found = []
    for question in question_set.questions:
        yes, partly, no, not_applicable = totals.get(question.key, (0, 0, 0, 0))
        distribution = Distribution(yes, partly, no, not_applicable, reflections - (yes + partly + no + not_applicable))
        found.append(QuestionFigures(question=question, distribution=distribution, rate=distribution.rate(min_n)))
    return found


def team_view(store: Any, question_set: QuestionSet) -> TeamView:
    """Every practitioner's rates and flagged items, and the team's figures.

    A fixed number of queries whatever the size of the team: each practitioner's answers are
    tallied month by month in one pass and their flagged reflections come from one query, shared
    out by owner (a query per practitioner read the whole team's reflections each time, so the
    view grew with the square of the team).
    """
    tallies = store.answer_tallies()
    flagged_by = store.flagged_as_shown()
    bundles_of: dict[str, list[HeldBundle]] = {}
    for bundle in sorted(store.bundles(tallies), key=lambda b: (b.period_end, b.created_at)):
        bundles_of.setdefault(bundle.practitioner_id, []).append(bundle)
    team_figures = TeamFigures(store, question_set)
    views = []
    practitioners = store.practitioners(tallies)
    shortened = short_ids(practitioners)
    offsets = tallies.offsets(question_set.keys)
    totals_of = tallies.by_practitioner
    months = sorted({month for _, month in tallies.monthly})
    months_of: dict[str, list[str]] = {}
    for owner, month in sorted(tallies.monthly):
        months_of.setdefault(owner, []).append(month)
    # Practitioners with a few reflections each share the same few counts: each practice's figures
    # and each cell are made once per distinct count (building them afresh for every practitioner
    # and month was most of the team view's time).
    made: dict[tuple[int, ...], QuestionFigures] = {}
    cells: dict[tuple[int, int, int], str] = {}
    for practitioner in practitioners:
        # Only what is shown: the latest MONTHS_SHOWN months, for those who reflected in more than one.
        theirs = months_of.get(practitioner.id, [])[-MONTHS_SHOWN:]
        own_months = [
            MonthFigures(month, tally[0], tally_cells(offsets, tally, cells))
            for month in (theirs if len(theirs) > 1 else [])
            for tally in [tallies.monthly[(practitioner.id, month)]]
        ]
        views.append(
            PractitionerView(
                practitioner,
                tally_figures(question_set, offsets, totals_of.get(practitioner.id), made),
                flagged_items(flagged_by.get(practitioner.id, []), question_set),
                team_figures,
                shortened.get(practitioner.id),
                bundles_of.get(practitioner.id, []),
                own_months,
            )
        )
    contributors = sum(1 for view in views if view.practitioner.reflections > 0)
    team = figures(store, question_set, Selection()) if contributors >= TEAM_MINIMUM else None
    by_month: dict[str, list[list[int]]] = {}
    for (_, when), tally in tallies.monthly.items():
        by_month.setdefault(when, []).append(tally)
    shown = months[-MONTHS_SHOWN:]
    return TeamView(question_set, views, team, [team_month(offsets, by_month[month], month) for month in shown], shown)


NO_COUNTS = (0, 0, 0, 0)


def tally_counts(offsets: list[int | None], tally: list[int]) -> list[tuple[int, int, int, int]]:
    """Each question's Yes, Partly, No and Not applicable counts from a tally (see AnswerTallies)."""
    return [NO_COUNTS if at is None else (tally[at], tally[at + 1], tally[at + 2], tally[at + 3]) for at in offsets]


def tally_cells(offsets: list[int | None], tally: list[int], made: dict[tuple[int, int, int], str], *, min_n: int = MIN_N) -> list[str]:
    """Each practice's rate with its n from a tally, worded as month_cells words them (each distinct
    count worded once, in `made`)."""
    found = []
    for at in offsets:
        counts = (0, 0, 0) if at is None else (tally[at], tally[at + 1], tally[at + 2])
        cell = made.get(counts)
        if cell is None:
            cell = made[counts] = month_cells_of(*counts, min_n)
        found.append(cell)
    return found


def tally_figures(
    question_set: QuestionSet, offsets: list[int | None], tally: list[int] | None, made: dict[tuple[int, ...], QuestionFigures]
) -> list[QuestionFigures]:
    """What practice_figures gives for a tally (None: no reflections), the figures of each distinct
    count made once, in `made` (they are frozen, so sharing them changes nothing)."""
    reflections = tally[0] if tally is not None else 0
    counts = tally_counts(offsets, tally) if tally is not None else [NO_COUNTS] * len(offsets)
    found = []
    for index, (question, (yes, partly, no, not_applicable)) in enumerate(zip(question_set.questions, counts)):
        key = (index, reflections, yes, partly, no, not_applicable)
        figures_made = made.get(key)
        if figures_made is None:
            distribution = Distribution(yes, partly, no, not_applicable, reflections - (yes + partly + no + not_applicable))
            figures_made = made[key] = QuestionFigures(question=question, distribution=distribution, rate=distribution.rate(MIN_N))
        found.append(figures_made)
    return found


def team_month(offsets: list[int | None], found: list[list[int]], month: str) -> MonthFigures | None:
    """The team's pooled rates for one month from each practitioner's tally of it, or None if fewer than
    TEAM_MINIMUM practitioners reflected in it (so that no one can be singled out from a month's figures either)."""
    of_month = [tally for tally in found if tally[0] > 0]
    if len(of_month) < TEAM_MINIMUM:
        return None
    pooled = [sum(column) for column in zip(*of_month)]
    return MonthFigures(month, pooled[0], tally_cells(offsets, pooled, {}), contributors=len(of_month))


def rate_cell(question: QuestionFigures) -> str:
    """ "83% n=12", or "– n=3" below the minimum: a rate never without its n."""
    n = question.distribution.n
    return f"{percent(question.rate)} n={n}" if question.rate is not None else f"– n={n}"


def waiting_for_team(view: TeamView) -> str:
    have = view.contributors
    return (
        f"The team's overall pattern appears once at least {TEAM_MINIMUM} practitioners have shared reflections "
        f"({have} so far), so that no one can be singled out from it."
    )


def shared_words(view: PractitionerView) -> str:
    """What of theirs is held: the period, or each period with its reflections, and when each was shared."""
    p = view.practitioner
    if len(view.bundles) <= 1:
        return f"{view.period}, {reflections_phrase(p.reflections)}, shared {short_date(p.bundle_created_at)}"
    periods = "; ".join(
        f"{held_period(b.period_start, b.period_end)} ({reflections_phrase(b.reflections)}, "
        f"shared {short_date(b.created_at)})"
        for b in view.bundles
    )
    return f"{reflections_phrase(p.reflections)} in {len(view.bundles)} periods: {periods}"


def month_table(months: list[MonthFigures | None], headings: list[str], question_set: QuestionSet, indent: str = "  ") -> list[str]:
    """The month-on-month table: a practice per row, a month per column (the latest MONTHS_SHOWN),
    each cell a rate with its n; a month the team may not be shown for reads "fewer than 3"."""
    months, headings = months[-MONTHS_SHOWN:], headings[-MONTHS_SHOWN:]
    width = 11
    # Padded a column at a time and then read across (rjust, as f"{cell:>11}" pads): a large team
    # has a table for every practitioner.
    missing = ["–".rjust(width)] * len(question_set.questions)
    columns = [[cell.rjust(width) for cell in month.cells] if month else missing for month in months]
    lines = [f"{indent}{'':<16}" + "".join([heading.rjust(width) for heading in headings])]
    for question, cells in zip(question_set.questions, zip(*columns) if columns else [()] * len(missing)):
        lines.append(f"{indent}{question.label:<16}" + "".join(cells))
    lines.append(f"{indent}{'Reflections':<16}" + "".join([str(month.reflections if month else "–").rjust(width) for month in months]))
    return lines


def flag_summary(view: PractitionerView) -> str:
    p = view.practitioner
    # Counted from what is held (all their periods), not from one bundle's counts.
    flagged_reflections = sum(1 for item in view.flagged if item.question_key is None)
    flagged_notes = len(view.flagged) - flagged_reflections
    parts = []
    if flagged_reflections:
        parts.append(f"{flagged_reflections} reflection" + ("s" if flagged_reflections != 1 else ""))
    if flagged_notes:
        parts.append(f"{flagged_notes} note" + ("s" if flagged_notes != 1 else ""))
    if not parts:
        return "Nothing flagged for supervision."
    flagged = f"{FLAG_SYMBOL} Flagged for supervision: {' and '.join(parts)}."
    return flagged if p.includes_notes else flagged + " Their words were not included in this bundle: ask in supervision."


def item_heading(item: FlaggedItem) -> str:
    r = item.reflection
    kind = f" · {KIND_LABELS.get(r.kind, r.kind)}" if r.kind else ""
    what = f"note on {item.question_label}" if item.question_label else "reflection"
    return f"{FLAG_SYMBOL} {short_date(r.occurred_at)}{kind} · {what}"


def answer_words(reflection: Reflection, key: str) -> str:
    """ "✕ No", or "· Not answered": a symbol and a word, never the symbol alone."""
    response = reflection.response_for(key)
    return f"{response.symbol} {response.word}" if response else f"{UNANSWERED_SYMBOL} Not answered"


def item_answers(item: FlaggedItem, question_set: QuestionSet) -> str:
    """What the practitioner answered: all ten for a flagged reflection, the one question for a flagged note."""
    if item.question_key is not None:
        return f"Answered {answer_words(item.reflection, item.question_key)}."
    # No-break spaces inside each answer, so that wrapping never parts a label from its answer.
    each = [f"{q.label} {answer_words(item.reflection, q.key)}".replace(" ", NO_BREAK) for q in question_set.questions]
    return "Answers: " + "; ".join(each) + "."


NO_BREAK = "\u00a0"


def item_lines(item: FlaggedItem, question_set: QuestionSet, width: int = 76) -> list[str]:
    """A flagged item's answers (wrapped to `width`) and then the words shared with it, if any."""
    return [*answer_lines(item_answers(item, question_set), width), *item.words.splitlines()]


@lru_cache(maxsize=4096)
def answer_lines(text: str, width: int) -> tuple[str, ...]:
    """An item's answers wrapped to `width`. Kept for the next item: the same few answers come
    again and again in a large team's flagged reflections, and wrapping each afresh was a good part
    of the time `reflect team summary` took to word them."""
    # A line that needs no wrapping is what textwrap would give back (one flagged note's answer, most often).
    fits = 0 < len(text) <= width and text == text.strip() and text.isprintable()
    answers = [text] if fits else textwrap.wrap(text, width=width, subsequent_indent="  ", break_on_hyphens=False)
    return tuple(line.replace(NO_BREAK, " ") for line in answers)


NO_TEAM_MONTH = (
    f"No month yet has {TEAM_MINIMUM} practitioners reflecting in it, so there are no team figures month "
    "by month: a month's appear once it has, so that no one can be singled out from them."
)
"""Said instead of a table of dashes, when no month has enough practitioners for team figures."""


def month_heading(month: str) -> str:
    """ "2026-11" -> "Nov 2026"."""
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year}"


def covered_words(view: TeamView) -> str:
    """Which periods the team's figures pool, and whether the practitioners' periods differ."""
    said = f"Periods pooled: {view.covered}"
    if view.periods_differ:
        return said + " (the practitioners' periods differ: each one's is listed below)."
    return said + "."


def team_view_as_text(view: TeamView) -> str:
    """`reflect team --db TEAM.db summary`: the team view in plain, readable text."""
    if not view.practitioners:
        return "No bundles in this team database yet. Add them with `reflect team --db TEAM.db import BUNDLE...`."
    lines = [
        f"{len(view.practitioners)} practitioner" + ("s" if len(view.practitioners) != 1 else "")
        + f", {reflections_phrase(view.reflections)}.",
        f"Practice rate with its n for each practitioner; – is {NOT_ENOUGH}.",
        "",
    ]
    names = [v.label for v in view.practitioners]
    columns = (["Team"] if view.team else []) + names
    width = max(10, *(len(name) + 2 for name in columns))
    lines.append(f"{'Practice':<16}" + "".join(f"{name:>{width}}" for name in columns))
    # Practitioners with the same counts share their figures (team_view makes each once): each
    # is worded and padded once too, found by identity.
    padded: dict[int, str] = {}

    def cell_of(figures: QuestionFigures) -> str:
        cell = padded.get(id(figures))
        if cell is None:
            cell = padded[id(figures)] = rate_cell(figures).rjust(width)
        return cell

    for index, question in enumerate(view.question_set.questions):
        cells = ([cell_of(view.team.questions[index])] if view.team else []) + [cell_of(v.questions[index]) for v in view.practitioners]
        lines.append(f"{question.label:<16}" + "".join(cells))
    lines.append("")
    if view.team is None:
        lines.append(waiting_for_team(view))
    else:
        lines.append(f"The team's pattern ({view.contributors} practitioners, {reflections_phrase(view.team.reflections)}):")
        if view.team.strengths:
            lines.append("  Strengths: " + "; ".join(named(q) for q in view.team.strengths) + ".")
        if view.team.to_explore:
            lines.append("  Practices to explore: " + "; ".join(named(q) for q in view.team.to_explore) + ".")
        lines.append("  CHIME: " + "; ".join(f"{domain} {chime_rated(view.team, domain)}" for domain in view.team.chime) + ".")
        lines.append(f"  {covered_words(view)}")
    if len(view.months) > 1 and not any(view.team_months):
        lines.append("")
        lines.append(f"Month on month, the team: {NO_TEAM_MONTH}")
    elif len(view.months) > 1:
        lines.append("")
        lines.append(f"Month on month, the team (a month appears once {TEAM_MINIMUM} practitioners reflected in it):")
        lines.extend(month_table(view.team_months, [month_heading(m) for m in view.months], view.question_set))
    for each in view.practitioners:
        lines.append("")
        lines.append(f"{each.label}: {shared_words(each)}.")
        if len(each.months) > 1:
            lines.append("  Month on month:")
            lines.extend(month_table(list(each.months), [m.heading for m in each.months], view.question_set, indent="    "))
        lines.append(f"  {flag_summary(each)}")
        # Every flagged item, with its answers: what was flagged is the reason for the session,
        # whether or not the practitioner's words came with it.
        for item in each.flagged:
            lines.append(f"  {item_heading(item)}")
            lines.extend(f"    {line}" for line in item_lines(item, view.question_set))
    return "\n".join(lines)
