"""Turning a database failure into a StoreError whose message tells the practitioner what to do."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from reflect.server_url import Location
from reflect.store.errors import StoreError


class HasPath(Protocol):
    """Anything with the database file's path (a Store and each family of its methods)."""

    path: Location


P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound=HasPath)

PLAIN_REASONS = {
    "database or disk is full": "the disk is full. Free some space",
    "attempt to write a readonly database": "the file is read-only. Check its permissions (reflect doctor says how)",
    "database is locked": "another program kept it busy for too long. Close other reflect windows",
    "disk I/O error": "the disk reported an error. Check the disk, and run reflect doctor",
    "database disk image is malformed": "the file is damaged. Run reflect doctor to see how to restore a backup",
    "server closed the connection unexpectedly": "the PostgreSQL server closed the connection. Check that it is running",
    "could not receive data from server": "the PostgreSQL server stopped answering. Check that it is running",
    "permission denied for": "your database role may not change this. Ask your organisation's administrator",
    "violates row-level security policy": (
        "it names reflections this database holds as another practitioner's, which your role may not change. Leave them out"
    ),
}
"""SQLite's messages (and a PostgreSQL server's), and what they mean for the practitioner."""


def explained(path: Location, reason: str) -> str:
    """The message for SQLite's (or the PostgreSQL server's) `reason` when using the database at `path`."""
    reason = " ".join(reason.split())  # the server's messages run over several lines
    for message, plain in PLAIN_REASONS.items():
        if message in reason:
            return f"Could not save to {path}: {plain}, then try again. Nothing was changed in the database."
    return f"Could not use {path}: {reason}"


def reporting_errors(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Turn a database failure (locked, disk full, unreadable) or text SQLite cannot take into a StoreError."""

    @functools.wraps(method)
    def wrapper(store: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(store, *args, **kwargs)
        except SQLAlchemyError as error:
            raise StoreError(explained(store.path, str(getattr(error, "orig", error)))) from None
        except UnicodeEncodeError:
            raise StoreError("The reflection holds characters that are not valid text, so nothing was written. Retype them.") from None

    return wrapper
