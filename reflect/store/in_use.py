"""Knowing whether a database is open somewhere: a shared lock every open store holds, which erasing tests for.

Each open store (the app in any window, a command) holds a shared `flock` on a small lock
file beside the database; `reflect erase` takes it exclusively, without waiting, before it
lists anything, so it refuses while reflect is open anywhere and no window can go on to
claim a save into a deleted file. The lock is on a file of its own, not the database:
SQLite's own locks are POSIX record locks, which a process loses on closing *any* descriptor
of the file, so reflect never opens and closes the database file beside SQLite's.

Where there is no `fcntl` (Windows), or the lock file cannot be made (read-only media, which
nothing can erase anyway), there is no lock and erasing behaves as it did before. Standard
library only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reflect.server_url import Location, ServerURL
from reflect.store.errors import StoreError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]  # no locks there: checked before every use

LOCK_SUFFIX = "-lock"


class InUse(StoreError):
    """The database is open in another window (or being erased): the other side must finish first."""


def lock_file(db_path: Path) -> Path:
    """The lock file beside the database (created 0600 when a store opens it)."""
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def _open_lock_file(db_path: Path) -> int | None:
    path = lock_file(db_path)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        try:
            return os.open(path, os.O_RDONLY)  # a lock needs no writing: someone else's folder, or read-only media
        except OSError:
            return None


def _still_named(descriptor: int, path: Path) -> bool:
    """Whether the lock file held open is still the one at `path` (the last to close it removes it)."""
    try:
        held, named = os.fstat(descriptor), os.stat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


class OpenLock:
    """The shared lock an open store holds until it is closed."""

    def __init__(self, descriptor: int | None, path: Path | None = None) -> None:
        self._descriptor = descriptor
        self._path = path

    def release(self) -> None:
        """Let go; the last store to close removes the lock file, so none is left beside a closed database."""
        if self._descriptor is None:
            return
        assert fcntl is not None  # a descriptor is only ever held where there are locks
        try:
            # Exclusive at once only if no other store holds it; one opening now finds the file gone
            # (or no longer named) when it has its lock, and makes a new one.
            fcntl.flock(self._descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if self._path is not None and _still_named(self._descriptor, self._path):
                self._path.unlink(missing_ok=True)
        except OSError:
            pass  # another store has it open: it stays for them
        os.close(self._descriptor)  # closing it releases the lock
        self._descriptor = None


def hold_open(db_path: Path) -> OpenLock:
    """The shared lock for an open store; InUse if `reflect erase` is removing this database right now."""
    if fcntl is None:
        return OpenLock(None)
    for _attempt in range(10):
        descriptor = _open_lock_file(db_path)
        if descriptor is None:
            return OpenLock(None)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise InUse(f"reflect erase is removing {db_path} in another window; nothing was opened.") from None
        except OSError:
            return OpenLock(descriptor)  # a file system without locks: open without one, as before
        if _still_named(descriptor, lock_file(db_path)):
            return OpenLock(descriptor, lock_file(db_path))
        os.close(descriptor)  # removed by the last store to close while this one waited: take the new one
    return OpenLock(None)


@contextmanager
def nobody_has_it_open(database: Location) -> Iterator[Path]:
    """Held exclusively for the `with`, so that reflect cannot open the database meanwhile; InUse if it is open now.

    Gives the database file. A database on a PostgreSQL server has no such lock: erasing there deletes
    rows in the writers' own transaction (reflect.store.practitioner_data), so it is refused here.
    """
    if isinstance(database, ServerURL):
        raise StoreError(f"{database} is on a PostgreSQL server, where there is no file to hold: erase deletes its rows instead.")
    db_path = database
    path = lock_file(db_path)
    descriptor = _open_lock_file(db_path) if fcntl is not None and db_path.parent.is_dir() else None
    if descriptor is None:
        yield db_path
        return
    held = False
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held = True
        except BlockingIOError:
            raise InUse("reflect is open in another window: close it there first; nothing was removed.") from None
        except OSError:
            pass
        yield db_path
    finally:
        if held and _still_named(descriptor, path):
            path.unlink(missing_ok=True)  # made only to be held: nothing is left behind
        os.close(descriptor)
