"""The sums behind patterns and the home screen: counts by kind, period, day and tag, the answer timeline, the week.

Each is summed from the answer rollup (see rollup.py) where it can answer, and otherwise by the
database from the answer codes in `reflection.responses` (see derived.py); never by loading
reflections.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, column, func, or_, select, values

from reflect.model import Response, Selection
from reflect.store import rollup
from reflect.store.core import StoreCore, in_offset
from reflect.store.derived import CODE_LETTERS, decode_responses
from reflect.store.engine import WRITE
from reflect.store.reporting import reporting_errors
from reflect.store.rollup import Group, code_sums, span_start
from reflect.store.sql import ANSWER_ROLLUP, REFLECTION, TAG, selected

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


class Aggregates(StoreCore):
    """Counts and sums over the reflections in a selection, from the answer rollup where it can answer."""

    @reporting_errors
    def count_reflections(self, selection: Selection) -> dict[str | None, int]:
        """Completed reflections in `selection`, counted by interaction kind (None: no kind given)."""
        found: dict[str | None, int] = {}
        for (_, _, kind), wide in self._sums(selection, None, counts_only=True, by_practitioner=False).items():
            found[kind] = found.get(kind, 0) + wide[0]
        return {kind: count for kind, count in found.items() if count}

    @reporting_errors
    def response_counts(self, selection: Selection) -> dict[tuple[str | None, str, str], int]:
        """How often each response was given, keyed by (kind, question key, response).

        Questions left unanswered have no entry: "unanswered" is the number of reflections
        less the answers given.
        """
        counts, _ = self._code_sums(selection, lambda group: group[2], by_practitioner=False)
        return counts

    @reporting_errors
    def counts_by_kind(self, selection: Selection) -> tuple[dict[tuple[str | None, str, str], int], dict[str | None, int]]:
        """response_counts and count_reflections together, from one reading of the rollup."""
        return self._code_sums(selection, lambda group: group[2], by_practitioner=False)

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
        return self._by_group(self._sums(selection, span, by_practitioner=False, by_kind=False), lambda group: _period_of(group[1], grain))

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
        return self._by_group(self._sums(Selection(), None, by_kind=False), lambda group: group[0])

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

    def _code_sums(self, selection: Selection, group_of: Any, *, by_practitioner: bool = True) -> tuple[dict[tuple[Any, str, str], int], dict[Any, int]]:
        """Per group (`group_of` a Group): how many reflections gave each response to each question, and how many there were."""
        merged: dict[Any, list[int]] = {}
        for group, wide in self._sums(selection, None, by_practitioner=by_practitioner).items():
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
            rollup.rebuild(connection)
            return int(connection.execute(select(func.count()).select_from(REFLECTION).where(*selected(Selection()))).scalar_one())

    def figures_path(self, selection: Selection) -> str:
        """Which way the figures of `selection` are summed, in words (for benchmarks and the curious)."""
        chosen = rollup.plan(selection, len(self.slots))
        return "the row scan (a tag, or a period of a day or two)" if chosen is None else chosen.path

    def _sums(self, selection: Selection, span: str | None, *, counts_only: bool = False, by_practitioner: bool = True,
              by_kind: bool = True) -> dict[Group, list[int]]:  # fmt: skip
        """Per Group: the reflections in `selection`, then Yes, Partly, No and Not applicable per slot (see rollup.sums)."""
        with self._session() as session:
            return rollup.sums(session.connection(), selection, span, 0 if counts_only else len(self.slots),
                               by_practitioner=by_practitioner, by_kind=by_kind)  # fmt: skip

    @reporting_errors
    def window_answers(self, windows: Sequence[Selection]) -> list[tuple[int, dict[str, tuple[int, int, int, int]]]]:
        """For each selection in `windows`, all kinds together: how many completed reflections it
        holds, and per question key how many answered Yes, Partly, No and Not applicable.

        The same figures as asking counts_by_kind of each in turn, in two statements for all of
        them: the commitment follow-ups ask of forty four-week windows, and one statement each
        (mostly the scans of the days beside their instant bounds) was most of `reflect stats`.
        Windows that start and end at an instant and have no tag, kind aside, are read together;
        any other is read alone.
        """
        letters = len(CODE_LETTERS)
        width = len(self.slots)
        together = [
            index for index, window in enumerate(windows)
            if window.start is not None and window.end is not None and window.start_day is None and window.end_day is None
            and window.practitioner is None and window.tag is None and rollup.plan(window, width) is not None
        ]  # fmt: skip
        found: list[list[int]] = [[0] * (1 + width * letters) for _ in windows]
        by_kind: dict[str | None, list[int]] = {}
        for index in together:
            by_kind.setdefault(windows[index].kind, []).append(index)
        for kind, indexes in by_kind.items():
            for index, totals in zip(indexes, self._window_sums([windows[i] for i in indexes], kind, width)):
                found[index] = totals
        read = set(together)
        for index, window in enumerate(windows):
            if index not in read:
                for totals in self._sums(window, None, by_practitioner=False, by_kind=False).values():
                    _add(found[index], totals)
        return [
            (totals[0], {key: _by_response(totals[1 + i * letters : 1 + (i + 1) * letters]) for i, key in enumerate(self.slots)})
            for totals in found
        ]

    def _window_sums(self, windows: list[Selection], kind: str | None, width: int) -> list[list[int]]:
        """Each window's sums (see window_answers): its whole days from the rollup's day rows, read
        once for all of them, and the rows beside its instant bounds, read once for all of them in
        one statement joined to the stretches between bounds (each seeks its own range in the
        patterns index)."""
        size = 1 + width * len(CODE_LETTERS)
        if not windows:
            return []
        plans = [rollup.plan(window, width) for window in windows]
        days = sorted({(chosen.days.first, chosen.days.stop) for chosen in plans if chosen is not None}, key=str)
        table = ANSWER_ROLLUP.c
        day_rows = select(table.period, *rollup_sums(size)).where(
            table.span == "day",
            or_(*(and_(table.period >= first, table.period < stop) for first, stop in days)),
            *([table.kind == kind] if kind is not None else []),
        ).group_by(table.period).order_by(table.period)
        edges: list[tuple[int, datetime, datetime, str, str]] = []
        for index, (window, chosen) in enumerate(zip(windows, plans)):
            assert chosen is not None and window.start is not None and window.end is not None
            for edge, (day, at) in chosen.edges:
                if edge == "low":  # before the first whole day: from the start, on days before it
                    edges.append((index, window.start, min(window.end, at), "", day))
                else:  # from the day after the last whole day, to the end
                    edges.append((index, max(window.start, at), window.end, day, "9999-12-31"))
        # The latest commitments lie close together, so their windows' edges overlap: the rows
        # beside them are read once, summed per piece between two bounds and per local day, and
        # each edge adds up the pieces it spans on the days it counts.
        breaks = sorted({bound for _, low, high, _, _ in edges for bound in (low, high)})
        pieces = [
            (number, low, high) for number, (low, high) in enumerate(zip(breaks, breaks[1:]))
            if any(edge_low <= low and high <= edge_high for _, edge_low, edge_high, _, _ in edges)
        ]  # fmt: skip
        occurred_at, occurred_day = REFLECTION.c.occurred_at, REFLECTION.c.occurred_day
        shape = values(column("number", Integer), column("low", occurred_at.type), column("high", occurred_at.type), name="pieces")
        spans = shape.data(pieces).cte("pieces")
        piece_rows = (
            select(spans.c.number, occurred_day, func.count(), *code_sums(width))
            .select_from(spans.join(REFLECTION, and_(occurred_at >= spans.c.low, occurred_at < spans.c.high)))
            .where(REFLECTION.c.is_draft.is_(False), *([REFLECTION.c.kind == kind] if kind is not None else []))
            .group_by(spans.c.number, occurred_day)
        )
        with self._session() as session:
            connection = session.connection()
            periods: list[str] = []
            running = [[0] * size]  # running[i]: the sums of the first i day rows
            for period, *totals in connection.execute(day_rows):
                periods.append(period)
                row = list(running[-1])
                _add(row, [int(value or 0) for value in totals])
                running.append(row)
            found = []
            for chosen in plans:
                assert chosen is not None
                low = 0 if chosen.days.first is None else bisect_left(periods, chosen.days.first)
                high = len(periods) if chosen.days.stop is None else bisect_left(periods, chosen.days.stop)
                found.append([after - before for after, before in zip(running[max(high, low)], running[low])])
            near = [(number, piece_day, [int(value or 0) for value in totals])
                    for number, piece_day, *totals in (connection.execute(piece_rows) if pieces else [])]  # fmt: skip
        for index, edge_low, edge_high, first_day, stop_day in edges:
            numbers = range(bisect_left(breaks, edge_low), bisect_left(breaks, edge_high))
            for number, piece_day, totals in near:
                if number in numbers and first_day <= piece_day < stop_day:
                    _add(found[index], totals)
        return found

    @reporting_errors
    def reflections_by_day(self, selection: Selection) -> dict[str, int]:
        """Completed reflections in `selection` per local day (YYYY-MM-DD); days with none are left out."""
        found: dict[str, int] = {}
        for (_, day, _), wide in self._sums(selection, "day", counts_only=True, by_practitioner=False, by_kind=False).items():
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
        """Every tag on a completed reflection, with how many carry it, most used first.

        Every tag's count less the drafts' (a few): read from the tag index alone, where joining
        each tag to its reflection to ask whether it is a draft took 7 s at a million reflections.
        """
        with self._session() as session:
            every = session.execute(select(TAG.c.tag, func.count()).group_by(TAG.c.tag)).all()
            in_drafts = session.execute(
                select(TAG.c.tag, func.count())
                .join(REFLECTION, REFLECTION.c.id == TAG.c.reflection_id)
                .where(REFLECTION.c.is_draft.is_(True))
                .group_by(TAG.c.tag)
            ).all()
        drafts = {tag: count for tag, count in in_drafts}
        counted = [(tag, count - drafts.get(tag, 0)) for tag, count in every]
        return sorted(((tag, count) for tag, count in counted if count > 0), key=lambda item: (-item[1], item[0]))

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
        """How many reflections since `since`, and the practice answered Yes most often in them (from the rollup)."""
        counts, reflections = self._code_sums(Selection(start=since), lambda group: None, by_practitioner=False)
        yes = {key: total for (_, key, response), total in counts.items() if response == Response.YES.value}
        return WeekSummary(reflections=sum(reflections.values()), yes_by_question=yes)


def rollup_sums(size: int) -> list[Any]:
    """The sums of the rollup's first `size` count columns (the reflections, then four per slot)."""
    return list(rollup.ROLLUP_SUMS[:size])


def _add(into: list[int], more: Sequence[int]) -> None:
    for index, value in enumerate(more):
        into[index] += value
