"""Many practitioners saving at once on one PostgreSQL server: Store.save against a hand-written INSERT loop.
For benchmarks/postgres.py.

Each writer is a process of its own (as each practitioner's app is), connected as a login role of its
own, saving its share of the same generated reflections one at a time: through Store.save (the
revision check, the writer's lock, the answer rollup kept in the same transaction), or, as a person
would write it, one transaction per reflection inserting its row, its answers, tags and commitment
links (the values the store's own row_values gives, worked out beforehand). Each side writes into a
database of its own made by the store's migrations; afterwards both must hold every reflection, with
the same rows. Throughput is every save over the time from the first writer starting to the last
one finishing (all start together, at a barrier).
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from datetime import timedelta
from typing import Any

import generate  # benchmarks/generate.py (the scripts put benchmarks/ on sys.path)
import pgserver  # benchmarks/pgserver.py

ROLE_PREFIX = "reflect_writer_"
SEED = 4242


def _roles_and_databases(superuser: str, writers: int) -> dict[str, str]:
    """A login role per writer, and a database at the store's schema for each side, every role
    allowed to read and write in it: the databases' names by side."""
    import psycopg

    from reflect.server_url import ServerURL
    from reflect.store import open_store

    names = {"store": "writers_store", "reference": "writers_reference"}
    roles = [f"{ROLE_PREFIX}{number:02d}" for number in range(1, writers + 1)]
    with psycopg.connect(superuser, autocommit=True) as admin:
        for role in roles:
            if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                admin.execute(f'CREATE ROLE "{role}" LOGIN')
    for name in names.values():
        pgserver.recreate_database(superuser, name)
        open_store(ServerURL(pgserver.url_of(superuser, name))).close()
        with psycopg.connect(pgserver.url_of(superuser, name), autocommit=True) as admin:
            everyone = ", ".join(f'"{role}"' for role in roles)
            admin.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {everyone}")
            admin.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}")
    return names


def _reflections(count: int) -> list[Any]:
    """Complete reflections about interactions in the last few days (as a day's saves would be)."""
    from reflect.model import utc_now

    now = utc_now().astimezone()
    reflections = list(generate.build_reflections(count, SEED, draft_rate=0))
    for number, reflection in enumerate(reflections):
        reflection.occurred_at = now - timedelta(minutes=30 + number)
        reflection.created_at = reflection.updated_at = now - timedelta(minutes=number)
    return reflections


def _store_writer(url: str, reflections: list[Any], barrier: Any, results: Any) -> None:
    from reflect.server_url import ServerURL
    from reflect.store import open_store

    store = open_store(ServerURL(url))
    try:
        barrier.wait()
        started = time.time()
        times = []
        for reflection in reflections:
            before = time.perf_counter()
            store.save(reflection)
            times.append((time.perf_counter() - before) * 1000)
        results.put((started, time.time(), times))
    finally:
        store.close()


def _reference_writer(url: str, rows: list[Any], barrier: Any, results: Any) -> None:
    import psycopg

    with psycopg.connect(url) as connection:
        barrier.wait()
        started = time.time()
        times = []
        for reflection, answers, tags, links in rows:
            before = time.perf_counter()
            with connection.transaction(), connection.cursor() as cursor:
                columns = list(reflection)
                cursor.execute(
                    f"INSERT INTO reflection ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                    [reflection[column] for column in columns],
                )
                if answers:
                    cursor.executemany(
                        "INSERT INTO answer (reflection_id, question_key, response, note, flagged) VALUES (%s, %s, %s, %s, %s)",
                        [(a["reflection_id"], a["question_key"], a["response"], a["note"], a["flagged"]) for a in answers],
                    )
                if tags:
                    cursor.executemany("INSERT INTO reflection_tag (reflection_id, tag) VALUES (%s, %s)", [(t["reflection_id"], t["tag"]) for t in tags])
                if links:
                    cursor.executemany(
                        "INSERT INTO commitment_question (reflection_id, question_key) VALUES (%s, %s)",
                        [(link["reflection_id"], link["question_key"]) for link in links],
                    )
            times.append((time.perf_counter() - before) * 1000)
        results.put((started, time.time(), times))


def _side(target: Any, url_of_writer: Any, shares: list[Any]) -> dict[str, Any]:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(shares)), context.Queue()
    processes = [context.Process(target=target, args=(url_of_writer(number), share, barrier, results)) for number, share in enumerate(shares)]
    for process in processes:
        process.start()
    found = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
    failed = [process.exitcode for process in processes if process.exitcode != 0]
    if failed:
        raise SystemExit(f"{len(failed)} writers failed")
    times = [each for _, _, saves in found for each in saves]
    seconds = max(end for _, end, _ in found) - min(start for start, _, _ in found)
    return {"seconds": seconds, "throughput": len(times) / seconds, "median_ms": statistics.median(times), "worst_ms": max(times)}


def _contents(url: str) -> tuple[list[tuple[Any, ...]], ...]:
    import psycopg

    from reflect.store.sql import REFLECTION

    columns = ", ".join(column.name for column in REFLECTION.columns)
    with psycopg.connect(url) as connection:
        return (
            [tuple(row) for row in connection.execute(f"SELECT {columns} FROM reflection ORDER BY id")],
            [tuple(row) for row in connection.execute("SELECT * FROM answer ORDER BY reflection_id, question_key")],
            [tuple(row) for row in connection.execute("SELECT * FROM reflection_tag ORDER BY reflection_id, tag")],
            [tuple(row) for row in connection.execute("SELECT * FROM commitment_question ORDER BY reflection_id, question_key")],
        )


def run(superuser: str, writers: int, saves: int) -> dict[str, Any]:
    """Both sides' throughput and save times, whether every write landed the same on both, and how many rows."""
    from reflect.questions import default_question_set
    from reflect.store.rows import row_values

    names = _roles_and_databases(superuser, writers)
    reflections = _reflections(writers * saves)
    shares = [reflections[number * saves : (number + 1) * saves] for number in range(writers)]
    slots = tuple(default_question_set().keys)
    row_shares = [[row_values(reflection, slots) for reflection in share] for share in shares]

    def url(side: str) -> Any:
        return lambda number: pgserver.url_of(superuser, names[side], user=f"{ROLE_PREFIX}{number + 1:02d}")

    found = {
        "store": _side(_store_writer, url("store"), shares) | {"label": f"Store.save, {writers} processes, a role each"},
        "reference": _side(_reference_writer, url("reference"), row_shares) | {"label": f"hand-written INSERT loop, {writers} processes, a role each"},
    }
    stored, referenced = _contents(pgserver.url_of(superuser, names["store"])), _contents(pgserver.url_of(superuser, names["reference"]))
    found["agree"] = stored == referenced and len(stored[0]) == writers * saves
    found["landed"] = f"{len(stored[0]):,} of {writers * saves:,} reflections, {len(stored[1]):,} answers on the store's side; " + (
        "the same rows on the reference's" if stored == referenced else f"{len(referenced[0]):,} reflections on the reference's, rows differ"
    )
    return found
