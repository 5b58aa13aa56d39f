"""One practitioner among many in a shared database (`reflect org init`), against the same reflections
in a database of their own, on one PostgreSQL server.

In the shared database row-level security adds `owner = current_user` to every query. Without an
index led by the owner, a role's History page, its counts and its figures walk every practitioner's
entries to find its own; `reflect org init` makes the indexes reflect seeks by again, led by the
owner. This measures, as one practitioner's role through the real Store: History's first page
(reflection_page, newest first), the count History shows (reflection_count), the 12-month figures
(counts_by_kind, from the answer rollup) and a page of History filtered by a kind, in three databases:
- own: the practitioner's reflections alone, in a database of their own (the reference);
- shared: the same reflections among every other practitioner's, as `reflect org init` leaves it;
- shared, no owner indexes: the same, with the owner-led indexes dropped (what the policy alone gives).
The numbers of each operation are checked to agree across the three. Rounds alternate; medians
and worst cases are printed. Target: shared within 1.5x of own for each operation.

    python benchmarks/shared_database.py --url postgresql://postgres@127.0.0.1:5432/postgres
                                         [--roles 200] [--each 500] [--rounds 15]

--url names a superuser on a server you may create databases and roles on (a throwaway cluster:
it creates the databases reflect_bench_shared and reflect_bench_own and the roles bench_r000...,
and drops them at the end). Prints PASS/MISS; always exits 0.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

SHARED, OWN = "reflect_bench_shared", "reflect_bench_own"
TARGET = 1.5


def _url(base: str, *, role: str | None = None, database: str | None = None) -> str:
    parts = urlsplit(base)
    netloc = parts.netloc if role is None else f"{role}@{parts.netloc.rpartition('@')[2]}"
    return urlunsplit((parts.scheme, netloc, f"/{database}" if database else parts.path, parts.query, ""))


def _execute(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def _reflections(count: int, seed: int) -> list[Any]:
    from reflect.demo import demo_reflections
    from reflect.model import utc_now
    from reflect.questions import default_question_set

    made = [copy.deepcopy(one) for one in demo_reflections(default_question_set(), utc_now(), count=count, seed=seed)]
    for one in made:
        one.uuid = str(uuid.uuid4())
    return made


def _build(superuser: str, roles: list[str], each: int) -> None:
    from reflect.server_url import ServerURL
    from reflect.store import open_store
    from reflect.store.row_security import add_practitioners, set_up_stores_database

    _drop(superuser, roles)
    statements = [f'CREATE ROLE "{role}" LOGIN' for role in roles]
    _execute(superuser, *statements, f"CREATE DATABASE {SHARED}", f'CREATE DATABASE {OWN} OWNER "{roles[0]}"')
    shared_admin = ServerURL(_url(superuser, database=SHARED))
    set_up_stores_database(shared_admin)
    add_practitioners(shared_admin, roles)
    started = time.perf_counter()
    for number, role in enumerate(roles):
        reflections = _reflections(each, seed=number)
        targets = [ServerURL(_url(superuser, role=role, database=SHARED))]
        if number == 0:
            targets.append(ServerURL(_url(superuser, role=role, database=OWN)))
        for target in targets:
            store = open_store(target)
            try:
                store.save_many(reflections)
            finally:
                store.close()
    _execute(_url(superuser, database=SHARED), "ANALYZE")
    _execute(_url(superuser, database=OWN), "ANALYZE")
    print(f"built: {len(roles)} roles x {each:,} reflections in {time.perf_counter() - started:.0f} s")


def _drop(superuser: str, roles: list[str]) -> None:
    _execute(superuser, f"DROP DATABASE IF EXISTS {SHARED} WITH (FORCE)", f"DROP DATABASE IF EXISTS {OWN} WITH (FORCE)")
    _execute(superuser, *(f'DROP ROLE IF EXISTS "{role}"' for role in roles))


def _operations() -> dict[str, Callable[[Any], Any]]:
    from reflect.model import Selection, utc_now

    now = utc_now()
    year = Selection(start=now - timedelta(days=365), end=now)
    return {
        "History's first page": lambda store: [one.uuid for one in store.reflection_page(limit=50, newest_first=True)],
        "History's count": lambda store: store.reflection_count(),
        "12-month figures": lambda store: store.counts_by_kind(year),
        "History filtered by a kind": lambda store: [one.uuid for one in store.history_page(["group"], limit=50)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="a superuser's URL on a throwaway server")
    parser.add_argument("--roles", type=int, default=200)
    parser.add_argument("--each", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    from reflect.server_url import ServerURL
    from reflect.store import open_store
    from reflect.store.row_security import OWNER_LED_SUFFIX

    roles = [f"bench_r{number:03d}" for number in range(args.roles)]
    _build(args.url, roles, args.each)
    measured = roles[0]
    shared = open_store(ServerURL(_url(args.url, role=measured, database=SHARED)))
    own = open_store(ServerURL(_url(args.url, role=measured, database=OWN)))
    owner_indexes = [
        str(row[0])
        for row in _rows(_url(args.url, database=SHARED), f"SELECT indexname FROM pg_indexes WHERE indexname LIKE '%{OWNER_LED_SUFFIX}'")
    ]
    times: dict[tuple[str, str], list[float]] = {}
    verdicts: list[str] = []
    try:
        for phase in ("with owner indexes", "without owner indexes"):
            if phase == "without owner indexes":
                _execute(_url(args.url, database=SHARED), *(f'DROP INDEX "{name}"' for name in owner_indexes))
            for name, operation in _operations().items():
                expected = operation(own)
                assert operation(shared) == expected, f"{name}: the shared database gave other numbers"
                for _ in range(args.rounds):
                    for where, store in (("own", own), (phase, shared)):
                        started = time.perf_counter()
                        operation(store)
                        times.setdefault((name, where), []).append(time.perf_counter() - started)
        print(f"\none role's {args.each:,} reflections among {args.roles} roles' ({args.roles * args.each:,}), {args.rounds} rounds:")
        for name in _operations():
            own_times = times[(name, "own")]
            line = [f"{name}: own {_ms(own_times)}"]
            for phase in ("with owner indexes", "without owner indexes"):
                ratio = statistics.median(times[(name, phase)]) / statistics.median(own_times)
                line.append(f"shared {phase} {_ms(times[(name, phase)])} ({ratio:.2f}x)")
                if phase == "with owner indexes":
                    verdicts.append(f"{'PASS' if ratio <= TARGET else 'MISS'} {name}: shared {ratio:.2f}x own (target <= {TARGET}x)")
            print("  " + "; ".join(line))
    finally:
        shared.close()
        own.close()
        _drop(args.url, roles)
    print("\nVerdicts:")
    for verdict in verdicts:
        print("  " + verdict)


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        return [tuple(row) for row in connection.execute(sql).fetchall()]


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms (worst {max(values) * 1000:.1f})"


if __name__ == "__main__":
    main()
