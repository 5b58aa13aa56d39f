"""An organisation's administrator setting up the practitioners' stores database on a PostgreSQL server
(`reflect org init`, `add-practitioner`, `remove-practitioner`).

The store does the granting (reflect.store.row_security); here is what a command may be given: a
server's URL, never a file (a file has one person, and no roles), and role names PostgreSQL can hold.
Each verb returns the lines saying what it did, empty when everything was already so.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflect.server_url import Location, ServerURL

ROLE_NAME_LIMIT = 63
"""PostgreSQL's longest name, in bytes (a longer one would be cut short, naming another role)."""
RESERVED_ROLES = frozenset(
    {"public", "reflect_practitioner", "reflect_supervisor", "reflect_reporting", "current_user", "session_user", "current_role", "none"}
)
"""Names that are not a person's role: PUBLIC, reflect's group roles, and the words SQL reads as roles."""


class NotForAFile(ValueError):
    """An administrator's command was given a file: they are for a database on a server."""


class BadRoleName(ValueError):
    """A role name PostgreSQL cannot hold, or one that is not a person's."""


def server_of(database: Location) -> ServerURL:
    if not isinstance(database, ServerURL):
        raise NotForAFile(
            f"{database} is a file: `reflect org` sets up a database on a PostgreSQL server for an organisation's "
            "practitioners, so give its postgresql:// URL (a file is one person's, and needs none of this)."
        )
    return database


def checked_roles(roles: list[str]) -> list[str]:
    """The role names as given, each once, in order; BadRoleName for one that cannot be a practitioner's."""
    chosen: list[str] = []
    for role in roles:
        if not role or not role.strip() or role != role.strip():
            raise BadRoleName(f"{role!r} is not a role name: give each practitioner's database role, such as alice.")
        if "\x00" in role or len(role.encode()) > ROLE_NAME_LIMIT:
            raise BadRoleName(f"{role!r} cannot be a PostgreSQL role: at most {ROLE_NAME_LIMIT} bytes, and no NUL character.")
        if role.lower() in RESERVED_ROLES or role.lower().startswith("pg_"):
            raise BadRoleName(f"{role!r} is not a practitioner's role (it is PostgreSQL's, or one of reflect's groups).")
        if role not in chosen:
            chosen.append(role)
    return chosen


def set_up_stores(database: Location) -> list[str]:
    """Migrate the stores database as the administrator, and give it its roles, grants and policies."""
    from reflect.store.row_security import set_up_stores_database

    return set_up_stores_database(server_of(database))


def add_practitioners(database: Location, roles: list[str]) -> list[str]:
    from reflect.store.row_security import add_practitioners as adding

    url = server_of(database)
    return adding(url, checked_roles(roles))


@dataclass(frozen=True)
class Removed:
    """One role taken out of the practitioners (or found not to be one), and the rows it still owns."""

    role: str
    was_member: bool
    rows_kept: int


def remove_practitioners(database: Location, roles: list[str]) -> list[Removed]:
    from reflect.store.row_security import remove_practitioners as removing

    url = server_of(database)
    return [Removed(role, was, kept) for role, was, kept in removing(url, checked_roles(roles))]
