"""SQLModel tables. Only the store package imports these; everything else uses reflect.model."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, String, false, func, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Field, SQLModel


class ReflectionRow(SQLModel, table=True):
    __tablename__ = "reflection"
    # Patterns are sums over this one index: which reflections (complete, in a period, of a
    # kind) and, in the same entry, the local day and the answers' code.
    # History and export page through this one (see reflect.store.reflections.IN_ORDER).
    __table_args__ = (
        Index("ix_reflection_patterns", "is_draft", "occurred_at", "kind", "occurred_day", "responses"),
        Index("ix_reflection_history", "occurred_at", "created_at", "id", "is_draft"),
        # History's filters by kind and by person code (any case), in its order (0009_history_filters).
        Index("ix_reflection_kind_history", "kind", "occurred_at", "created_at", "id", "is_draft"),
        Index("ix_reflection_person_history", func.lower(text("person_code")), "occurred_at", "created_at", "id", "is_draft"),
    )

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
    flagged: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    """Flagged by the practitioner to bring to supervision."""
    responses: str = Field(default="", sa_column_kwargs={"server_default": text("''")})
    """Derived: the answers as one character per question (see reflect.store.derived)."""
    occurred_day: str = Field(default="", sa_column_kwargs={"server_default": text("''")})
    """Derived: the local date of occurred_at, YYYY-MM-DD."""
    revision: int = Field(default=1, sa_column_kwargs={"server_default": text("1")})
    """How many times the reflection has been written; a save from an older revision is refused."""
    practitioner_id: str | None = Field(default=None, foreign_key="practitioner.id", index=True, max_length=36)
    """In a team database: whose supervision bundle this came from. Always NULL in your own."""
    bundle_id: str | None = Field(default=None, foreign_key="team_bundle.id", index=True, max_length=36)
    """In a team database: which of the practitioner's bundles this came from (the newest that held it)."""


class AnswerRow(SQLModel, table=True):
    __tablename__ = "answer"

    reflection_id: str = Field(
        sa_column=Column(String(36), ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True)
    )
    question_key: str = Field(primary_key=True)
    # yes / partly / no / not_applicable, or NULL for a question left unanswered that has a note.
    response: str | None = None
    note: str = ""
    flagged: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    """The note is flagged by the practitioner to bring to supervision."""


class TagRow(SQLModel, table=True):
    __tablename__ = "reflection_tag"

    reflection_id: str = Field(
        sa_column=Column(String(36), ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True)
    )
    tag: str = Field(primary_key=True, index=True)


class CommitmentQuestionRow(SQLModel, table=True):
    """A practice that a reflection's commitment for next time is about."""

    __tablename__ = "commitment_question"

    reflection_id: str = Field(
        sa_column=Column(String(36), ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True)
    )
    question_key: str = Field(primary_key=True)


class StoreSettingRow(SQLModel, table=True):
    """Facts about the database file itself (such as the question order of the answer codes)."""

    __tablename__ = "store_setting"

    key: str = Field(primary_key=True)
    value: str


class PractitionerRow(SQLModel, table=True):
    """In a team database: one practitioner and the supervision bundle of theirs it holds."""

    __tablename__ = "practitioner"

    id: str = Field(primary_key=True, max_length=36)
    display_name: str
    bundle_id: str = Field(max_length=36)
    bundle_created_at: datetime
    period_start: datetime | None = None
    period_end: datetime
    includes_notes: bool
    flagged_reflections: int
    flagged_notes: int
    imported_at: datetime


class TeamBundleRow(SQLModel, table=True):
    """In a team database: one supervision bundle held, of one practitioner and one period."""

    __tablename__ = "team_bundle"

    id: str = Field(primary_key=True, max_length=36)
    practitioner_id: str = Field(foreign_key="practitioner.id", index=True, max_length=36)
    created_at: datetime
    period_start: datetime | None = None
    period_end: datetime
    includes_notes: bool
    flagged_reflections: int
    flagged_notes: int
    imported_at: datetime
ROLLUP_SLOTS = 12
"""Questions the answer rollup has columns for; with more, figures are summed from the rows."""


class AnswerRollupRow(SQLModel, table=True):
    """Derived: the completed reflections' answer codes summed per span of local days (see reflect.store.rollup).

    One row per span ("day", "week" or "month"), practitioner ('' in your own database), first
    local day of the span and kind ('' for none): how many reflections, and for the question in
    each slot of the answer code (1 to ROLLUP_SLOTS) how many answered y Yes, p Partly, n No and
    x Not applicable. Kept in the same transaction as every write of reflections.
    """

    __tablename__ = "answer_rollup"

    # The key leads with the span and the period, so that a range of days, weeks or months is one
    # range of the key whoever's reflections (practitioner) and of whatever kind.
    span: str = Field(primary_key=True, max_length=5)
    period: str = Field(primary_key=True, max_length=10)
    practitioner: str = Field(primary_key=True, max_length=36)
    kind: str = Field(primary_key=True)
    reflections: int = 0
    y1: int = 0
    p1: int = 0
    n1: int = 0
    x1: int = 0
    y2: int = 0
    p2: int = 0
    n2: int = 0
    x2: int = 0
    y3: int = 0
    p3: int = 0
    n3: int = 0
    x3: int = 0
    y4: int = 0
    p4: int = 0
    n4: int = 0
    x4: int = 0
    y5: int = 0
    p5: int = 0
    n5: int = 0
    x5: int = 0
    y6: int = 0
    p6: int = 0
    n6: int = 0
    x6: int = 0
    y7: int = 0
    p7: int = 0
    n7: int = 0
    x7: int = 0
    y8: int = 0
    p8: int = 0
    n8: int = 0
    x8: int = 0
    y9: int = 0
    p9: int = 0
    n9: int = 0
    x9: int = 0
    y10: int = 0
    p10: int = 0
    n10: int = 0
    x10: int = 0
    y11: int = 0
    p11: int = 0
    n11: int = 0
    x11: int = 0
    y12: int = 0
    p12: int = 0
    n12: int = 0
    x12: int = 0


# The supervision record's tables, in a module of their own, registered with the rest.
from reflect.store import supervision_tables as supervision_tables  # noqa: E402

# Whose each row is ----------------------------------------------------------------------------
OWNER = "owner"
"""The column on every table naming the database role that wrote the row (see reflect.store.row_security)."""
OWNER_LENGTH = 63
"""PostgreSQL's longest role name (NAMEDATALEN - 1)."""
OWNER_IN_KEY = frozenset({"store_setting", "answer_rollup", "supervision_agreement"})
"""Tables keyed by names rather than random ids: on a shared server each role has its own row of a name."""


class ConnectingRole(FunctionElement[str]):
    """The owner column's default: the connecting role on PostgreSQL (current_user), '' in a file."""

    type = String()
    inherit_cache = True
    name = "connecting_role"


@compiles(ConnectingRole)
def _no_role(element: ConnectingRole, compiler: Any, **kw: Any) -> str:
    return "''"


@compiles(ConnectingRole, "postgresql")
def _current_user(element: ConnectingRole, compiler: Any, **kw: Any) -> str:
    return "CURRENT_USER"


for _table in list(SQLModel.metadata.tables.values()):
    _table.append_column(
        Column(OWNER, String(OWNER_LENGTH), nullable=False, server_default=ConnectingRole(), primary_key=_table.name in OWNER_IN_KEY)
    )
