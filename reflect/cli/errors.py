"""How a command ends: its exit codes, and the two errors a handler raises to stop with a message.

`main` (reflect.cli) turns them into the message and the exit code; handlers never exit themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""Ctrl+C, as a shell reports a process stopped by SIGINT (128 + 2)."""


class UsageError(Exception):
    """Bad arguments: exit code 2, with the command's name before the message."""


class Failure(Exception):
    """Something the user can fix that is not an argument (the database, say): exit code 1."""


@contextmanager
def failing_on(*errors: type[Exception]) -> Iterator[None]:
    """Turn these errors, whose messages are written for the practitioner, into a Failure (exit code 1)."""
    try:
        yield
    except errors as error:
        raise Failure(str(error)) from None


@contextmanager
def usage_on(*errors: type[Exception]) -> Iterator[None]:
    """Turn these errors, which say what was wrong with an argument, into a UsageError (exit code 2)."""
    try:
        yield
    except errors as error:
        raise UsageError(str(error)) from None
