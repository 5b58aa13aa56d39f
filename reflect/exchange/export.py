"""`reflect export`: every reflection, complete (JSON) or for a spreadsheet (CSV).

The JSON is the format `reflect import` reads back; it carries everything the database
holds about each reflection, so that export -> import -> export gives the same file. It
has no timestamp of its own for the same reason: exporting the same reflections twice
gives the same bytes.

Both formats are written a reflection at a time (`json_pieces`, `csv_pieces`), so an export
of a million reflections holds one in memory, not all of them; the pieces joined are exactly
the text `export_json` and `export_csv` return for the same reflections.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
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
        **_header(practitioner_id, start, end),
        "reflections": [exported_record(reflection, question_set) for reflection in reflections],
    }


def _header(practitioner_id: str | None, start: datetime | None, end: datetime | None) -> dict[str, Any]:
    """Every field of the export but its reflections, which come last."""
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "generator": f"reflect {__version__}",
        "practitioner_id": practitioner_id,
        "period": {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None},
    }


def exported_record(reflection: Reflection, question_set: QuestionSet) -> dict[str, Any]:
    return {**to_json(reflection, question_set), "is_draft": reflection.is_draft}


def _dumped(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def export_json(document: dict[str, Any]) -> str:
    return _dumped(document) + "\n"


def json_pieces(
    reflections: Iterable[Reflection], question_set: QuestionSet, *, practitioner_id: str | None = None,
    start: datetime | None = None, end: datetime | None = None,
) -> Iterator[str]:  # fmt: skip
    """`export_json(export_document(...))`, a reflection at a time.

    json.dumps with indent=2 writes a value nested two deep as it writes it alone, with every
    line after the first indented by four spaces more; a string never holds a line break (it
    is escaped), so indenting after each line break is exact.
    """
    header = _dumped(_header(practitioner_id, start, end))
    yield header.removesuffix("\n}") + ',\n  "reflections": ['
    first = True
    for reflection in reflections:
        yield ("\n    " if first else ",\n    ") + _dumped(exported_record(reflection, question_set)).replace("\n", "\n    ")
        first = False
    yield "]\n}\n" if first else "\n  ]\n}\n"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula: such text gets a ' first."""


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_csv(reflections: Iterable[Reflection], question_set: QuestionSet) -> str:
    """One row per reflection, a column per question (by its label), headings a person can read.

    Written with a byte-order mark so that spreadsheets read it as UTF-8.
    """
    return "".join(csv_pieces(reflections, question_set))


def csv_pieces(reflections: Iterable[Reflection], question_set: QuestionSet) -> Iterator[str]:
    """`export_csv`, a row at a time."""
    headings = [
        "Reflection id", "When", "Kind", "Person code", "Minutes", "Tags", "Draft", "Flagged for supervision",
        *(question.label for question in question_set.questions),
        "Notes", "Flagged notes", "What happened?", "So what?", "Now what?", "Commitment for next time",
        "Commitment is about", "Written", "Last edited", "Question set",
    ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def written() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(headings)
    yield "\ufeff" + written()
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
        yield written()
