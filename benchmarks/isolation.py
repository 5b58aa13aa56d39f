"""The environment benchmark subprocesses run in: their own folders, never the user's data."""

from __future__ import annotations

import os
from pathlib import Path

# Variables that would change what a run measures (import profiling, devtools, a startup file).
UNWANTED = ("REFLECT_DB", "PYTHONPROFILEIMPORTTIME", "PYTHONSTARTUP", "TEXTUAL", "TEXTUAL_DEVTOOLS_PORT")


def isolated_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(folder / "data"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_CACHE_HOME=str(folder / "cache"),
        HOME=str(folder / "home"),
        PYTHONIOENCODING="utf-8",
    )
    for name in UNWANTED:
        env.pop(name, None)
    return env
