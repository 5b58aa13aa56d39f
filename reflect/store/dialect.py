"""The few places where SQLite and PostgreSQL need different SQL, behind one switch.

Everything else the store writes is portable SQLAlchemy. Nothing outside reflect.store asks
which engine a database is on.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, inspect
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def on_postgresql(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def upsert_into(connection: Connection, table: Table) -> Any:
    """An INSERT into `table` that can take `.on_conflict_do_update(...)` (with `.excluded`) on this engine.

    Each dialect has its own construct with the same methods; neither compiles on the other.
    """
    if on_postgresql(connection):
        # Imported only on PostgreSQL: SQLAlchemy's PostgreSQL dialect (and the drivers it knows)
        # is a tenth of a second to import, on every command run against a file.
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    return sqlite_insert(table)


def table_names(connection: Connection) -> set[str]:
    """The tables of reflect's schema that exist (SQLite's own and PostgreSQL's catalogues left out)."""
    return set(inspect(connection).get_table_names())


def local_day_sql(connection: Connection) -> str:
    """SQL for the local date (YYYY-MM-DD) a reflection happened on, from its UTC instant and offset."""
    if on_postgresql(connection):
        return "to_char((occurred_at AT TIME ZONE 'UTC') + occurred_offset_minutes * interval '1 minute', 'YYYY-MM-DD')"
    return "date(occurred_at, printf('%+d minutes', occurred_offset_minutes))"
