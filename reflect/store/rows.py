"""Writing reflections as rows: the reflection row, its answers, tags and commitment links, replaced together."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, case, delete, insert

from reflect.model import Reflection
from reflect.store.derived import encode_responses, local_day
from reflect.store.dialect import upsert_into
from reflect.store.rollup import counted_out, put_in
from reflect.store.sql import ANSWER, COMMITMENT_QUESTION, REFLECTION, TAG
from reflect.store.tables import OWNER

Rows = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]


def offset_minutes(moment: datetime) -> int:
    """Minutes east of UTC of the clock `moment` was read on (0 if it has no offset)."""
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def row_values(reflection: Reflection, slots: tuple[str, ...], practitioner_id: str | None = None) -> Rows:
    """The reflection, answer, tag and commitment-link rows that store `reflection`."""
    offset = offset_minutes(reflection.occurred_at)
    reflection_row = {
        "id": reflection.uuid,
        "question_set_id": reflection.question_set_id,
        "question_set_version": reflection.question_set_version,
        "occurred_at": reflection.occurred_at,
        "occurred_offset_minutes": offset,
        "created_at": reflection.created_at,
        "updated_at": reflection.updated_at,
        "kind": reflection.kind or None,
        "person_code": reflection.person_code or None,
        "duration_minutes": reflection.duration_minutes,
        "what_happened": reflection.what_happened,
        "so_what": reflection.so_what,
        "now_what": reflection.now_what,
        "commitment": reflection.commitment,
        "is_draft": reflection.is_draft,
        "flagged": reflection.flagged,
        "responses": encode_responses(reflection.answers, slots),
        "occurred_day": local_day(reflection.occurred_at, offset),
        "practitioner_id": practitioner_id,
        "revision": 1,
    }
    answer_rows = [
        {
            "reflection_id": reflection.uuid,
            "question_key": key,
            "response": answer.response.value if answer.response else None,
            "note": answer.note,
            # In a team database a bundle says which notes were flagged even when their words were not shared.
            "flagged": answer.flagged and (bool(answer.note.strip()) or practitioner_id is not None),
        }
        for key, answer in reflection.answers.items()
        if not answer.is_empty or (answer.flagged and practitioner_id is not None)
    ]
    tag_rows = [{"reflection_id": reflection.uuid, "tag": tag} for tag in reflection.tags]
    link_rows = [{"reflection_id": reflection.uuid, "question_key": key} for key in dict.fromkeys(reflection.commitment_questions)]
    return reflection_row, answer_rows, tag_rows, link_rows


def write_reflections(
    connection: Connection, reflections: list[Reflection], slots: tuple[str, ...], practitioner_id: str | None = None,
    *, keep_revisions: bool = False,
) -> int:
    """Upsert the reflection rows and replace their answers, tags and commitment links (and their share of the answer rollup).

    `keep_revisions` (a copy between databases): a reflection keeps the revision it has, unless the one
    it replaces is as far on already, which then goes one further (never back: an open window would miss it).
    """
    if not reflections:
        return 0
    latest = {reflection.uuid: reflection for reflection in reflections}  # the same id twice: the last wins
    rows = [row_values(reflection, slots, practitioner_id) for reflection in latest.values()]
    if keep_revisions:
        for (row, *_children), reflection in zip(rows, latest.values()):
            row["revision"] = max(reflection.revision, 1)
    ids = [row[0]["id"] for row in rows]
    # The answer rollup loses what these reflections counted for as stored, and gains them as written.
    before = counted_out(connection, REFLECTION.c.id.in_(ids))
    upsert = upsert_into(connection, REFLECTION)
    updated_columns: dict[str, Any] = {column.name: upsert.excluded[column.name] for column in REFLECTION.columns if column.name not in ("id", OWNER)}
    updated_columns["revision"] = REFLECTION.c.revision + 1  # every write, imports too, is a new revision
    if keep_revisions:
        carried = upsert.excluded["revision"]
        updated_columns["revision"] = case((carried > REFLECTION.c.revision, carried), else_=REFLECTION.c.revision + 1)
    connection.execute(upsert.on_conflict_do_update(index_elements=["id"], set_=updated_columns), [row[0] for row in rows])
    connection.execute(delete(ANSWER).where(ANSWER.c.reflection_id.in_(ids)))
    connection.execute(delete(TAG).where(TAG.c.reflection_id.in_(ids)))
    connection.execute(delete(COMMITMENT_QUESTION).where(COMMITMENT_QUESTION.c.reflection_id.in_(ids)))
    children_by_table: tuple[tuple[Table, list[dict[str, Any]]], ...] = (
        (ANSWER, [child for row in rows for child in row[1]]),
        (TAG, [child for row in rows for child in row[2]]),
        (COMMITMENT_QUESTION, [child for row in rows for child in row[3]]),
    )
    for table, children in children_by_table:
        if children:
            connection.execute(insert(table), children)
    put_in(connection, REFLECTION.c.id.in_(ids), replacing=before)
    return len(rows)
