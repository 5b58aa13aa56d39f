"""`reflect org init-team`, the teams (`add-supervisor`, `add-member`, `remove-member`,
`remove-supervisor`, `teams`) and `add-reporter`: the administrator's commands for a team database
on an organisation's PostgreSQL server.

The parser part (add_team_commands) is declarations only, loaded with `reflect --help`; the handler
imports its services when it runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from reflect.cli.errors import EXIT_OK, UsageError, failing_on, usage_on
from reflect.thresholds import TEAM_MINIMUM

TEAM_ACTIONS = frozenset({"init-team", "add-supervisor", "remove-supervisor", "add-member", "remove-member", "teams", "add-reporter"})
"""The `reflect org` actions carried out here (command_org_team)."""

URL_HELP = "the team database's postgresql:// URL, connecting as the administrator whose role owns it"


def add_team_commands(org_actions: Any) -> None:
    """Register the team database's actions with the `reflect org` group's subparsers."""
    init = org_actions.add_parser(
        "init-team", help="make a database on the server the organisation's team database",
        description=(
            "Bring the database to this reflect's schema and make it the team database: the group roles "
            "reflect_practitioner, reflect_supervisor and reflect_reporting, their grants, row-level security on every "
            "table, and the reporting views. Each practitioner reaches only the bundles they submitted; a supervisor "
            "also reads those of the members of the teams they supervise; the reporting role reads only views of "
            f"figures with at least {TEAM_MINIMUM} practitioners behind each. Safe to run again: it says what it changed."
        ),
    )  # fmt: skip
    init.add_argument("url", metavar="URL", help=URL_HELP)
    for action, words in (
        ("add-supervisor", "let ROLE read the bundles of the team's members (the role is made if missing)"),
        ("remove-supervisor", "stop ROLE supervising the team"),
        ("add-member", "put a practitioner's ROLE in the team, so that its supervisors read their bundles"),
        ("remove-member", "take a practitioner's ROLE out of the team (their bundles stay theirs)"),
    ):
        parser = org_actions.add_parser(action, help=words, description=words[0].upper() + words[1:] + ".")
        parser.add_argument("url", metavar="URL", help=URL_HELP)
        parser.add_argument("role", metavar="ROLE", help="the person's database role (their PostgreSQL user name)")
        parser.add_argument("--team", metavar="NAME", required=True, help="the team, such as North")
    listing = org_actions.add_parser(
        "teams", help="list the teams, their supervisors and members",
        description="List each team with its supervisors and members, and the roles that may read the reporting views.",
    )  # fmt: skip
    listing.add_argument("url", metavar="URL", help=URL_HELP)
    reporter = org_actions.add_parser(
        "add-reporter", help="let ROLE read the reporting views, and nothing else",
        description=(
            f"Let ROLE (a BI tool's, say) read the views in the schema reporting: the organisation's figures by month, "
            f"kind and team, each over at least {TEAM_MINIMUM} practitioners. It can read no table."
        ),
    )  # fmt: skip
    reporter.add_argument("url", metavar="URL", help=URL_HELP)
    reporter.add_argument("role", metavar="ROLE", help="the database role that reads the figures")
    from reflect.cli import OnDemand

    for action in TEAM_ACTIONS:
        org_actions.choices[action].set_defaults(org_handler=OnDemand("organisation_teams", "command_org_team"))


def command_org_team(args: argparse.Namespace) -> int:
    """Carry out one of TEAM_ACTIONS, printing what it did (or that nothing needed changing)."""
    from reflect.server_url import location
    from reflect.services import organisation_teams as teams
    from reflect.services.organisation import BadRoleName
    from reflect.store import StoreError

    where = location(args.url)
    action = args.org_action
    with usage_on(BadRoleName), failing_on(StoreError):
        try:
            if action == "init-team":
                done = teams.init_team(where)
            elif action == "teams":
                for line in teams.team_lines(where):
                    print(line)
                return EXIT_OK
            elif action == "add-reporter":
                done = teams.add_reporter(where, args.role)
            else:
                verb = {
                    "add-supervisor": teams.add_supervisor, "remove-supervisor": teams.remove_supervisor,
                    "add-member": teams.add_member, "remove-member": teams.remove_member,
                }[action]  # fmt: skip
                done = verb(where, args.role, args.team)
        except teams.NotAServer:
            raise UsageError(
                f"{args.url} is a file path: the `reflect org` commands are for a team database on a PostgreSQL server, "
                "given as a postgresql:// URL."
            ) from None
    for line in done or ["nothing to change"]:
        print(line)
    if action == "remove-member" and done:
        print(
            "Their bundles stay theirs in the team database: they withdraw them, or `reflect org erase-practitioner URL ROLE` erases "
            "everything of theirs."
        )
    return EXIT_OK
