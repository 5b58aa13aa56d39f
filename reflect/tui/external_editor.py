"""A note read and edited in full in the practitioner's own editor ($VISUAL or $EDITOR), as git and jrnl do.

The note field is one line, so a long note shows only part of itself; ctrl+o opens the whole of
it in an editor while the app steps aside, and what is saved there comes back into the field.
The text passes through a file readable by its owner alone, beside the database (a folder that is
the practitioner's own), removed as soon as the editor closes.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from textual.app import App

FALLBACK_EDITORS = ("nano", "vi")


def editor_command() -> list[str] | None:
    """The editor to run: $VISUAL, then $EDITOR, then nano or vi if installed; None if there is none."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                continue
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    return None


def edit_in_editor(app: App[object], text: str, *, folder: Path) -> str | None:
    """`text` as the practitioner left it in their editor; None if no editor could run (text unchanged).

    Raises nothing: an editor that fails, or a terminal that cannot hand over, means None.
    """
    from textual.app import SuspendNotSupported

    command = editor_command()
    if command is None:
        return None
    try:
        descriptor, name = tempfile.mkstemp(prefix=".reflect-note-", suffix=".txt", dir=folder)
    except OSError:
        return None
    path = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        with app.suspend():
            finished = subprocess.run([*command, str(path)], check=False)
        if finished.returncode != 0:
            return None
        edited = path.read_text(encoding="utf-8", errors="replace")
    except (OSError, SuspendNotSupported, UnicodeError):
        return None
    finally:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
    # The field holds one line: the editor's lines are joined, as a paste into it is.
    return " ".join(line.strip() for line in edited.splitlines() if line.strip())
