"""Everything a practitioner's own database holds for them, table by table: counted, and erased.

`reflect erase` removes a file whole; a database on a PostgreSQL server stays (its owner is the
organisation), so erasing there deletes the practitioner's rows instead, in one transaction. It is
written as "delete what this store holds for its practitioner", never as dropping tables: with
row-level security a role's DELETE reaches only its own rows, and the schema stays for the next one.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select
from sqlmodel import SQLModel

from reflect.settings import PRACTITIONER_KEYS
from reflect.store.core import StoreCore
from reflect.store.engine import WRITE
from reflect.store.reporting import reporting_errors
from reflect.store.tables import StoreSettingRow

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
