"""Care of a practitioner's data: a backup, a health check, and erasing everything for good.

The store knows how to copy and examine a database (reflect.store.backup, reflect.store.health);
these are the use cases on top: where a backup goes by default, which files erasing removes, and
what became of each.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.server_url import Location
    from reflect.store import Store
    from reflect.store.health import Check


def back_up(database: Location, output: Path | None, now: datetime) -> Path:
    """A consistent copy of the database (readable by its owner alone) at `output`, or in the backups folder.

    Raises StoreError saying why there is no copy (a database on a PostgreSQL server: the server's backups are its copies).
    """
    from reflect.store.backup import backup, default_backup_path, file_to_copy

    db_path = file_to_copy(database)
    return backup(db_path, output if output is not None else default_backup_path(db_path, now))


def rebuild_figures(db_path: Location) -> int:
    """Work out again the sums the figures are read from (the answer rollup), from the reflections
    themselves; how many reflections they count. Raises StoreError if the database cannot be opened."""
    from reflect.store import open_store
    from reflect.store.health import is_team_database

    store = open_store(db_path, team=is_team_database(db_path))
    try:
        return store.rebuild_rollup()
    finally:
        store.close()


def check_health(db_path: Location, *, default_location: bool) -> list[Check]:
    """The checks `reflect doctor` reports: schema, integrity, figures, permissions, size, backups.

    `default_location`: the database is in reflect's own data folder, whose permissions are checked too.
    """
    from reflect.store.health import examine

    return examine(db_path, check_folder=default_location)


def files_to_erase(db_path: Path) -> list[Path]:
    """Everything erasing removes: the database with its -wal and -shm files, its backups (finished or
    not), recovered drafts."""
    from reflect.store.health import everything_of

    return everything_of(db_path)


SUMMARY_PATTERN = "supervision-summary-*.html"
"""The supervision summaries the app writes (reflect.services.reporting.summary_file_name): erase touches no other file there."""


def supervision_summaries() -> list[Path]:
    """The supervision summaries the app wrote into the reports folders: each may hold flagged notes in full.

    They are not tied to one database (the app writes them from whichever it has open), so erasing
    your own database removes them and erasing another one lists them with the command to remove them.
    """
    from reflect.paths import report_folders

    return sorted(path for folder in report_folders() if folder.is_dir() for path in folder.glob(SUMMARY_PATTERN) if path.is_file())


@contextmanager
def nobody_else_has_it(database: Location) -> Iterator[Path]:
    """Held while erasing, so that reflect cannot open the database meanwhile; gives the database file.

    Raises InUse (a StoreError) if reflect has it open in another window now: nothing is removed then.
    A database on a PostgreSQL server is not a file: erase_on_server removes what is yours there.
    """
    from reflect.store.in_use import nobody_has_it_open

    with nobody_has_it_open(database) as db_path:
        yield db_path


@dataclass
class Erased:
    """What erasing did: the files removed, and those that could not be, each with the reason."""

    removed: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """Each as "PATH (why)"."""


def _removed(files: list[Path]) -> Erased:
    """Remove each file (one already gone is no failure), saying which could not be and why."""
    erased = Erased()
    for file in files:
        try:
            file.unlink()
            erased.removed.append(file)
        except FileNotFoundError:
            pass
        except OSError as error:
            erased.failed.append(f"{file} ({error.strerror})")
    return erased


def erase(db_path: Path, files: list[Path]) -> Erased:
    """Remove the files (as listed by files_to_erase and supervision_summaries) and the folders that leaves empty."""
    from reflect.paths import report_folders
    from reflect.store.backup import backups_folder

    erased = _removed(files)
    for folder in (backups_folder(db_path), *report_folders()):
        try:
            folder.rmdir()  # only if empty: someone else's files stay
        except OSError:
            pass
    return erased


# On a PostgreSQL server -------------------------------------------------------------------------
# The database there is the organisation's and stays; what is the practitioner's goes: their rows,
# deleted in one transaction, and the recovery files reflect keeps for that database on this computer.


@dataclass
class HeldOnServer:
    """What erasing a database on a server would remove: its rows by table, and the recovery files here."""

    rows: dict[str, int]
    files: list[Path]


def held_on_server(store: Store) -> HeldOnServer:
    """What `reflect erase` would remove for the practitioner of `store`, a database on a server."""
    from reflect.paths import local_file_for
    from reflect.recovery import recovery_files
    from reflect.store.practitioner_data import held_rows

    return HeldOnServer(rows=held_rows(store), files=recovery_files(local_file_for(store.path)))


def erase_on_server(store: Store, files: list[Path]) -> tuple[dict[str, int], Erased]:
    """Delete every row `store` holds for its practitioner (one transaction: all or none), then the files.

    Raises StoreError if the rows could not be deleted; no file is removed then.
    """
    from reflect.store.practitioner_data import erase_practitioner_rows

    removed = erase_practitioner_rows(store)
    return removed, _removed(files)
