"""Checking and creating the database file with the standard library only (cheap at start-up)."""

from __future__ import annotations

import os
from pathlib import Path

from reflect.server_url import Location, ServerURL
from reflect.store.errors import StoreError


def check_folder(path: Location) -> None:
    """A database the user named must be in a folder that exists: a typo never scatters databases.
    (A database on a server is in no folder: the server is asked when it is opened.)"""
    if isinstance(path, ServerURL):
        return
    if not path.parent.is_dir():
        raise StoreError(f"The folder {path.parent} does not exist. Create it first, or choose another path with --db.")


def database_exists(path: Location) -> bool:
    """Whether there is a database there yet: the file, or reflect's tables on the server (nothing is created)."""
    if isinstance(path, ServerURL):
        from reflect.store.schema import current_revision

        return current_revision(path) is not None
    return path.exists()


def prepare_file(path: Path, *, create_parent: bool) -> None:
    """Make sure the database file exists, owned by the user alone (0600, folder 0700)."""
    parent = path.parent
    if create_parent:
        parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    else:
        check_folder(path)
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise StoreError(f"{path} is read-only for you. Check its permissions, or choose another path with --db.")
        return
    # An empty file for SQLite to fill, not data: O_EXCL creation is already all-or-nothing,
    # so reflect.private_files (a temporary renamed into place) has nothing to add here.
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except PermissionError:
        raise StoreError(f"Cannot create a database in {parent}: permission denied. Choose a folder you can write to with --db.") from None
    except OSError as error:
        raise StoreError(f"Cannot create {path}: {error.strerror}. Choose another path with --db.") from None
    os.close(descriptor)


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens `path` for reading only, even on read-only media.

    A database in WAL mode needs its -shm file to be read; on media that cannot be written
    (a CD, a locked stick, a read-only share) none can be made, so when there is no -wal to
    read either, the file is opened as immutable: nobody can be changing it there.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not path.with_name(path.name + "-wal").exists() and not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    return uri


def file_identity(path: Location) -> tuple[int, int] | None:
    """The device and inode of the file at `path`, or None if there is none (a server's database is no
    file): which file it is, so that one erased or replaced since (`reflect erase`, a restore) is noticed."""
    if isinstance(path, ServerURL):
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino
