"""What a served browser session runs: the participant app for one workshop, and nothing else.

This is the one place that names the participant entry point, so that swapping it is one change.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

# The variables that could lead a served process to a practitioner's own reflections, and the
# participant key, which the server sets for each browser (never inherited from the trainer's shell).
_PRIVATE_VARIABLES = ("REFLECT_DB", "REFLECT_PARTICIPANT_KEY")


def participant_argv(workshop_db: Path) -> list[str]:
    """The participant app for `workshop_db`, run with this very Python (no reliance on PATH)."""
    return [sys.executable, "-m", "reflect", "workshop", "join", "--db", str(workshop_db.resolve())]


MEMORY_LIMIT_BYTES = 1 << 30
"""Address space for one participant app: about four times what one at 500x200 maps (260 MB)."""

CPU_LIMIT_SECONDS = 30 * 60
"""Processor time for one participant app over its whole session: a person's session uses seconds."""


def participant_command(workshop_db: Path, *, error_log: Path | None = None) -> str:
    """The same, as the shell command textual-serve starts for each browser that joins.

    The shell sets the process's memory and CPU limits (setrlimit, through `ulimit`) and then
    becomes the app (`exec`), so that one participant can use neither the laptop's memory nor a
    core for ever; where the platform refuses a limit the app starts all the same. The app's
    standard error goes to `error_log`, not to the trainer's terminal, which may be on a projector.
    """
    # One limit per `ulimit`: dash takes no more.
    limits = f"ulimit -v {MEMORY_LIMIT_BYTES // 1024} 2>/dev/null; ulimit -t {CPU_LIMIT_SECONDS} 2>/dev/null"
    command = f"{limits}; exec {shlex.join(participant_argv(workshop_db))}"
    if error_log is not None:
        command += f" 2>>{shlex.quote(str(error_log))}"
    return command


def new_error_log(folder: Path, workshop_db: Path) -> Path:
    """An empty log file only this user can read, for the errors of one serve's participant apps."""
    from datetime import datetime

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stem = workshop_db.name.removesuffix(".db").removesuffix(".workshop")
    path = folder / f"serve-{stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.log"
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    return path


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
