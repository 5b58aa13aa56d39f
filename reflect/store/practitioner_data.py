"""Everything a practitioner's own database holds for them, table by table: counted, carried to another
database (`reflect copy`, beside the reflections an import writes), and erased.

`reflect erase` removes a file whole; a database on a PostgreSQL server stays (its owner is the
organisation), so erasing there deletes the practitioner's rows instead, in one transaction. It is
written as "delete what this store holds for its practitioner", never as dropping tables: with
row-level security a role's DELETE reaches only its own rows, and the schema stays for the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, delete, func, insert, select
from sqlmodel import SQLModel

from reflect.settings import PRACTITIONER_KEYS
from reflect.store.core import StoreCore
from reflect.store.engine import WRITE
from reflect.store.reporting import reporting_errors
from reflect.store.tables import OWNER, StoreSettingRow

SETTINGS_TABLE = StoreSettingRow.__tablename__


def _tables_children_first() -> list[Any]:
    # Children before their parents, so that nothing relies on ON DELETE CASCADE (off in SQLite by default).
    return [table for table in reversed(SQLModel.metadata.sorted_tables) if table.name != SETTINGS_TABLE]


@reporting_errors
def held_rows(store: StoreCore) -> dict[str, int]:
    """How many rows each table holds that has any (the practitioner's settings counted under store_setting)."""
    counts: dict[str, int] = {}
    with store.engine.connect() as connection:
        for table in _tables_children_first():
            counted = int(connection.execute(select(func.count()).select_from(table)).scalar_one())
            if counted:
                counts[table.name] = counted
        settings = SQLModel.metadata.tables[SETTINGS_TABLE]
        own = int(connection.execute(select(func.count()).select_from(settings).where(settings.c.key.in_(PRACTITIONER_KEYS))).scalar_one())
        if own:
            counts[SETTINGS_TABLE] = own
    return counts


@reporting_errors
def erase_practitioner_rows(store: StoreCore) -> dict[str, int]:
    """Delete every row this store holds for its practitioner, in one transaction: their reflections
    with answers, tags and links, feedback, revalidation accounts, and their settings (those of the
    database itself, such as the answer codes' question order, stay). Returns the rows removed, by table."""
    removed: dict[str, int] = {}
    with store.engine.execution_options(**WRITE).begin() as connection:
        for table in _tables_children_first():
            gone = cast(CursorResult[Any], connection.execute(delete(table))).rowcount
            if gone:
                removed[table.name] = gone
        settings = SQLModel.metadata.tables[SETTINGS_TABLE]
        gone = cast(CursorResult[Any], connection.execute(delete(settings).where(settings.c.key.in_(PRACTITIONER_KEYS)))).rowcount
        if gone:
            removed[SETTINGS_TABLE] = gone
    return removed


CARRIED_TABLES = ("feedback", "feedback_comment", "feedback_action", "revalidation_account")
"""What a copy carries beside the reflections and settings, parents first (comments and accounts name
reflections, which the same transaction has written by then)."""


@dataclass
class CarriedRows:
    """The rows of CARRIED_TABLES read from one database, to be written into another (few: a feedback a
    supervision session, an account or two a year)."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)
    """After `write`: how many of each table's rows were new there."""

    def write(self, connection: Connection) -> None:
        """Insert each row whose primary key the destination does not hold yet (so a second copy adds none)."""
        for name in CARRIED_TABLES:
            table, wanted = SQLModel.metadata.tables[name], self.rows.get(name, [])
            if not wanted:
                continue
            key = list(table.primary_key.columns)
            held = {tuple(row) for row in connection.execute(select(*key))}
            new = [row for row in wanted if tuple(row[column.name] for column in key) not in held]
            if new:
                connection.execute(insert(table), new)
            self.written[name] = len(new)


def _without_owner(row: Any) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name != OWNER}


@reporting_errors
def rows_to_carry(store: StoreCore) -> CarriedRows:
    """The feedback (with its comments and actions) and revalidation accounts `store` holds, read whole."""
    with store.engine.connect() as connection:
        return CarriedRows(
            # Without their owner: the destination says whose they are there (the role writing them).
            {name: [_without_owner(row._mapping) for row in connection.execute(select(SQLModel.metadata.tables[name]))] for name in CARRIED_TABLES}
        )
