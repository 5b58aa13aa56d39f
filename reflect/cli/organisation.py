"""`reflect org`: an organisation's administrator's commands for its PostgreSQL server.

The parser group is declared here (`org_commands`, called by reflect.cli.parser) beside the handlers,
so that the family lives in one place; the handlers import the services only when they run. Each
action's handler rides on its parser (`set_defaults(org_handler=...)`), so another module can add
actions to the group (`org_commands` returns it) without a table to edit here.
"""

from __future__ import annotations

import argparse
from typing import Any

from reflect.cli import OnDemand
from reflect.cli.arguments import ArgumentParser
from reflect.cli.errors import EXIT_OK, failing_on, usage_on
from reflect.display import visible

NOTHING_TO_CHANGE = "nothing to change"


def org_commands(commands: Any) -> argparse._SubParsersAction[ArgumentParser]:
    """Add `reflect org` and its actions for the practitioners' stores database; the actions' group, for more."""
    org = commands.add_parser(
        "org", help="an organisation's administrator: set up a PostgreSQL server for its practitioners",
        description=(
            "Set up an organisation's PostgreSQL server: run these as the role that owns the database. Each says "
            "what it created or granted, one line each, and \"nothing to change\" when run again."
        ),
        epilog="Role names are the practitioners' database roles. Passwords are never taken here: set them with psql's \\password.",
    )  # fmt: skip
    actions: argparse._SubParsersAction[ArgumentParser] = org.add_subparsers(
        dest="org_action", metavar="ACTION", title="actions", required=True, parser_class=ArgumentParser
    )
    init = actions.add_parser(
        "init", help="make the practitioners' database: reflect's tables, the group role, grants and row-level security",
        description=(
            "Bring the practitioners' database to this version of reflect's schema and secure it: the group role "
            "reflect_practitioner, its grants (never ownership), and row-level security on every table, so that each "
            "practitioner's role reaches only its own rows. Run it again after upgrading reflect."
        ),
    )  # fmt: skip
    init.add_argument("url", metavar="URL", help="the practitioners' database, such as postgresql://admin@db.example.org/reflect")
    init.set_defaults(org_handler=OnDemand("organisation", "command_org_init"))
    add = actions.add_parser(
        "add-practitioner", help="let practitioners' roles use the database (each sees only its own rows)",
        description="Make each role a member of reflect_practitioner, first creating it as a login role if it is not there.",
    )  # fmt: skip
    add.add_argument("url", metavar="URL", help="the practitioners' database")
    add.add_argument("roles", metavar="ROLE", nargs="+", help="a practitioner's database role, such as alice")
    add.set_defaults(org_handler=OnDemand("organisation", "command_org_add_practitioner"))
    remove = actions.add_parser(
        "remove-practitioner", help="take roles out of the practitioners (their rows stay until erased)",
        description=(
            "Take each role out of reflect_practitioner: it can no longer use the database. Its rows stay; "
            "`reflect org erase-practitioner URL ROLE` erases them."
        ),
    )  # fmt: skip
    remove.add_argument("url", metavar="URL", help="the practitioners' database")
    remove.add_argument("roles", metavar="ROLE", nargs="+", help="a practitioner's database role")
    remove.set_defaults(org_handler=OnDemand("organisation", "command_org_remove_practitioner"))
    from reflect.cli.organisation_erasure import add_erase_commands

    add_erase_commands(actions)
    from reflect.cli.organisation_rename import add_rename_command

    add_rename_command(actions)
    return actions


def command_org(args: argparse.Namespace) -> int:
    handler = args.org_handler
    result: int = handler(args)
    return result


def _server(args: argparse.Namespace) -> Any:
    from reflect.server_url import location
    from reflect.services.organisation import NotForAFile, server_of

    with usage_on(NotForAFile):
        return server_of(location(args.url))


def _say(lines: list[str]) -> None:
    for line in lines or [NOTHING_TO_CHANGE]:
        print(visible(line))


def command_org_init(args: argparse.Namespace) -> int:
    from reflect.services.organisation import set_up_stores
    from reflect.store import StoreError

    url = _server(args)
    with failing_on(StoreError):
        _say(set_up_stores(url))
    return EXIT_OK


def command_org_add_practitioner(args: argparse.Namespace) -> int:
    from reflect.services.organisation import BadRoleName, add_practitioners, checked_roles
    from reflect.store import StoreError

    url = _server(args)
    with usage_on(BadRoleName):
        roles = checked_roles(args.roles)
    with failing_on(StoreError):
        _say(add_practitioners(url, roles))
    return EXIT_OK


def command_org_remove_practitioner(args: argparse.Namespace) -> int:
    from reflect.services.organisation import BadRoleName, checked_roles, remove_practitioners
    from reflect.store import StoreError

    url = _server(args)
    with usage_on(BadRoleName):
        roles = checked_roles(args.roles)
    with failing_on(StoreError):
        removed = remove_practitioners(url, roles)
    lines: list[str] = []
    for one in removed:
        if not one.was_member:
            continue  # not one of the practitioners (or no such role): nothing to do
        lines.append(f"revoked reflect_practitioner from {one.role}")
        kept = f"{one.rows_kept:,} row{'' if one.rows_kept == 1 else 's'}"
        if one.rows_kept:
            lines.append(
                f"{one.role}'s {kept} stay in the database: `reflect org erase-practitioner URL {one.role}` erases them "
                "(after saying what they are and asking), once your records policy says they may go"
            )
    _say(lines)
    return EXIT_OK
