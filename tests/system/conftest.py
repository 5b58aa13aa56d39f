"""Every test in tests/system runs real processes (terminals, kills, several writers, servers, a browser,
start-up imports): all are marked `system`, so `pytest -m "not system"` leaves them out."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.system)
