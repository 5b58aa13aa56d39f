"""Shared fixtures: every test runs with its own data and config folders and a fixed time zone."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

TEST_TIME_ZONE = "Europe/London"


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


@pytest.fixture
def store(db_path: Path):  # type: ignore[no-untyped-def]
    from reflect.store import open_store

    opened = open_store(db_path)
    yield opened
    opened.close()


def isolated_env(root: Path) -> dict[str, str]:
    """The environment for running `reflect` as a real process, with its folders under `root`."""
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(root / "data"),
        XDG_CONFIG_HOME=str(root / "config"),
        HOME=str(root / "home"),
        TZ=TEST_TIME_ZONE,
        PYTHONIOENCODING="utf-8",
    )
    env.pop("REFLECT_DB", None)
    return env


@pytest.fixture
def subprocess_env(tmp_path: Path) -> dict[str, str]:
    return isolated_env(tmp_path)


FIXED_NOW = datetime(2026, 11, 23, 16, 30, tzinfo=ZoneInfo(TEST_TIME_ZONE))
"""A Monday afternoon: "now" in every app test, so dates on screen never vary."""


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


async def wait_for_store(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the database open in the background, as it does at start-up, and the screen settle."""
    from reflect.tui.settle import settled

    await settled(pilot)


async def open_history(pilot) -> None:  # type: ignore[no-untyped-def]
    """Press h and wait for the history to load in the background."""
    await pilot.press("h")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def seed_demo(db_path: Path, count: int = 12) -> list:  # type: ignore[type-arg]
    """Fill a database with the deterministic demo reflections."""
    from reflect.demo import demo_reflections
    from reflect.questions import default_question_set
    from reflect.store import open_store

    reflections = demo_reflections(default_question_set(), FIXED_NOW, count=count)
    store = open_store(db_path)
    try:
        store.save_many(reflections)
    finally:
        store.close()
    return reflections
