"""What every family of store methods shares: the open engine, sessions, and building reflections from rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Engine, Select, select
from sqlmodel import Session

from reflect.model import Answer, Reflection
from reflect.server_url import Location
from reflect.store.engine import WRITE
from reflect.store.errors import StoreError
from reflect.store.files import file_identity
from reflect.store.sql import ANSWER, COMMITMENT_QUESTION, REFLECTION, RESPONSES, TAG


def in_offset(moment: datetime, offset_minutes: int) -> datetime:
    """`moment` as the clock read where the practitioner was."""
    return moment.astimezone(timezone(timedelta(minutes=offset_minutes)))


def in_slot_order(keys: list[str], slots: tuple[str, ...]) -> list[str]:
    """Question keys in question order (any the questions no longer have, last)."""
    position = {key: index for index, key in enumerate(slots)}
    return sorted(keys, key=lambda key: (position.get(key, len(position)), key))


def reflection_from_row(
    row: Any, answers: dict[str, dict[str, Answer]], tags: dict[str, list[str]], links: dict[str, list[str]], slots: tuple[str, ...]
) -> Reflection:
    """A reflection from its row of the reflection table and its answers, tags and linked questions
    (each keyed by reflection id), as every query that loads reflections builds them."""
    linked = links.get(row.id)
    return Reflection(
        uuid=row.id,
        question_set_id=row.question_set_id,
        question_set_version=row.question_set_version,
        occurred_at=in_offset(row.occurred_at, row.occurred_offset_minutes),
        created_at=row.created_at,
        updated_at=row.updated_at,
        kind=row.kind,
        person_code=row.person_code,
        duration_minutes=row.duration_minutes,
        tags=tags.get(row.id, []),
        what_happened=row.what_happened,
        so_what=row.so_what,
        now_what=row.now_what,
        commitment=row.commitment,
        answers=answers.get(row.id, {}),
        is_draft=row.is_draft,
        flagged=row.flagged,
        commitment_questions=in_slot_order(linked, slots) if linked else [],
        revision=row.revision,
    )


class StoreCore:
    """A reflect database, opened and at the current schema: the state the method families rely on."""

    def __init__(self, engine: Engine, path: Location, slots: tuple[str, ...]) -> None:
        self.engine = engine
        self.path = path
        self.slots = slots
        """The question keys, in order, that each reflection's answer code is written for."""
        self._identity = file_identity(path)
        """Which file was opened: a write checks it is still there (`reflect erase`, a restore)."""

    def check_still_the_file_opened(self) -> None:
        """StoreError if the database file was removed or replaced since it was opened.

        SQLite would go on writing to the deleted file (or a new empty one), and a screen would
        say "saved" for a save nobody can ever read.
        """
        if self._identity is not None and file_identity(self.path) != self._identity:
            raise StoreError(
                f"{self.path} was erased or replaced since reflect opened it, so nothing was saved. "
                "Close reflect and open it again."
            )

    def close(self) -> None:
        self.engine.dispose()

    def _session(self, *, writes: bool = False) -> Session:
        bind = self.engine.execution_options(**WRITE) if writes else self.engine
        return Session(bind, expire_on_commit=False)

    def _load(self, query: Select[Any]) -> list[Reflection]:
        """Run a select of reflection rows and build them, answers and tags included.

        Plain rows (SQLAlchemy Core), not ORM objects: building 20,000 reflections with
        200,000 answers must take a fraction of a second, not many seconds.
        """
        # On the session's connection: Session.execute takes even a Core select through the ORM's
        # result machinery (a third of the time an export of 20,000 reflections took to read them).
        with self._session() as session:
            connection = session.connection()
            rows = connection.execute(query.with_only_columns(*REFLECTION.columns)).all()
            if not rows:
                return []
            # Answers and tags of exactly the reflections selected, found by the same query.
            selected_ids = select(query.with_only_columns(REFLECTION.c.id).subquery().c.id)
            answers: dict[str, dict[str, Answer]] = defaultdict(dict)
            tags: dict[str, list[str]] = defaultdict(list)
            links: dict[str, list[str]] = defaultdict(list)
            answer_rows = connection.execute(
                select(ANSWER.c.reflection_id, ANSWER.c.question_key, ANSWER.c.response, ANSWER.c.note, ANSWER.c.flagged)
                .where(ANSWER.c.reflection_id.in_(selected_ids))
                # In question-key order on any database: the order of a reflection's notes in an export.
                .order_by(ANSWER.c.reflection_id, ANSWER.c.question_key)
            ).all()
            tag_rows = connection.execute(
                select(TAG.c.reflection_id, TAG.c.tag).where(TAG.c.reflection_id.in_(selected_ids)).order_by(TAG.c.tag)
            ).all()
            link_rows = connection.execute(
                select(COMMITMENT_QUESTION.c.reflection_id, COMMITMENT_QUESTION.c.question_key).where(
                    COMMITMENT_QUESTION.c.reflection_id.in_(selected_ids)
                )
            ).all()
            for reflection_id, key, response, note, flagged in answer_rows:
                answers[reflection_id][key] = Answer(RESPONSES[response] if response else None, note, flagged)
            for reflection_id, tag in tag_rows:
                tags[reflection_id].append(tag)
            for reflection_id, key in link_rows:
                links[reflection_id].append(key)
        return [reflection_from_row(row, answers, tags, links, self.slots) for row in rows]
