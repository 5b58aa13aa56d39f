"""The sums behind patterns and the home screen: counts by kind, period, day and tag, the answer timeline, the week.

Each is summed by SQLite from the answer codes in `reflection.responses` (see derived.py),
never by loading reflections.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, cast, func, select

from reflect.model import Response, Selection
from reflect.store.core import StoreCore, in_offset
from reflect.store.derived import CODE_LETTERS, decode_responses
from reflect.store.reporting import reporting_errors
from reflect.store.sql import ANSWER, REFLECTION, TAG, selected

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


def _period_start(grain: str) -> Any:
    """SQL for the first local day (YYYY-MM-DD) of the day, week (from Monday), month, quarter
    or year that each reflection happened in."""
    day = REFLECTION.c.occurred_day
    if grain == "day":
        return day
    if grain == "week":
        return func.date(day, "-6 days", "weekday 1", type_=String)
    if grain == "month":
        return func.substr(day, 1, 8, type_=String) + "01"
    if grain == "quarter":
        month = cast(func.substr(day, 6, 2), Integer)
        return func.substr(day, 1, 5, type_=String) + func.printf("%02d-01", (month - 1) // 3 * 3 + 1, type_=String)
    if grain == "year":
        return func.substr(day, 1, 5, type_=String) + "01-01"
    raise ValueError(f"unknown grain {grain!r}; use one of {', '.join(GRAINS)}")


def _by_response(totals: Sequence[int]) -> tuple[int, int, int, int]:
    """One question's Yes, Partly, No and Not applicable counts (CODE_LETTERS has one letter per Response)."""
    yes, partly, no, not_applicable = totals
    return yes, partly, no, not_applicable


class Aggregates(StoreCore):
    """Counts and sums over the reflections in a selection."""

    @reporting_errors
    def count_reflections(self, selection: Selection) -> dict[str | None, int]:
        """Completed reflections in `selection`, counted by interaction kind (None: no kind given)."""
        with self._session() as session:
            rows = session.execute(
                select(REFLECTION.c.kind, func.count()).where(*selected(selection)).group_by(REFLECTION.c.kind)
            ).all()
        return {kind: count for kind, count in rows}

    @reporting_errors
    def response_counts(self, selection: Selection) -> dict[tuple[str | None, str, str], int]:
        """How often each response was given, keyed by (kind, question key, response).

        Questions left unanswered have no entry: "unanswered" is the number of reflections
        less the answers given. Summed from each reflection's answer code in one pass over
        the patterns index, never joined from the answer rows.
        """
        counts, _ = self._code_sums(selection, REFLECTION.c.kind)
        return counts

    @reporting_errors
    def counts_by_kind(self, selection: Selection) -> tuple[dict[tuple[str | None, str, str], int], dict[str | None, int]]:
        """response_counts and count_reflections together, from one pass over the patterns index."""
        return self._code_sums(selection, REFLECTION.c.kind)

    @reporting_errors
    def responses_by_period(
        self, selection: Selection, grain: str
    ) -> dict[str, tuple[int, dict[str, tuple[int, int, int, int]]]]:
        """Per period of `grain` (day, week, month, quarter or year), named by its first local
        day (YYYY-MM-DD): how many reflections there were, and per question key how many
        answered Yes, Partly, No and Not applicable. Periods without reflections are left out."""
        slots = self.slots
        letters = len(CODE_LETTERS)
        with self._session() as session:
            rows = session.execute(
                select(_period_start(grain), func.count(), *self._code_sum_columns())
                .where(*selected(selection))
                .group_by(_period_start(grain))
            ).all()
        # Kept as rows of numbers, not a dict entry per number: a ten-year weekly grid is 20,000 of them.
        return {
            period: (count, {key: _by_response(totals[i * letters : (i + 1) * letters]) for i, key in enumerate(slots)})
            for period, count, *totals in rows
        }

    def _code_sum_columns(self) -> list[Any]:
        """sum(response letter at slot = letter) for each slot and letter, built once per set of slots
        (building forty SQL expressions took longer than SQLite's sums on a year of reflections)."""
        if self._sum_columns is None or self._sum_columns[0] != self.slots:
            columns = [
                func.sum(func.substr(REFLECTION.c.responses, position, 1) == letter, type_=Integer)
                for position in range(1, len(self.slots) + 1)
                for letter in CODE_LETTERS.values()
            ]
            self._sum_columns = (self.slots, columns)
        return self._sum_columns[1]

    @reporting_errors
    def responses_by_practitioner(self) -> dict[str | None, tuple[int, dict[str, tuple[int, int, int, int]]]]:
        """In a team database, per practitioner id: how many completed reflections they shared, and
        per question key how many answered Yes, Partly, No and Not applicable (all kinds together).

        One grouped pass over the whole team. Practitioners with no completed reflections are left out.
        """
        slots = self.slots
        letters = len(CODE_LETTERS)
        with self._session() as session:
            rows = session.execute(
                select(REFLECTION.c.practitioner_id, func.count(), *self._code_sum_columns())
                .where(*selected(Selection()))
                .group_by(REFLECTION.c.practitioner_id)
            ).all()
        return {
            owner: (count, {key: _by_response(totals[i * letters : (i + 1) * letters]) for i, key in enumerate(slots)})
            for owner, count, *totals in rows
        }

    @reporting_errors
    def counts_by_practitioner(
        self,
    ) -> dict[str | None, tuple[dict[tuple[str | None, str, str], int], dict[str | None, int]]]:
        """In a team database: counts_by_kind for each practitioner's reflections, keyed by practitioner id.

        One pass over the reflections for the whole team; asking per practitioner read every
        reflection once per practitioner (the team view grew with the square of the team).
        Practitioners with no completed reflections are left out.
        """
        counts, reflections = self._code_sums(Selection(), REFLECTION.c.practitioner_id, REFLECTION.c.kind)
        found: dict[str | None, tuple[dict[tuple[str | None, str, str], int], dict[str | None, int]]] = {}
        for (practitioner, kind), count in reflections.items():
            found.setdefault(practitioner, ({}, {}))[1][kind] = count
        for ((practitioner, kind), key, response), total in counts.items():
            found[practitioner][0][(kind, key, response)] = total
        return found

    def _code_sums(self, selection: Selection, *groups: Any) -> tuple[dict[tuple[Any, str, str], int], dict[Any, int]]:
        """Per group: how many reflections gave each response to each question, and how many there were.

        With one group column a group is that column's value; with several, the tuple of their values.
        """
        with self._session() as session:
            found = session.execute(
                select(*groups, func.count(), *self._code_sum_columns()).where(*selected(selection)).group_by(*groups)
            ).all()
        rows: list[tuple[Any, ...]] = [tuple(row) for row in found] if len(groups) == 1 else [
            (tuple(row[: len(groups)]), *row[len(groups) :]) for row in found
        ]
        counts: dict[tuple[Any, str, str], int] = {}
        reflections: dict[Any, int] = {}
        columns = [(key, response.value) for key in self.slots for response in CODE_LETTERS]
        for group_value, count, *totals in rows:
            reflections[group_value] = count
            for (key, response), total in zip(columns, totals):
                if total:
                    counts[(group_value, key, response)] = total
        return counts, reflections

    @reporting_errors
    def reflections_by_day(self, selection: Selection) -> dict[str, int]:
        """Completed reflections in `selection` per local day (YYYY-MM-DD); days with none are left out."""
        day = REFLECTION.c.occurred_day
        with self._session() as session:
            rows = session.execute(select(day, func.count()).where(*selected(selection)).group_by(day)).all()
        return {found: count for found, count in rows}

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
