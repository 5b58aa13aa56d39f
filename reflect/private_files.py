"""Writing a file only its owner can read (0600), whole or not at all. Standard library only.

Every owner-only file reflect writes (exports, reports, settings, recovery files, a trainer's
vignettes) goes through `write_private`: the data is written to a hidden temporary name in
the same folder (".NAME.RANDOM.partial", which no reader of NAME ever looks for), created
0600 so it is never readable by others even for a moment, flushed to the disk, and renamed
over NAME in one step. Whatever fails, the temporary is removed and NAME is as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

DEFAULT_ADVICE = "Choose another place for it."


class PrivateFileError(OSError):
    """An owner-only file could not be written, and nothing was left behind.

    `str(error)` says what went wrong and what to do; `strerror` is the system's reason
    alone (such as "No space left on device"), for callers that phrase their own message.
    It is an OSError, so code that catches OSError around a write keeps working.
    """

    def __init__(self, message: str, path: Path, reason: str, code: int | None = None) -> None:
        super().__init__(code, reason, str(path))
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


def write_private(path: Path, data: str | bytes | Iterable[str], *, advice: str = DEFAULT_ADVICE, replace: bool = True) -> Path:
    """Write `data` (text as UTF-8, newlines as given) to `path`, owner-only and all at once.

    `data` may be text in pieces (an export read as it is written): they are written one at
    a time, and the file still appears whole or not at all.

    `advice`: what to tell the user to do if the file cannot be created there (such as
    "Choose another --output."). `replace`: whether a file already at `path` may be
    replaced; if not, one there (even one that appears while writing) is left untouched
    and PrivateFileError says so. Returns `path`, with `~` expanded.
    """
    path = path.expanduser()
    try:
        payloads: Iterable[bytes]
        if isinstance(data, str):
            payloads = [data.encode("utf-8")]
        elif isinstance(data, bytes):
            payloads = [data]
        else:
            payloads = _encoded(data)
    except UnicodeEncodeError:
        raise _not_text(path) from None
    if not replace and path.exists():
        raise _exists(path, advice)
    try:
        # mkstemp creates the file O_EXCL and 0600: unique, and never readable by others.
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    except PermissionError as error:
        raise PrivateFileError(
            f"Cannot write in {path.parent}: permission denied. {advice}", path, str(error.strerror), error.errno
        ) from None
    except OSError as error:
        raise PrivateFileError(f"Cannot write {path}: {error.strerror}. {advice}", path, str(error.strerror), error.errno) from None
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for payload in payloads:
                handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            _place_without_replacing(temporary, path)
    except FileExistsError:
        _remove(temporary)
        raise _exists(path, advice) from None
    except UnicodeEncodeError:
        _remove(temporary)
        raise _not_text(path) from None
    except BaseException as error:  # KeyboardInterrupt too: never leave a partial file behind
        _remove(temporary)
        if not isinstance(error, OSError):
            raise
        raise PrivateFileError(
            f"Cannot write {path}: {error.strerror}. Nothing was written.", path, str(error.strerror), error.errno
        ) from None
    _sync_folder(path.parent)
    return path


def _encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    for piece in pieces:
        yield piece.encode("utf-8")


def _not_text(path: Path) -> PrivateFileError:
    return PrivateFileError(
        f"Cannot write {path}: it holds characters that are not valid text. Nothing was written.",
        path,
        "characters that are not valid text",
    )


def _exists(path: Path, advice: str) -> PrivateFileError:
    return PrivateFileError(f"{path} already exists; it was left as it was. {advice}", path, "file exists", errno.EEXIST)


def _place_without_replacing(temporary: Path, path: Path) -> None:
    """Give the finished file its name only if nothing has that name; FileExistsError if something does."""
    try:
        os.link(temporary, path)  # atomic, and refuses an existing name
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: check, then rename (a tiny window, not a partial file).
        if path.exists():
            raise FileExistsError(errno.EEXIST, "file exists", str(path)) from None
        os.replace(temporary, path)
        return
    _remove(temporary)


def _remove(temporary: Path) -> None:
    try:
        temporary.unlink(missing_ok=True)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (not on Windows); best effort."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
