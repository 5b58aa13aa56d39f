"""SQLModel tables. Only the store package imports these; everything else uses reflect.model."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String
from sqlmodel import Field, SQLModel


class ReflectionRow(SQLModel, table=True):
    __tablename__ = "reflection"
    __table_args__ = (Index("ix_reflection_draft_occurred", "is_draft", "occurred_at"),)

    id: str = Field(primary_key=True, max_length=36)
    question_set_id: str
    question_set_version: int
    # SQLModel stores datetimes in UTC; the offset the practitioner was in is kept
    # beside it so local times read back exactly as they were given.
    occurred_at: datetime
    occurred_offset_minutes: int = 0
    created_at: datetime
    updated_at: datetime
    kind: str | None = None
    person_code: str | None = None
    duration_minutes: int | None = None
    what_happened: str = ""
    so_what: str = ""
    now_what: str = ""
    commitment: str = ""
    is_draft: bool = Field(default=False)


class AnswerRow(SQLModel, table=True):
    __tablename__ = "answer"

    reflection_id: str = Field(
        sa_column=Column(String(36), ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True)
    )
    question_key: str = Field(primary_key=True)
    # yes / partly / no / not_applicable, or NULL for a question left unanswered that has a note.
    response: str | None = None
    note: str = ""


class TagRow(SQLModel, table=True):
    __tablename__ = "reflection_tag"

    reflection_id: str = Field(
        sa_column=Column(String(36), ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True)
    )
    tag: str = Field(primary_key=True, index=True)
