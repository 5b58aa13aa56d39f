"""`reflect copy --to DEST`: a practitioner's reflections copied into another database, file or server."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.cli.database import check_database, database_exists, opened_store
from reflect.cli.errors import EXIT_OK, Failure, UsageError, failing_on
from reflect.display import visible

if TYPE_CHECKING:
    from reflect.server_url import Location
    from reflect.services.moving import Copied
    from reflect.store import Store

MIX_OPTION = "--mix-practitioners"

CARRIED_AS_PEOPLE_SAY = {"feedback": ("feedback from supervision", "feedbacks from supervision"),
                         "revalidation_account": ("revalidation account noted", "revalidation accounts noted")}  # fmt: skip
"""What a copy carries beside the reflections, as a person calls it (one, several); the other tables are parts of these."""


def command_copy(args: argparse.Namespace) -> int:
    from reflect.services.moving import AnotherPractitioner, copy_reflections

    source, source_is_default = check_database(args)
    destination = _destination(args, source)
    if not database_exists(source):
        raise Failure(f"There is no database at {visible(str(source))} yet, so nothing to copy. Check --db.")
    created = not database_exists(destination)
    with opened_store(args) as reading:
        try:
            target = _opened(destination)
        except BaseException:
            if created:
                _remove_new_file(destination)  # made by opening it, and left empty
            raise
        try:
            copied = copy_reflections(reading, target, another_practitioner=args.mix_practitioners)
        except BaseException as error:
            target.close()
            if created:
                _remove_new_file(destination)
            if isinstance(error, AnotherPractitioner):
                raise Failure(
                    f"{visible(str(destination))} holds the reflections of another practitioner (a different practitioner id), "
                    f"so nothing was copied. To put yours beside theirs all the same, add {MIX_OPTION}."
                ) from None
            raise
        target.close()
    for line in _report(copied, source, destination, source_is_default=source_is_default):
        print(line)
    return EXIT_OK


def _destination(args: argparse.Namespace, source: Location) -> Location:
    """--to checked before anything is read or written: given, not the source, and a usable place."""
    from reflect.server_url import ServerURL, location
    from reflect.store import StoreError, check_folder, current_revision

    given = (args.to or "").strip()
    if not given:
        raise UsageError("Give the database to copy into with --to, such as --to reflect-copy.db or --to postgresql://host/reflect.")
    destination = location(given)
    if isinstance(destination, Path) and "://" in given:
        raise UsageError(f"--to {visible(given)} is neither a file nor a server reflect can use: a server's URL starts postgresql://.")
    if isinstance(destination, Path) and not destination.parent.is_dir():
        raise Failure(f"The folder {visible(str(destination.parent))} does not exist. Create it first, or give --to another path.")
    same = (
        destination.url == source.url
        if isinstance(destination, ServerURL) and isinstance(source, ServerURL)
        else isinstance(destination, Path) and isinstance(source, Path) and destination.resolve() == source.resolve()
    )
    if same:
        raise UsageError(f"--to names the database the reflections are in already ({visible(str(source))}): give another one.")
    with failing_on(StoreError):
        current_revision(destination)
        check_folder(destination)
    return destination


def _opened(destination: Location) -> Store:
    """The destination opened as a practitioner's own (a team database is refused, left unchanged)."""
    from reflect.store import StoreError
    from reflect.store.database import Store

    with failing_on(StoreError):
        return Store.open(destination)


def _remove_new_file(destination: Location) -> None:
    """A destination file made by this copy, which failed: removed, so that no empty database is left behind."""
    from reflect.store.health import database_files

    if isinstance(destination, Path):
        for file in database_files(destination):
            file.unlink(missing_ok=True)


def _count(number: int, one: str, several: str) -> str:
    return f"{number:,} {one if number == 1 else several}"


def _report(copied: Copied, source: Location, destination: Location, *, source_is_default: bool) -> list[str]:
    from reflect.settings import DISPLAY_NAME, PRACTITIONER_ID, REVALIDATION_DATE

    counts, src, dest = copied.counts, visible(str(source)), visible(str(destination))
    if not copied.reflections:
        lines = [f"{src} holds no reflections, so there were none to copy."]
    elif not counts.added and not counts.updated:
        every = "the one reflection was" if copied.reflections == 1 else f"all {copied.reflections:,} reflections were"
        lines = [f"Nothing new to copy: {every} already in {dest}, left as they were."]
    else:
        drafts = f" ({copied.drafts:,} of them unfinished)" if copied.drafts else ""
        parts = [f"{counts.added:,} added"]
        if counts.updated:
            parts.append(f"{counts.updated:,} replaced by a newer edit")
        if counts.unchanged:
            parts.append(f"{counts.unchanged:,} already there, left as they were")
        lines = [f"Copied {_count(copied.reflections, 'reflection', 'reflections')}{drafts} from {src} to {dest}: {'; '.join(parts)}."]
        lines.append("Each came whole: answers, notes, flags, tags, the practices a commitment is about, its times and revision.")
    named = {PRACTITIONER_ID: "your practitioner id", DISPLAY_NAME: "the name you share as", REVALIDATION_DATE: "your revalidation date"}
    also = [named[key] for key in copied.settings]
    also += [_count(copied.carried[table], *phrases) for table, phrases in CARRIED_AS_PEOPLE_SAY.items() if copied.carried.get(table)]
    if also:
        lines.append(f"Also copied: {', '.join(also)}.")
    erase = "reflect erase" if source_is_default else f"reflect --db {shlex.quote(str(source))} erase"
    lines.append(f"{src} is unchanged. Once you have checked the copy, you can remove the original with: {visible(erase)}")
    return lines
