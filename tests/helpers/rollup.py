"""The answer rollup as stored, beside the one rebuilt from the reflection rows (for tests of the store)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from reflect.store.rollup import COUNT_COLUMNS, KEY_COLUMNS, rebuild
from reflect.store.sql import ANSWER_ROLLUP

Rows = dict[tuple[str, ...], tuple[int, ...]]


def _rows(connection: Any) -> Rows:
    """The rollup's rows that count anything (a row taken down to zeros counts nothing), each role's
    row of a key added together: a rebuild by one role makes one row of what several roles kept apart."""
    found = connection.execute(select(*(ANSWER_ROLLUP.c[c] for c in KEY_COLUMNS + COUNT_COLUMNS)))
    summed: dict[tuple[str, ...], list[int]] = {}
    for row in found:
        counts = summed.setdefault(tuple(row[: len(KEY_COLUMNS)]), [0] * len(COUNT_COLUMNS))
        for index, value in enumerate(row[len(KEY_COLUMNS) :]):
            counts[index] += value
    return {key: tuple(counts) for key, counts in summed.items() if any(counts)}


def kept_and_rebuilt(store: Any) -> tuple[Rows, Rows]:
    """The rollup as the writes left it, and as rebuilt from the rows now (in a transaction rolled back).

    A writer's transaction (BEGIN IMMEDIATE), as the store's own: one that read first and then wrote
    failed at once, "database is locked", whenever the background merging of the text index had
    committed a step in between (its snapshot was no longer the newest)."""
    from reflect.store.engine import WRITE

    with store.engine.execution_options(**WRITE).connect() as connection:
        transaction = connection.begin()
        try:
            kept = _rows(connection)
            rebuild(connection)
            rebuilt = _rows(connection)
        finally:
            transaction.rollback()
    return kept, rebuilt
