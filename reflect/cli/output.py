"""Where a command writes its result: a file given with --output (checked before any work), or standard output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.cli.errors import failing_on
from reflect.display import encodes_all_text

if TYPE_CHECKING:
    from reflect.server_url import Location


def output_file(args: argparse.Namespace, database: Location | None) -> Path | None:
    """--output as a path checked before any work (None: standard output); never the database file itself."""
    from reflect.exchange.files import FileProblem, check_output

    if not args.output.strip() or args.output == "-":
        return None
    with failing_on(FileProblem):
        checked = check_output(Path(args.output), database=database if isinstance(database, Path) else None)
    return checked


def write_output(path: Path | None, text: str | Iterable[str]) -> None:
    """Write to the file, readable by its owner alone, or to standard output for None.

    `text` may come in pieces (an export, read from the store as it is written).
    """
    from reflect.exchange.files import FileProblem, write_private

    if path is None:
        pieces = [text] if isinstance(text, str) else text
        if encodes_all_text(sys.stdout) or not hasattr(sys.stdout, "buffer"):
            for piece in pieces:
                sys.stdout.write(piece)
        else:
            # The formats are UTF-8 by definition: a locale that cannot show a character must not change the data.
            sys.stdout.flush()
            for piece in pieces:
                sys.stdout.buffer.write(piece.encode("utf-8"))
            sys.stdout.buffer.flush()
        return
    with failing_on(FileProblem):
        write_private(path, text)
