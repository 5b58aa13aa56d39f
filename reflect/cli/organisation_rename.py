"""`reflect org rename-practitioner URL OLD NEW`: the administrator renaming a person's database role
(a name changed on marriage, a new scheme of account names) with every row of theirs in one of the
organisation's databases, after saying what that is and asking.

Named beside add-, remove- and erase-practitioner, it renames a supervisor's or a reporter's role in
the team database just the same (their teams go with them). It says what the rename means for the
person: the name they log in with, their password, and their sessions open now.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from reflect.cli.errors import EXIT_OK, failing_on, usage_on
from reflect.display import visible

NOTHING_RENAMED = "Nothing was renamed."


def add_rename_command(org_actions: Any) -> None:
    """Register `rename-practitioner` with the `reflect org` group's subparsers."""
    from reflect.cli import OnDemand

    rename = org_actions.add_parser(
        "rename-practitioner", help="rename a person's database role, and give every row of theirs the new name",
        description=(
            "Rename the role OLD to NEW and give NEW everything OLD owns in the practitioners' database or the team "
            "database (reflections, drafts, settings, figures, bundles, supervision records, team memberships), in one "
            "transaction, after saying what that is and asking. Works for a practitioner's, a supervisor's or a "
            "reporter's role. Roles are the whole server's, rows each database's: run it on each database that holds "
            "OLD's rows (after the first, with --role-renamed-already). Run it as the role that owns the database."
        ),
    )  # fmt: skip
    rename.add_argument("url", metavar="URL", help="the database, connecting as the administrator whose role owns it")
    rename.add_argument("old", metavar="OLD", help="the person's database role now (it may have been renamed or dropped already)")
    rename.add_argument("new", metavar="NEW", help="the name it is to have: one no role has, owning nothing here")
    choice = rename.add_mutually_exclusive_group()
    choice.add_argument("--yes", action="store_true", help="rename without asking (for scripts: needed without a terminal)")
    choice.add_argument("--dry-run", action="store_true", help="only say what the rename would do; change nothing")
    rename.add_argument(
        "--role-renamed-already", action="store_true",
        help="NEW is OLD's role, renamed already (on another database of this server, or by hand): give it OLD's rows here",
    )  # fmt: skip
    rename.set_defaults(org_handler=OnDemand("organisation_rename", "command_org_rename_practitioner"))


def command_org_rename_practitioner(args: argparse.Namespace) -> int:
    from reflect.cli.asking import ask_first
    from reflect.cli.organisation_erasure import rows_phrase
    from reflect.server_url import location
    from reflect.services.organisation import BadRoleName, NotForAFile
    from reflect.services.organisation_rename import rename_practitioner, renaming, url_as
    from reflect.store import StoreError

    database, old, new = location(args.url), args.old, args.new
    with usage_on(NotForAFile, BadRoleName), failing_on(StoreError):
        if old == new:
            raise BadRoleName(f"{old!r} is the name it has already: give the new name after the old one.")
        plan = renaming(database, old, new, renamed_already=args.role_renamed_already)
    was, will, where = visible(old), visible(new), f"the database {visible(plan.database)}"
    if not plan.old_exists and not plan.total:
        print(f"{was} owns nothing in {where} and there is no role of that name ({will} is one): there is nothing to rename.")
        return EXIT_OK
    owns = f"{was} owns {rows_phrase(plan.rows) if plan.rows else 'nothing'} in {where}"
    if not plan.total:
        print(f"{was} owns nothing in {where} yet: renaming the role {was} to {will} changes only the name it logs in with.")
    elif plan.old_exists:
        print(f"{owns}. Renaming the role {was} to {will} gives {will} all of it.")
    else:
        print(f"{owns}. There is no role {was} on the server (renamed already, or dropped): only the rows are given to {will}.")
    if args.dry_run:
        print(f"{NOTHING_RENAMED} (--dry-run)")
        return EXIT_OK
    ask_first(
        f"Rename {was} to {will}?", nothing=NOTHING_RENAMED, yes=args.yes,
        without_terminal=f"Renaming changes the name {was} logs in with, so it asks first: run it in a terminal, or add --yes in a script.",
    )  # fmt: skip
    with failing_on(StoreError):
        done = rename_practitioner(database, old, new, renamed_already=args.role_renamed_already)
    rows = rows_phrase(done.rows) if done.rows else "no rows"
    if done.role_renamed and not done.rows:
        print(f"Renamed the role {was} to {will} (it owned no rows in {where}).")
    elif done.role_renamed:
        print(f"Renamed the role {was} to {will}, and gave {will} {rows} in {where}.")
    else:
        print(f"Gave {will} {was}'s {rows} in {where} (there was no role {was} to rename).")
    if done.role_renamed:
        if done.password_cleared:
            print(
                f"PostgreSQL cleared {will}'s password, as it does a password stored as MD5 (which mixes the name in): set a new "
                f"one (psql's \\password {visible(shlex.quote(new))}) before they log in."
            )
        else:
            print(f"{will}'s password, if it has one, is kept: PostgreSQL clears only one stored as MD5, and it cleared none here.")
        print(
            f"{will} logs in as {will} from now on: their reflect --db becomes {visible(url_as(database, new))} (and a ~/.pgpass "
            f"line, or a pg_hba.conf entry, naming {was} needs the new name). Their sessions open now go on, writing as {will}, "
            f"until they close; a new one as {was} is refused."
        )
        print(
            f"Roles are the whole server's, rows each database's: for another database of this server holding {was}'s rows, run "
            f"`reflect org rename-practitioner URL {visible(shlex.quote(old))} {visible(shlex.quote(new))} --role-renamed-already` on it "
            "now, before they use it under the new name."
        )
    return EXIT_OK
