"""Large team databases built in bulk, on SQLite or on PostgreSQL, for benchmarks/postgres.py.

A million reflections through Store.import_bundles would take the better part of an hour; here the
database is made by the store's own migrations (open_store), its rows are the store's own
(reflect.store.rows.row_values, for each reflection of each practitioner), written in bulk (COPY on
PostgreSQL, executemany on SQLite, one transaction), and the answer rollup is then rebuilt by the
store's own code (Store.rebuild_rollup). `verify` checks, on a small team, that this writes exactly
the rows Store.import_bundles writes.

Each practitioner's reflections are drawn from one pool of generated reflections (benchmarks/generate.py),
a different selection for each, with ids of their own; every fifth practitioner shared a bundle
without their words, and a few reflections and notes of each are flagged for supervision.
"""

from __future__ import annotations

import copy
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import generate  # benchmarks/generate.py (the scripts put benchmarks/ on sys.path)

END = date(2026, 6, 1)
SQLITE_CACHE_KB = 2_000_000
POOL = 20_000
STRIDE = 7_919
"""Where each practitioner's selection starts in the pool (a prime, so that the selections differ)."""
COLUMNS = {
    "reflection": None,  # every column, in the table's order
    "answer": ("reflection_id", "question_key", "response", "note", "flagged"),
    "reflection_tag": ("reflection_id", "tag"),
    "commitment_question": ("reflection_id", "question_key"),
}


def _pool(seed: int) -> list[Any]:
    return list(generate.build_reflections(POOL, seed, end=END, draft_rate=0))


def team(practitioners: int, each: int, seed: int) -> Iterator[tuple[Any, list[Any]]]:
    """(Practitioner, their reflections) for each practitioner in turn: what their bundle holds."""
    from reflect.model import Practitioner

    pool = _pool(seed)
    bundle_end = datetime(END.year, END.month, END.day, tzinfo=UTC)
    for number in range(practitioners):
        includes_notes = number % 5 != 4
        own = []
        for index in range(each):
            # A copy of the pooled reflection and of its answers (what is changed here); a deep copy was most of the time.
            reflection = copy.copy(pool[(number * STRIDE + index * 13) % POOL])
            reflection.answers = {key: copy.copy(answer) for key, answer in reflection.answers.items()}
            reflection.uuid = str(uuid.UUID(int=(seed << 64) + number * 1_000_003 + index, version=4))
            reflection.flagged = (number * 3 + index) % 101 == 0
            for key, answer in reflection.answers.items():
                answer.flagged = bool(answer.note) and (number + index + len(key)) % 29 == 0
                if not includes_notes:
                    answer.note = ""
            if not includes_notes:
                reflection.what_happened = reflection.so_what = reflection.now_what = reflection.commitment = ""
            own.append(reflection)
        practitioner = Practitioner(
            id=str(uuid.UUID(int=seed * 1_000_003 + number, version=4)),
            display_name=f"Practitioner {number:05d}",
            bundle_id=str(uuid.UUID(int=seed * 7_000_001 + number, version=4)),
            bundle_created_at=bundle_end - timedelta(hours=number % 48),
            period_start=None if number % 4 == 0 else bundle_end - timedelta(days=365 * 11),
            period_end=bundle_end,
            includes_notes=includes_notes,
            flagged_reflections=sum(reflection.flagged for reflection in own),
            flagged_notes=sum(answer.flagged for reflection in own for answer in reflection.answers.values()),
        )
        yield practitioner, own


def _people_rows(practitioner: Any, imported_at: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    shared = {
        "period_start": practitioner.period_start, "period_end": practitioner.period_end, "includes_notes": practitioner.includes_notes,
        "flagged_reflections": practitioner.flagged_reflections, "flagged_notes": practitioner.flagged_notes, "imported_at": imported_at,
    }  # fmt: skip
    person = {"id": practitioner.id, "display_name": practitioner.display_name, "bundle_id": practitioner.bundle_id,
              "bundle_created_at": practitioner.bundle_created_at, **shared}  # fmt: skip
    bundle = {"id": practitioner.bundle_id, "practitioner_id": practitioner.id, "created_at": practitioner.bundle_created_at, **shared}
    return person, bundle


def _rows(practitioner: Any, reflections: list[Any], slots: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    from reflect.store.rows import row_values

    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in COLUMNS}
    for reflection in reflections:
        row, answers, tags, links = row_values(reflection, slots, practitioner.id)
        row["bundle_id"] = practitioner.bundle_id
        rows["reflection"].append(row)
        rows["answer"] += answers
        rows["reflection_tag"] += tags
        rows["commitment_question"] += links
    return rows


def build(location: Path | Any, practitioners: int, each: int, seed: int, *, imported_at: datetime | None = None) -> None:
    """A team database at `location` (a new file, or an empty database's ServerURL) in bulk; see the module."""
    from sqlalchemy import insert

    from reflect.server_url import ServerURL
    from reflect.store import open_store
    from reflect.store.sql import PRACTITIONER, REFLECTION, TEAM_BUNDLE

    imported_at = imported_at or datetime.now(UTC)
    store = open_store(location, team=True)
    try:
        slots = store.slots
        if isinstance(location, ServerURL):
            _copy_into_server(location, team(practitioners, each, seed), slots, imported_at, [column.name for column in REFLECTION.columns])
        else:
            with store.engine.begin() as connection:
                # Room for the indexes in memory: with SQLite's default of 2 MB, the pages of the indexes
                # in time order were spilled to the log and read back again for every practitioner.
                connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
                for practitioner, reflections in team(practitioners, each, seed):
                    person, bundle = _people_rows(practitioner, imported_at)
                    connection.execute(insert(PRACTITIONER), [person])
                    connection.execute(insert(TEAM_BUNDLE), [bundle])
                    for table, rows in _rows(practitioner, reflections, slots).items():
                        if rows:
                            connection.execute(insert(REFLECTION.metadata.tables[table]), rows)
        store.rebuild_rollup()
    finally:
        store.close()


CHUNK = 20
"""Practitioners whose rows are written together (a chunk's reflections are held in memory at once)."""


def _chunks(people: Iterator[tuple[Any, list[Any]]]) -> Iterator[list[tuple[Any, list[Any]]]]:
    chunk: list[tuple[Any, list[Any]]] = []
    for person in people:
        chunk.append(person)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _copy_into_server(location: Any, people: Iterator[tuple[Any, list[Any]]], slots: tuple[str, ...], imported_at: datetime,
                      reflection_columns: list[str]) -> None:  # fmt: skip
    """COPY every row in one transaction (psycopg adapts each value as it does a query's parameters)."""
    import psycopg

    from reflect.store.sql import PRACTITIONER, TEAM_BUNDLE

    columns = dict(COLUMNS, reflection=tuple(reflection_columns))
    people_columns = [column.name for column in PRACTITIONER.columns]
    bundle_columns = [column.name for column in TEAM_BUNDLE.columns]
    with psycopg.connect(location.url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        connection.execute("SET synchronous_commit = off")
        with connection.cursor() as cursor:
            for chunk in _chunks(people):
                with cursor.copy(f"COPY practitioner ({', '.join(people_columns)}) FROM STDIN") as copying:
                    for practitioner, _ in chunk:
                        person = _people_rows(practitioner, imported_at)[0]
                        copying.write_row([person[column] for column in people_columns])
                with cursor.copy(f"COPY team_bundle ({', '.join(bundle_columns)}) FROM STDIN") as copying:
                    for practitioner, _ in chunk:
                        bundle = _people_rows(practitioner, imported_at)[1]
                        copying.write_row([bundle[column] for column in bundle_columns])
                rows = [_rows(practitioner, reflections, slots) for practitioner, reflections in chunk]
                for table, names in columns.items():
                    assert names is not None
                    with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copying:
                        for each in rows:
                            for row in each[table]:
                                copying.write_row([row[name] for name in names])
        connection.commit()


def analyse(location: Any) -> None:
    """Statistics for the planner after a bulk load (what autovacuum would soon gather by itself)."""
    import psycopg

    with psycopg.connect(location.url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


# Checking the bulk path against the store's own ----------------------------------------------------


DUMPED = ("practitioner", "team_bundle", "reflection", "answer", "reflection_tag", "commitment_question", "answer_rollup")


def dump(location: Path | Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the team's tables in a stable order, as comparable values."""
    from reflect.server_url import ServerURL
    from reflect.store.sql import PRACTITIONER, TEAM_BUNDLE

    queries = {table: f"SELECT * FROM {table} ORDER BY 1, 2" for table in DUMPED}
    for table in (PRACTITIONER, TEAM_BUNDLE):  # imported_at is the moment of the import: left out
        queries[table.name] = f"SELECT {', '.join(c.name for c in table.columns if c.name != 'imported_at')} FROM {table.name} ORDER BY 1"
    queries["answer_rollup"] = "SELECT * FROM answer_rollup ORDER BY span, period, practitioner, kind"
    if isinstance(location, ServerURL):
        import psycopg

        with psycopg.connect(location.url) as connection:
            return {table: [tuple(row) for row in connection.execute(query)] for table, query in queries.items()}
    connection = sqlite3.connect(location)
    try:
        return {table: connection.execute(query).fetchall() for table, query in queries.items()}
    finally:
        connection.close()


def verify(bulk: Path | Any, by_store: Path | Any, *, practitioners: int = 6, each: int = 60, seed: int = 3) -> str:
    """Build the same small team in bulk at `bulk` and through Store.import_bundles at `by_store` (both
    new); "" if every row agrees, else what differs."""
    from reflect.store import TeamBundle, open_store

    moment = datetime(2026, 6, 2, 9, 0, tzinfo=UTC)
    build(bulk, practitioners, each, seed, imported_at=moment)
    store = open_store(by_store, team=True)
    try:
        store.import_bundles([TeamBundle(practitioner, reflections) for practitioner, reflections in team(practitioners, each, seed)])
    finally:
        store.close()
    bulk_rows, store_rows = dump(bulk), dump(by_store)
    for table in DUMPED:
        left, right = bulk_rows[table], store_rows[table]
        if left != right:
            differing = next((pair for pair in zip(left, right) if pair[0] != pair[1]), (len(left), len(right)))
            return f"table {table} differs: {differing}"
    return ""
