"""Looking at a test's database directly, the same way on an SQLite file and on a PostgreSQL server.

The store's tests check what it wrote (rows, tables, indexes) and make databases as earlier versions
wrote them (rows inserted at an old schema). SQL here is written with `?` for each parameter, as the
SQLite tests always were; on PostgreSQL each becomes a bound parameter too.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reflect.server_url import Location


def rows(db: Location, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """The rows `sql` selects from the database at `db`."""
    if isinstance(db, Path):
        connection = sqlite3.connect(db)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()
    from sqlalchemy import text

    from reflect.store.engine import make_engine

    numbers = itertools.count()
    statement = re.sub(r"\?", lambda _mark: f":p{next(numbers)}", sql)
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(statement), {f"p{index}": value for index, value in enumerate(params)})]
    finally:
        engine.dispose()


def insert_rows(db: Location, table: str, values: list[tuple[Any, ...]], columns: tuple[str, ...] | None = None) -> None:
    """Insert `values` into `table`, as an earlier version of reflect wrote them: on SQLite exactly as given
    (times as text, booleans as 0 and 1); on PostgreSQL as the columns' own types (times in UTC)."""
    named = f" ({', '.join(columns)})" if columns else ""
    if isinstance(db, Path):
        connection = sqlite3.connect(db)
        with connection:
            connection.executemany(f"INSERT INTO {table}{named} VALUES ({', '.join('?' for _ in values[0])})", values)
        connection.close()
        return
    from sqlalchemy import Boolean, DateTime, MetaData, Table

    from reflect.store.engine import make_engine

    engine = make_engine(db)
    try:
        with engine.begin() as connection:
            handle = Table(table, MetaData(), autoload_with=connection)
            names = columns or tuple(column.name for column in handle.columns)
            types = {column.name: column.type for column in handle.columns}

            def typed(name: str, value: Any) -> Any:
                if value is None:
                    return None
                if isinstance(types[name], Boolean):
                    return bool(value)
                if isinstance(types[name], DateTime) and isinstance(value, str):
                    return datetime.fromisoformat(value).replace(tzinfo=UTC)
                return value

            connection.execute(handle.insert(), [{name: typed(name, value) for name, value in zip(names, row)} for row in values])
    finally:
        engine.dispose()


def table_names(db: Location) -> set[str]:
    return _inspected(db, lambda inspector: set(inspector.get_table_names()))


def index_names(db: Location, table: str) -> set[str]:
    """The named indexes on `table`, those on an expression (lower(person_code)) included: SQLAlchemy's
    inspector leaves those out on SQLite, so there the catalogue is read."""
    if isinstance(db, Path):
        return {name for (name,) in rows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", table)}
    return _inspected(db, lambda inspector: {index["name"] for index in inspector.get_indexes(table)})


def _inspected(db: Location, look: Any) -> Any:
    from sqlalchemy import inspect

    from reflect.store.engine import make_engine

    engine = make_engine(db, read_only=isinstance(db, Path))
    try:
        with engine.connect() as connection:
            return look(inspect(connection))
    finally:
        engine.dispose()


SQLITE_FILE = "about the SQLite file itself (its bytes, permissions, side files or PRAGMAs): a server's database has none"


def execute(db: Location, *statements: str) -> None:
    """Run `statements` (no parameters) in one transaction, as another program changing the database would."""
    if isinstance(db, Path):
        connection = sqlite3.connect(db)
        with connection:
            for statement in statements:
                connection.execute(statement)
        connection.close()
        return
    from sqlalchemy import text

    from reflect.store.engine import make_engine

    engine = make_engine(db)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()
