"""Fixtures for every level: each test runs with its own data and config folders and a fixed time zone.

Helpers (functions, not fixtures) are in tests/helpers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.environment import FIXED_NOW, TEST_TIME_ZONE, isolated_env
from tests.helpers.postgres import Server, server_or_skip, session_server

TESTS = Path(__file__).parent
MARKED_LEVELS = ("app", "system")
"""Folders whose tests carry their level as a marker: `-m "not system"` leaves out real processes, and
`-m "not system and not app"` the Textual apps too (pyproject.toml registers both markers)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(item.path).relative_to(TESTS).parts if TESTS in Path(item.path).parents else ()
        if parts and parts[0] in MARKED_LEVELS:
            item.add_marker(parts[0])


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject.toml's addopts): two workers a core. A test of the app under a Pilot spends
    about half its time waiting for the app to be idle (Textual's Pilot sleeps until the process
    stops using the processor), so two of them keep one core busy where one alone leaves it half idle."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return 2 * cores


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keep the developer's real reflections and settings out of every test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("REFLECT_DB", raising=False)
    monkeypatch.setenv("TZ", TEST_TIME_ZONE)
    time.tzset()
    yield tmp_path
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "reflect.db"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server | str]:
    """This session's PostgreSQL server (tests/helpers/postgres.py), or why there is none."""
    with session_server() as found:
        yield found


@pytest.fixture
def postgres_url(postgres_server: Server | str) -> Iterator[str]:
    """The URL of a new, empty database of this test's own on the test server (skips, saying why, without one)."""
    with server_or_skip(postgres_server).database() as url:
        yield url


@pytest.fixture
def postgres_url_at_head(postgres_server: Server | str) -> Iterator[str]:
    """As postgres_url, but as the store leaves a new database it has opened (the current schema): quicker to make."""
    with server_or_skip(postgres_server).database(at_head=True) as url:
        yield url


@pytest.fixture
def store(db_path: Path):  # type: ignore[no-untyped-def]
    from reflect.store import open_store

    opened = open_store(db_path)
    yield opened
    opened.close()


@pytest.fixture
def subprocess_env(tmp_path: Path) -> dict[str, str]:
    """The environment `reflect` runs under, as a real process or in this one: this test's folders."""
    return isolated_env(tmp_path)


@pytest.fixture
def make_app(db_path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build the app as `reflect` does, with the clock fixed and cursors still."""

    def build(**options):  # type: ignore[no-untyped-def]
        from reflect.tui.app import ReflectApp

        options.setdefault("clock", lambda: FIXED_NOW)
        options.setdefault("settings_path", tmp_path / "config" / "settings.json")
        options.setdefault("cursor_blink", False)
        return ReflectApp(db_path=options.pop("db", db_path), **options)

    return build
