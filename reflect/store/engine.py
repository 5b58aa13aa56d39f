"""The SQLAlchemy engine over a reflect database, with the SQLite settings it relies on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, event
from sqlmodel import create_engine

BUSY_TIMEOUT_MS = 10_000


WRITE = {"reflect_write": True}
"""Execution options for a session that writes: it begins with the write lock held."""


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # reflect issues BEGIN itself (below) rather than leaving it to the sqlite3 module.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # No checkpoint inside a commit (it made one save in a thousand wait most of a second on a
    # large database): reflect.store.checkpoint does it in the background and on close.
    cursor.execute("PRAGMA wal_autocheckpoint = 0")
    # A deleted reflection (or an earlier version of a draft) is overwritten, not left in free pages.
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.close()


def _on_connect_read_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # As _on_connect, less what would write: the journal mode stays whatever the file has.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    # A writer takes the write lock up front (BEGIN IMMEDIATE), so it waits its turn under
    # the busy timeout: with a deferred BEGIN, two windows that both read and then write
    # can deadlock, and SQLite fails one at once. Readers never block anyone in WAL mode.
    writes = connection.get_execution_options().get("reflect_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine over the database at `path`; `read_only`: one that never writes (read-only media included)."""
    if read_only:
        from reflect.store.files import read_only_uri

        uri = read_only_uri(path)
        # The URL still names the file, so SQLAlchemy pools connections as for any file database.
        engine = create_engine(
            f"sqlite:///{path}",
            creator=lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False),
        )
        event.listen(engine, "connect", _on_connect_read_only)
    else:
        from reflect.store.checkpoint import Checkpointer

        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_connect)
        checkpointer = Checkpointer(path)

        def _on_commit(connection: Connection) -> None:
            if connection.get_execution_options().get("reflect_write", False):
                checkpointer.wrote()

        event.listen(engine, "commit", _on_commit)
        # Engine.dispose (Store.close) stops the background checkpoints and checkpoints what is left.
        event.listen(engine, "engine_disposed", lambda _engine: checkpointer.close())
    event.listen(engine, "begin", _on_begin)
    return engine
