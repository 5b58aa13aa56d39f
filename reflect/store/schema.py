"""What schema a database file holds, read with the standard library only.

This runs on every start, so it must not import SQLAlchemy or Alembic: when the
schema is current (the common case) nothing else is needed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reflect.store.errors import StoreError

# Every Alembic revision this version of reflect ships, oldest first. The last is
# the head; a test checks this list against the migration scripts.
KNOWN_REVISIONS: tuple[str, ...] = ("0001_initial",)
HEAD_REVISION = KNOWN_REVISIONS[-1]
SQLITE_HEADER = b"SQLite format 3\x00"


def current_revision(path: Path) -> str | None:
    """The Alembic revision a database is at, or None for a new or empty file.

    Raises StoreError, with a message for the user, for anything reflect must not open.
    """
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
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise StoreError(
                    f"{path} is an SQLite database, but not one of reflect's. "
                    "Choose another path with --db; the file was left unchanged."
                )
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} could not be read as a database ({error}). The file was left unchanged.") from None
    revision = row[0] if row else None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"{path} was written by a newer version of reflect (schema {revision}). "
            "Upgrade reflect to open it; the database was left unchanged."
        )
    return revision
