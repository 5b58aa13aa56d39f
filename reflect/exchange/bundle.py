"""Supervision bundles: what a practitioner chooses to share with a supervisor, and nothing more.

`reflect share` writes one; `reflect team --db TEAM.db import` reads it into a team database.
A bundle holds, for each reflection in the period, only its day (or, if the practitioner
chooses, only its week: the Monday it began), its kind of interaction and its answers, and which parts were flagged for supervision. Person codes, tags, times,
durations and every word the practitioner wrote are left out; with --include-notes the
words of what was flagged (and only that) come too, with any person code in them replaced.
The team side checks all of that again, so a bundle edited to carry more is refused.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, ValidationError, field_validator, model_validator

from reflect import __version__
from reflect.display import quoted_value
from reflect.exchange.files import FileProblem, read_json
from reflect.exchange.importing import (
    BUNDLE_FORMAT,
    QuestionSetRef,
    Strict,
    Text,
    Time,
    check_format,
    check_kind,
    check_question_set,
    check_reflection_id,
    first_problem,
)
from reflect.exchange.privacy import person_code_pattern, without_person_codes
from reflect.model import Answer, Practitioner, Reflection, Response
from reflect.questions import QuestionSet, default_question_set
from reflect.service import flagged_note_keys

BUNDLE_FORMAT_VERSION = 1
NAME_MAX = 60
TEXT_FIELDS = ("what_happened", "so_what", "now_what", "commitment")
DatedBy = Literal["day", "week"]
"""What a bundle says of when each reflection was: its day, or only its week (bundles before this said nothing: days)."""


def week_of(day: date) -> date:
    """The Monday of the week `day` is in: what a bundle dated by week says of a reflection."""
    return day - timedelta(days=day.weekday())


# Making a bundle -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contents:
    """What a bundle will hold, counted, so the practitioner can be told before it is written."""

    reflections: int
    flagged_reflections: int
    flagged_notes: int
    notes_included: int
    texts_included: int
    """Flagged reflections whose What happened / So what / Now what / commitment come along."""


def make_bundle(
    reflections: list[Reflection], question_set: QuestionSet, *, practitioner_id: str, name: str,
    start: datetime | None, end: datetime, include_notes: bool, person_codes: set[str], now: datetime,
    bundle_id: str | None = None, dated_by: DatedBy = "day",
) -> dict[str, Any]:  # fmt: skip
    """The bundle as a JSON-ready dict, checksum included (the format is documented in the README)."""
    pattern = person_code_pattern(person_codes | {r.person_code for r in reflections if r.person_code})
    records = []
    for reflection in reflections:
        flagged_keys = [key for key in question_set.keys if key in flagged_note_keys(reflection)]
        day = reflection.occurred_at.date()
        record: dict[str, Any] = {
            "id": reflection.uuid,
            dated_by: (week_of(day) if dated_by == "week" else day).isoformat(),
            "kind": reflection.kind,
            "question_set": {"id": reflection.question_set_id, "version": reflection.question_set_version},
            "answers": {key: (r.value if (r := reflection.response_for(key)) else None) for key in question_set.keys},
            "flagged": reflection.flagged,
            "flagged_notes": flagged_keys,
        }
        if include_notes:
            record["notes"] = {key: without_person_codes(reflection.answers[key].note, pattern) for key in flagged_keys}
            if reflection.flagged:
                record["texts"] = {field: without_person_codes(getattr(reflection, field), pattern) for field in TEXT_FIELDS}
        records.append(record)
    document: dict[str, Any] = {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_FORMAT_VERSION,
        "generator": f"reflect {__version__}",
        "bundle_id": bundle_id or str(uuid.uuid4()),
        "created_at": now.isoformat(),
        "practitioner": {"id": practitioner_id, "display_name": name},
        "period": {"from": start.isoformat() if start else None, "to": end.isoformat()},
        "includes_notes": include_notes,
        "dated_by": dated_by,
        "counts": counts_of(records),
        "reflections": records,
    }
    document["checksum"] = checksum(document)
    return document


def counts_of(records: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "reflections": len(records),
        "flagged_reflections": sum(1 for r in records if r["flagged"]),
        "flagged_notes": sum(len(r["flagged_notes"]) for r in records),
        "notes_included": sum(len(r.get("notes") or {}) for r in records),
        "texts_included": sum(1 for r in records if r.get("texts") is not None),
    }


def contents(document: dict[str, Any]) -> Contents:
    return Contents(**document["counts"])


def checksum(document: dict[str, Any]) -> str:
    """SHA-256 of the bundle without its checksum, as canonical JSON: catches damage and edits
    (it is not a signature: someone set on changing a bundle can recompute it)."""
    body = {key: value for key, value in document.items() if key != "checksum"}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def bundle_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def describe(document: dict[str, Any], period: str) -> list[str]:
    """Exactly what the bundle holds, in words, for the practitioner to read before it is written."""
    held = contents(document)
    name = document["practitioner"]["display_name"]
    reflections = "1 reflection" if held.reflections == 1 else f"{held.reflections} reflections"
    by_week = document.get("dated_by") == "week"
    lines = [
        f"This supervision bundle will show your supervisor, as {name!r}:",
        f"  {period}: {reflections}, each with its ten answers, its kind of interaction and "
        + ("only its week (the Monday it began), not its day." if by_week else "its day."),
    ]
    if not by_week:
        lines.append("  Add --by-week to share only the week of each reflection instead of its day.")
    flagged = []
    if held.flagged_reflections:
        flagged.append(f"{held.flagged_reflections} flagged reflection" + ("s" if held.flagged_reflections != 1 else ""))
    if held.flagged_notes:
        flagged.append(f"{held.flagged_notes} flagged note" + ("s" if held.flagged_notes != 1 else ""))
    if flagged:
        lines.append(f"  Which are flagged for supervision: {' and '.join(flagged)}.")
    if document["includes_notes"]:
        words = []
        if held.notes_included:
            words.append(f"the {held.notes_included} note" + ("s" if held.notes_included != 1 else "") + " you flagged")
        if held.texts_included:
            words.append(
                f"What happened, So what, Now what and the commitment of the {held.texts_included} reflection"
                + ("s" if held.texts_included != 1 else "") + " you flagged"
            )
        lines.append(
            "  Your words: " + (" and ".join(words) if words else "none (nothing you wrote is flagged)")
            + ", with any person code in them shown as [person]. Nothing else you wrote."
        )
    else:
        lines.append("  Your words: none. Add --include-notes to share the notes you flagged.")
    lines.append("  Never included: person codes, tags, times of day, durations, or any note you did not flag.")
    return lines


# Reading a bundle (the team side) ----------------------------------------------------------------------


def read_day(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError(f"should be a day written as text, such as \"2026-11-22\", not {quoted_value(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{quoted_value(value)} is not a day; write it as 2026-11-22") from None


class BundleReflection(Strict):
    id: StrictStr
    day: StrictStr | None = None
    week: StrictStr | None = None
    kind: StrictStr | None
    question_set: QuestionSetRef
    answers: dict[StrictStr, Literal["yes", "partly", "no", "not_applicable"] | None]
    flagged: StrictBool
    flagged_notes: list[StrictStr]
    notes: dict[StrictStr, Text] | None = None
    texts: dict[StrictStr, Text] | None = None

    _check_id = field_validator("id")(check_reflection_id)
    _check_set = field_validator("question_set")(check_question_set)

    @field_validator("day")
    @classmethod
    def _day(cls, value: str | None) -> str | None:
        return None if value is None else read_day(value).isoformat()

    @field_validator("week")
    @classmethod
    def _week(cls, value: str | None) -> str | None:
        if value is None:
            return None
        monday = read_day(value)
        if monday.weekday() != 0:
            raise ValueError(f"{quoted_value(value)} is not a Monday, and a week is given by its Monday")
        return monday.isoformat()

    @property
    def dated(self) -> str:
        """Its day, or the Monday of its week: whichever the bundle carries."""
        return self.day or self.week or ""

    _check_kind = field_validator("kind")(check_kind)

    @model_validator(mode="after")
    def _only_what_was_flagged(self) -> BundleReflection:
        keys = set(default_question_set().keys)
        unknown = next((key for key in [*self.answers, *self.flagged_notes] if key not in keys), None)
        if unknown is not None:
            raise ValueError(f"{quoted_value(unknown)} is not a question key")
        unflagged = next((key for key in (self.notes or {}) if key not in self.flagged_notes), None)
        if unflagged is not None:
            raise ValueError(f"notes: the note on {quoted_value(unflagged)} was not flagged, and a bundle never holds an unflagged note")
        if self.texts is not None:
            if not self.flagged:
                raise ValueError("texts: only a flagged reflection's words can be in a bundle")
            if set(self.texts) != set(TEXT_FIELDS):
                raise ValueError(f"texts: should hold exactly {', '.join(TEXT_FIELDS)}")
        return self


class BundlePractitioner(Strict):
    id: StrictStr
    display_name: StrictStr

    _check_id = field_validator("id")(check_reflection_id)

    @field_validator("display_name")
    @classmethod
    def _name(cls, name: str) -> str:
        if not name.strip() or len(name) > NAME_MAX or not name.isprintable():
            raise ValueError(f"should be a name of 1 to {NAME_MAX} characters")
        return name


class BundlePeriod(Strict):
    from_: Time | None = Field(alias="from")
    to: Time


class BundleCounts(Strict):
    reflections: StrictInt
    flagged_reflections: StrictInt
    flagged_notes: StrictInt
    notes_included: StrictInt
    texts_included: StrictInt


class BundleFile(Strict):
    format: Literal["reflect-supervision-bundle"]
    format_version: Literal[1]
    generator: StrictStr
    bundle_id: StrictStr
    created_at: Time
    practitioner: BundlePractitioner
    period: BundlePeriod
    includes_notes: StrictBool
    dated_by: DatedBy = "day"
    counts: BundleCounts
    reflections: list[BundleReflection]
    checksum: StrictStr

    _check_id = field_validator("bundle_id")(check_reflection_id)

    @model_validator(mode="after")
    def _consistent(self) -> BundleFile:
        seen: dict[str, int] = {}
        for number, record in enumerate(self.reflections, start=1):
            if record.id in seen:
                raise ValueError(f"reflection {number} has the same id as reflection {seen[record.id]}")
            seen[record.id] = number
            other: DatedBy = "week" if self.dated_by == "day" else "day"
            if getattr(record, self.dated_by) is None or getattr(record, other) is not None:
                raise ValueError(f"reflection {number} should have a {self.dated_by} (and no {other}), as the bundle says it is dated by {self.dated_by}")
            if not self.includes_notes and (record.notes is not None or record.texts is not None):
                raise ValueError(f"reflection {number} holds words, but the bundle says it includes no notes")
        return self


@dataclass(frozen=True)
class ReadBundle:
    practitioner: Practitioner
    reflections: list[Reflection]
    name: str
    """The file it came from, as given."""


def read_bundle(name: str) -> ReadBundle:
    """A bundle checked whole (format, fields, privacy, counts, checksum); FileProblem if it is not one."""
    data = read_json(name, what="a supervision bundle", made_by="share", again="Ask for it again; nothing was imported.")
    return parse_bundle(data, "standard input" if name == "-" else name)


def parse_bundle(data: Any, name: str) -> ReadBundle:
    """A bundle read from JSON already parsed; `name` says where it came from, for the messages."""
    check_format(data, name, expected=BUNDLE_FORMAT, version=BUNDLE_FORMAT_VERSION, what="a supervision bundle")
    try:
        bundle = BundleFile.model_validate(data)
    except ValidationError as error:
        raise FileProblem(f"{name}: {first_problem(error, record='reflection')}. Nothing was imported.") from None
    found = counts_of([record.model_dump(exclude_none=True) for record in bundle.reflections])
    for field, said in bundle.counts.model_dump().items():
        if found[field] != said:
            raise FileProblem(
                f"{name} says it holds {said} {field.replace('_', ' ')} but has {found[field]}: it was changed or "
                "damaged after it was written. Ask for it again; nothing was imported."
            )
    if checksum(data) != bundle.checksum:
        raise FileProblem(
            f"{name} does not match its checksum: it was changed after it was written. Ask for it again; "
            "nothing was imported."
        )
    end = bundle.period.to
    start = bundle.period.from_
    # A day either side: a reflection's day is where the practitioner was, the period's ends are not.
    # A week's Monday can be up to six days before the period begins.
    earliest = start - timedelta(days=7 if bundle.dated_by == "week" else 1) if start is not None else None
    first = earliest.date().isoformat() if earliest is not None else ""
    last = (end + timedelta(days=1)).date().isoformat()
    outside = next((n for n, r in enumerate(bundle.reflections, start=1) if not first <= r.dated <= last), None)
    if outside is not None:
        raise FileProblem(f"{name}: reflection {outside} ({bundle.dated_by}) falls outside the bundle's period. Nothing was imported.")
    practitioner = Practitioner(
        id=bundle.practitioner.id,
        display_name=" ".join(bundle.practitioner.display_name.split()),
        bundle_id=bundle.bundle_id,
        bundle_created_at=bundle.created_at,
        period_start=start,
        period_end=end,
        includes_notes=bundle.includes_notes,
        reflections=len(bundle.reflections),
        flagged_reflections=bundle.counts.flagged_reflections,
        flagged_notes=bundle.counts.flagged_notes,
    )
    return ReadBundle(practitioner, [_reflection(record, bundle.created_at) for record in bundle.reflections], name)


def _reflection(record: BundleReflection, shared_at: datetime) -> Reflection:
    """A bundle's reflection as the team database stores it: at midday UTC of its day (or its week's Monday)."""
    moment = datetime.combine(date.fromisoformat(record.dated), time(12), tzinfo=UTC)
    notes = record.notes or {}
    answers: dict[str, Answer] = {}
    for key in default_question_set().keys:
        response, note = record.answers.get(key), notes.get(key, "")
        # A flagged note is kept as flagged without its words, so the team view can still show it.
        flagged = key in record.flagged_notes
        if response is not None or note.strip() or flagged:
            answers[key] = Answer(Response(response) if response else None, note, flagged)
    made = Reflection(
        uuid=record.id,
        question_set_id=record.question_set.id,
        question_set_version=record.question_set.version,
        occurred_at=moment,
        created_at=shared_at,
        updated_at=shared_at,
        kind=record.kind,
        answers=answers,
        flagged=record.flagged,
    )
    if record.texts is not None:
        # The TEXT_FIELDS by name (validation made sure all four are there), so each is typed as text.
        texts = record.texts
        made = replace(
            made,
            what_happened=texts["what_happened"],
            so_what=texts["so_what"],
            now_what=texts["now_what"],
            commitment=texts["commitment"],
        )
    return made
