"""Feedback files: what a supervisor sends back to a practitioner after a supervision session.

`reflect team --db TEAM.db supervision feedback NAME` writes one; `reflect feedback import FILE`
reads it into the practitioner's own database. A feedback file holds the session's day, who was
there (by the names they chose), the supervisor's comments on the practitioner's flagged
reflections (by the reflection's id, which the practitioner's bundle gave) and the actions agreed.
It never holds a person code: the team database has none, and the practitioner's are never sent.
Like a bundle, it has a format version and a checksum, and is validated whole when it is read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, StrictInt, StrictStr, ValidationError, field_validator, model_validator

from reflect import __version__
from reflect.exchange.bundle import bundle_json, checksum, read_day
from reflect.exchange.files import FileProblem, read_json
from reflect.exchange.importing import Strict, Text, Time, check_format, check_reflection_id, first_problem

if TYPE_CHECKING:
    from reflect.store.supervision import SupervisionSession

FEEDBACK_FORMAT = "reflect-supervision-feedback"
FEEDBACK_FORMAT_VERSION = 1
NAME_MAX = 60


def make_feedback(session: SupervisionSession, *, practitioner_id: str, now: datetime, feedback_id: str | None = None) -> dict[str, Any]:
    """A session's feedback as a JSON-ready dict, checksum included."""
    document: dict[str, Any] = {
        "format": FEEDBACK_FORMAT,
        "format_version": FEEDBACK_FORMAT_VERSION,
        "generator": f"reflect {__version__}",
        "feedback_id": feedback_id or str(uuid.uuid4()),
        "created_at": now.isoformat(),
        "practitioner": {"id": practitioner_id},
        "session": {"day": session.held_on.isoformat(), "with": list(session.attendees)},
        "comments": [{"reflection_id": key, "text": text} for key, text in session.comments.items()],
        "actions": [{"number": action.number, "text": action.text} for action in session.actions],
    }
    document["checksum"] = checksum(document)
    return document


def feedback_json(document: dict[str, Any]) -> str:
    return bundle_json(document)


def texts_of(document: dict[str, Any]) -> list[tuple[str, str]]:
    """Every text a feedback file carries, each with where it is, for the identifier check."""
    found = [(f"the comment on {comment['reflection_id'][:8]}", comment["text"]) for comment in document["comments"]]
    found += [(f"action {action['number']}", action["text"]) for action in document["actions"]]
    return found


# Reading a feedback file (the practitioner's side) --------------------------------------------------------


class FeedbackPractitioner(Strict):
    id: StrictStr

    _check_id = field_validator("id")(check_reflection_id)


class FeedbackSession(Strict):
    day: StrictStr
    with_: list[StrictStr] = Field(alias="with")

    @field_validator("day")
    @classmethod
    def _day(cls, value: str) -> str:
        return read_day(value).isoformat()

    @field_validator("with_")
    @classmethod
    def _names(cls, names: list[str]) -> list[str]:
        if not names:
            raise ValueError("should name at least one person who was there")
        for name in names:
            if not name.strip() or len(name) > NAME_MAX or not name.isprintable():
                raise ValueError(f"should be names of 1 to {NAME_MAX} characters")
        return names


class FeedbackComment(Strict):
    reflection_id: StrictStr
    text: Text

    _check_id = field_validator("reflection_id")(check_reflection_id)

    @field_validator("text")
    @classmethod
    def _words(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("is empty")
        return text


class FeedbackAction(Strict):
    number: StrictInt
    text: Text

    @field_validator("number")
    @classmethod
    def _number(cls, number: int) -> int:
        if number < 1:
            raise ValueError("should be a whole number from 1")
        return number

    @field_validator("text")
    @classmethod
    def _words(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("is empty")
        return text


class FeedbackFile(Strict):
    format: Literal["reflect-supervision-feedback"]
    format_version: Literal[1]
    generator: StrictStr
    feedback_id: StrictStr
    created_at: Time
    practitioner: FeedbackPractitioner
    session: FeedbackSession
    comments: list[FeedbackComment]
    actions: list[FeedbackAction]
    checksum: StrictStr

    _check_id = field_validator("feedback_id")(check_reflection_id)

    @model_validator(mode="after")
    def _consistent(self) -> FeedbackFile:
        ids = [comment.reflection_id for comment in self.comments]
        if len(set(ids)) != len(ids):
            raise ValueError("comments: two comments are on the same reflection")
        numbers = [action.number for action in self.actions]
        if len(set(numbers)) != len(numbers):
            raise ValueError("actions: two actions have the same number")
        if not self.comments and not self.actions:
            raise ValueError("holds neither a comment nor an action")
        return self


@dataclass(frozen=True)
class ReadFeedback:
    id: str
    practitioner_id: str
    held_on: date
    attendees: list[str]
    comments: dict[str, str]
    actions: list[tuple[int, str]]
    name: str
    """The file it came from, as given."""


def read_feedback(name: str) -> ReadFeedback:
    """A feedback file checked whole (format, fields, checksum); FileProblem if it is not one."""
    shown = "standard input" if name == "-" else name
    data = read_json(name, what="a feedback file from supervision", made_by="share", again="Ask your supervisor for it again; nothing was imported.")
    if isinstance(data, dict) and data.get("format") == "reflect-supervision-bundle":
        raise FileProblem(f"{shown} is a supervision bundle, which goes to a supervisor, not feedback from one. Nothing was imported.")
    check_format(data, shown, expected=FEEDBACK_FORMAT, version=FEEDBACK_FORMAT_VERSION, what="a feedback file from supervision")
    try:
        feedback = FeedbackFile.model_validate(data)
    except ValidationError as error:
        raise FileProblem(f"{shown}: {first_problem(error, record='comment')}. Nothing was imported.") from None
    if checksum(data) != feedback.checksum:
        raise FileProblem(f"{shown} does not match its checksum: it was changed after it was written. Ask for it again; nothing was imported.")
    return ReadFeedback(
        feedback.feedback_id, feedback.practitioner.id, date.fromisoformat(feedback.session.day),
        [" ".join(n.split()) for n in feedback.session.with_], {c.reflection_id: c.text.strip() for c in feedback.comments},
        sorted((a.number, a.text.strip()) for a in feedback.actions), shown,
    )  # fmt: skip
