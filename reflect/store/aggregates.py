"""The sums behind patterns and the home screen: counts by kind, period, day and tag, the answer timeline, the week.

Each is summed from the answer rollup (see rollup.py) where it can answer, and otherwise by the
database from the answer codes in `reflection.responses` (see derived.py); never by loading
reflections.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from reflect.model import Response, Selection
from reflect.store.core import StoreCore, in_offset
from reflect.store.derived import CODE_LETTERS, decode_responses
from reflect.store.engine import WRITE
from reflect.store.reporting import reporting_errors
from reflect.store.rollup import Days, code_sums, read_wide, rebuild, span_start
from reflect.store.sql import ANSWER, REFLECTION, TAG, WIDEST_OFFSET, selected, utc_midnight

GRAINS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class WeekSummary:
    reflections: int
    yes_by_question: dict[str, int]
    """How many times each question was answered Yes (questions with none are left out)."""

    def strongest(self, question_order: list[str]) -> tuple[str, int] | None:
        """The question answered Yes most often, ties going to the earlier question; None if none."""
        if not self.yes_by_question:
            return None
        position = {key: index for index, key in enumerate(question_order)}
        key = min(self.yes_by_question, key=lambda k: (-self.yes_by_question[k], position.get(k, len(position)), k))
        return key, self.yes_by_question[key]


def _period_of(day: str, grain: str) -> str:
    """The first local day (YYYY-MM-DD) of the day, week (from Monday), month, quarter or year `day` is in."""
    if grain in ("day", "week", "month"):
        return span_start(day, grain)
    if grain == "quarter":
        return f"{day[:5]}{(int(day[5:7]) - 1) // 3 * 3 + 1:02d}-01"
    if grain == "year":
        return day[:5] + "01-01"
    raise ValueError(f"unknown grain {grain!r}; use one of {', '.join(GRAINS)}")


def _by_response(totals: Sequence[int]) -> tuple[int, int, int, int]:
    """One question's Yes, Partly, No and Not applicable counts (CODE_LETTERS has one letter per Response)."""
    yes, partly, no, not_applicable = totals
    return yes, partly, no, not_applicable


@dataclass(frozen=True)
class Plan:
    """How the rollup answers a selection: its whole days, plus the reflections near an instant
    bound, read from the rows (`edges`: the extra conditions of each such scan)."""

    days: Days
    edges: list[list[Any]]

    @property
    def path(self) -> str:
        return "the rollup" + (f" and {len(self.edges)} scan{'' if len(self.edges) == 1 else 's'} of the days at an instant bound" if self.edges else "")


def rollup_plan(selection: Selection) -> Plan | None:
    """The rollup's share of `selection`, or None when only the row scan can answer it.

    A bound given as a whole day is a bound on the local day the rollup is kept by. A bound
    that is an instant (the presets: "the last 3 months" ends now) splits the period: the days
    whose every reflection lies inside it, whatever clock it was written on (no clock is a day
    or more from UTC), come from the rollup; the day or two nearest the instant are read from
    the rows. A tag the rollup cannot answer at all.
    """
    if selection.tag is not None:
        return None
    edges: list[list[Any]] = []
    first: date | None = selection.start_day
    if first is None and selection.start is not None:
        start = selection.start.astimezone(UTC)
        first = start.date() + (WIDEST_OFFSET if start > utc_midnight(start.date()) else timedelta()) + WIDEST_OFFSET
        edges.append([REFLECTION.c.occurred_day < first.isoformat(), REFLECTION.c.occurred_at < utc_midnight(first) + WIDEST_OFFSET])
    stop: date | None = selection.end_day
    if stop is None and selection.end is not None:
        stop = selection.end.astimezone(UTC).date() - WIDEST_OFFSET
        edges.append([REFLECTION.c.occurred_day >= stop.isoformat(), REFLECTION.c.occurred_at >= utc_midnight(stop) - WIDEST_OFFSET])
    if first is not None and stop is not None and first >= stop:
        return None  # a day or two: the rows are as quick
    return Plan(Days(first.isoformat() if first else None, stop.isoformat() if stop else None), edges)


Group = tuple[str | None, str, str | None]
"""practitioner (None: your own), first day of the period ('' when not by period), kind."""


class Aggregates(StoreCore):
    """Counts and sums over the reflections in a selection, from the answer rollup where it can answer."""

    @reporting_errors
    def count_reflections(self, selection: Selection) -> dict[str | None, int]:
        """Completed reflections in `selection`, counted by interaction kind (None: no kind given)."""
        found: dict[str | None, int] = {}
        for (_, _, kind), wide in self._sums(selection, None, counts_only=True).items():
            found[kind] = found.get(kind, 0) + wide[0]
        return {kind: count for kind, count in found.items() if count}

    @reporting_errors
    def response_counts(self, selection: Selection) -> dict[tuple[str | None, str, str], int]:
        """How often each response was given, keyed by (kind, question key, response).

        Questions left unanswered have no entry: "unanswered" is the number of reflections
        less the answers given.
        """
        counts, _ = self._code_sums(selection, lambda group: group[2])
        return counts

    @reporting_errors
    def counts_by_kind(self, selection: Selection) -> tuple[dict[tuple[str | None, str, str], int], dict[str | None, int]]:
        """response_counts and count_reflections together, from one reading of the rollup."""
        return self._code_sums(selection, lambda group: group[2])

    @reporting_errors
    def responses_by_period(
        self, selection: Selection, grain: str
    ) -> dict[str, tuple[int, dict[str, tuple[int, int, int, int]]]]:
        """Per period of `grain` (day, week, month, quarter or year), named by its first local
        day (YYYY-MM-DD): how many reflections there were, and per question key how many
        answered Yes, Partly, No and Not applicable. Periods without reflections are left out."""
        if grain not in GRAINS:
            raise ValueError(f"unknown grain {grain!r}; use one of {', '.join(GRAINS)}")
        span = grain if grain in ("day", "week") else "month"
        return self._by_group(self._sums(selection, span), lambda group: _period_of(group[1], grain))

    def _by_group(self, sums: dict[Group, list[int]], group_of: Any) -> dict[Any, tuple[int, dict[str, tuple[int, int, int, int]]]]:
        slots = self.slots
        letters = len(CODE_LETTERS)
        merged: dict[Any, list[int]] = {}
        for group, wide in sums.items():
            _add(merged.setdefault(group_of(group), [0] * len(wide)), wide)
        # Kept as rows of numbers, not a dict entry per number: a ten-year weekly grid is 20,000 of them.
        return {
            name: (totals[0], {key: _by_response(totals[1 + i * letters : 1 + (i + 1) * letters]) for i, key in enumerate(slots)})
            for name, totals in merged.items()
            if totals[0]
        }

    @reporting_errors
    def responses_by_practitioner(self) -> dict[str | None, tuple[int, dict[str, tuple[int, int, int, int]]]]:
        """In a team database, per practitioner id: how many completed reflections they shared, and
        per question key how many answered Yes, Partly, No and Not applicable (all kinds together).

        Practitioners with no completed reflections are left out.
        """
        return self._by_group(self._sums(Selection(), None), lambda group: group[0])

    @reporting_errors
    def counts_by_practitioner(
        self,
    ) -> dict[str | None, tuple[dict[tuple[str | None, str, str], int], dict[str | None, int]]]:
        """In a team database: counts_by_kind for each practitioner's reflections, keyed by practitioner id.

        One reading for the whole team; asking per practitioner read every reflection once per
        practitioner (the team view grew with the square of the team).
        Practitioners with no completed reflections are left out.
        """
        counts, reflections = self._code_sums(Selection(), lambda group: (group[0], group[2]))
        found: dict[str | None, tuple[dict[tuple[str | None, str, str], int], dict[str | None, int]]] = {}
        for (practitioner, kind), count in reflections.items():
            found.setdefault(practitioner, ({}, {}))[1][kind] = count
        for ((practitioner, kind), key, response), total in counts.items():
            found[practitioner][0][(kind, key, response)] = total
        return found

    def _code_sums(self, selection: Selection, group_of: Any) -> tuple[dict[tuple[Any, str, str], int], dict[Any, int]]:
        """Per group (`group_of` a Group): how many reflections gave each response to each question, and how many there were."""
        merged: dict[Any, list[int]] = {}
        for group, wide in self._sums(selection, None).items():
            _add(merged.setdefault(group_of(group), [0] * len(wide)), wide)
        counts: dict[tuple[Any, str, str], int] = {}
        reflections: dict[Any, int] = {}
        columns = [(key, response.value) for key in self.slots for response in CODE_LETTERS]
        for group_value, (count, *totals) in merged.items():
            if not count:
                continue
            reflections[group_value] = count
            for (key, response), total in zip(columns, totals):
                if total:
                    counts[(group_value, key, response)] = total
        return counts, reflections

    @reporting_errors
    def rebuild_rollup(self) -> int:
        """Work the answer rollup out again from the reflection rows (`reflect doctor --rebuild-figures`);
        returns how many completed reflections it now counts."""
        self.check_still_the_file_opened()
        with self.engine.execution_options(**WRITE).begin() as connection:
            rebuild(connection, self.slots)
            return int(connection.execute(select(func.count()).select_from(REFLECTION).where(*selected(Selection()))).scalar_one())

    def figures_path(self, selection: Selection) -> str:
        """Which way the figures of `selection` are summed, in words (for benchmarks and the curious)."""
        plan = rollup_plan(selection)
        return "the row scan (a tag, or a period of a day or two)" if plan is None else plan.path

    def _sums(self, selection: Selection, span: str | None, *, counts_only: bool = False) -> dict[Group, list[int]]:
        """Per Group: the reflections in `selection`, then Yes, Partly, No and Not applicable per slot.

        `span` day, week or month: grouped by the first day of each; None: not by period.
        """
        plan = rollup_plan(selection)
        with self._session() as session:
            connection = session.connection()
            if plan is None:
                return self._scanned(connection, selection, span, [])
            read = read_wide(connection, plan.days, span or "month", self.slots, kind=None if selection.kind is None else selection.kind,
                             practitioner=selection.practitioner, counts_only=counts_only)  # fmt: skip
            found: dict[Group, list[int]] = {}
            for (owner, period, kind), wide in read.items():  # months added together when not by period
                _add(found.setdefault((owner or None, period if span else "", kind or None), [0] * len(wide)), wide)
            for edge in plan.edges:
                for group, wide in self._scanned(connection, selection, span, edge).items():
                    _add(found.setdefault(group, [0] * len(wide)), wide)
        return found

    def _scanned(self, connection: Any, selection: Selection, span: str | None, extra: list[Any]) -> dict[Group, list[int]]:
        """_sums from the reflection rows themselves (the answer codes), with the `extra` conditions."""
        groups: list[Any] = [REFLECTION.c.practitioner_id, REFLECTION.c.kind] + ([REFLECTION.c.occurred_day] if span else [])
        rows = connection.execute(select(*groups, func.count(), *self._code_sum_columns()).where(*selected(selection), *extra).group_by(*groups))
        found: dict[Group, list[int]] = {}
        for owner, kind, *rest in rows:
            period = span_start(rest.pop(0), span) if span else ""
            _add(found.setdefault((owner, period, kind), [0] * len(rest)), [int(value or 0) for value in rest])
        return found

    def _code_sum_columns(self) -> list[Any]:
        """The portable sums of each slot's letters (rollup.code_sums), built once per set of slots
        (building forty SQL expressions took longer than SQLite's sums on a year of reflections)."""
        if self._sum_columns is None or self._sum_columns[0] != self.slots:
            self._sum_columns = (self.slots, code_sums(self.slots))
        return self._sum_columns[1]

    @reporting_errors
    def reflections_by_day(self, selection: Selection) -> dict[str, int]:
        """Completed reflections in `selection` per local day (YYYY-MM-DD); days with none are left out."""
        found: dict[str, int] = {}
        for (_, day, _), wide in self._sums(selection, "day", counts_only=True).items():
            found[day] = found.get(day, 0) + wide[0]
        return {day: count for day, count in found.items() if count}

    @reporting_errors
    def first_day(self, selection: Selection = Selection()) -> str | None:
        """The local day of the earliest completed reflection in `selection` (YYYY-MM-DD), if any."""
        with self._session() as session:
            # The earliest by time, found at one end of the index, not by reading every day.
            return session.scalar(
                select(REFLECTION.c.occurred_day).where(*selected(selection)).order_by(REFLECTION.c.occurred_at).limit(1)
            )

    @reporting_errors
    def tags_in_use(self) -> list[tuple[str, int]]:
        """Every tag on a completed reflection, with how many carry it, most used first."""
        with self._session() as session:
            rows = session.execute(
                select(TAG.c.tag, func.count())
                .join(REFLECTION, REFLECTION.c.id == TAG.c.reflection_id)
                .where(REFLECTION.c.is_draft.is_(False))
                .group_by(TAG.c.tag)
                .order_by(func.count().desc(), TAG.c.tag)
            ).all()
        return [(tag, count) for tag, count in rows]

    @reporting_errors
    def answer_timeline(self, selection: Selection) -> list[tuple[str, datetime, dict[str, Response | None]]]:
        """Each completed reflection in `selection`, oldest first: its id, when, and its answers by key.

        Read from the answer codes alone, so that following a commitment through months of
        reflections never loads their notes.
        """
        with self._session() as session:
            rows = session.execute(
                select(REFLECTION.c.id, REFLECTION.c.occurred_at, REFLECTION.c.occurred_offset_minutes, REFLECTION.c.responses)
                .where(*selected(selection))
                .order_by(REFLECTION.c.occurred_at, REFLECTION.c.created_at, REFLECTION.c.id)
            ).all()
        return [(row.id, in_offset(row.occurred_at, row.occurred_offset_minutes), decode_responses(row.responses, self.slots)) for row in rows]

    @reporting_errors
    def week_summary(self, since: datetime) -> WeekSummary:
        """How many reflections since `since`, and the practice answered Yes most often in them."""
        with self._session() as session:
            reflections = session.scalar(
                select(func.count())
                .select_from(REFLECTION)
                .where(REFLECTION.c.is_draft.is_(False), REFLECTION.c.occurred_at >= since)
            )
            yes_counts = session.execute(
                select(ANSWER.c.question_key, func.count())
                .join(REFLECTION, REFLECTION.c.id == ANSWER.c.reflection_id)
                .where(
                    REFLECTION.c.is_draft.is_(False),
                    REFLECTION.c.occurred_at >= since,
                    ANSWER.c.response == Response.YES.value,
                )
                .group_by(ANSWER.c.question_key)
            ).all()
        return WeekSummary(reflections=reflections or 0, yes_by_question={key: count for key, count in yes_counts})


def _add(into: list[int], more: Sequence[int]) -> None:
    for index, value in enumerate(more):
        into[index] += value
