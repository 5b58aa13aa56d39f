"""`reflect export`: every reflection, complete (JSON) or for a spreadsheet (CSV).

The JSON is the format `reflect import` reads back; it carries everything the database
holds about each reflection, so that export -> import -> export gives the same file. It
has no timestamp of its own for the same reason: exporting the same reflections twice
gives the same bytes.

Both formats are written a reflection at a time (`json_pieces`, `csv_pieces`), so an export
of a million reflections holds one in memory, not all of them; the JSON pieces joined are exactly
the text `export_json` returns for the same reflections. The reflections come from the store as
the values it holds (StoredReflection), not as model objects: an export writes each once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from reflect import __version__
from reflect.exchange.json_text import indented
from reflect.model import KIND_LABELS, Reflection, Response
from reflect.questions import QuestionSet
from reflect.service import to_json

if TYPE_CHECKING:
    from reflect.store.exporting import StoredReflection

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


def stored_records(reflections: Iterable[StoredReflection], question_set: QuestionSet) -> Iterator[dict[str, Any]]:
    """`exported_record` of each reflection, made straight from its stored values (the store's
    iter_stored) rather than through a Reflection: the same dict, key for key and in the same order."""
    asked = question_set.keys
    asked_set = frozenset(asked)
    for stored in reflections:
        answered = {answer[0]: answer for answer in stored.answers}
        keys = asked if asked_set.issuperset(answered) else asked + sorted(answered.keys() - asked_set)
        yield {
            "uuid": stored.uuid,
            "occurred_at": on_clock(stored.occurred_at, stored.occurred_offset_minutes).isoformat(),
            "created_at": stored.created_at.isoformat(),
            "updated_at": stored.updated_at.isoformat(),
            "kind": stored.kind,
            "person_code": stored.person_code,
            "duration_minutes": stored.duration_minutes,
            "tags": list(stored.tags),
            "question_set": {"id": stored.question_set_id, "version": stored.question_set_version},
            # A response stored empty reads back as none, as the model's loader reads it.
            "answers": {key: (answer[1] or None) if (answer := answered.get(key)) else None for key in keys},
            "notes": {key: note for key, _response, note, _flagged in stored.answers if note},
            "flagged": stored.flagged,
            "flagged_notes": [key for key in keys if (answer := answered.get(key)) and answer[3] and answer[2]],
            "commitment_questions": list(stored.commitment_questions),
            "texts": {
                "what_happened": stored.what_happened,
                "so_what": stored.so_what,
                "now_what": stored.now_what,
                "commitment": stored.commitment,
            },
            "is_draft": stored.is_draft,
        }


def stored_record_texts(reflections: Iterable[StoredReflection], question_set: QuestionSet) -> Iterator[str]:
    """Each of `stored_records` as json_text.indented(record, "    ") writes it (as it stands in the
    document), written straight from the stored values: no dict to build and walk for each record,
    the text of every key made once. The tests hold it to the same bytes as the general writer."""
    asked = question_set.keys
    asked_set = frozenset(asked)
    one, two = "\n      ", "\n        "  # a record's own fields, and the values inside them
    named: dict[str, str] = {}  # "\n        \"hope\": ", made once for each question key

    def name(key: str) -> str:
        found = named.get(key)
        if found is None:
            found = named[key] = two + encode_basestring(key) + ": "
        return found

    def names(items: list[str]) -> str:
        return "[" + "".join([("," if index else "") + two + encode_basestring(item) for index, item in enumerate(items)]) + one + "]" if items else "[]"

    for stored in reflections:
        answered = {answer[0]: answer for answer in stored.answers}
        keys = asked if asked_set.issuperset(answered) else asked + sorted(answered.keys() - asked_set)
        answers = ",".join([
            name(key) + (encode_basestring(answer[1]) if (answer := answered.get(key)) and answer[1] else "null") for key in keys
        ])  # fmt: skip
        notes = ",".join([name(key) + encode_basestring(note) for key, _response, note, _flagged in stored.answers if note])
        flagged_notes = [key for key in keys if (answer := answered.get(key)) and answer[3] and answer[2]]
        yield "".join((
            "{", one, '"uuid": ', encode_basestring(stored.uuid),
            ",", one, '"occurred_at": "', on_clock(stored.occurred_at, stored.occurred_offset_minutes).isoformat(),
            '",', one, '"created_at": "', stored.created_at.isoformat(),
            '",', one, '"updated_at": "', stored.updated_at.isoformat(),
            '",', one, '"kind": ', _scalar(stored.kind),
            ",", one, '"person_code": ', _scalar(stored.person_code),
            ",", one, '"duration_minutes": ', _scalar(stored.duration_minutes),
            ",", one, '"tags": ', names(stored.tags),
            ",", one, '"question_set": {', two, '"id": ', _scalar(stored.question_set_id),
            ",", two, '"version": ', _scalar(stored.question_set_version), one, "}",
            ",", one, '"answers": ', "{" + answers + one + "}" if answers else "{}",
            ",", one, '"notes": ', "{" + notes + one + "}" if notes else "{}",
            ",", one, '"flagged": ', "true" if stored.flagged else "false",
            ",", one, '"flagged_notes": ', names(flagged_notes),
            ",", one, '"commitment_questions": ', names(stored.commitment_questions),
            ",", one, '"texts": {', two, '"what_happened": ', encode_basestring(stored.what_happened),
            ",", two, '"so_what": ', encode_basestring(stored.so_what),
            ",", two, '"now_what": ', encode_basestring(stored.now_what),
            ",", two, '"commitment": ', encode_basestring(stored.commitment), one, "}",
            ",", one, '"is_draft": ', "true" if stored.is_draft else "false",
            "\n    }",
        ))  # fmt: skip


def _scalar(value: Any) -> str:
    """Text, a whole number, true, false or null, as json.dumps writes it."""
    return indented(value) if value is None or value.__class__ in (str, int, bool) else json.dumps(value, ensure_ascii=False)


_CLOCKS: dict[int, timezone] = {}


def on_clock(moment: datetime, offset_minutes: int) -> datetime:
    """`moment` as read on the clock `offset_minutes` east of UTC (each clock made once)."""
    clock = _CLOCKS.get(offset_minutes)
    if clock is None:
        clock = _CLOCKS[offset_minutes] = timezone(timedelta(minutes=offset_minutes))
    return moment.astimezone(clock)


def json_pieces(
    records: Iterable[str], *, practitioner_id: str | None = None, start: datetime | None = None, end: datetime | None = None,
) -> Iterator[str]:  # fmt: skip
    """`export_json(export_document(...))`, a record at a time: each record's text as it stands in the
    document, nested two deep (`stored_record_texts`, or json_text.indented(record, "    ") of any record).
    """
    header = _dumped(_header(practitioner_id, start, end))
    yield header.removesuffix("\n}") + ',\n  "reflections": ['
    first = True
    for record in records:
        yield ("\n    " if first else ",\n    ") + record
        first = False
    yield "]\n}\n" if first else "\n  ]\n}\n"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula: such text gets a ' first."""


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_pieces(reflections: Iterable[StoredReflection], question_set: QuestionSet) -> Iterator[str]:
    """One row per reflection, a column per question (by its label), headings a person can read;
    a row at a time, from the reflections' stored values (the store's iter_stored).

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

    def written() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(headings)
    yield "\ufeff" + written()
    asked = question_set.keys
    asked_set = frozenset(asked)
    label = {question.key: question.label for question in question_set.questions}
    words = {response.value: response.word for response in Response}
    for stored in reflections:
        answered = {answer[0]: answer for answer in stored.answers}
        keys = asked if asked_set.issuperset(answered) else asked + sorted(answered.keys() - asked_set)
        noted = {key: answer[2].strip() for key in keys if (answer := answered.get(key)) and answer[2].strip()}
        notes = [f"{label.get(key, key)}: {note}" for key, note in noted.items()]
        row = [
            stored.uuid,
            f"{on_clock(stored.occurred_at, stored.occurred_offset_minutes):%Y-%m-%d %H:%M}",
            KIND_LABELS.get(stored.kind or "", stored.kind or ""),
            _cell(stored.person_code or ""),
            "" if stored.duration_minutes is None else str(stored.duration_minutes),
            _cell(", ".join(stored.tags)),
            "Yes" if stored.is_draft else "No",
            "Yes" if stored.flagged else "No",
            *(words.get(answer[1] or "", "") if (answer := answered.get(key)) else "" for key in asked),
            _cell("\n".join(notes)),
            # A note is flagged only with words in it (service.flagged_note_keys).
            ", ".join(label.get(key, key) for key in asked if key in noted and answered[key][3]),
            _cell(stored.what_happened),
            _cell(stored.so_what),
            _cell(stored.now_what),
            _cell(stored.commitment),
            ", ".join(label.get(key, key) for key in stored.commitment_questions),
            f"{stored.created_at.astimezone():%Y-%m-%d %H:%M}",
            f"{stored.updated_at.astimezone():%Y-%m-%d %H:%M}",
            f"{stored.question_set_id} v{stored.question_set_version}",
        ]
        writer.writerow(row)
        yield written()
