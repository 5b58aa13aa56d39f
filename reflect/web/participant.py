"""What a served browser session runs: the participant app for one workshop, and nothing else.

This is the one place that names the participant entry point, so that swapping it is one change.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

# The variables that could lead a served process to a practitioner's own reflections.
_PRIVATE_VARIABLES = ("REFLECT_DB",)


def participant_argv(workshop_db: Path) -> list[str]:
    """The participant app for `workshop_db`, run with this very Python (no reliance on PATH)."""
    return [sys.executable, "-m", "reflect", "workshop", "join", "--db", str(workshop_db.resolve())]


def participant_command(workshop_db: Path) -> str:
    """The same, as the shell command textual-serve starts for each browser that joins."""
    return shlex.join(participant_argv(workshop_db))


def participant_environment(sandbox: Path) -> dict[str, str]:
    """The environment of each served process.

    Its user folders point into `sandbox`, an empty folder made for this serve, so that even a
    participant app that looked for "the default database" or the trainer's settings would find
    an empty folder, never the trainer's own reflections.
    """
    environment = {key: value for key, value in os.environ.items() if key not in _PRIVATE_VARIABLES}
    environment.update(
        XDG_DATA_HOME=str(sandbox / "data"),
        XDG_CONFIG_HOME=str(sandbox / "config"),
        XDG_CACHE_HOME=str(sandbox / "cache"),
        XDG_STATE_HOME=str(sandbox / "state"),
        HOME=str(sandbox / "home"),
    )
    return environment
