"""Reading a file someone named, refusing at once what is not a regular file. Standard library only.

Opening a named pipe for reading waits until something writes to it, and a device such as
/dev/zero never ends: a command given either would hang. The file is opened without waiting,
looked at, and read only if it is an ordinary file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotARegularFile(OSError):
    """The path names a pipe, a device or a socket; the message says which and what to do."""


KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}


def read_regular_file(path: Path, *, limit: int, shown: str | None = None) -> bytes:
    """Up to `limit` + 1 bytes of the file at `path` (so a caller can tell one that is too large).

    Raises NotARegularFile for a pipe, device or socket (IsADirectoryError for a folder), and
    the OSError of opening or reading it otherwise.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            kind = KINDS.get(stat.S_IFMT(mode), "not a file")
            raise NotARegularFile(
                f"{shown or path} is {kind}, not a regular file. Give the file itself"
                " (or - to read standard input, where the command takes it)."
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    finally:
        os.close(descriptor)
