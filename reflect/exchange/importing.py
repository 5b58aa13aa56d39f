"""`reflect import`: reading an export back, checked whole before anything is written.

The file is validated against a pydantic model of the export format (see
reflect.exchange.export); the first problem is reported by reflection number and field,
and nothing is imported.

It is read twice, a reflection at a time (reflect.exchange.incremental), so that its size
does not decide the memory used: once to check every reflection, and once, as they are
stored, to build them. A file with a problem is read whole, as it always was, so that the
problem is named exactly as before (which reflection, which field).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from reflect.display import quoted_value
from reflect.exchange.export import EXPORT_FORMAT, EXPORT_FORMAT_VERSION
from reflect.exchange.files import MAX_INPUT_BYTES, SQLITE_HEADER, FileProblem, parse_json, read_json
from reflect.exchange.incremental import Unusual, read_records
from reflect.model import KIND_LABELS, Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.service import PERSON_CODE_MAX, InputError, check_tags, check_text

BUNDLE_FORMAT = "reflect-supervision-bundle"  # repeated from reflect.exchange.bundle, which imports this module


class Strict(BaseModel):
    """Unknown fields are refused (a typo, or a newer format), and nothing is quietly converted."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def check_reflection_id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValueError(f"{quoted_value(value)} is not a reflection id (a UUID such as 0bdaa145-2f6c-4e1a-9d4e-3c5b7a1e2f90)") from None


def read_time(value: Any) -> datetime:
    """An ISO 8601 time with its UTC offset in whole minutes, as reflect writes them (and nothing looser)."""
    if not isinstance(value, str):
        raise ValueError(f"should be a time written as text, such as \"2026-11-22T15:00:00+00:00\", not {quoted_value(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{quoted_value(value)} is not a time; write it as ISO 8601, such as 2026-11-22T15:00:00+00:00") from None
    offset = parsed.utcoffset()
    if offset is None:
        raise ValueError(f"{quoted_value(value)} needs its UTC offset, such as 2026-11-22T15:00:00+00:00")
    if offset.total_seconds() % 60:
        raise ValueError(f"{quoted_value(value)} has seconds in its UTC offset; give it in whole minutes, such as +01:00")
    return parsed


def check_question_set(question_set: QuestionSetRef) -> QuestionSetRef:
    known = default_question_set()
    if question_set.id != known.id or not 1 <= question_set.version <= known.version:
        raise ValueError(
            f"{quoted_value(question_set.id)} version {question_set.version} is not a question set this version of reflect "
            f"knows ({quoted_value(known.id)} up to version {known.version})"
        )
    return question_set


def check_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in KIND_LABELS:
        raise ValueError(f"{quoted_value(kind)} is not an interaction kind ({', '.join(KIND_LABELS)}, or null)")
    return kind


Time = Annotated[datetime, BeforeValidator(read_time)]


def storable_text(text: str) -> str:
    """Text as reflect stores it anywhere else: at most TEXT_MAX characters, valid Unicode."""
    try:
        return check_text("the text", text)
    except InputError as error:
        raise ValueError(str(error).replace("the text is", "is").replace("the text contains", "contains")) from None


Text = Annotated[StrictStr, AfterValidator(storable_text)]


class QuestionSetRef(Strict):
    id: StrictStr
    version: StrictInt


class Texts(Strict):
    what_happened: Text
    so_what: Text
    now_what: Text
    commitment: Text


class ExportedReflection(Strict):
    """One reflection, in the shape `reflect list --json` prints, with `is_draft`."""

    uuid: StrictStr
    occurred_at: Time
    created_at: Time
    updated_at: Time
    kind: StrictStr | None
    person_code: StrictStr | None
    duration_minutes: StrictInt | None
    tags: list[StrictStr]
    question_set: QuestionSetRef
    answers: dict[StrictStr, Literal["yes", "partly", "no", "not_applicable"] | None]
    notes: dict[StrictStr, Text]
    flagged: StrictBool
    flagged_notes: list[StrictStr]
    commitment_questions: list[StrictStr]
    texts: Texts
    is_draft: StrictBool

    _check_uuid = field_validator("uuid")(check_reflection_id)
    _check_set = field_validator("question_set")(check_question_set)

    _check_kind = field_validator("kind")(check_kind)

    @field_validator("person_code")
    @classmethod
    def _short_code(cls, code: str | None) -> str | None:
        if code is not None and (not code.strip() or len(code) > PERSON_CODE_MAX):
            raise ValueError(f"a person code is 1 to {PERSON_CODE_MAX} characters, or null")
        return code

    @field_validator("duration_minutes")
    @classmethod
    def _duration(cls, minutes: int | None) -> int | None:
        if minutes is not None and not 0 < minutes <= 24 * 60:
            raise ValueError("minutes run from 1 to 1440 (24 hours), or null")
        return minutes

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        try:
            return check_tags(tags)
        except InputError as error:
            raise ValueError(str(error)) from None

    @model_validator(mode="after")
    def _keys_are_questions(self) -> ExportedReflection:
        keys = set(default_question_set().keys)
        for field, named in (("answers", self.answers), ("notes", self.notes), ("flagged_notes", self.flagged_notes),
                             ("commitment_questions", self.commitment_questions)):  # fmt: skip
            unknown = next((key for key in named if key not in keys), None)
            if unknown is not None:
                raise ValueError(f"{field}: {quoted_value(unknown)} is not a question key (see `reflect questions`)")
        bare = next((key for key in self.flagged_notes if not self.notes.get(key, "").strip()), None)
        if bare is not None:
            raise ValueError(f"flagged_notes: {quoted_value(bare)} is flagged but has no note")
        return self

    def to_reflection(self) -> Reflection:
        answers: dict[str, Answer] = {}
        for key in default_question_set().keys:
            response, note = self.answers.get(key), self.notes.get(key, "")
            if response is not None or note:
                answers[key] = Answer(Response(response) if response else None, note, key in self.flagged_notes)
        return Reflection(
            uuid=self.uuid,
            question_set_id=self.question_set.id,
            question_set_version=self.question_set.version,
            occurred_at=self.occurred_at,
            created_at=self.created_at,
            updated_at=self.updated_at,
            kind=self.kind,
            person_code=self.person_code,
            duration_minutes=self.duration_minutes,
            tags=self.tags,
            what_happened=self.texts.what_happened,
            so_what=self.texts.so_what,
            now_what=self.texts.now_what,
            commitment=self.texts.commitment,
            answers=answers,
            is_draft=self.is_draft,
            flagged=self.flagged,
            commitment_questions=list(self.commitment_questions),
        )


class Period(Strict):
    from_: Time | None = Field(alias="from")
    to: Time | None


class ExportFile(Strict):
    format: Literal["reflect-export"]
    format_version: Literal[1]
    generator: StrictStr
    practitioner_id: StrictStr | None
    period: Period
    reflections: list[ExportedReflection]

    @field_validator("practitioner_id")
    @classmethod
    def _practitioner_id(cls, value: str | None) -> str | None:
        return None if value is None else check_reflection_id(value)

    @model_validator(mode="after")
    def _ids_are_unique(self) -> ExportFile:
        seen: dict[str, int] = {}
        for number, reflection in enumerate(self.reflections, start=1):
            if reflection.uuid in seen:
                raise DuplicateId(number, seen[reflection.uuid])
            seen[reflection.uuid] = number
        return self


class DuplicateId(ValueError):
    def __init__(self, number: int, first: int) -> None:
        super().__init__(f"reflection {number} (uuid): the same id as reflection {first}")


class ExportedReflections:
    """The reflections of an export file already checked whole: iterating reads them from the
    file again, one at a time (for an import of any size in little memory)."""

    def __init__(self, opened: Callable[[], contextlib.AbstractContextManager[IO[bytes]]], count: int, shown: str) -> None:
        self._opened = opened
        self._count = count
        self._shown = shown

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Reflection]:
        with self._opened() as handle:
            try:
                for record in read_records(handle, items="reflections", limit=MAX_INPUT_BYTES, fields={}):
                    yield ExportedReflection.model_validate(record).to_reflection()
            except (Unusual, ValidationError):
                # Checked a moment ago: only a file changed since can get here.
                raise FileProblem(f"{self._shown} changed while it was being imported. Nothing was imported.") from None


@dataclass(frozen=True)
class ReadExport:
    reflections: list[Reflection] | ExportedReflections
    practitioner_id: str | None


def read_export(name: str) -> ReadExport:
    """The reflections in an export file; FileProblem naming the first problem if it is not one."""
    shown = "standard input" if name == "-" else name
    if name == "-":
        spool = _spooled_standard_input()
        found = _checked_a_reflection_at_a_time(lambda: contextlib.nullcontext(_rewound(spool)), shown)
        if found is not None:
            return found
        return _read_whole(parse_json(_rewound(spool).read(MAX_INPUT_BYTES + 1), shown, what="a reflect export"), shown)
    path = Path(name).expanduser()
    try:
        regular = path.is_file()  # a pipe or a device is read whole, for read_json to refuse
    except OSError:
        regular = False
    if regular:
        found = _checked_a_reflection_at_a_time(lambda: path.open("rb"), shown)
        if found is not None:
            return found
    return _read_whole(read_json(name, what="a reflect export"), shown)


def _rewound(handle: IO[bytes]) -> IO[bytes]:
    handle.seek(0)
    return handle


def _spooled_standard_input() -> IO[bytes]:
    """Standard input copied to a temporary file (it can be read only once), up to the limit and a byte."""
    spool = tempfile.TemporaryFile()
    left = MAX_INPUT_BYTES + 1
    while left > 0:
        data = sys.stdin.buffer.read(min(left, 1024 * 1024))
        if not data:
            break
        spool.write(data)
        left -= len(data)
    return spool


def _checked_a_reflection_at_a_time(
    opened: Callable[[], contextlib.AbstractContextManager[IO[bytes]]], shown: str
) -> ReadExport | None:
    """The export, checked a reflection at a time; None if it has a problem (or is unusual), for
    `_read_whole` to name. Only the ids are kept, in a temporary database, to find one given twice."""
    fields: dict[str, Any] = {}
    count = 0
    try:
        with opened() as handle, contextlib.closing(sqlite3.connect("")) as seen:
            if handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                return None
            handle.seek(0)
            before = os.fstat(handle.fileno())
            if before.st_size > MAX_INPUT_BYTES:
                return None
            seen.execute("CREATE TABLE seen (id TEXT PRIMARY KEY)")
            for record in read_records(handle, items="reflections", limit=MAX_INPUT_BYTES, fields=fields):
                checked = ExportedReflection.model_validate(record)
                seen.execute("INSERT INTO seen VALUES (?)", (checked.uuid,))
                count += 1
        check_format(fields, shown, expected=EXPORT_FORMAT, version=EXPORT_FORMAT_VERSION, what="a reflect export")
        header = ExportFile.model_validate({**fields, "reflections": []})
    except (Unusual, ValidationError, FileProblem, sqlite3.IntegrityError, OSError):
        return None
    return ReadExport(ExportedReflections(opened, count, shown), header.practitioner_id)


def _read_whole(data: Any, shown: str) -> ReadExport:
    """The export read whole into memory (`data`, as json.loads made it), as reflect always read one."""
    check_format(data, shown, expected=EXPORT_FORMAT, version=EXPORT_FORMAT_VERSION, what="a reflect export")
    try:
        parsed = ExportFile.model_validate(data)
    except ValidationError as error:
        raise FileProblem(f"{shown}: {first_problem(error, record='reflection')}. Nothing was imported.") from None
    return ReadExport([record.to_reflection() for record in parsed.reflections], parsed.practitioner_id)


def check_format(data: Any, shown: str, *, expected: str, version: int, what: str) -> None:
    """Refuse, with a message naming what the file is, anything but `expected` at a version we read."""
    found = data.get("format") if isinstance(data, dict) else None
    if found != expected:
        if found == BUNDLE_FORMAT:
            raise FileProblem(
                f"{shown} is a supervision bundle, not a reflect export. A supervisor collects bundles "
                f"with `reflect team --db TEAM.db import {shown}`."
            )
        if found == EXPORT_FORMAT:
            raise FileProblem(
                f"{shown} is a reflect export (a practitioner's complete reflections), not {what}. "
                "Make a bundle to share with `reflect share`."
            )
        raise FileProblem(f"{shown} is not {what} (it has no \"format\": {quoted_value(expected)}).")
    found_version = data.get("format_version")
    if not isinstance(found_version, int) or isinstance(found_version, bool) or found_version < 1:
        raise FileProblem(f"{shown}: format_version should be a whole number from 1, not {quoted_value(found_version)}.")
    if found_version > version:
        raise FileProblem(
            f"{shown} was written by a newer version of reflect (format version {found_version}; this one reads "
            f"up to {version}). Upgrade reflect to read it; nothing was changed."
        )


def first_problem(error: ValidationError, *, record: str) -> str:
    """The first validation error as "reflection 3 (answers.hope): what is wrong"."""
    problem = error.errors(include_url=False)[0]
    location = list(problem["loc"])
    context = problem.get("ctx", {}).get("error")
    if isinstance(context, DuplicateId):
        return str(context)
    where = ""
    if len(location) >= 2 and location[0] in ("reflections",) and isinstance(location[1], int):
        where = f"{record} {location[1] + 1}"
        location = location[2:]
    field = ".".join(_location_part(part) for part in location)
    message = _plain(problem["type"], problem["msg"], problem.get("input"))
    if where and field:
        return f"{where} ({field}): {message}"
    if where:
        return f"{where}: {message}"
    return f"{field}: {message}" if field else message


PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def _location_part(part: object) -> str:
    """A field name as it is; any other key from the file quoted (a line break or escape in it shown, not obeyed)."""
    text = str(part)
    return text if isinstance(part, int) or PLAIN_KEY.match(text) else quoted_value(text)


def _plain(kind: str, message: str, given: Any) -> str:
    """Pydantic's words, made to read as a sentence for someone who did not write the model."""
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        return "is not a field this version of reflect knows (a typo, or a file from a newer version?)"
    message = message.removeprefix("Value error, ").replace("Input should be", "should be", 1)
    if kind in (
        "literal_error", "bool_type", "int_type", "string_type", "list_type", "dict_type",
        "datetime_from_date_parsing", "datetime_parsing", "datetime_type",
    ):  # fmt: skip
        return f"{message}, not {quoted_value(given)}" if not isinstance(given, (dict, list)) else message
    return message
