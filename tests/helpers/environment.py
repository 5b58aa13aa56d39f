"""The environment every test runs in: its own data and config folders, a fixed time zone and clock."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

TEST_TIME_ZONE = "Europe/London"

FIXED_NOW = datetime(2026, 11, 23, 16, 30, tzinfo=ZoneInfo(TEST_TIME_ZONE))
"""A Monday afternoon: "now" in every app test, so dates on screen never vary."""


def isolated_env(root: Path) -> dict[str, str]:
    """The environment for running `reflect` (as a real process or in this one) with its folders under `root`."""
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
