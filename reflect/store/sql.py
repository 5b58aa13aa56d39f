"""The tables as SQLAlchemy Core handles, and the small SQL pieces every family of store methods shares.

Core handles rather than ORM objects: the store reads and writes tens of thousands of rows at a
time, and plain rows are many times quicker to build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, case, select
from sqlmodel import SQLModel

from reflect.model import Response, Selection
from reflect.store.dialect import upsert_into
from reflect.store.tables import (
    OWNER,
    AnswerRollupRow,
    AnswerRow,
    CommitmentQuestionRow,
    ConnectingRole,
    PractitionerRow,
    ReflectionRow,
    StoreSettingRow,
    TagRow,
    TeamBundleRow,
)


def core_table(row: type[SQLModel]) -> Table:
    """The Core table SQLModel built for `row` (the `__table__` it sets, which its types do not declare)."""
    name = row.__tablename__
    assert isinstance(name, str)  # every row class in reflect.store.tables names its table with a string
    return row.metadata.tables[name]


REFLECTION = core_table(ReflectionRow)
ANSWER = core_table(AnswerRow)
TAG = core_table(TagRow)
COMMITMENT_QUESTION = core_table(CommitmentQuestionRow)
PRACTITIONER = core_table(PractitionerRow)
SETTING = core_table(StoreSettingRow)
TEAM_BUNDLE = core_table(TeamBundleRow)
ANSWER_ROLLUP = core_table(AnswerRollupRow)
RESPONSES = {response.value: response for response in Response}
IN_CHUNK = 500
"""Ids per `IN (...)` list, well inside SQLite's limit on parameters."""


def chunks(items: list[str]) -> Iterable[list[str]]:
    """`items` in lists short enough for one `IN (...)`."""
    for start in range(0, len(items), IN_CHUNK):
        yield items[start : start + IN_CHUNK]


def read_setting(connection: Connection, key: str) -> str | None:
    """A value from store_setting, None if it was never set.

    On a shared server a role may see two rows of a key: its own, and the database's (owner '',
    written by the administrator): its own wins. Another role's is never read, row-level security or not.
    """
    owner = SETTING.c[OWNER]
    chosen = (
        select(SETTING.c.value)
        .where(SETTING.c.key == key, owner.in_([ConnectingRole(), ""]))
        .order_by(case((owner == ConnectingRole(), 0), else_=1))
        .limit(1)
    )
    return connection.execute(chosen).scalar_one_or_none()


def upsert(
    connection: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    updates: Callable[[Any], Mapping[str, Any]],
) -> None:
    """Insert `rows` into `table`, or where a row with the same `keys` is there, update it with
    `updates(excluded)` (a mapping of column to value; `excluded` holds the incoming row's values).
    A table keyed with its owner names OWNER among `keys` without giving it in `rows`: the database
    fills it with the role writing (reflect.store.tables.ConnectingRole).

    The one place that picks the dialect's INSERT ... ON CONFLICT DO UPDATE (SQLite's or
    PostgreSQL's, the same statement in both), so that nothing else writes dialect SQL.
    """
    if not rows:
        return
    statement = upsert_into(connection, table)
    connection.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=dict(updates(statement.excluded))), list(rows))


def write_setting(connection: Connection, key: str, value: str) -> None:
    """Set a value in store_setting, replacing any held under `key`."""
    upsert(connection, SETTING, [{"key": key, "value": value}], ["key", OWNER], lambda excluded: {"value": excluded.value})


WIDEST_OFFSET = timedelta(days=1)
"""No clock is a day or more from UTC, so a local day lies within a day either side of that date in UTC."""


def utc_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def selected(selection: Selection, *, drafts: bool = False) -> list[Any]:
    """The conditions for the reflections in `selection`: completed ones only, unless `drafts`.

    A bound given as a day compares the stored local day (occurred_day); the instant a day
    either side of it bounds occurred_at too, which changes nothing chosen but lets SQLite seek
    in the patterns index (led by occurred_at) rather than read all of it.
    """
    conditions: list[Any] = [] if drafts else [REFLECTION.c.is_draft.is_(False)]
    if selection.start_day is not None:
        conditions += [
            REFLECTION.c.occurred_day >= selection.start_day.isoformat(),
            REFLECTION.c.occurred_at >= utc_midnight(selection.start_day) - WIDEST_OFFSET,
        ]
    elif selection.start is not None:
        conditions.append(REFLECTION.c.occurred_at >= selection.start)
    if selection.end_day is not None:
        conditions += [
            REFLECTION.c.occurred_day < selection.end_day.isoformat(),
            REFLECTION.c.occurred_at < utc_midnight(selection.end_day) + WIDEST_OFFSET,
        ]
    elif selection.end is not None:
        conditions.append(REFLECTION.c.occurred_at < selection.end)
    if selection.kind is not None:
        conditions.append(REFLECTION.c.kind == selection.kind)
    if selection.tag is not None:
        conditions.append(
            select(TAG.c.reflection_id)
            .where(TAG.c.reflection_id == REFLECTION.c.id, TAG.c.tag == selection.tag)
            .exists()
        )
    if selection.practitioner is not None:
        conditions.append(REFLECTION.c.practitioner_id == selection.practitioner)
    return conditions
