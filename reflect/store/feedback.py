"""A practitioner's own database: feedback received from supervision, its comments and its agreed actions.

A feedback file is stored whole in one transaction, once (the same file again changes nothing).
Comments are read back by reflection; agreed actions come back as commitments, so that Patterns
follows them up like the practitioner's own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from reflect.model import Reflection, Selection
from reflect.store.core import StoreCore
from reflect.store.engine import WRITE
from reflect.store.reporting import reporting_errors
from reflect.store.sql import REFLECTION, core_table
from reflect.store.supervision_tables import FeedbackActionRow, FeedbackCommentRow, FeedbackRow

FEEDBACK = core_table(FeedbackRow)
FEEDBACK_COMMENT = core_table(FeedbackCommentRow)
FEEDBACK_ACTION = core_table(FeedbackActionRow)
ACTION_IDS = uuid.UUID("5f0c1d7e-0000-4000-8000-0000000000a1")
"""The namespace an agreed action's commitment id is made in (from its feedback's id and its number)."""


@dataclass(frozen=True)
class ReceivedFeedback:
    """A feedback file's contents, as the practitioner's database keeps them."""

    id: str
    held_on: date
    attendees: list[str]
    comments: dict[str, str]
    """By reflection id (only reflections this database holds)."""
    actions: list[tuple[int, str]]
    received_at: datetime


@dataclass(frozen=True)
class ReceivedComment:
    """A supervisor's comment on a reflection, with the session it came from."""

    reflection_id: str
    text: str
    held_on: date
    attendees: list[str]


class Feedback(StoreCore):
    """Feedback from supervision in a practitioner's own database."""

    @reporting_errors
    def existing_reflection_ids(self, ids: list[str]) -> set[str]:
        """Which of `ids` are reflections this database holds."""
        if not ids:
            return set()
        with self._session() as session:
            return set(session.execute(select(REFLECTION.c.id).where(REFLECTION.c.id.in_(ids))).scalars())

    @reporting_errors
    def import_feedback(self, feedback: ReceivedFeedback) -> bool:
        """Store a feedback file whole; False (nothing written) if it was imported before."""
        with self.engine.execution_options(**WRITE).begin() as connection:
            if connection.execute(select(FEEDBACK.c.id).where(FEEDBACK.c.id == feedback.id)).first() is not None:
                return False
            connection.execute(
                FEEDBACK.insert().values(
                    id=feedback.id, held_on=feedback.held_on.isoformat(), attendees="\n".join(feedback.attendees),
                    received_at=feedback.received_at,
                )
            )  # fmt: skip
            if feedback.comments:
                connection.execute(
                    FEEDBACK_COMMENT.insert(),
                    [{"feedback_id": feedback.id, "reflection_id": key, "text": text} for key, text in feedback.comments.items()],
                )
            if feedback.actions:
                connection.execute(
                    FEEDBACK_ACTION.insert(), [{"feedback_id": feedback.id, "number": number, "text": text} for number, text in feedback.actions]
                )
        return True

    @reporting_errors
    def comments_on(self, reflection_id: str) -> list[ReceivedComment]:
        """The supervisors' comments on a reflection, oldest session first."""
        with self._session() as session:
            rows = session.execute(
                select(FEEDBACK_COMMENT.c.text, FEEDBACK.c.held_on, FEEDBACK.c.attendees)
                .join(FEEDBACK, FEEDBACK.c.id == FEEDBACK_COMMENT.c.feedback_id)
                .where(FEEDBACK_COMMENT.c.reflection_id == reflection_id)
                .order_by(FEEDBACK.c.held_on, FEEDBACK.c.received_at)
            ).all()
        return [ReceivedComment(reflection_id, row.text, date.fromisoformat(row.held_on), row.attendees.split("\n")) for row in rows]

    @reporting_errors
    def supervision_commitments(self, selection: Selection) -> list[Reflection]:
        """The actions agreed in supervision in `selection`, each as a commitment made on its session's day, latest first.

        An action is no reflection: it carries no answers, kind or tags (so a period chosen by kind
        or tag holds none), only its words as the commitment, and it is linked to no practice.
        """
        if selection.kind is not None or selection.tag is not None or selection.practitioner is not None:
            return []
        with self._session() as session:
            rows = session.execute(
                select(FEEDBACK_ACTION.c.feedback_id, FEEDBACK_ACTION.c.number, FEEDBACK_ACTION.c.text, FEEDBACK.c.held_on, FEEDBACK.c.received_at)
                .join(FEEDBACK, FEEDBACK.c.id == FEEDBACK_ACTION.c.feedback_id)
                .order_by(FEEDBACK.c.held_on.desc(), FEEDBACK_ACTION.c.number)
            ).all()
        found = []
        for row in rows:
            held = datetime.combine(date.fromisoformat(row.held_on), time(12), tzinfo=UTC)
            if not _within(held, selection):
                continue
            found.append(
                Reflection(
                    uuid=str(uuid.uuid5(ACTION_IDS, f"{row.feedback_id}/{row.number}")), question_set_id="", question_set_version=0,
                    occurred_at=held, created_at=row.received_at, updated_at=row.received_at,
                    commitment=f"{row.text} (agreed in supervision)",
                )
            )  # fmt: skip
        return found


def _within(moment: datetime, selection: Selection) -> bool:
    day = moment.date()
    if selection.start_day is not None and day < selection.start_day:
        return False
    if selection.start_day is None and selection.start is not None and moment < selection.start:
        return False
    if selection.end_day is not None and day >= selection.end_day:
        return False
    return not (selection.end_day is None and selection.end is not None and moment >= selection.end)
