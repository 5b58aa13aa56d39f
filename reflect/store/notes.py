"""Searching the free text of reflections, and the commitments they made for next time."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import literal, select, union_all

from reflect.model import Note, Reflection, Selection
from reflect.store.core import StoreCore, in_offset
from reflect.store.reporting import reporting_errors
from reflect.store.sql import ANSWER, REFLECTION, selected
from reflect.store.tables import ReflectionRow

NOTE_TEXTS = ("what_happened", "so_what", "now_what", "commitment")
"""A reflection's own free texts, as `Note.source` names them."""


class Notes(StoreCore):
    """Notes by question or text and by words in them; commitments, all or the latest."""

    @reporting_errors
    def commitments(self, selection: Selection, *, limit: int | None = None) -> list[Reflection]:
        """Completed reflections in `selection` that made a commitment for next time, latest first."""
        query = (
            select(ReflectionRow)
            .where(*selected(selection), REFLECTION.c.commitment != "")
            .order_by(REFLECTION.c.occurred_at.desc())
        )
        return self._load(query.limit(limit) if limit is not None else query)

    @reporting_errors
    def notes(
        self, selection: Selection, *, source: str | None = None, words: Iterable[str] = (), limit: int | None = None
    ) -> list[Note]:
        """The free text of completed reflections in `selection`, latest first.

        `source`: only one question's notes (its key), or one of the reflection's own texts
        (what_happened, so_what, now_what, commitment). `words`: only texts containing every
        one of them, in any case.
        """
        parts = []
        if source is None or source not in NOTE_TEXTS:
            answer_notes = select(
                REFLECTION.c.id, REFLECTION.c.occurred_at, REFLECTION.c.occurred_offset_minutes,
                ANSWER.c.question_key.label("source"), ANSWER.c.note.label("text"), ANSWER.c.flagged,
            ).join(REFLECTION, REFLECTION.c.id == ANSWER.c.reflection_id).where(*selected(selection), ANSWER.c.note != "")
            if source is not None:
                answer_notes = answer_notes.where(ANSWER.c.question_key == source)
            parts.append(answer_notes)
        for column in NOTE_TEXTS:
            if source is None or source == column:
                parts.append(
                    select(
                        REFLECTION.c.id, REFLECTION.c.occurred_at, REFLECTION.c.occurred_offset_minutes,
                        literal(column).label("source"), REFLECTION.c[column].label("text"), literal(False).label("flagged"),
                    ).where(*selected(selection), REFLECTION.c[column] != "")
                )
        combined = union_all(*parts).subquery()
        query = select(combined)
        for word in words:
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(combined.c.text.ilike(pattern, escape="\\"))
        query = query.order_by(combined.c.occurred_at.desc(), combined.c.id, combined.c.source)
        if limit is not None:
            query = query.limit(limit)
        with self._session() as session:
            rows = session.execute(query).all()
        return [
            Note(
                reflection_uuid=row.id,
                occurred_at=in_offset(row.occurred_at, row.occurred_offset_minutes),
                source=row.source,
                text=row.text,
                flagged=bool(row.flagged),
            )
            for row in rows
        ]

    @reporting_errors
    def latest_commitment(self) -> Reflection | None:
        """The most recent completed reflection that made a commitment for next time."""
        found = self._load(
            select(ReflectionRow)
            .where(REFLECTION.c.is_draft.is_(False), REFLECTION.c.commitment != "")
            .order_by(REFLECTION.c.occurred_at.desc())
            .limit(1)
        )
        return found[0] if found else None
