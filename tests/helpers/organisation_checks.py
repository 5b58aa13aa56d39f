"""Checks and a team database for the tests of the administrator's commands that act on one role's rows
(`reflect org erase-practitioner`, `reflect org rename-practitioner`): what a role owns, counted by the
superuser table by table; whether the figures equal a rebuild; and a team database with a team of two.
"""

from __future__ import annotations

import itertools
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reflect.server_url import ServerURL
from tests.helpers.organisation import Organisation
from tests.helpers.owned_rows import owner_tables
from tests.helpers.postgres import Server
from tests.helpers.rollup import kept_and_rebuilt
from tests.helpers.running import reflect_main

_databases = itertools.count(1)


def counted(organisation: Organisation, role: str) -> dict[str, int]:
    """What `role` owns, counted by the superuser table by table (the drafts apart), as the preview should say."""
    counts: dict[str, int] = {}
    for table in owner_tables(organisation.superuser):
        if table == "reflection":
            ((done, drafts),) = organisation.rows(
                "SELECT count(*) FILTER (WHERE NOT is_draft), count(*) FILTER (WHERE is_draft) FROM reflection WHERE owner = %s", role
            )
            counts |= {"reflection": int(str(done)), "reflection:drafts": int(str(drafts))}
        else:
            counts[table] = int(str(organisation.rows(f"SELECT count(*) FROM {table} WHERE owner = %s", role)[0][0]))
    return {table: count for table, count in counts.items() if count}


def figures_agree_with_a_rebuild(organisation: Organisation) -> bool:
    """The answer rollup, every role's, equal to one rebuilt from every reflection (as the superuser, rolled back)."""
    from sqlalchemy import create_engine

    engine = create_engine(ServerURL(organisation.superuser).driver_url())
    try:
        kept, rebuilt = kept_and_rebuilt(types.SimpleNamespace(engine=engine))
    finally:
        engine.dispose()
    return kept == rebuilt and bool(kept)


@contextmanager
def team_database_on(server: Server, root: Path) -> Iterator[Organisation]:
    """A team database made by `reflect org init-team` (files for it under `root`): sue supervises North,
    whose members alice and bob each submitted a bundle with their own role."""
    import os

    import psycopg

    from tests.cli.test_team_database_on_a_server import _shared_bundle
    from tests.helpers.environment import isolated_env
    from tests.helpers.organisation import as_role

    env = isolated_env(root)
    prefix = f"re{os.getpid()}_{next(_databases)}"
    names = {who: f"{prefix}_{who}" for who in ("admin", "sue", "alice", "bob")}
    database = f"{prefix}_team"
    with psycopg.connect(server.superuser_url, autocommit=True) as superuser:
        superuser.execute(f'CREATE ROLE "{names["admin"]}" LOGIN CREATEROLE')
        superuser.execute(f'CREATE DATABASE "{database}" OWNER "{names["admin"]}"')
    superuser_url = server.url_of(database)
    made = Organisation(
        server, database, superuser_url, as_role(superuser_url, names["admin"]),
        {who: as_role(superuser_url, names[who]) for who in ("sue", "alice", "bob")}, names,
    )  # fmt: skip
    try:
        assert reflect_main("org", "init-team", made.admin, env=env).returncode == 0
        assert reflect_main("org", "add-supervisor", made.admin, names["sue"], "--team", "North", env=env).returncode == 0
        for who in ("alice", "bob"):
            assert reflect_main("org", "add-member", made.admin, names[who], "--team", "North", env=env).returncode == 0
            imported = reflect_main("team", "--db", made.url(who), "import", str(_shared_bundle(root, who, env)), env=env)
            assert imported.returncode == 0, imported.stderr
        yield made
    finally:
        with psycopg.connect(server.superuser_url, autocommit=True) as superuser:
            superuser.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for name in names.values():
                superuser.execute(f'DROP ROLE IF EXISTS "{name}"')
