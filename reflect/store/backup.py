"""Consistent copies of a database with SQLite's online backup API (standard library only).

A backup can be taken while the app is open and writing: SQLite copies a consistent
snapshot, page by page, and restarts if a write lands mid-copy. Copies are 0600 in a
0700 folder beside the database, so they are as private as the database itself.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from reflect.server_url import Location, ServerURL
from reflect.store.errors import StoreError

BACKUPS_FOLDER = "backups"
AUTOMATIC_KEPT = 5
"""Automatic backups (taken before a migration) kept per database; older ones are removed."""
AUTOMATIC_MARK = "-before-"
PARTIAL_SUFFIX = ".partial"
"""A copy still being written is `.NAME.partial` (hidden, and never ending .db), renamed to NAME when complete."""


def backups_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUPS_FOLDER


def backups_of(db_path: Path) -> list[Path]:
    """This database's backups in its backups folder, oldest first."""
    folder = backups_folder(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.db"), key=lambda path: (path.stat().st_mtime_ns, path.name))


def partial_backups(db_path: Path) -> list[Path]:
    """Copies a backup was still writing when it was stopped (killed, the power cut), with SQLite's journals.

    Each may be a near-complete copy of every note, so the doctor reports them and erase removes them.
    """
    folder = backups_folder(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f".{db_path.stem}-*.db{PARTIAL_SUFFIX}*"))


def default_backup_path(db_path: Path, now: datetime, *, before_revision: str | None = None) -> Path:
    """A new name in the backups folder: the time, and a number if that second already has one."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    middle = f"{AUTOMATIC_MARK}{before_revision}" if before_revision else ""
    candidate = backups_folder(db_path) / f"{db_path.stem}-{stamp}{middle}.db"
    number = 1
    while candidate.exists():
        number += 1
        candidate = backups_folder(db_path) / f"{db_path.stem}-{stamp}-{number}{middle}.db"
    return candidate


def file_to_copy(database: Location) -> Path:
    """The database file to back up; StoreError for a database on a PostgreSQL server, whose backups are the server's."""
    if isinstance(database, ServerURL):
        from reflect.store.server import BACKUPS_ARE_THE_SERVERS

        raise StoreError(BACKUPS_ARE_THE_SERVERS)
    return database


def backup(db_path: Path, output: Path) -> Path:
    """Copy the database at `db_path` to `output` (which must not exist yet), consistently, as 0600.

    Written to a temporary file beside `output` and renamed into place, so a copy that is
    interrupted never looks like a finished backup.
    """
    if not db_path.is_file():
        raise StoreError(f"There is no database at {db_path} yet, so there is nothing to back up.")
    if output.exists():
        raise StoreError(f"{output} already exists; choose another name, or move it away first.")
    if output.parent == backups_folder(db_path):
        try:
            output.parent.mkdir(mode=0o700, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"Could not make the backups folder {output.parent}: {_reason(error)}. "
                "Choose where the copy goes with --output. Nothing was changed."
            ) from None
    elif not output.parent.is_dir():
        raise StoreError(f"The folder {output.parent} does not exist. Create it first, or choose another --output.")
    # Not reflect.private_files.write_private: SQLite's backup API writes the copy itself, page by
    # page, so the same steps are taken here by hand. The partial file is created 0600 before
    # SQLite opens it, named so that nothing takes it for a backup, and removed (with any
    # journal SQLite left beside it) whatever goes wrong, an interruption included.
    partial = output.with_name(f".{output.name}{PARTIAL_SUFFIX}")
    try:
        descriptor = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.close(descriptor)
        os.chmod(partial, 0o600)  # an older partial file, reused by O_TRUNC, keeps its old mode
        source = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            target = sqlite3.connect(partial)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
            finally:
                target.close()
        finally:
            source.close()
        os.replace(partial, output)
    except BaseException as error:
        _remove_partial(partial)
        if not isinstance(error, (OSError, sqlite3.Error)):
            raise
        raise StoreError(f"Could not back up {db_path} to {output}: {_reason(error)}. Nothing was changed.") from None
    return output


def _reason(error: OSError | sqlite3.Error) -> str:
    """Why, as people read it: "Read-only file system" rather than "[Errno 30] ..."."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _remove_partial(partial: Path) -> None:
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def automatic_backup(db_path: Path, revision: str, now: datetime | None = None) -> Path:
    """A backup before migrating from `revision`; only the last AUTOMATIC_KEPT of these are kept."""
    made = backup(db_path, default_backup_path(db_path, now or datetime.now(), before_revision=revision))
    automatic = [path for path in backups_of(db_path) if AUTOMATIC_MARK in path.name]
    for old in automatic[:-AUTOMATIC_KEPT]:
        old.unlink(missing_ok=True)
    return made
