"""Feedback from supervision, both ways: the supervisor makes a feedback file of a session (the
comments on flagged items and the actions agreed) for one practitioner; the practitioner imports
it, and the comments appear on the reflections they are about, the actions among their commitments.

As with a bundle, the file is made in steps so that a front end can show what it will hold and any
likely identifier before anything is written: `prepare_feedback`, then `feedback_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reflect.model import Practitioner
from reflect.services.supervision import SupervisionProblem, find_practitioner
from reflect.settings import PRACTITIONER_ID

if TYPE_CHECKING:
    from reflect.exchange.feedback import ReadFeedback
    from reflect.store import Store
    from reflect.store.feedback import ReceivedComment
    from reflect.store.supervision import SupervisionSession


@dataclass(frozen=True)
class PreparedFeedback:
    """A feedback file made but not yet written."""

    document: dict[str, Any]
    practitioner: Practitioner
    session: SupervisionSession
    identifiers: list[str] = field(default_factory=list)
    """What in its words may identify someone, each as "KIND (TEXT) in WHERE"."""


def prepare_feedback(store: Store, given: str, *, held_on: date | None, now: datetime) -> PreparedFeedback:
    """The feedback of the practitioner's session on `held_on` (default: their latest); SupervisionProblem if there is none."""
    from reflect.exchange.feedback import make_feedback, texts_of
    from reflect.privacy import find_identifiers

    practitioner = find_practitioner(store, given)
    sessions = store.supervision_sessions(practitioner.id)
    if held_on is not None:
        sessions = [session for session in sessions if session.held_on == held_on]
    if not sessions:
        when = f" on {held_on.day} {held_on:%b %Y}" if held_on is not None else ""
        raise SupervisionProblem(f"No session with {practitioner.display_name}{when} is recorded, so there is no feedback to send.")
    session = sessions[-1]
    if not session.comments and not session.actions:
        raise SupervisionProblem(
            f"The session of {session.held_on.day} {session.held_on:%b %Y} has no comment and no action agreed, so there is no feedback to send."
        )
    document = make_feedback(session, practitioner_id=practitioner.id, now=now)
    identifiers = [
        f"{found.kind.description} ({found.text}) in {where}"
        for where, text in texts_of(document)
        for found in find_identifiers(text, today=now.date())
    ]
    return PreparedFeedback(document, practitioner, session, identifiers)


def feedback_text(prepared: PreparedFeedback) -> str:
    from reflect.exchange.feedback import feedback_json

    return feedback_json(prepared.document)


class NotForThisJournal(Exception):
    """The feedback is for another practitioner (or this journal has never shared a bundle)."""

    def __init__(self, never_shared: bool) -> None:
        super().__init__(never_shared)
        self.never_shared = never_shared


@dataclass(frozen=True)
class FeedbackImported:
    feedback: ReadFeedback
    imported: bool
    """False if this very file was imported before (nothing changed)."""
    comments: int
    """Comments placed on reflections this journal holds."""
    missing: int
    """Comments on reflections no longer here (deleted since they were shared), left out."""
    actions: int


def import_feedback(store: Store, feedback: ReadFeedback, *, now: datetime) -> FeedbackImported:
    """Keep a feedback file's comments (on the reflections still here) and its actions, as commitments from now on."""
    from reflect.store.feedback import ReceivedFeedback

    mine = store.setting(PRACTITIONER_ID)
    if mine is None or mine != feedback.practitioner_id:
        raise NotForThisJournal(never_shared=mine is None)
    here = store.existing_reflection_ids(list(feedback.comments))
    comments = {key: text for key, text in feedback.comments.items() if key in here}
    imported = store.import_feedback(
        ReceivedFeedback(feedback.id, feedback.held_on, feedback.attendees, comments, feedback.actions, now)
    )
    return FeedbackImported(feedback, imported, len(comments), len(feedback.comments) - len(comments), len(feedback.actions))


def comments_on(store: Store, reflection_id: str) -> list[ReceivedComment]:
    """What supervisors said about a reflection, from the feedback imported, oldest session first."""
    return store.comments_on(reflection_id)
