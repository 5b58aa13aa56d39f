"""The administrator's use cases for a team database on an organisation's server: making it one
(`reflect org init-team`), keeping its teams (who supervises whom), and who may read its reporting views.

Each returns what it did as lines for the front end to print; an empty list means nothing needed changing.
"""

from __future__ import annotations

from reflect.server_url import Location, ServerURL


class NotAServer(ValueError):
    """The `reflect org` commands are for a database on a PostgreSQL server, and a file path was given."""


def server(location: Location) -> ServerURL:
    if not isinstance(location, ServerURL):
        raise NotAServer(str(location))
    return location


def init_team(location: Location) -> list[str]:
    """The team database at the current schema, marked a team's, with its roles, grants, row-level
    security, teams' tables and reporting views (see reflect.store.team_access). What it did."""
    from reflect.store import HEAD_REVISION, current_revision, open_store
    from reflect.store.team_access import refuse_unless_administrator, secure_team_database

    url = server(location)
    before = current_revision(url)
    refuse_unless_administrator(url)  # before the migrations: a role that cannot finish the set-up starts none of it
    done: list[str] = []
    # Opened as a team's by the administrator: the migrations run with the rights of the role that owns the tables.
    open_store(url, team=True).close()
    if before != HEAD_REVISION:
        done.append(f"brought the database to the schema {HEAD_REVISION}" + (" and made it a team database" if before is None else ""))
    return done + secure_team_database(url)


def checked_role(role: str) -> str:
    """`role` if it can be a person's (or a BI tool's) role, as the practitioners' side checks every
    role name (reflect.services.organisation.checked_roles); BadRoleName for one that cannot."""
    from reflect.services.organisation import checked_roles

    return checked_roles([role])[0]


def add_supervisor(location: Location, role: str, team: str) -> list[str]:
    from reflect.store.team_access import add_to_team

    return add_to_team(server(location), checked_role(role), team, supervisor=True)


def add_member(location: Location, role: str, team: str) -> list[str]:
    from reflect.store.team_access import add_to_team

    return add_to_team(server(location), checked_role(role), team, supervisor=False)


def remove_supervisor(location: Location, role: str, team: str) -> list[str]:
    from reflect.store.team_access import remove_from_team

    return remove_from_team(server(location), checked_role(role), team, supervisor=True)


def remove_member(location: Location, role: str, team: str) -> list[str]:
    from reflect.store.team_access import remove_from_team

    return remove_from_team(server(location), checked_role(role), team, supervisor=False)


def add_reporter(location: Location, role: str) -> list[str]:
    from reflect.store.team_access import add_reporter as granted

    return granted(server(location), checked_role(role))


def team_lines(location: Location) -> list[str]:
    """Each team with its supervisors and members, then who may read the reporting views, as lines."""
    from reflect.store.team_access import teams

    found, reporters = teams(server(location))
    lines = [
        f"{team.name}: supervised by {', '.join(team.supervisors) or 'no one yet'}; members {', '.join(team.members) or 'none yet'}"
        for team in found
    ]
    if not found:
        lines.append("No teams yet: add one with `reflect org add-supervisor URL ROLE --team NAME`.")
    lines.append(f"Reporting views read by: {', '.join(reporters) or 'no one yet'}")
    return lines
