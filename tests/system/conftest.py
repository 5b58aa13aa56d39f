"""Fixtures the real-process tests of `reflect serve` share: a workshop file, and the server on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.served import Served, make_workshop, start_serve


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    return make_workshop(tmp_path / "room.workshop.db")


@pytest.fixture
def serving(workshop: Path, tmp_path: Path, subprocess_env: dict[str, str]) -> Iterator[Served]:
    served = start_serve("--db", str(workshop), env=subprocess_env, cwd=tmp_path)
    yield served
    served.stop()
