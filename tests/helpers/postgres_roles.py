"""Login roles on the test server, one per practitioner, each allowed to use the tables of given databases.

On an organisation's server each practitioner connects as their own database role; tests of many
practitioners at once do the same. The roles are the whole cluster's, so each test session names
its own, and they are dropped (with every privilege they were given) when the `with` ends.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote, urlsplit, urlunsplit

from tests.helpers.postgres import Server

_numbers = itertools.count(1)


def as_role(url: str, role: str, password: str) -> str:
    """`url` (the superuser's, to some database) as the same database reached as `role`."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, f"{quote(role)}:{quote(password)}@{host}", parts.path, parts.query, parts.fragment))


@contextmanager
def login_roles(server: Server, count: int, databases: list[str]) -> Iterator[list[tuple[str, str]]]:
    """`count` new login roles, each with a password and the use of every table in `databases`
    (URLs of databases on `server`): each role's name and password."""
    import psycopg

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    prefix = f"reflect_practitioner_{worker}_{os.getpid()}_{next(_numbers)}"
    roles = [(f"{prefix}_{index}", secrets.token_hex(8)) for index in range(count)]
    names = ", ".join(f'"{name}"' for name, _ in roles)
    with psycopg.connect(server.superuser_url, autocommit=True) as admin:
        for name, password in roles:
            admin.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")
    try:
        for database in databases:
            with psycopg.connect(database, autocommit=True) as admin:
                admin.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {names}")
                admin.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {names}")
        yield roles
    finally:
        for database in databases:
            with psycopg.connect(database, autocommit=True) as admin:
                admin.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename IN ({', '.join(f'$${n}$$' for n, _ in roles)})")
                admin.execute(f"DROP OWNED BY {names}")
        with psycopg.connect(server.superuser_url, autocommit=True) as admin:
            admin.execute(f"DROP ROLE {names}")
