"""What schema a database holds, read with the standard library only (psycopg alone for a server).

This runs on every start, so it must not import SQLAlchemy or Alembic: when the
schema is current (the common case) nothing else is needed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reflect.server_url import Location, ServerURL
from reflect.store.errors import StoreError

# Every Alembic revision this version of reflect ships, oldest first. The last is
# the head; a test checks this list against the migration scripts.
KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_flags_links_and_patterns",
    "0003_team_practitioners",
    "0004_reflection_revision",
    "0005_team_bundles_by_period",
    "0006_supervision_records",
    "0007_history_index",
    "0008_answer_rollup",
    "0009_history_filters",
    "0010_row_owners",
    "0011_history_text_index",
    "0012_text_index_merges_apart",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
SQLITE_HEADER = b"SQLite format 3\x00"
REFLECT_MARKER_TABLE = "reflection"
"""A table every version of reflect's schema has: without it, the database is someone else's."""
WORKSHOP_MARKER_TABLE = "workshop"
"""The table that makes a file a workshop's (reflect.workshop.store), never to be opened as reflections."""


def current_revision(path: Location) -> str | None:
    """The Alembic revision a database is at, or None for a new or empty file (or server database).

    Raises StoreError, with a message for the user, for anything reflect must not open.
    """
    if isinstance(path, ServerURL):
        from reflect.store.server import server_revision

        return server_revision(path, KNOWN_REVISIONS, REFLECT_MARKER_TABLE)
    try:
        return _read_revision(path)
    except OSError as error:  # a name too long, a folder we may not enter, ...
        raise StoreError(f"Cannot use {path}: {error.strerror}. Choose another path with --db.") from None


def _read_revision(path: Path) -> str | None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. Give a file path with --db.")
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise StoreError(f"Cannot read {path}: permission denied. Check the file's permissions.") from None
    if header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a reflect database (it is not an SQLite file). "
            "Choose another path with --db; the file was left unchanged."
        )
    # Without a WAL file beside it, read the file as immutable so that a refused database
    # is not left with empty -wal and -shm files; with one, read normally to see its contents.
    immutable = "" if path.with_name(path.name + "-wal").exists() else "&immutable=1"
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True, timeout=10)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not row[0].startswith("sqlite_")
            }
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in tables else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} could not be read as a database ({error}). The file was left unchanged.") from None
    if not tables - {"alembic_version"} and row is None:
        return None  # created but never given tables: as good as new
    if REFLECT_MARKER_TABLE not in tables and WORKSHOP_MARKER_TABLE in tables:
        raise StoreError(
            f"{path} is a workshop's database, not a practitioner's reflections. Open it with "
            f"`reflect workshop show --db {path}`; the file was left unchanged."
        )
    if REFLECT_MARKER_TABLE not in tables:
        raise StoreError(
            f"{path} is an SQLite database, but not one of reflect's. "
            "Choose another path with --db; the file was left unchanged."
        )
    revision: str | None = row[0] if row else None  # sqlite3 rows are untyped
    if revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"{path} was written by a newer version of reflect (schema {revision}). "
            "Upgrade reflect to open it; the database was left unchanged."
        )
    return revision
