"""Reading reflections for an export as plain rows, a page at a time, without building model objects.

An export writes every field of every reflection once and keeps none of them: building a
Reflection and an Answer for each row only to take them apart again was most of the time an
export of 20,000 reflections took. Here each page is four selects (the reflection rows through
SQLAlchemy Core, then the answers, tags and commitment links of exactly those ids, each in one go
on the driver's cursor) and each
reflection comes out as a StoredReflection: its values as the database holds them, in the
order the model's loader gives them (answers by question key, tags by tag, linked questions in
question order), so that a record made from either is the same.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from reflect.store.core import in_slot_order
from reflect.store.dialect import on_postgresql
from reflect.store.sql import IN_CHUNK, REFLECTION

StoredAnswer = tuple[str, str | None, str, bool]
"""(question key, response value or None, note, flagged), as the answer table holds them."""


class StoredReflection(NamedTuple):
    """One reflection as stored: its row's values, its answers, tags and commitment links."""

    uuid: str
    occurred_at: datetime
    """In UTC; `occurred_offset_minutes` says on which clock it was read."""
    occurred_offset_minutes: int
    created_at: datetime
    updated_at: datetime
    kind: str | None
    person_code: str | None
    duration_minutes: int | None
    question_set_id: str
    question_set_version: int
    flagged: bool
    what_happened: str
    so_what: str
    now_what: str
    commitment: str
    is_draft: bool
    answers: list[StoredAnswer]
    """In question-key order; only the questions answered, noted or flagged."""
    tags: list[str]
    """In order of the tags."""
    commitment_questions: list[str]
    """In the order of the questions (any no longer asked, last)."""


COLUMNS = (
    REFLECTION.c.id, REFLECTION.c.occurred_at, REFLECTION.c.occurred_offset_minutes, REFLECTION.c.created_at,
    REFLECTION.c.updated_at, REFLECTION.c.kind, REFLECTION.c.person_code, REFLECTION.c.duration_minutes,
    REFLECTION.c.question_set_id, REFLECTION.c.question_set_version, REFLECTION.c.flagged, REFLECTION.c.what_happened,
    REFLECTION.c.so_what, REFLECTION.c.now_what, REFLECTION.c.commitment, REFLECTION.c.is_draft,
)  # fmt: skip
"""The reflection's columns an export writes, in StoredReflection's order (not the derived ones)."""

NO_ANSWERS: list[StoredAnswer] = []
NO_NAMES: list[str] = []


def stored_page(connection: Connection, page_query: Any, slots: tuple[str, ...]) -> list[StoredReflection]:
    """The reflections `page_query` (a select of reflection rows, in order) finds, each with its
    answers, tags and commitment links: at most IN_CHUNK of them, so that their ids fit in one IN."""
    rows = connection.execute(page_query.with_only_columns(*COLUMNS)).all()
    if not rows:
        return []
    assert len(rows) <= IN_CHUNK, "a page of an export is read by its ids in one IN (...)"
    ids = [row[0] for row in rows]
    answers: defaultdict[str, list[StoredAnswer]] = defaultdict(list)
    tags: defaultdict[str, list[str]] = defaultdict(list)
    links: defaultdict[str, list[str]] = defaultdict(list)
    # The children of exactly these ids, on the driver's own cursor: an export reads every answer
    # row there is, and SQLAlchemy's result rows for them were a good part of its time. One
    # parameter for the whole list: a JSON array SQLite reads with json_each, or an array
    # PostgreSQL compares with = ANY (as Team.flagged_by_practitioner reads them).
    cursor: Any = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]  # an open connection has its driver's
    given: Any
    if on_postgresql(connection):
        among, given = "reflection_id = ANY(%s)", ids
    else:
        among, given = "reflection_id IN (SELECT value FROM json_each(?))", json.dumps(ids)
    try:
        cursor.execute(
            f"SELECT reflection_id, question_key, response, note, flagged FROM answer WHERE {among} ORDER BY reflection_id, question_key",
            (given,),
        )
        for reflection_id, key, response, note, flagged in cursor.fetchall():
            answers[reflection_id].append((key, response, note, bool(flagged)))
        cursor.execute(f"SELECT reflection_id, tag FROM reflection_tag WHERE {among} ORDER BY reflection_id, tag", (given,))
        for reflection_id, tag in cursor.fetchall():
            tags[reflection_id].append(tag)
        cursor.execute(f"SELECT reflection_id, question_key FROM commitment_question WHERE {among}", (given,))
        for reflection_id, key in cursor.fetchall():
            links[reflection_id].append(key)
    except connection.dialect.loaded_dbapi.Error as error:
        # As SQLAlchemy would have raised it, so that reporting_errors words it (locked, disk I/O error...).
        raise DBAPIError.instance(None, None, error, connection.dialect.loaded_dbapi.Error, dialect=connection.dialect) from None
    finally:
        cursor.close()
    return [
        StoredReflection._make(
            (
                *row,
                answers.get(row[0], NO_ANSWERS),
                tags.get(row[0], NO_NAMES),
                in_slot_order(linked, slots) if (linked := links.get(row[0])) else NO_NAMES,
            )
        )
        for row in rows
    ]
