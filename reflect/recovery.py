"""Recovery files: a reflection the database would not take (disk full, file read-only, locked), kept safe.

When a save fails the app writes the reflection to a small JSON file (0600) beside the
database, and the next time the database opens it is put back as a draft and offered to
the practitioner; the file is removed only once the draft is safely stored.
Standard library only.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from reflect.model import Answer, Reflection, Response
from reflect.private_files import write_private

RECOVERY_SUFFIX = ".recovered.json"
"""reflect.store.health lists (and erase removes) files named like this beside the database."""


def recovery_path(db_path: Path, reflection: Reflection) -> Path:
    return db_path.parent / f"{db_path.stem}-{reflection.uuid}{RECOVERY_SUFFIX}"


def recovery_files(db_path: Path) -> list[Path]:
    return sorted(db_path.parent.glob(f"{db_path.stem}-*{RECOVERY_SUFFIX}"))


def write_recovery(db_path: Path, reflection: Reflection, *, edit: bool = False) -> Path | None:
    """Write `reflection` to its recovery file (replacing an older one); None if that fails too.

    `edit`: changes to a saved reflection not yet saved, to be offered back as changes (never
    turned into a draft of it).
    """
    path = recovery_path(db_path, reflection)
    data = asdict(reflection)
    data["edit"] = edit
    for name in ("occurred_at", "created_at", "updated_at"):
        data[name] = getattr(reflection, name).isoformat()
    data["answers"] = {
        key: {"response": answer.response.value if answer.response else None, "note": answer.note, "flagged": answer.flagged}
        for key, answer in reflection.answers.items()
    }
    try:
        write_private(path, json.dumps(data, ensure_ascii=False))
    except OSError:  # PrivateFileError: the disk that refused the database may refuse this too
        return None
    return path


def read_recovery(path: Path) -> Reflection | None:
    """The reflection in a recovery file, or None if the file cannot be read as one."""
    entry = read_recovery_entry(path)
    return entry[0] if entry is not None else None


def read_recovery_entry(path: Path) -> tuple[Reflection, bool] | None:
    """The reflection in a recovery file and whether it holds unsaved changes to a saved one."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        edit = bool(data.pop("edit", False))
        answers = {
            key: Answer(Response(value["response"]) if value["response"] else None, value["note"], value["flagged"])
            for key, value in data.pop("answers").items()
        }
        for name in ("occurred_at", "created_at", "updated_at"):
            data[name] = datetime.fromisoformat(data[name])
        return Reflection(**data, answers=answers), edit
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
