"""An organisation's practitioners' database on the test server: an administrator's role that owns it
(not a superuser: CREATEROLE, as an organisation's would be), set up with `reflect org init`, and
practitioners' roles, each with reflections of its own.

Roles are the whole server's, so each organisation's role names carry a suffix of their own; they are
dropped with the database afterwards (the group role reflect_practitioner stays: other databases may use it).
"""

from __future__ import annotations

import copy
import itertools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from reflect.model import Reflection
from reflect.server_url import ServerURL
from tests.helpers.environment import FIXED_NOW
from tests.helpers.postgres import Server

_numbers = itertools.count(1)


def as_role(url: str, role: str) -> str:
    """`url` connecting as `role` instead (the test server trusts every role on loopback)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, f"{role}@{parts.netloc.rpartition('@')[2]}", parts.path, parts.query, parts.fragment))


def own_reflections(count: int, seed: int) -> list[Reflection]:
    """Demo reflections with ids of their own (ids are unique across the whole database, whoever wrote them)."""
    from reflect.demo import demo_reflections
    from reflect.questions import default_question_set

    made = [copy.deepcopy(one) for one in demo_reflections(default_question_set(), FIXED_NOW, count=count, seed=seed)]
    for one in made:
        one.uuid = str(uuid.uuid4())
    return made


@dataclass
class Organisation:
    server: Server
    database: str
    superuser: str
    admin: str
    roles: dict[str, str]
    """Each role's URL by its short name (alice, bob: practitioners; carol: a role that is not one)."""
    names: dict[str, str]
    """Each role's name on the server by its short name (admin included)."""
    set_up: list[str] = field(default_factory=list)
    """What `reflect org init` said it did the first time."""

    def url(self, who: str) -> str:
        return self.roles[who]

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        """Rows as the superuser sees them (every role's)."""
        import psycopg

        with psycopg.connect(self.superuser, autocommit=True) as connection:
            return [tuple(row) for row in connection.execute(sql, params).fetchall()]

    def execute(self, *statements: str) -> None:
        """Run `statements` as the superuser (changing the database as someone outside reflect would)."""
        import psycopg

        with psycopg.connect(self.superuser, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def owned(self, who: str) -> list[tuple[object, ...]]:
        """Every reflection of `who`, with its answers, as the superuser reads them: to see they are untouched."""
        return self.rows(
            "SELECT r.id, r.revision, r.what_happened, r.responses, r.is_draft, a.question_key, a.response, a.note"
            " FROM reflection r JOIN answer a ON a.reflection_id = r.id WHERE r.owner = %s ORDER BY r.id, a.question_key",
            self.names[who],
        )


@contextmanager
def organisation_on(server: Server, *, fill: bool = True) -> Iterator[Organisation]:
    """A new practitioners' database owned by a non-superuser administrator, set up by `reflect org init`,
    alice and bob its practitioners (three and four reflections each, and settings), carol a role that is not."""
    import psycopg

    from reflect.store import open_store
    from reflect.store.row_security import add_practitioners, set_up_stores_database

    suffix = f"{os.getpid()}_{next(_numbers)}"
    names = {who: f"{who}_{suffix}" for who in ("admin", "alice", "bob", "carol")}
    database = f"reflect_org_{suffix}"
    with psycopg.connect(server.superuser_url, autocommit=True) as connection:
        connection.execute(f'CREATE ROLE "{names["admin"]}" LOGIN CREATEROLE')
        connection.execute(f'CREATE ROLE "{names["carol"]}" LOGIN')
        connection.execute(f'CREATE DATABASE "{database}" OWNER "{names["admin"]}"')
    superuser = server.url_of(database)
    organisation = Organisation(
        server, database, superuser, as_role(superuser, names["admin"]), {who: as_role(superuser, names[who]) for who in ("alice", "bob", "carol")}, names
    )
    try:
        organisation.set_up = set_up_stores_database(ServerURL(organisation.admin))
        add_practitioners(ServerURL(organisation.admin), [names["alice"], names["bob"]])
        if fill:
            for who, count, seed in (("alice", 3, 1), ("bob", 4, 2)):
                store = open_store(ServerURL(organisation.url(who)))
                try:
                    store.save_many(own_reflections(count, seed))
                    store.set_settings({"display_name": who.title(), "practitioner_id": str(uuid.uuid4())})
                finally:
                    store.close()
        yield organisation
    finally:
        with psycopg.connect(server.superuser_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for name in names.values():
                connection.execute(f'DROP ROLE IF EXISTS "{name}"')


@contextmanager
def copy_of(organisation: Organisation) -> Iterator[Organisation]:
    """A database of its own, copied from `organisation`'s (its tables, rows, grants and policies) with the
    same roles, and set up again for what a copy does not carry (who may connect): quicker than a new one.
    `organisation`'s database must have no one connected to it, as between tests."""
    import psycopg

    from reflect.store.row_security import set_up_stores_database

    database = f"{organisation.database}_{next(_numbers)}"
    with psycopg.connect(organisation.server.superuser_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}" TEMPLATE "{organisation.database}" OWNER "{organisation.names["admin"]}"')
    superuser = organisation.server.url_of(database)
    names = organisation.names
    copied = Organisation(
        organisation.server, database, superuser, as_role(superuser, names["admin"]),
        {who: as_role(superuser, names[who]) for who in organisation.roles}, names,
    )  # fmt: skip
    try:
        copied.set_up = set_up_stores_database(ServerURL(copied.admin))
        yield copied
    finally:
        with psycopg.connect(organisation.server.superuser_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
