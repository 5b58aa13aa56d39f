"""The SQLAlchemy engine over a reflect database: an SQLite file with the settings it relies on, or a
database on a PostgreSQL server with the same guarantees for writers and readers."""

from __future__ import annotations

import sqlite3

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import ArgumentError
from sqlmodel import create_engine

from reflect.server_url import Location, ServerURL
from reflect.store.errors import StoreError

BUSY_TIMEOUT_MS = 10_000


WRITE = {"reflect_write": True}
"""Execution options for a session that writes: it begins with the write lock held."""

WRITER_LOCK_SPACE = 0x7265666C  # "refl": the first key of the advisory lock, so that it is reflect's own


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


def _on_begin_on_server(connection: Connection) -> None:
    # What BEGIN IMMEDIATE gives on SQLite, on PostgreSQL: a writer first takes a lock that
    # every writer of the same role takes, and holds it until its transaction ends (a
    # transaction-level advisory lock, released by COMMIT or ROLLBACK, even by a lost
    # connection). The store relies on it where a writer reads and then writes on what it
    # read: the revision check on save (two windows saving one reflection: the second sees the
    # first's revision, never both the old one), the drafts, the team bundles' "newer bundle of
    # the period" and the settings. Writers stay at READ COMMITTED, so that each statement after
    # the lock sees everything committed before it. The lock is per database role, not for the
    # whole server: each practitioner writes only their own rows, so two practitioners never
    # wait for each other, as two SQLite files never did.
    # Readers take no lock and see one snapshot for the whole transaction (REPEATABLE READ, as
    # a read transaction in SQLite's WAL mode does), so a reflection and its answers, read in
    # several queries, always agree.
    if connection.get_execution_options().get("reflect_write", False):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_SPACE}, hashtext(current_user))")
    else:
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def make_server_engine(url: ServerURL) -> Engine:
    """An engine over a database on a PostgreSQL server: no PRAGMAs, no checkpoints (the server keeps its own log)."""
    from reflect.store.server import require_driver

    require_driver()
    try:
        # pool_pre_ping: a connection the server closed while the app sat idle is replaced, not failed on.
        engine = create_engine(url.driver_url(), pool_pre_ping=True)
    except (ValueError, ArgumentError) as error:  # SQLAlchemy's reading of the URL (several hosts, a bad port)
        raise StoreError(
            f"reflect cannot use {url} as a PostgreSQL URL ({url.hidden_in(str(error))}). Give one server, such as "
            "postgresql://you@db.example.org/reflect, or name a service file entry with ?service=NAME."
        ) from None
    event.listen(engine, "begin", _on_begin_on_server)
    return engine


def make_engine(location: Location, *, read_only: bool = False) -> Engine:
    """An engine over the database at `location`; `read_only`: one that never writes (read-only media included)."""
    if isinstance(location, ServerURL):
        return make_server_engine(location)
    path = location
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

        def _on_write_begins(connection: Connection) -> None:
            if connection.get_execution_options().get("reflect_write", False):
                checkpointer.writing()  # before its BEGIN IMMEDIATE (the listener below)

        def _on_commit(connection: Connection) -> None:
            if connection.get_execution_options().get("reflect_write", False):
                checkpointer.wrote()

        event.listen(engine, "begin", _on_write_begins)
        event.listen(engine, "commit", _on_commit)
        # Engine.dispose (Store.close) stops the background checkpoints and checkpoints what is left.
        event.listen(engine, "engine_disposed", lambda _engine: checkpointer.close())
    event.listen(engine, "begin", _on_begin)
    return engine
