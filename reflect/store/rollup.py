"""The answer rollup: the completed reflections' answers summed per day, week and month, kept as they are written.

Every figure (Patterns, `reflect stats`, reports, the team view) is a sum over some period of
whole local days. Summing a million answer codes takes seconds; summing the rollup's rows for
the same days takes milliseconds, because a day, a week or a month of reflections is one row
per kind and question however many reflections it holds.

Kept in the same transaction as each write: `take_out` the reflections about to change or go,
write them, `put_in` the ones written. Both add to the stored counts in SQL (`count = count +
change`, through sql.upsert), never read a count into Python and write it back, so two windows
saving at once (each in its own BEGIN IMMEDIATE transaction) cannot lose either's change.
Drafts are never counted: the figures count completed reflections only.

The rollup is made for the question order of the answer codes ("slots", see derived.py) and
rebuilt with them. Only portable SQL (substr, sum, CASE, count) is used here, so that the same
code runs on SQLite and PostgreSQL; the calendar (which week or month a day is in) is worked
out in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, case, delete, func, insert, select

from reflect.store.derived import CODE_LETTERS
from reflect.store.sql import ANSWER_ROLLUP, REFLECTION, upsert

SPANS = ("day", "week", "month")
COUNTED = ""
"""The question of the row that counts the reflections themselves."""
NONE = ""
"""The kind, or practitioner, of a reflection that has none (a key column cannot hold NULL)."""
LETTERS = tuple(CODE_LETTERS.values())
"""y, p, n, x: the letters of the answer code, in the order of the rollup's columns."""
COUNT_COLUMNS = ("reflections", "yes", "partly", "no", "not_applicable")
KEY_COLUMNS = ("span", "practitioner", "period", "kind", "question")
INSERT_CHUNK = 2000

Key = tuple[str, str, str, str, str]
"""span, practitioner, first day of the period, kind, question."""
Wide = list[int]
"""One group's counts: the reflections, then Yes, Partly, No, Not applicable for each slot in order."""


def span_start(day: str, span: str) -> str:
    """The first local day of the day, week (from Monday) or month that `day` (YYYY-MM-DD) is in."""
    if span == "day":
        return day
    if span == "month":
        return day[:8] + "01"
    found = date.fromisoformat(day)
    return (found - timedelta(days=found.weekday())).isoformat()


def next_span(start: str, span: str) -> str:
    """The first day of the span after the one starting on `start`."""
    found = date.fromisoformat(start)
    if span == "day":
        return (found + timedelta(days=1)).isoformat()
    if span == "week":
        return (found + timedelta(days=7)).isoformat()
    return (date(found.year + found.month // 12, found.month % 12 + 1, 1)).isoformat()


def _changes(rows: Iterable[tuple[str | None, str, str | None, str]], slots: Sequence[str], sign: int) -> dict[Key, list[int]]:
    """What the reflections (practitioner, local day, kind, answer code) add to the rollup (or take from it: `sign` -1)."""
    changes: dict[Key, list[int]] = {}
    for practitioner, day, kind, code in rows:
        if not day:
            continue  # never derived (a database mid-upgrade): the rebuild that follows counts it
        owner, group = practitioner or NONE, kind or NONE
        for span in SPANS:
            period = span_start(day, span)
            changes.setdefault((span, owner, period, group, COUNTED), [0] * 5)[0] += sign
            for key, letter in zip(slots, code):
                if letter in LETTERS:
                    changes.setdefault((span, owner, period, group, key), [0] * 5)[1 + LETTERS.index(letter)] += sign
    return changes


def _apply(connection: Connection, changes: dict[Key, list[int]]) -> None:
    rows = [dict(zip(KEY_COLUMNS, key)) | dict(zip(COUNT_COLUMNS, counts)) for key, counts in changes.items() if any(counts)]
    upsert(connection, ANSWER_ROLLUP, rows, KEY_COLUMNS, lambda excluded: {
        column: ANSWER_ROLLUP.c[column] + excluded[column] for column in COUNT_COLUMNS
    })  # fmt: skip


def _counted(connection: Connection, condition: Any) -> list[tuple[str | None, str, str | None, str]]:
    found = connection.execute(
        select(REFLECTION.c.practitioner_id, REFLECTION.c.occurred_day, REFLECTION.c.kind, REFLECTION.c.responses).where(
            REFLECTION.c.is_draft.is_(False), condition
        )
    )
    return [(row[0], row[1], row[2], row[3]) for row in found]


def take_out(connection: Connection, condition: Any, slots: Sequence[str]) -> None:
    """Take the stored reflections matching `condition` out of the rollup: call before they are rewritten or deleted."""
    _apply(connection, _changes(_counted(connection, condition), slots, -1))


def put_in(connection: Connection, condition: Any, slots: Sequence[str]) -> None:
    """Add the stored reflections matching `condition` to the rollup: call once they are written."""
    _apply(connection, _changes(_counted(connection, condition), slots, 1))


def code_sums(slots: Sequence[str]) -> list[Any]:
    """Portable SQL: for each slot and letter, how many of the grouped reflections gave that answer."""
    return [
        func.sum(case((func.substr(REFLECTION.c.responses, position, 1) == letter, 1), else_=0))
        for position in range(1, len(slots) + 1)
        for letter in LETTERS
    ]


def rebuild(connection: Connection, slots: Sequence[str]) -> None:
    """Make the rollup again from the reflection rows, in the caller's transaction.

    SQL sums the answer codes per practitioner, day and kind (a few thousand rows however many
    reflections); Python adds those into weeks and months.
    """
    connection.execute(delete(ANSWER_ROLLUP))
    groups = (REFLECTION.c.practitioner_id, REFLECTION.c.occurred_day, REFLECTION.c.kind)
    found = connection.execute(
        select(*groups, func.count(), *code_sums(slots)).where(REFLECTION.c.is_draft.is_(False)).group_by(*groups)
    )
    longer: dict[Key, list[int]] = {}
    pending: list[dict[str, Any]] = []
    for practitioner, day, kind, count, *totals in found:
        if not day:
            continue
        for span in SPANS:
            for question, counts in _unpivot(count, totals, slots):
                key = (span, practitioner or NONE, span_start(day, span), kind or NONE, question)
                if span == "day":  # each group is one day: its rows are whole already
                    pending.append(dict(zip(KEY_COLUMNS, key)) | dict(zip(COUNT_COLUMNS, counts)))
                else:
                    kept = longer.setdefault(key, [0] * 5)
                    for index, value in enumerate(counts):
                        kept[index] += value
        if len(pending) >= INSERT_CHUNK:
            connection.execute(insert(ANSWER_ROLLUP), pending)
            pending = []
    pending += [dict(zip(KEY_COLUMNS, key)) | dict(zip(COUNT_COLUMNS, counts)) for key, counts in longer.items()]
    for start in range(0, len(pending), INSERT_CHUNK):
        connection.execute(insert(ANSWER_ROLLUP), pending[start : start + INSERT_CHUNK])


def _unpivot(count: int, totals: Sequence[int], slots: Sequence[str]) -> Iterator[tuple[str, list[int]]]:
    """A group's wide sums as the rollup's rows: the count, then one row per slot answered at all."""
    yield COUNTED, [count, 0, 0, 0, 0]
    letters = len(LETTERS)
    for index, key in enumerate(slots):
        given = [int(value or 0) for value in totals[index * letters : (index + 1) * letters]]
        if any(given):
            yield key, [0, *given]


# Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Days:
    """A range of whole local days [first, stop) the rollup answers for; None: unbounded that side."""

    first: str | None
    stop: str | None

    def pieces(self, span: str) -> list[tuple[str, str | None, str | None]]:
        """(span, first, stop) ranges of rollup rows that together cover exactly these days: whole
        spans of `span` where they fit, single days at either end where they don't."""
        if span == "day":
            return [("day", self.first, self.stop)]
        inner_first = self.first if self.first is None or span_start(self.first, span) == self.first else next_span(span_start(self.first, span), span)
        inner_stop = None if self.stop is None else span_start(self.stop, span)
        if inner_first is not None and inner_stop is not None and inner_first >= inner_stop:
            return [("day", self.first, self.stop)]
        pieces = [(span, inner_first, inner_stop)]
        if self.first is not None and inner_first != self.first:
            pieces.append(("day", self.first, inner_first))
        if self.stop is not None and inner_stop != self.stop:
            pieces.append(("day", inner_stop, self.stop))
        return pieces


def read_wide(
    connection: Connection,
    days: Days,
    span: str,
    slots: Sequence[str],
    *,
    kind: str | None = None,
    practitioner: str | None = None,
    counts_only: bool = False,
) -> dict[tuple[str, str, str], Wide]:
    """The rollup's sums over `days`, per (practitioner, first day of the `span`, kind), as wide rows.

    `kind`, `practitioner`: only theirs. `counts_only`: only the reflections are counted (the
    rest of each row stays 0), read from the one row per group that counts them.
    """
    position = {key: 1 + index * len(LETTERS) for index, key in enumerate(slots)}
    table = ANSWER_ROLLUP.c
    found: dict[tuple[str, str, str], Wide] = {}
    width = 1 + len(slots) * len(LETTERS)
    for piece_span, first, stop in days.pieces(span):
        conditions: list[Any] = [table.span == piece_span]
        if first is not None:
            conditions.append(table.period >= first)
        if stop is not None:
            conditions.append(table.period < stop)
        if kind is not None:
            conditions.append(table.kind == kind)
        if practitioner is not None:
            conditions.append(table.practitioner == practitioner)
        if counts_only:
            conditions.append(table.question == COUNTED)
        rows = connection.execute(
            select(table.practitioner, table.period, table.kind, table.question, *(table[c] for c in COUNT_COLUMNS)).where(*conditions)
        )
        for owner, period, group, question, reflections, yes, partly, no, not_applicable in rows:
            wide = found.setdefault((owner, span_start(period, span) if piece_span != span else period, group), [0] * width)
            if question == COUNTED:
                wide[0] += reflections
            elif (at := position.get(question)) is not None:
                wide[at] += yes
                wide[at + 1] += partly
                wide[at + 2] += no
                wide[at + 3] += not_applicable
    return found
