"""Shared fixtures: every test runs with its own data and config folders and a fixed time zone."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture
def subprocess_env(tmp_path: Path) -> dict[str, str]:
    """The environment for running `reflect` as a real process, isolated like the tests."""
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        HOME=str(tmp_path / "home"),
        TZ=TEST_TIME_ZONE,
        PYTHONIOENCODING="utf-8",
    )
    env.pop("REFLECT_DB", None)
    return env
