"""Reading and writing the files that carry reflections between machines and people.

Everything written is readable by its owner alone (0600) and lands whole (see
reflect.private_files), so no one ever opens half a file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reflect import private_files
from reflect.regular_files import NotARegularFile, read_regular_file

SQLITE_HEADER = b"SQLite format 3\x00"
MAX_INPUT_BYTES = 512 * 1024 * 1024


class FileProblem(Exception):
    """A file that cannot be read or written as asked; the message says why and what to do."""


def check_output(path: Path, *, database: Path | None = None) -> Path:
    """Refuse, before any work, an output that is a folder, in a missing folder, or a database."""
    path = path.expanduser()
    if path.is_dir():
        raise FileProblem(f"{path} is a folder. Give a file name, such as {path / 'reflections.json'}.")
    if not path.parent.is_dir():
        raise FileProblem(f"The folder {path.parent} does not exist. Create it first, or choose another --output.")
    if database is not None and path.exists() and path.resolve() == database.resolve():
        raise FileProblem(f"{path} is your database. Choose another file name for --output.")
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                raise FileProblem(f"{path} is a database; it was left as it was. Choose another file name for --output.")
    except (FileNotFoundError, IsADirectoryError):
        pass
    except PermissionError:
        raise FileProblem(f"Cannot write {path}: permission denied. Choose another --output.") from None
    return path


def write_private(path: Path, text: str | Iterable[str]) -> None:
    """Write `text` (UTF-8, whole or in pieces) to `path`, owner-only and all at once, replacing any file there."""
    try:
        private_files.write_private(path, text, advice="Choose another --output.")
    except private_files.PrivateFileError as error:
        raise FileProblem(str(error)) from None


def read_json(name: str, *, what: str, made_by: str = "export", again: str = "Copy or export it again.") -> Any:
    """The JSON in the file `name` ("-" for standard input); FileProblem if it cannot be read whole.

    `what` names the kind of file expected ("a reflect export"), `made_by` the command that makes
    one from a database, and `again` what to do about a file cut short, for the messages.
    """
    shown = "standard input" if name == "-" else name
    try:
        if name == "-":
            raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            path = Path(name).expanduser()
            if path.is_dir():
                raise FileProblem(f"{shown} is a folder, not {what}.")
            raw = read_regular_file(path, limit=MAX_INPUT_BYTES, shown=shown)
    except NotARegularFile as error:
        raise FileProblem(str(error)) from None
    except IsADirectoryError:
        raise FileProblem(f"{shown} is a folder, not {what}.") from None
    except FileNotFoundError:
        raise FileProblem(f"There is no file {shown}. Check the name and try again.") from None
    except PermissionError:
        raise FileProblem(f"Cannot read {shown}: permission denied.") from None
    except OSError as error:
        raise FileProblem(f"Cannot read {shown}: {error.strerror}.") from None
    return parse_json(raw, shown, what=what, made_by=made_by, again=again)


def parse_json(raw: bytes, shown: str, *, what: str, made_by: str = "export", again: str = "Copy or export it again.") -> Any:
    """The JSON in `raw`, the bytes read from `shown`; FileProblem, as `read_json` says, if it is not JSON."""
    if len(raw) > MAX_INPUT_BYTES:
        raise FileProblem(f"{shown} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB, too large to be {what}.")
    if raw.startswith(SQLITE_HEADER):
        raise FileProblem(f"{shown} is a database, not {what}. Make one from it with `reflect --db {shown} {made_by}`.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(f"{shown} is not {what}: it is not UTF-8 text.") from None
    if not text.strip():
        raise FileProblem(f"{shown} is empty, not {what}.")
    try:
        return json.loads(text)
    except RecursionError:
        raise FileProblem(f"{shown} is not {what}: its JSON is nested far too deeply.") from None
    except json.JSONDecodeError as error:
        if _cut_short(text) or error.pos >= len(text.rstrip()):
            raise FileProblem(f"{shown} ends before its JSON does: it was cut short. {again}") from None
        raise FileProblem(f"{shown} is not {what}: its JSON is broken at line {error.lineno}, column {error.colno} ({error.msg}).") from None
    except ValueError:  # a number of thousands of digits, which Python refuses to read
        raise FileProblem(f"{shown} is not {what}: it holds a number far too long to read.") from None


def _cut_short(text: str) -> bool:
    """Whether JSON text stops inside a string, object or list: the start of a file, not a broken one."""
    depth, in_string, escaped = 0, False, False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
        elif character in "]}":
            depth -= 1
    return in_string or depth > 0
