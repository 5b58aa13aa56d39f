"""Recovery files: a reflection the database would not take (disk full, file read-only, locked), kept safe.

When a save fails the app writes the reflection to a small JSON file (0600) beside the
database, and the next time the database opens it is put back as a draft and offered to
the practitioner; the file is removed only once the draft is safely stored. An edit of a saved
reflection is kept the same way while it is being made, and offered back as changes.

The file holds a reflection in the one JSON shape reflect writes everywhere (`reflect list --json`,
`reflect export`), read back by the export's own checks; files written by earlier versions, in the
shape of the Reflection object itself, are still read.
"""

from __future__ import annotations

import json
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


def recovery_document(reflection: Reflection, *, edit: bool = False) -> dict[str, Any]:
    """The file's contents: the reflection as `reflect export` writes one, and what a save needs besides."""
    from reflect.questions import default_question_set
    from reflect.service import to_json

    return {
        **to_json(reflection, default_question_set()),
        "is_draft": reflection.is_draft,
        "revision": reflection.revision,
        "edit": edit,
    }


def write_recovery(db_path: Path, reflection: Reflection, *, edit: bool = False) -> Path | None:
    """Write `reflection` to its recovery file (replacing an older one); None if that fails too.

    `edit`: changes to a saved reflection not yet saved, to be offered back as changes (never
    turned into a draft of it).
    """
    path = recovery_path(db_path, reflection)
    try:
        write_private(path, json.dumps(recovery_document(reflection, edit=edit), ensure_ascii=False))
    except (OSError, UnicodeEncodeError):  # PrivateFileError: the disk that refused the database may refuse this too
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
        if not isinstance(data, dict):
            return None
        edit = bool(data.pop("edit", False))
        revision = data.pop("revision", 0)
        if "question_set" in data:
            reflection = _from_export_shape(data)
        else:
            reflection = _from_earlier_shape(data)
        if reflection is None:
            return None
        reflection.revision = revision if isinstance(revision, int) and not isinstance(revision, bool) else 0
        return reflection, edit
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _from_export_shape(data: dict[str, Any]) -> Reflection | None:
    from pydantic import ValidationError

    from reflect.exchange.importing import ExportedReflection

    try:
        return ExportedReflection.model_validate(data).to_reflection()
    except ValidationError:
        return None


def _from_earlier_shape(data: dict[str, Any]) -> Reflection | None:
    """A file written before recovery files took the export's shape (the dataclass's own fields)."""
    answers = {
        key: Answer(Response(value["response"]) if value["response"] else None, value["note"], value["flagged"])
        for key, value in data.pop("answers").items()
    }
    for name in ("occurred_at", "created_at", "updated_at"):
        data[name] = datetime.fromisoformat(data[name])
    return Reflection(**data, answers=answers)


