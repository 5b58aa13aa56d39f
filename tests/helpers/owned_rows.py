"""Rows of a role in every one of reflect's tables, and every row a role owns, read back whole.

For the tests of erasing a role's rows: `a_row_in_every_table` writes, as the role itself, one row in
each table of reflect's schema (taken from the metadata, so that a table added later gets one too),
each child pointing at the parent row it wrote; `owned_everywhere` reads, as the superuser, every
column of every row the role owns in every table that has an owner column (found in the database's
own catalogue, so that nothing is missed because the metadata forgot it).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

OVERRIDES = {"reflection": {"is_draft": True}}
"""A made-up reflection is a draft: drafts are never summed, so the figures stay equal to a rebuild."""


def _value(column: Any) -> Any:
    from sqlalchemy import TypeDecorator

    kind = (column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type).python_type
    if kind is bool:
        return False
    if kind is int:
        return 1
    if kind is datetime:
        return datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    if kind is str:
        made = str(uuid.uuid4())
        length = getattr(column.type, "length", None)
        return made[:length] if length else made
    raise AssertionError(f"no made-up value for {column.table.name}.{column.name} ({column.type})")


def a_row_in_every_table(url: str) -> dict[str, int]:
    """One row in each of reflect's tables, written through a plain connection as the role `url` names.

    Columns with a default are left to it (the owner among them, so the database says whose the row
    is), save the keys; a foreign key takes the value of the parent row written before it."""
    from sqlalchemy import create_engine, insert
    from sqlmodel import SQLModel

    import reflect.store.supervision_tables  # noqa: F401  (its tables join the metadata when imported)
    import reflect.store.tables  # noqa: F401
    from reflect.server_url import ServerURL
    from reflect.store.tables import OWNER

    written: dict[str, dict[str, Any]] = {}
    engine = create_engine(ServerURL(url).driver_url())
    try:
        with engine.begin() as connection:
            for table in SQLModel.metadata.sorted_tables:
                row: dict[str, Any] = {}
                for column in table.columns:
                    if column.name == OWNER:
                        continue
                    parents = [key.column for key in column.foreign_keys]
                    if parents:
                        row[column.name] = written[parents[0].table.name][parents[0].name]
                    elif column.primary_key or (not column.nullable and column.default is None and column.server_default is None):
                        row[column.name] = _value(column)
                row |= OVERRIDES.get(table.name, {})
                connection.execute(insert(table).values(row))
                written[table.name] = row
    finally:
        engine.dispose()
    return {name: 1 for name in written}


def owner_tables(superuser_url: str) -> list[str]:
    """Every table of the database's schema with an owner column, from the catalogue."""
    import psycopg

    with psycopg.connect(superuser_url, autocommit=True) as connection:
        return [
            str(row[0]) for row in connection.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'owner'"
                " ORDER BY table_name"
            )
        ]  # fmt: skip


def owned_everywhere(superuser_url: str, role: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every column of every row `role` owns, by table (every table with an owner column), each table's rows in order."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(superuser_url, autocommit=True) as connection:
        return {
            table: [
                tuple(row) for row in connection.execute(
                    sql.SQL("SELECT * FROM {} AS t WHERE owner = %s ORDER BY t::text").format(sql.Identifier(table)), (role,)
                )
            ]
            for table in owner_tables(superuser_url)
        }  # fmt: skip
