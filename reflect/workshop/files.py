"""Where workshop files live, and which one a command means (standard library only)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

WORKSHOP_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SUFFIX = ".workshop.db"
"""Workshop files are named ID.workshop.db, so nobody mistakes one for their own reflections."""


class WorkshopPathError(ValueError):
    """A workshop that cannot be found from what was given; the message says what to do."""


def new_workshop_id(vignette_id: str) -> str:
    """The vignette's id and four random characters: short enough to say aloud, e.g. "crisis-call-3f9a"."""
    return f"{vignette_id}-{secrets.token_hex(2)}"


def workshop_file(folder: Path, workshop_id: str) -> Path:
    return folder / f"{workshop_id}{SUFFIX}"


def resolve_workshop(db: str | None, workshop_id: str | None, folder: Path) -> Path:
    """The workshop file named by --db, or by --workshop ID in `folder`, or else the newest there."""
    if db:
        return Path(db).expanduser()
    if workshop_id:
        wanted = workshop_id.strip().lower()
        if not WORKSHOP_ID.match(wanted) or len(wanted) > 80:
            raise WorkshopPathError(f"{workshop_id[:80]!r} is not a workshop id (such as 'crisis-call-3f9a').")
        path = workshop_file(folder, wanted)
        if not path.exists():
            known = ", ".join(known_workshops(folder)) or "none yet"
            raise WorkshopPathError(f"There is no workshop {wanted!r}. Workshops on this computer: {known}.")
        return path
    newest = sorted(folder.glob(f"*{SUFFIX}"), key=lambda path: path.stat().st_mtime) if folder.is_dir() else []
    if not newest:
        raise WorkshopPathError("There is no workshop yet. Create one with `reflect workshop new --vignette NAME`.")
    return newest[-1]


def known_workshops(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(path.name.removesuffix(SUFFIX) for path in folder.glob(f"*{SUFFIX}"))
