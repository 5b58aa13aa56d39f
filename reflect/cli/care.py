"""`reflect backup`, `doctor` and `erase`: care of a practitioner's database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reflect.cli.database import check_database, database, database_exists
from reflect.cli.errors import EXIT_FAILURE, EXIT_OK, Failure, failing_on
from reflect.display import visible

ERASE_WORD = "erase"
"""What the practitioner types to confirm that everything is to go."""


def command_backup(args: argparse.Namespace) -> int:
    from datetime import datetime

    from reflect.services.care import back_up
    from reflect.store import StoreError

    path, _ = check_database(args)
    with failing_on(StoreError):
        made = back_up(path, Path(args.output).expanduser() if args.output else None, datetime.now())
    print(f"Backed up {visible(str(path))} to {visible(str(made))} ({made.stat().st_size:,} bytes, readable by you alone).")
    return EXIT_OK


def command_doctor(args: argparse.Namespace) -> int:
    from reflect.services.care import check_health, rebuild_figures
    from reflect.store import StoreError

    path, is_default = database(args)
    if getattr(args, "rebuild_figures", False):
        if not database_exists(path):
            raise Failure(f"There is no database at {visible(str(path))} yet, so there are no figures to work out.")
        with failing_on(StoreError):
            counted = rebuild_figures(path)
        print(f"Worked the figures out again from your {counted:,} reflection{'' if counted == 1 else 's'}.")
    checks = check_health(path, default_location=is_default)
    for check in checks:
        print(visible(f"{'ok' if check.ok else 'ATTENTION':>9}  {check.name}: {check.detail}"))
        if check.advice:
            print(visible(f"{'':>9}  {check.advice}"))
    if all(check.ok for check in checks):
        print("Everything looks fine.")
        return EXIT_OK
    print("Something needs your attention: see above for what to do.")
    return EXIT_FAILURE


def command_erase(args: argparse.Namespace) -> int:
    from reflect.services.care import nobody_else_has_it
    from reflect.store import StoreError

    path, is_default = check_database(args)  # refuses a file that is not a reflect database: never deleted
    with failing_on(StoreError), nobody_else_has_it(path) as db_file:
        return _erase(db_file, own_database=is_default)


def _erase(path: Path, *, own_database: bool) -> int:
    from reflect.services.care import erase, files_to_erase, supervision_summaries
    from reflect.store.health import removing, size_phrase

    files = files_to_erase(path)
    summaries = supervision_summaries()
    if own_database:
        files += summaries
    if not files:
        print(f"There is nothing to erase: no database or backups at {visible(str(path))}.")
        return EXIT_OK
    print("This deletes for good (it cannot be undone):")
    for file in files:
        print(f"  {visible(str(file))} ({size_phrase(file.stat().st_size)})")
    if summaries and not own_database:
        # Written by the app from whichever database it had open: perhaps your own, so not removed here.
        print("Supervision summaries written from the app may hold notes from this database; they are kept,")
        print(f"as they may come from another. To remove them too: {visible(removing(summaries))}")
    print(f"Type {ERASE_WORD} to delete all of this, or anything else to keep it: ", end="", flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, UnicodeDecodeError):
        answer = ""
    if answer.strip() != ERASE_WORD:
        print("\nNothing was removed." if not answer.endswith("\n") else "Nothing was removed.")
        return EXIT_FAILURE
    erased = erase(path, files)
    print(f"Removed {len(erased.removed)} file{'' if len(erased.removed) == 1 else 's'}:")
    for file in erased.removed:
        print(f"  {visible(str(file))}")
    if erased.failed:
        raise Failure("Could not remove " + "; ".join(erased.failed) + ". Check their permissions and run reflect erase again.")
    return EXIT_OK
