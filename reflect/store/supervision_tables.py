"""SQLModel tables of supervision: in a team database, the record (agreements, sessions, who was
there, what was discussed, comments on flagged items, the actions agreed and how each went); in a
practitioner's own, the feedback received from supervision (comments and agreed actions) and the
reflective accounts written for revalidation.

The rows point at a practitioner by id without a foreign key: the record is the supervisor's and
outlives any one bundle (a bundle replaced or a practitioner taken out leaves their record).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field, SQLModel


class SupervisionAgreementRow(SQLModel, table=True):
    """A supervision agreement's terms, noted once per practitioner."""

    __tablename__ = "supervision_agreement"

    practitioner_id: str = Field(primary_key=True, max_length=36)
    frequency: str = ""
    confidentiality: str = ""
    noted_at: datetime


class SupervisionSessionRow(SQLModel, table=True):
    """One supervision session with a practitioner."""

    __tablename__ = "supervision_session"

    id: str = Field(primary_key=True, max_length=36)
    practitioner_id: str = Field(index=True, max_length=36)
    held_on: str
    """The day it was held, YYYY-MM-DD."""
    bundle_id: str | None = Field(default=None, max_length=36)
    """The bundle discussed, if any."""
    recorded_at: datetime


class SupervisionAttendeeRow(SQLModel, table=True):
    """Someone who was there, by the name they chose, in the order given."""

    __tablename__ = "supervision_attendee"

    session_id: str = Field(
        sa_column=Column(String(36), ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True)
    )
    position: int = Field(primary_key=True)
    name: str


class SupervisionDiscussedRow(SQLModel, table=True):
    """A flagged reflection discussed at a session (by its id: the reflection may later be replaced)."""

    __tablename__ = "supervision_discussed"

    session_id: str = Field(
        sa_column=Column(String(36), ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True)
    )
    reflection_id: str = Field(primary_key=True, max_length=36)
    day: str
    """The reflection's day (or week's Monday) as it was when discussed, YYYY-MM-DD."""
    kind: str | None = None


class SupervisionActionRow(SQLModel, table=True):
    """An action agreed at a session, and, from a later session, how it went."""

    __tablename__ = "supervision_action"

    id: str = Field(primary_key=True, max_length=36)
    session_id: str = Field(
        sa_column=Column(String(36), ForeignKey("supervision_session.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    number: int
    """The practitioner's action number (1, 2, 3, ... across all their sessions): how a later session names it."""
    text: str
    outcome: str | None = None
    reviewed_in: str | None = Field(default=None, max_length=36)
    """The session at which how it went was recorded."""


class SupervisionCommentRow(SQLModel, table=True):
    """The supervisor's comment, at a session, on a flagged reflection."""

    __tablename__ = "supervision_comment"

    session_id: str = Field(
        sa_column=Column(String(36), ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True)
    )
    reflection_id: str = Field(primary_key=True, max_length=36)
    text: str


class FeedbackRow(SQLModel, table=True):
    """In a practitioner's own database: a feedback file imported from supervision."""

    __tablename__ = "feedback"

    id: str = Field(primary_key=True, max_length=36)
    held_on: str
    """The day of the session it came from, YYYY-MM-DD."""
    attendees: str
    """Who was there, as the names were given, one per line."""
    received_at: datetime


class FeedbackCommentRow(SQLModel, table=True):
    """A supervisor's comment on one of the practitioner's reflections."""

    __tablename__ = "feedback_comment"

    feedback_id: str = Field(sa_column=Column(String(36), ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True))
    reflection_id: str = Field(
        sa_column=Column(String(36), ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True, index=True)
    )
    text: str


class FeedbackActionRow(SQLModel, table=True):
    """An action agreed in supervision: one of the practitioner's commitments from then on."""

    __tablename__ = "feedback_action"

    feedback_id: str = Field(sa_column=Column(String(36), ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True))
    number: int = Field(primary_key=True)
    text: str


class RevalidationAccountRow(SQLModel, table=True):
    """In a practitioner's own database: a reflection written up as a reflective account for revalidation, and when."""

    __tablename__ = "revalidation_account"

    id: str = Field(primary_key=True, max_length=36)
    reflection_id: str = Field(
        sa_column=Column(String(36), ForeignKey("reflection.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    written_at: datetime
    themes: str = ""
    """The short names of the Code themes chosen, comma-separated."""
