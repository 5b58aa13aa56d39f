"""Which database a command means, checked before any work, and opened for the length of a `with`.

Every handler that reads or writes a database goes through `opened_store` (a practitioner's
own) or `opened_team` (a supervisor's team database), so a store's refusal becomes the same
one-line message and exit code 1 everywhere, and the store is always closed.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.cli.errors import Failure, UsageError, failing_on

if TYPE_CHECKING:
    from reflect.server_url import Location
    from reflect.store import Store


def database(args: argparse.Namespace) -> tuple[Location, bool]:
    """The practitioner's database: --db, else $REFLECT_DB, else the user data folder's (True)."""
    from reflect.paths import database_path

    return database_path(getattr(args, "db", None))


def check_database(args: argparse.Namespace, *, reach_server: bool = True) -> tuple[Location, bool]:
    """Refuse an unusable database before anything is written (standard library only).

    Not `reach_server` (the app, whose first paint must not wait for a server): a server's URL is only
    checked for the driver here, and the app reads its revision once it has painted, refusing then as here.
    """
    from reflect.server_url import ServerURL
    from reflect.store import StoreError, check_folder, current_revision

    path, is_default = database(args)
    if isinstance(path, ServerURL) and not reach_server:
        if not _driver_installed():
            from reflect.store.server import DRIVER_MISSING

            raise Failure(DRIVER_MISSING)
        return path, is_default
    with failing_on(StoreError):
        current_revision(path)
        if not is_default:
            check_folder(path)
    return path, is_default


def _driver_installed() -> bool:
    """Whether psycopg is there to import (found, not imported: importing it takes longer than a frame)."""
    import importlib.util
    import sys

    if "psycopg" in sys.modules:
        return sys.modules["psycopg"] is not None  # None: marked as not importable
    return importlib.util.find_spec("psycopg") is not None


def database_exists(path: Location) -> bool:
    """Whether the database is there yet (a command that only reads never creates one)."""
    from reflect.store import StoreError
    from reflect.store import database_exists as exists

    with failing_on(StoreError):
        return exists(path)


READING_COMMANDS = frozenset({"list", "stats", "export", "report", "copy"})
"""Commands that only read the database: they open it read-only (so it can be read on read-only media)."""


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """The practitioner's database, open (created if need be) until the `with` ends.

    For a command that only reads, an existing database is opened read-only (see Store.open).
    """
    from reflect.store import StoreError
    from reflect.store.database import Store

    path, is_default = check_database(args)
    reading_only = getattr(args, "command", None) in READING_COMMANDS
    with failing_on(StoreError):
        store = Store.open(path, create_parent=is_default, reading_only=reading_only)
    try:
        with failing_on(StoreError):
            yield store
    finally:
        store.close()


def team_database(args: argparse.Namespace, *, must_exist: bool) -> Location:
    """The team database: always named with --db (never REFLECT_DB or your own database); a file, or a server's URL."""
    from reflect.server_url import location
    from reflect.store import StoreError, check_folder, current_revision

    given = getattr(args, "db", None)
    if not given:
        raise UsageError("Give the team database with --db, such as --db team.db (a file of its own, not your reflections).")
    path = location(given)
    with failing_on(StoreError):
        revision = current_revision(path)
        check_folder(path)
    if must_exist and (not path.exists() if isinstance(path, Path) else revision is None):
        raise Failure(f"There is no team database at {path} yet. Collect bundles into it with `reflect team --db {path} import BUNDLE...`.")
    return path


@contextmanager
def opened_team(path: Location) -> Iterator[Store]:
    """A team database, open until the `with` ends; one that is a practitioner's own is refused."""
    from reflect.store import StoreError, open_store

    with failing_on(StoreError):
        store = open_store(path, team=True)
    try:
        with failing_on(StoreError):
            yield store
    finally:
        store.close()
