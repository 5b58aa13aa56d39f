"""`reflect backup`, `doctor` and `erase`: care of a practitioner's database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reflect.cli.database import check_database, database, database_exists
from reflect.cli.errors import EXIT_FAILURE, EXIT_OK, Failure, failing_on
from reflect.display import visible
from reflect.server_url import ServerURL

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
    if isinstance(path, ServerURL):
        return _erase_on_server(path)
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
    if not _confirmed():
        return EXIT_FAILURE
    erased = erase(path, files)
    print(f"Removed {len(erased.removed)} file{'' if len(erased.removed) == 1 else 's'}:")
    for file in erased.removed:
        print(f"  {visible(str(file))}")
    if erased.failed:
        raise Failure("Could not remove " + "; ".join(erased.failed) + ". Check their permissions and run reflect erase again.")
    return EXIT_OK


def _confirmed() -> bool:
    """Ask for the word that confirms erasing; anything else (or no answer) says nothing was removed."""
    print(f"Type {ERASE_WORD} to delete all of this, or anything else to keep it: ", end="", flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, UnicodeDecodeError):
        answer = ""
    if answer.strip() != ERASE_WORD:
        print("\nNothing was removed." if not answer.endswith("\n") else "Nothing was removed.")
        return False
    return True


ROWS_AS_PEOPLE_SAY = {
    "reflection": ("reflection (with its answers, notes, tags and links)", "reflections (with their answers, notes, tags and links)"),
    "feedback": ("feedback from supervision (with its comments and actions)", "feedbacks from supervision (with their comments and actions)"),
    "revalidation_account": ("revalidation account noted", "revalidation accounts noted"),
    "store_setting": ("setting of yours (practitioner id, shared name, revalidation date)",
                      "settings of yours (practitioner id, shared name, revalidation date)"),
}  # fmt: skip
"""The rows erasing on a server removes, as a person calls them; the tables not named are parts of these."""


def _rows_phrases(rows: dict[str, int]) -> list[str]:
    named = [f"{rows[table]:,} {one if rows[table] == 1 else several}" for table, (one, several) in ROWS_AS_PEOPLE_SAY.items() if rows.get(table)]
    others = sum(count for table, count in rows.items() if table not in ROWS_AS_PEOPLE_SAY and table not in PARTS)
    return named + ([f"{others:,} other row{'' if others == 1 else 's'}"] if others else [])


PARTS = frozenset({"answer", "reflection_tag", "commitment_question", "feedback_comment", "feedback_action", "answer_rollup"})
"""Tables whose rows belong to a reflection or a feedback, counted with it (the rollup: the sums kept of them)."""


def _erase_on_server(url: ServerURL) -> int:
    """Erase on a PostgreSQL server: the practitioner's rows (the database itself is the organisation's)."""
    from reflect.cli.database import database_exists
    from reflect.services.care import erase_on_server, held_on_server, supervision_summaries
    from reflect.store import StoreError
    from reflect.store.database import Store
    from reflect.store.health import removing, size_phrase

    if not database_exists(url):
        print(f"There is nothing to erase: {url} holds no reflect database.")
        return EXIT_OK
    with failing_on(StoreError):
        store = Store.open(url)  # a team database is refused here, left unchanged
    try:
        with failing_on(StoreError):
            held = held_on_server(store)
        if not held.rows and not held.files:
            print(f"There is nothing to erase: {url} holds nothing of yours.")
            return EXIT_OK
        print(f"This deletes for good from {url} (it cannot be undone):")
        for phrase in _rows_phrases(held.rows):
            print(f"  {phrase}")
        for file in held.files:
            print(f"  {visible(str(file))} ({size_phrase(file.stat().st_size)}), a draft kept on this computer")
        summaries = supervision_summaries()
        if summaries:
            print("Supervision summaries written from the app may hold notes from this database; they are kept,")
            print(f"as they may come from another. To remove them too: {visible(removing(summaries))}")
        if not _confirmed():
            return EXIT_FAILURE
        with failing_on(StoreError):
            removed, erased = erase_on_server(store, held.files)
    finally:
        store.close()
    print(f"Removed from {url}: {'; '.join(_rows_phrases(removed)) or 'nothing left to remove'}.")
    for file in erased.removed:
        print(f"Removed {visible(str(file))}")
    print("The server's own backups (pg_dump copies, replicas) may still hold them: clearing those is for your organisation's administrator.")
    if erased.failed:
        raise Failure("Could not remove " + "; ".join(erased.failed) + ". Check their permissions and run reflect erase again.")
    return EXIT_OK
