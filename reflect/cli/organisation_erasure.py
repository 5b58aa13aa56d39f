"""`reflect org erase-practitioner URL ROLE`: the administrator erasing everything a role owns in an
organisation's database on a PostgreSQL server, after saying what that is and asking; and
`reflect org owners URL`, every role whose rows it holds (so that a leaver's are found).

A command of its own, not an option of `remove-practitioner`: taking a role out of the group can be
undone (add it back) and keeps the rows, as a retention schedule may require for a while; erasing
cannot be undone, asks first, works on the team database too, and on a role dropped long ago.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from reflect.cli.errors import EXIT_OK, failing_on, usage_on
from reflect.display import visible

NOTHING_ERASED = "Nothing was erased."

ROWS_AS_PEOPLE_SAY = {
    "reflection": ("reflection", "reflections"),
    "reflection:drafts": ("draft", "drafts"),
    "answer": ("answer", "answers"),
    "reflection_tag": ("tag", "tags"),
    "commitment_question": ("practice named in a commitment", "practices named in commitments"),
    "store_setting": ("setting", "settings"),
    "practitioner": ("practitioner record", "practitioner records"),
    "team_bundle": ("submitted bundle", "submitted bundles"),
    "answer_rollup": ("row of figures", "rows of figures"),
    "supervision_agreement": ("supervision agreement", "supervision agreements"),
    "supervision_session": ("supervision session", "supervision sessions"),
    "supervision_attendee": ("supervision attendee", "supervision attendees"),
    "supervision_discussed": ("reflection noted as discussed in supervision", "reflections noted as discussed in supervision"),
    "supervision_action": ("supervision action", "supervision actions"),
    "supervision_comment": ("supervision comment", "supervision comments"),
    "feedback": ("feedback from supervision", "feedbacks from supervision"),
    "feedback_comment": ("comment in feedback", "comments in feedback"),
    "feedback_action": ("action in feedback", "actions in feedback"),
    "revalidation_account": ("revalidation account", "revalidation accounts"),
    "team_member": ("team membership", "team memberships"),
    "team_supervisor": ("team supervised", "teams supervised"),
}  # fmt: skip
"""Each table's rows as a person calls them (a table added later is named by its own name)."""


def add_erase_commands(org_actions: Any) -> None:
    """Register `erase-practitioner` and `owners` with the `reflect org` group's subparsers."""
    from reflect.cli import OnDemand

    erase = org_actions.add_parser(
        "erase-practitioner", help="erase every row a role owns in the database, after saying what and asking",
        description=(
            "Erase everything ROLE owns in the practitioners' database or the team database: reflections, drafts, "
            "answers, settings, figures, submitted bundles, supervision records, and in a team database its team "
            "memberships, in one transaction; then VACUUM the tables that held them (VACUUM FULL with --vacuum-full). It says what ROLE owns and asks "
            "first. Works for a role dropped already. Run it as the role that owns the database."
        ),
        epilog="The server's write-ahead log, backups and replicas are the organisation's to clear: see README.",
    )  # fmt: skip
    erase.add_argument("url", metavar="URL", help="the database, connecting as the administrator whose role owns it")
    erase.add_argument("role", metavar="ROLE", help="the practitioner's database role (it may have been dropped already)")
    choice = erase.add_mutually_exclusive_group()
    choice.add_argument("--yes", action="store_true", help="erase without asking (for scripts: needed without a terminal)")
    choice.add_argument("--dry-run", action="store_true", help="only say what ROLE owns; erase nothing")
    erase.add_argument(
        "--vacuum-full", action="store_true",
        help="then VACUUM (FULL), not VACUUM: rewrite the tables' files without the erased rows' bytes (everyone using them waits meanwhile)",
    )  # fmt: skip
    erase.set_defaults(org_handler=OnDemand("organisation_erasure", "command_org_erase_practitioner"))
    listing = org_actions.add_parser(
        "owners", help="list every role whose rows the database holds, and whether it is still one of reflect's",
        description=(
            "List each role name that owns rows in the practitioners' database or the team database, with how many, "
            "and whether it is still a member of reflect's groups, taken out, or dropped: so that rows left by someone "
            "who has gone are found. Changes nothing."
        ),
    )  # fmt: skip
    listing.add_argument("url", metavar="URL", help="the database, connecting as the administrator whose role owns it")
    listing.set_defaults(org_handler=OnDemand("organisation_erasure", "command_org_owners"))


def rows_phrase(rows: dict[str, int]) -> str:
    """The rows by table as one list in people's words: "3 reflections, 1 draft and 30 answers"."""
    phrases = [
        f"{count:,} {(one if count == 1 else several)}"
        for table, count in sorted(rows.items(), key=lambda item: _order(item[0]))
        for one, several in [ROWS_AS_PEOPLE_SAY.get(table, (f"row of {table}", f"rows of {table}"))]
    ]
    return phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"


def _order(table: str) -> int:
    names = list(ROWS_AS_PEOPLE_SAY)
    return names.index(table) if table in names else len(names)


def command_org_erase_practitioner(args: argparse.Namespace) -> int:
    from reflect.cli.asking import ask_first
    from reflect.server_url import location
    from reflect.services.organisation import BadRoleName, NotForAFile
    from reflect.services.organisation_erasure import WAIT_FOR_OLDER_SNAPSHOTS_S, Vacuumed, clear_deleted_rows, erase_practitioner, held_by
    from reflect.store import StoreError

    database, role = location(args.url), args.role
    with usage_on(NotForAFile, BadRoleName), failing_on(StoreError):
        held = held_by(database, role)
    who, where = visible(role), f"the database {visible(held.database)}"
    if not held.total:
        absent = "" if held.role_exists else " (and the server has no role of that name)"
        print(f"{who} owns nothing in {where}{absent}: there is nothing to erase.")
        return EXIT_OK
    print(f"{who} owns {rows_phrase(held.rows)} in {where}.")
    if args.dry_run:
        print(f"{NOTHING_ERASED} (--dry-run)")
        return EXIT_OK
    ask_first(
        "Erase them all? This cannot be undone.", nothing=NOTHING_ERASED, yes=args.yes,
        without_terminal="Erasing cannot be undone, so it asks first: run it in a terminal, or add --yes in a script.",
    )  # fmt: skip
    with failing_on(StoreError):
        erased = erase_practitioner(database, role)
    print(f"Erased from {where}: {rows_phrase(erased) if erased else 'nothing was left to erase'}.", flush=True)
    vacuumed = clear_deleted_rows(database, erased, rewrite=args.vacuum_full)  # a while on big tables: the erasure is said first
    if vacuumed.problem:
        print(
            f"Could not run VACUUM ({visible(vacuumed.problem)}): run `{vacuumed.statement}` as the tables' owner, "
            "so that the server lets go of the deleted rows."
        )
    elif vacuumed.tables:
        tables = "the table that held them" if len(vacuumed.tables) == 1 else f"the {len(vacuumed.tables)} tables that held them"
        if vacuumed.full:
            if vacuumed.held:
                print(
                    f"Ran VACUUM FULL on {tables}, but another session's transaction, begun before the erasure, could still see "
                    f"deleted rows of {', '.join(vacuumed.held)} (the erased ones among them, it may be) for "
                    f"{WAIT_FOR_OLDER_SNAPSHOTS_S:g} s, so their new files may hold them too. Run "
                    f"`{Vacuumed(vacuumed.held, full=True).statement}` again once it has ended."
                )
            else:
                print(f"Ran VACUUM FULL on {tables}: their files were written again without the erased rows.")
        else:
            print(
                f"Ran VACUUM on {tables}: nothing reading the tables finds the erased rows, though their bytes may stay in the "
                f"tables' files until new rows take their place; `{vacuumed.rewriting().statement}` (or --vacuum-full) rewrites "
                "the files now, making everyone using them wait meanwhile."
            )
    if held.practitioner and not held.team_database:  # in a team database its teams are what it reaches, and they went
        print(f"{who} is still one of the practitioners: `reflect org remove-practitioner URL {visible(shlex.quote(role))}` takes the role out.")
    return EXIT_OK


def command_org_owners(args: argparse.Namespace) -> int:
    from reflect.server_url import location
    from reflect.services.organisation import NotForAFile
    from reflect.services.organisation_erasure import owners
    from reflect.store import StoreError

    with usage_on(NotForAFile), failing_on(StoreError):
        found = owners(location(args.url))
    for owner in found:
        if owner.groups:
            standing = f"a member of {', '.join(owner.groups)}"
        elif owner.role_exists:
            standing = "in none of reflect's groups now"
        else:
            standing = "no role of that name any more: dropped"
        print(visible(f"{owner.name}: {owner.rows:,} row{'' if owner.rows == 1 else 's'} ({standing})"))
    if not found:
        print("No role's rows are held here yet.")
    else:
        print("`reflect org erase-practitioner URL ROLE` says what one of them owns, and erases it after asking.")
    return EXIT_OK
