"""The store's tests run on both engines: each test that takes `db_path` (or `store`, which opens it)
runs once on an SQLite file and once on a database of its own on a PostgreSQL server.

A test about what only an SQLite file has (its bytes, its -wal file, PRAGMAs, checkpoints, the
read-only media it can be read from) says so with `@pytest.mark.sqlite_only("why")` and runs on
SQLite alone. On PostgreSQL the database is one the store has made already, unless the test is
marked `empty_database` (it builds an earlier schema, or someone else's tables). Without a PostgreSQL server the PostgreSQL runs skip, saying why (tests/helpers/postgres.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.server_url import Location, ServerURL

ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_path" not in metafunc.fixturenames:
        return
    only = metafunc.definition.get_closest_marker("sqlite_only")
    if only is not None and not (only.args and str(only.args[0]).strip()):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs its reason")
    metafunc.parametrize("db_path", ("sqlite",) if only is not None else ENGINES, indirect=True)


@pytest.fixture
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> Location:
    """Where the test's database is: an SQLite file in its folder, or its own database on the test server."""
    if request.param == "sqlite":
        return tmp_path / "reflect.db"
    # A database the store has already made (copied from a template, far quicker than migrating each
    # time), unless the test makes its own from nothing: an earlier schema, another program's tables.
    empty = request.node.get_closest_marker("empty_database") is not None
    return ServerURL(request.getfixturevalue("postgres_url" if empty else "postgres_url_at_head"))
