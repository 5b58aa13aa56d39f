"""`reflect export`: every reflection, complete (JSON) or for a spreadsheet (CSV).

The JSON is the format `reflect import` reads back; it carries everything the database
holds about each reflection, so that export -> import -> export gives the same file. It
has no timestamp of its own for the same reason: exporting the same reflections twice
gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from reflect import __version__
from reflect.model import KIND_LABELS, Reflection
from reflect.questions import QuestionSet
from reflect.service import flagged_note_keys, to_json

EXPORT_FORMAT = "reflect-export"
EXPORT_FORMAT_VERSION = 1


def export_document(
    reflections: list[Reflection], question_set: QuestionSet, *, practitioner_id: str | None = None,
    start: datetime | None = None, end: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The export as a JSON-ready dict (the format is documented in the README)."""
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "generator": f"reflect {__version__}",
        "practitioner_id": practitioner_id,
        "period": {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None},
        "reflections": [{**to_json(reflection, question_set), "is_draft": reflection.is_draft} for reflection in reflections],
    }


def export_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula: such text gets a ' first."""


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_csv(reflections: list[Reflection], question_set: QuestionSet) -> str:
    """One row per reflection, a column per question (by its label), headings a person can read.

    Written with a byte-order mark so that spreadsheets read it as UTF-8.
    """
    headings = [
        "Reflection id", "When", "Kind", "Person code", "Minutes", "Tags", "Draft", "Flagged for supervision",
        *(question.label for question in question_set.questions),
        "Notes", "Flagged notes", "What happened?", "So what?", "Now what?", "Commitment for next time",
        "Commitment is about", "Written", "Last edited", "Question set",
    ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    label = {question.key: question.label for question in question_set.questions}
    for reflection in reflections:
        flagged = set(flagged_note_keys(reflection))
        notes = [
            f"{label.get(key, key)}: {answer.note.strip()}"
            for key in question_set.keys + sorted(set(reflection.answers) - set(question_set.keys))
            if (answer := reflection.answers.get(key)) is not None and answer.note.strip()
        ]
        row = [
            reflection.uuid,
            f"{reflection.occurred_at:%Y-%m-%d %H:%M}",
            KIND_LABELS.get(reflection.kind or "", reflection.kind or ""),
            _cell(reflection.person_code or ""),
            "" if reflection.duration_minutes is None else str(reflection.duration_minutes),
            _cell(", ".join(reflection.tags)),
            "Yes" if reflection.is_draft else "No",
            "Yes" if reflection.flagged else "No",
            *(response.word if (response := reflection.response_for(key)) else "" for key in question_set.keys),
            _cell("\n".join(notes)),
            ", ".join(label.get(key, key) for key in question_set.keys if key in flagged),
            _cell(reflection.what_happened),
            _cell(reflection.so_what),
            _cell(reflection.now_what),
            _cell(reflection.commitment),
            ", ".join(label.get(key, key) for key in reflection.commitment_questions),
            f"{reflection.created_at.astimezone():%Y-%m-%d %H:%M}",
            f"{reflection.updated_at.astimezone():%Y-%m-%d %H:%M}",
            f"{reflection.question_set_id} v{reflection.question_set_version}",
        ]
        writer.writerow(row)
    return "\ufeff" + buffer.getvalue()
