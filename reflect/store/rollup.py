"""The answer rollup: the completed reflections' answers summed per day, week and month, kept as they are written.

Every figure (Patterns, `reflect stats`, reports, the team view) is a sum over some period of
whole local days. Summing a million answer codes takes seconds; summing the rollup's rows for
the same days takes milliseconds, because a day, a week or a month of reflections is one row
per kind however many reflections it holds.

Kept in the same transaction as each write: `take_out` the reflections about to change or go,
write them, `put_in` the ones written. Both add to the stored counts in SQL (`count = count +
change`, through sql.upsert), never read a count into Python and write it back, so two windows
saving at once (each in its own BEGIN IMMEDIATE transaction) cannot lose either's change.
Drafts are never counted: the figures count completed reflections only.

The rollup's columns follow the slots of the answer code (see derived.py), and it is rebuilt
with the codes when the question order changes. Only portable SQL (substr, sum, CASE, count,
coalesce, UNION ALL) is used here, so that the same code runs on SQLite and PostgreSQL; the
calendar (which week or month a day is in) is worked out in Python.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Integer, and_, bindparam, delete, func, insert, literal, literal_column, or_, select, union_all

from reflect.model import Selection
from reflect.store.derived import CODE_LETTERS
from reflect.store.sql import ANSWER_ROLLUP, REFLECTION, WIDEST_OFFSET, selected, upsert, utc_midnight
from reflect.store.tables import OWNER, ROLLUP_SLOTS

SPANS = ("day", "week", "month")
NONE = ""
"""The kind, or practitioner, of a reflection that has none (a key column cannot hold NULL)."""
LETTERS = tuple(CODE_LETTERS.values())
"""y, p, n, x: the letters of the answer code, in the order of the rollup's columns for each slot."""
ANSWER_COLUMNS = tuple(f"{letter}{slot}" for slot in range(1, ROLLUP_SLOTS + 1) for letter in LETTERS)
COUNT_COLUMNS = ("reflections", *ANSWER_COLUMNS)
KEY_COLUMNS = ("span", "practitioner", "period", "kind")
INSERT_CHUNK = 500

Key = tuple[str, str, str, str]
"""span, practitioner, first day of the period, kind."""
Group = tuple[str | None, str, str | None]
"""practitioner (None: your own), first day of the period ('' when not by period), kind (None: none given)."""


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
    return date(found.year + found.month // 12, found.month % 12 + 1, 1).isoformat()


def _add(into: list[int], more: Sequence[int]) -> None:
    for index, value in enumerate(more):
        into[index] += value


# Writing ---------------------------------------------------------------------------------


def _code_counts(code: str, sign: int) -> list[int]:
    """One reflection's row of the rollup: itself, and its answer in each slot."""
    counts = [sign] + [0] * len(ANSWER_COLUMNS)
    for index, letter in enumerate(code[:ROLLUP_SLOTS]):
        if letter in LETTERS:
            counts[1 + index * len(LETTERS) + LETTERS.index(letter)] = sign
    return counts


def _changes(rows: Iterable[tuple[str | None, str, str | None, str]], sign: int) -> dict[Key, list[int]]:
    """What the reflections (practitioner, local day, kind, answer code) add to the rollup (or take from it: `sign` -1)."""
    changes: dict[Key, list[int]] = {}
    for practitioner, day, kind, code in rows:
        if not day:
            continue  # never derived (a database mid-upgrade): the rebuild that follows counts it
        counts = _code_counts(code, sign)
        for span in SPANS:
            _add(changes.setdefault((span, practitioner or NONE, span_start(day, span), kind or NONE), [0] * len(counts)), counts)
    return changes


def _apply(connection: Connection, changes: dict[Key, list[int]]) -> None:
    # In the order of their keys, whoever writes: two writers that change the same rows at once
    # and lock them in different orders (one saving Monday then Tuesday, the other Tuesday then
    # Monday) deadlock, and the server fails one. Fifty roles saving into one database on a server
    # did, before each role's rows were kept apart by their owner. A change of nothing locks nothing.
    rows = [dict(zip(KEY_COLUMNS, key)) | dict(zip(COUNT_COLUMNS, counts)) for key, counts in sorted(changes.items()) if any(counts)]
    upsert(connection, ANSWER_ROLLUP, rows, (*KEY_COLUMNS, OWNER), lambda excluded: {
        column: ANSWER_ROLLUP.c[column] + excluded[column] for column in COUNT_COLUMNS
    })  # fmt: skip


def _counted(connection: Connection, condition: Any) -> list[tuple[str | None, str, str | None, str]]:
    found = connection.execute(
        select(REFLECTION.c.practitioner_id, REFLECTION.c.occurred_day, REFLECTION.c.kind, REFLECTION.c.responses).where(
            REFLECTION.c.is_draft.is_(False), condition
        )
    )
    return [(row[0], row[1], row[2], row[3]) for row in found]


def take_out(connection: Connection, condition: Any) -> None:
    """Take the stored reflections matching `condition` out of the rollup: call before they are rewritten or deleted."""
    _apply(connection, _changes(_counted(connection, condition), -1))


def counted_out(connection: Connection, condition: Any) -> dict[Key, list[int]]:
    """What the stored reflections matching `condition` count for now, to take out (`put_in`'s
    `replacing`) once they are rewritten: one change of the rollup for both, in one order."""
    return _changes(_counted(connection, condition), -1)


def put_in(connection: Connection, condition: Any, *, replacing: dict[Key, list[int]] | None = None) -> None:
    """Add the stored reflections matching `condition` to the rollup: call once they are written
    (`replacing`: what they counted for before, from counted_out, taken out in the same change)."""
    changes = _changes(_counted(connection, condition), 1)
    for key, counts in (replacing or {}).items():
        _add(changes.setdefault(key, [0] * len(counts)), counts)
    _apply(connection, changes)


def _code_sum_columns(width: int) -> tuple[Any, ...]:
    # Written out as SQL text rather than built of SQLAlchemy's elements: forty CASE expressions,
    # each of five elements with three bound values, were most of the time of the first figures in
    # a process (building and compiling them: 100 ms, where the database's sums took a few), and
    # `reflect stats` and the Patterns screen each start in a fresh one. Portable: substr, CASE
    # and sum mean the same on SQLite and PostgreSQL; the letters are the code's own constants.
    return tuple(
        literal_column(f"sum(CASE WHEN substr(reflection.responses, {position}, 1) = '{letter}' THEN 1 ELSE 0 END)", Integer)
        for position in range(1, width + 1)
        for letter in LETTERS
    )


@functools.cache
def _rollup_code_sums() -> tuple[Any, ...]:
    # Built whole and then kept (functools.cache): two threads asking at once (the home screen's week
    # and the Patterns worker) each get a complete list, never one whose columns the other extended.
    return _code_sum_columns(ROLLUP_SLOTS)


def code_sums(width: int) -> list[Any]:
    """Portable SQL: for each of the first `width` slots and each letter, how many of the grouped
    reflections gave that answer (built once: building them took longer than small sums)."""
    if width <= ROLLUP_SLOTS:
        return list(_rollup_code_sums()[: width * len(LETTERS)])
    return list(_code_sum_columns(width))


def rebuild(connection: Connection) -> None:
    """Make the rollup again from the reflection rows, in the caller's transaction.

    The database sums the answer codes per practitioner, day, kind and owner (a few thousand rows
    however many reflections); Python adds those into weeks and months. Each row keeps the owner of
    the reflections it sums, written out: a role that passes by row-level security (a table's owner)
    rebuilding a team database must not make every practitioner's sums its own.
    """
    connection.execute(delete(ANSWER_ROLLUP))
    groups = (REFLECTION.c.practitioner_id, REFLECTION.c.occurred_day, REFLECTION.c.kind, REFLECTION.c[OWNER])
    found = connection.execute(
        select(*groups, func.count(), *code_sums(ROLLUP_SLOTS)).where(REFLECTION.c.is_draft.is_(False)).group_by(*groups)
    )
    longer: dict[tuple[Key, str], list[int]] = {}
    pending: list[dict[str, Any]] = []
    for practitioner, day, kind, writer, *totals in found:
        if not day:
            continue
        counts = [int(value or 0) for value in totals]
        owner, group = practitioner or NONE, kind or NONE
        pending.append(dict(zip(KEY_COLUMNS, ("day", owner, day, group))) | {OWNER: writer} | dict(zip(COUNT_COLUMNS, counts)))
        for span in SPANS[1:]:
            _add(longer.setdefault(((span, owner, span_start(day, span), group), writer), [0] * len(counts)), counts)
        if len(pending) >= INSERT_CHUNK:
            connection.execute(insert(ANSWER_ROLLUP), pending)
            pending = []
    pending += [dict(zip(KEY_COLUMNS, key)) | {OWNER: writer} | dict(zip(COUNT_COLUMNS, counts)) for (key, writer), counts in longer.items()]
    for start in range(0, len(pending), INSERT_CHUNK):
        connection.execute(insert(ANSWER_ROLLUP), pending[start : start + INSERT_CHUNK])


# Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Days:
    """A range of whole local days [first, stop) (YYYY-MM-DD) the rollup answers for; None: unbounded that side."""

    first: str | None
    stop: str | None

    def pieces(self, span: str) -> list[tuple[str, str | None, str | None]]:
        """(span, first, stop) ranges of rollup rows that together cover exactly these days: whole
        spans of `span` where they fit, single days at either end where they don't."""
        if span == "day":
            return [("day", self.first, self.stop)]
        inner_first = self.first
        if self.first is not None and span_start(self.first, span) != self.first:
            inner_first = next_span(span_start(self.first, span), span)
        inner_stop = None if self.stop is None else span_start(self.stop, span)
        if inner_first is not None and inner_stop is not None and inner_first >= inner_stop:
            return [("day", self.first, self.stop)]
        pieces: list[tuple[str, str | None, str | None]] = [(span, inner_first, inner_stop)]
        if self.first is not None and inner_first != self.first:
            pieces.append(("day", self.first, inner_first))
        if self.stop is not None and inner_stop != self.stop:
            pieces.append(("day", inner_stop, self.stop))
        return pieces


@dataclass(frozen=True)
class Plan:
    """How the rollup answers a selection: its whole days, plus the reflections near an instant
    bound, read from the rows (`edges`: "low" or "high", with the day before which, or from
    which, they are read, and the instant that bounds that read in the index)."""

    days: Days
    edges: list[tuple[str, tuple[str, datetime]]]

    @property
    def path(self) -> str:
        if not self.edges:
            return "the rollup"
        return f"the rollup and {len(self.edges)} scan{'' if len(self.edges) == 1 else 's'} of the days at an instant bound"


def plan(selection: Selection, width: int) -> Plan | None:
    """The rollup's share of `selection`, or None when only the row scan can answer it.

    A bound given as a whole day is a bound on the local day the rollup is kept by. A bound that
    is an instant (the presets: "the last 3 months" ends now) splits the period: the days whose
    every reflection lies inside it, whatever clock it was written on (no clock is a day or more
    from UTC), come from the rollup; the day or two nearest the instant are read from the rows.
    A tag the rollup cannot answer at all, nor more questions than it has columns for.
    """
    if selection.tag is not None or width > ROLLUP_SLOTS:
        return None
    edges: list[tuple[str, tuple[str, datetime]]] = []
    first: date | None = selection.start_day
    if first is None and selection.start is not None:
        start = selection.start.astimezone(UTC)
        # The first UTC midnight at or after the instant, and a day more.
        first = start.date() + (WIDEST_OFFSET if start > utc_midnight(start.date()) else timedelta()) + WIDEST_OFFSET
        edges.append(("low", (first.isoformat(), utc_midnight(first) + WIDEST_OFFSET)))
    stop: date | None = selection.end_day
    if stop is None and selection.end is not None:
        stop = selection.end.astimezone(UTC).date() - WIDEST_OFFSET  # a day before the UTC day the instant is in
        edges.append(("high", (stop.isoformat(), utc_midnight(stop) - WIDEST_OFFSET)))
    if first is not None and stop is not None and first >= stop:
        return None  # a day or two: the rows are as quick
    return Plan(Days(first.isoformat() if first else None, stop.isoformat() if stop else None), edges)


ROLLUP_SUMS = tuple(literal_column(f"sum(answer_rollup.{column})", Integer) for column in COUNT_COLUMNS)
"""The sums of the rollup's count columns, as SQL text (built and compiled at once: see _code_sum_columns)."""
_STATEMENTS: dict[tuple[Any, ...], Any] = {}
"""Statements by their shape, built once and run with the values as parameters: building and
keying a statement of forty sums took longer than the database's sums over a month of rows."""
_AT = REFLECTION.c.occurred_at


def _instant(name: str) -> Any:
    return bindparam(name, type_=_AT.type)  # compared as the column stores times (UTC text in SQLite)


def _rollup_part(pieces: Sequence[tuple[str, bool, bool]], span: str | None, width: int, by_kind: bool, by_practitioner: bool,
                 kept: tuple[bool, bool]) -> Any:  # fmt: skip
    table = ANSWER_ROLLUP.c
    ranges = []
    for index, (piece_span, has_first, has_stop) in enumerate(pieces):
        bounds = [table.span == piece_span]
        if has_first:
            bounds.append(table.period >= bindparam(f"piece{index}_first"))
        if has_stop:
            bounds.append(table.period < bindparam(f"piece{index}_stop"))
        ranges.append(and_(*bounds))
    conditions: list[Any] = [or_(*ranges)]
    if by_kind:
        conditions.append(table.kind == bindparam("kind"))
    if by_practitioner:
        conditions.append(table.practitioner == bindparam("practitioner"))
    columns = [table.practitioner if kept[0] else literal(NONE), table.period if span else literal(""), table.kind if kept[1] else literal(NONE)]
    groups = [column for column, keep in ((table.practitioner, kept[0]), (table.period, bool(span)), (table.kind, kept[1])) if keep]
    statement = select(*columns, *ROLLUP_SUMS[: 1 + width * len(LETTERS)]).select_from(ANSWER_ROLLUP).where(*conditions)
    return statement.group_by(*groups) if groups else statement


def _edge_part(bounds: tuple[str | None, str | None, bool, bool], edge: str, span: str | None, width: int, kept: tuple[bool, bool]) -> Any:
    """The rows of the day or two beside an instant bound (`edge` "low" or "high"), with the
    selection's own conditions (`bounds`: how it starts and ends, whether by kind, by practitioner).

    The instants are given as one range, `{edge}_from` to `{edge}_to`, worked out in Python
    (see _edge_range): given the period's bounds and the edge's as two ranges, SQLite sought the
    index by one pair of them, the whole period's, and read every row of it (50 ms of the
    12-month figures at a million reflections) to keep the day or two beside the bound.
    """
    starts, ends, by_kind, by_practitioner = bounds
    conditions: list[Any] = [REFLECTION.c.is_draft.is_(False), _AT >= _instant(f"{edge}_from"), _AT < _instant(f"{edge}_to")]
    if starts == "day":
        conditions.append(REFLECTION.c.occurred_day >= bindparam("start_day"))
    if ends == "day":
        conditions.append(REFLECTION.c.occurred_day < bindparam("end_day"))
    if by_kind:
        conditions.append(REFLECTION.c.kind == bindparam("kind"))
    if by_practitioner:
        conditions.append(REFLECTION.c.practitioner_id == bindparam("practitioner"))
    if edge == "low":
        conditions.append(REFLECTION.c.occurred_day < bindparam("low_day"))
    else:
        conditions.append(REFLECTION.c.occurred_day >= bindparam("high_day"))
    return _rows_select(span, width, conditions, kept)


def _edge_range(selection: Selection, edge: str, at: datetime) -> tuple[datetime, datetime]:
    """The instants an edge's rows lie between: the selection's own bounds narrowed by the edge's
    (a low edge is only made for a start at an instant, a high one for an end at an instant; a
    bound given as a day counts before one given as an instant, as in sql.selected)."""
    if edge == "low":
        assert selection.start is not None
        end = _end_day_at(selection) if selection.end_day is not None else selection.end
        return selection.start, at if end is None else min(at, end)
    assert selection.end is not None
    start = _start_day_at(selection) if selection.start_day is not None else selection.start
    return at if start is None else max(at, start), selection.end


def _start_day_at(selection: Selection) -> datetime | None:
    """The earliest instant a reflection of the selection's first day can have (on any clock)."""
    return None if selection.start_day is None else utc_midnight(selection.start_day) - WIDEST_OFFSET


def _end_day_at(selection: Selection) -> datetime | None:
    """The instant after which no reflection of a day before the selection's end day can lie (on any clock)."""
    return None if selection.end_day is None else utc_midnight(selection.end_day) + WIDEST_OFFSET


def _rows_select(span: str | None, width: int, conditions: list[Any], kept: tuple[bool, bool]) -> Any:
    """The rows' sums in the rollup part's shape (`kept`: whether by practitioner, by kind)."""
    owner = func.coalesce(REFLECTION.c.practitioner_id, NONE) if kept[0] else literal(NONE)
    kind = func.coalesce(REFLECTION.c.kind, NONE) if kept[1] else literal(NONE)
    day = REFLECTION.c.occurred_day if span else literal("")
    groups = [column for column, keep in ((REFLECTION.c.practitioner_id, kept[0]), (REFLECTION.c.occurred_day, bool(span)),
                                          (REFLECTION.c.kind, kept[1])) if keep]  # fmt: skip
    statement = select(owner, day, kind, func.count(), *code_sums(width)).select_from(REFLECTION).where(*conditions)
    return statement.group_by(*groups) if groups else statement


def _statement(selection: Selection, chosen: Plan, span: str | None, width: int, kept: tuple[bool, bool]) -> tuple[Any, dict[str, Any]]:
    """The one statement that sums `selection` by `chosen`, and its parameters."""
    pieces = chosen.days.pieces(span or "month")
    by_kind, by_practitioner = selection.kind is not None, selection.practitioner is not None
    starts = "day" if selection.start_day is not None else "instant" if selection.start is not None else None
    ends = "day" if selection.end_day is not None else "instant" if selection.end is not None else None
    edges = tuple(edge for edge, _ in chosen.edges)
    shape = (span, width, tuple((piece, first is not None, stop is not None) for piece, first, stop in pieces), by_kind, by_practitioner,
             starts, ends, edges, kept)  # fmt: skip
    statement = _STATEMENTS.get(shape)
    if statement is None:
        parts = [_rollup_part(shape[2], span, width, by_kind, by_practitioner, kept)]
        parts += [_edge_part((starts, ends, by_kind, by_practitioner), edge, span, width, kept) for edge in edges]
        statement = _STATEMENTS[shape] = union_all(*parts) if len(parts) > 1 else parts[0]
    values: dict[str, Any] = {"kind": selection.kind, "practitioner": selection.practitioner}
    for index, (_, first, stop) in enumerate(pieces):
        values[f"piece{index}_first"], values[f"piece{index}_stop"] = first, stop
    if selection.start_day is not None:
        values["start_day"] = selection.start_day.isoformat()
    if selection.end_day is not None:
        values["end_day"] = selection.end_day.isoformat()
    for edge, (day, at) in chosen.edges:
        values[f"{edge}_day"] = day
        values[f"{edge}_from"], values[f"{edge}_to"] = _edge_range(selection, edge, at)
    return statement, values


def sums(
    connection: Connection, selection: Selection, span: str | None, width: int, *, by_practitioner: bool = True, by_kind: bool = True
) -> dict[Group, list[int]]:
    """Per Group: the completed reflections in `selection`, then Yes, Partly, No and Not applicable
    for each of the first `width` slots; `width` 0 counts the reflections alone.

    `span` day, week or month: grouped by the first day of each; None: not by period. Not
    `by_practitioner` or not `by_kind`: those added together (the Group holds None). From the
    rollup and the rows beside an instant bound, in one statement; or, when the rollup cannot
    answer (see plan), from the rows alone.
    """
    chosen = plan(selection, width)
    kept = (by_practitioner, by_kind)
    if chosen is None:
        found_rows = connection.execute(_rows_select(span, width, selected(selection), kept))
    else:
        statement, values = _statement(selection, chosen, span, width, kept)
        found_rows = connection.execute(statement, values)
    found: dict[Group, list[int]] = {}
    for owner, period, kind, *totals in found_rows:
        group = (owner or None, span_start(period, span) if span else "", kind or None)
        _add(found.setdefault(group, [0] * len(totals)), [int(value or 0) for value in totals])
    return found
