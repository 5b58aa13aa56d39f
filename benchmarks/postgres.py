"""reflect on PostgreSQL beside SQLite: the team view at scale, 50 writers at once, and the app's first paint.

Issue 15 ("Measured"), all in one run, verdicts printed together at the end:

1. `reflect team --db LOCATION summary` (the team view and the organisation's figures over all its
   practitioners) at 1,000 practitioners x 1,000 reflections (--scale for a smaller run: the output
   says which ran), on PostgreSQL and on SQLite: the whole process's time and peak memory, median and
   worst of --runs, against a hand-written SQL query over the same database computing the same
   figures (benchmarks/team_reference.py), its numbers checked to agree with the command's output.
2. --writers practitioners saving at once on PostgreSQL, each a process with its own connection and its
   own login role, through the real Store.save; beside them the same rows written by a hand-written
   INSERT loop by as many processes (benchmarks/pg_writers.py). Throughput and the ratio.
3. The first paint of `reflect --db postgresql://...` on loopback against a bare Textual app, measured
   as benchmarks/first_paint.py measures `reflect` on a file (its code): within 1.25x, with nothing of
   SQLAlchemy imported and no connection open at the first frame.

    python benchmarks/postgres.py [--scale 1000x1000] [--runs 3] [--writers 50] [--saves 40] [--rounds 10]
                                  [--only team,writers,paint] [--cluster DIR] [--port 55440] [--no-cache]

The server is a cluster of the benchmark's own (benchmarks/pgserver.py: started for the run on
127.0.0.1:--port, stopped at the end; its folder is kept so that the large databases are built
once, keyed by the store's source digest, as benchmarks/databases.py keys its files). The team
databases are built in bulk through the store's own rows and rollup code (benchmarks/team_bulk.py,
checked first against Store.import_bundles on both engines): at 1,000 x 1,000 the first build takes the
better part of half an hour on two cores (about 17 minutes for SQLite, 13 for PostgreSQL; the
databases are 2.8 and 3.3 GB), then each run reads them from the cache. Always exits 0.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pgserver  # noqa: E402  (benchmarks/pgserver.py)
import team_bulk  # noqa: E402  (benchmarks/team_bulk.py)
import team_reference  # noqa: E402  (benchmarks/team_reference.py)
from databases import CACHE_DIR, _source_digest, cached_database  # noqa: E402  (benchmarks/databases.py)
from isolation import isolated_env  # noqa: E402  (benchmarks/isolation.py)

SEED = 1
PAINT_TARGET = 1.25
PAINT_REFLECTIONS = 20_000


def digest() -> str:
    """The store's source digest, and the bulk builder's: a change to either builds the databases again."""
    combined = hashlib.sha256(_source_digest().encode())
    combined.update((HERE / "team_bulk.py").read_bytes())
    return combined.hexdigest()[:12]


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str


LAUNCHER = """
import json, os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(result, "w") as out:
    json.dump({"seconds": seconds, "peak_kb": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}, out)
"""
"""Spawns the measured program and waits for it. A child's peak memory counts what its parent held when it
was forked, so the program is started from this small process rather than from the benchmark (which holds
hundreds of megabytes after building the databases): the launcher's own few megabytes never count."""


def timed(argv: list[str], env: dict[str, str], folder: Path) -> Run:
    """Run `argv` to its end: how long from spawning it until it ended, its peak memory (resident set) and its output."""
    out_path, err_path, result_path = folder / "run.out", folder / "run.err", folder / "run.json"
    with out_path.open("w") as out, err_path.open("w") as err:
        subprocess.run([sys.executable, "-c", LAUNCHER, str(result_path), *argv], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                       env=env, check=False)  # fmt: skip
    result = json.loads(result_path.read_text())
    if result["code"] != 0:
        raise SystemExit(f"{Path(argv[0]).name} {argv[1] if len(argv) > 1 else ''} failed ({result['code']}): {err_path.read_text()[-800:]}")
    return Run(result["seconds"], result["peak_kb"] / 1024, out_path.read_text())


def reflect_command() -> list[str]:
    installed = Path(sys.executable).with_name("reflect")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "reflect"]


# 1. The team view --------------------------------------------------------------------------------------


def sqlite_team(practitioners: int, each: int, use_cache: bool) -> tuple[Path, str]:
    cached = CACHE_DIR / f"team-bulk-{practitioners}x{each}-{SEED}-{digest()}.db"
    if use_cache and cached.is_file():
        return cached, "cached"
    CACHE_DIR.mkdir(mode=0o700, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.partial")
    for leftover in CACHE_DIR.glob(f"team-bulk-{practitioners}x{each}-{SEED}-*.partial*"):
        leftover.unlink(missing_ok=True)  # of a build cut short (a run at a time builds)
    started = time.perf_counter()
    team_bulk.build(partial, practitioners, each, SEED)
    for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    partial.replace(cached)
    for stale in CACHE_DIR.glob(f"team-bulk-{practitioners}x{each}-{SEED}-*.db"):
        if stale != cached:
            stale.unlink(missing_ok=True)
    return cached, f"built in {time.perf_counter() - started:.0f} s"


def server_team(superuser: str, practitioners: int, each: int, use_cache: bool) -> tuple[str, str]:
    from reflect.server_url import ServerURL

    prefix = f"team_{practitioners}x{each}_{SEED}_"
    name = prefix + digest()
    if use_cache and pgserver.database_exists(superuser, name):
        return pgserver.url_of(superuser, name), "cached"
    partial = f"partial_{name}"
    pgserver.recreate_database(superuser, partial, stale_prefix=prefix)
    started = time.perf_counter()
    location = ServerURL(pgserver.url_of(superuser, partial))
    team_bulk.build(location, practitioners, each, SEED)
    team_bulk.analyse(location)
    pgserver.rename_database(superuser, partial, name)
    return pgserver.url_of(superuser, name), f"built in {time.perf_counter() - started:.0f} s"


def verify_bulk(superuser: str, folder: Path) -> list[str]:
    """The bulk builder against Store.import_bundles, on both engines: what differs (empty: nothing)."""
    from reflect.server_url import ServerURL

    problems = []
    found = team_bulk.verify(folder / "verify-bulk.db", folder / "verify-store.db")
    if found:
        problems.append(f"SQLite: {found}")
    for name in ("verify_bulk", "verify_store"):
        pgserver.recreate_database(superuser, name)
    found = team_bulk.verify(ServerURL(pgserver.url_of(superuser, "verify_bulk")), ServerURL(pgserver.url_of(superuser, "verify_store")))
    if found:
        problems.append(f"PostgreSQL: {found}")
    return problems


def measure_team(engine: str, location: str, runs: int, env: dict[str, str], folder: Path) -> dict[str, Any]:
    summary_argv = [*reflect_command(), "team", "--db", location, "summary"]
    reference_argv = [sys.executable, "-c", team_reference.REFERENCE, engine, location]
    first_summary, first_reference = timed(summary_argv, env, folder), timed(reference_argv, env, folder)  # warm the caches; not counted
    problems = team_reference.disagreements(first_summary.output, first_reference.output)
    summaries: list[Run] = []
    references: list[Run] = []
    for _ in range(runs):  # alternating, so that a busy moment falls on both
        summaries.append(timed(summary_argv, env, folder))
        references.append(timed(reference_argv, env, folder))
    return {"summaries": summaries, "references": references, "problems": problems, "output_lines": len(first_summary.output.splitlines())}


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    return f"median {statistics.median(values):.{digits}f} {unit}, worst {max(values):.{digits}f} {unit}"


def team_part(superuser: str, options: argparse.Namespace, env: dict[str, str], folder: Path, verdicts: list[str]) -> None:
    practitioners, each = (int(part) for part in options.scale.lower().split("x"))
    scale = f"{practitioners:,} practitioners x {each:,} reflections ({practitioners * each:,} reflections)"
    print(f"\n1. The team view, {scale}{'' if (practitioners, each) == (1000, 1000) else ' (a smaller run than the issue asks)'}")
    problems = verify_bulk(superuser, folder)
    print(f"bulk builder against Store.import_bundles (6 x 60, every row of the team's tables): {'identical' if not problems else problems}")
    file_path, file_how = sqlite_team(practitioners, each, not options.no_cache)
    copy = folder / "team.db"  # measured on a copy, so that nothing the command does touches the cache
    shutil.copyfile(file_path, copy)
    server_url, server_how = server_team(superuser, practitioners, each, not options.no_cache)
    print(f"SQLite team database: {file_how} ({file_path.stat().st_size / 1e9:.1f} GB); PostgreSQL team database: {server_how}")
    results = {}
    for engine, location in (("sqlite", str(copy)), ("postgresql", server_url)):
        results[engine] = measure_team(engine, location, options.runs, env, folder)
    print(f"\n{'':<44}{'time':>30}{'peak memory':>30}")
    for engine, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        found = results[engine]
        for side, runs in (("reflect team summary", found["summaries"]), ("hand-written SQL", found["references"])):
            print(f"{label + ': ' + side:<44}{spread([r.seconds for r in runs], 's'):>30}{spread([r.peak_mb for r in runs], 'MB', 0):>30}")
    full = (practitioners, each) == (1000, 1000)
    verdicts.append(f"team view at {practitioners:,} x {each:,} ({'the size of the issue' if full else 'smaller than the issue asks, 1,000 x 1,000'}):")
    verdicts.append(f"  bulk-built databases hold what Store.import_bundles writes  {'PASS' if not problems else 'MISS'}")
    for engine, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        found = results[engine]
        verdicts.append(f"  {label}: the summary's figures agree with hand-written SQL  {'PASS' if not found['problems'] else 'MISS'}")
        verdicts.extend(f"    {problem}" for problem in found["problems"][:8])
        summary_s = statistics.median(r.seconds for r in found["summaries"])
        reference_s = statistics.median(r.seconds for r in found["references"])
        worst = max(r.seconds for r in found["summaries"]) / max(r.seconds for r in found["references"])
        verdicts.append(
            f"  {label}: reflect team summary / hand-written SQL: {summary_s / reference_s:.2f}x time ({summary_s:.2f} vs "
            f"{reference_s:.2f} s median; worst {worst:.2f}x), peak memory {statistics.median(r.peak_mb for r in found['summaries']):.0f} "
            f"vs {statistics.median(r.peak_mb for r in found['references']):.0f} MB (for information: the issue sets no target)"
        )
    on_server = statistics.median(r.seconds for r in results["postgresql"]["summaries"])
    on_file = statistics.median(r.seconds for r in results["sqlite"]["summaries"])
    verdicts.append(f"  reflect team summary, PostgreSQL / SQLite: {on_server / on_file:.2f}x ({on_server:.2f} vs {on_file:.2f} s median; for information)")


# 2. Writers at once -----------------------------------------------------------------------------------


def writers_part(superuser: str, options: argparse.Namespace, verdicts: list[str]) -> None:
    import pg_writers  # benchmarks/pg_writers.py

    print(f"\n2. {options.writers} writers at once on PostgreSQL, {options.saves} reflections each")
    found = pg_writers.run(superuser, options.writers, options.saves)
    for side in ("store", "reference"):
        result = found[side]
        print(f"{result['label']:<58} {result['throughput']:7.0f} saves/s over {result['seconds']:.2f} s; one save: "
              f"median {result['median_ms']:.1f} ms, worst {result['worst_ms']:.1f} ms")  # fmt: skip
    ratio = found["store"]["throughput"] / found["reference"]["throughput"]
    landed = found["landed"]
    verdicts.append(f"{options.writers} writers at once on PostgreSQL ({options.saves} saves each, a login role each):")
    verdicts.append(f"  every write landed, and both sides wrote the same rows ({landed})  {'PASS' if found['agree'] else 'MISS'}")
    verdicts.append(f"  Store.save / hand-written INSERT loop: {ratio:.2f}x the throughput ({found['store']['throughput']:.0f} vs "
                    f"{found['reference']['throughput']:.0f} saves/s; for information: the issue sets no target)")  # fmt: skip


# 3. First paint ---------------------------------------------------------------------------------------


def own_database(superuser: str, use_cache: bool) -> tuple[str, str]:
    """A practitioner's own database on the server with PAINT_REFLECTIONS generated reflections (written by Store.save_many)."""
    import generate  # benchmarks/generate.py

    from reflect.server_url import ServerURL
    from reflect.store import open_store

    today = date.today()
    prefix = f"own_{PAINT_REFLECTIONS}_{SEED}_"
    name = f"{prefix}{today:%Y%m%d}_{digest()}"
    if use_cache and pgserver.database_exists(superuser, name):
        return pgserver.url_of(superuser, name), "cached"
    partial = f"partial_{name}"
    pgserver.recreate_database(superuser, partial, stale_prefix=prefix)
    started = time.perf_counter()
    store = open_store(ServerURL(pgserver.url_of(superuser, partial)))
    try:
        store.save_many(generate.build_reflections(PAINT_REFLECTIONS, SEED, end=today))
    finally:
        store.close()
    pgserver.rename_database(superuser, partial, name)
    return pgserver.url_of(superuser, name), f"built in {time.perf_counter() - started:.0f} s"


def paint_part(superuser: str, options: argparse.Namespace, env: dict[str, str], folder: Path, verdicts: list[str]) -> None:
    import first_paint  # benchmarks/first_paint.py

    script = first_paint.console_script()
    if script is None:
        verdicts.append("first paint: no `reflect` entry point beside this Python (pip install -e . first)  MISS")
        return
    url, how = own_database(superuser, not options.no_cache)
    print(f"\n3. First paint of reflect --db postgresql://... on loopback ({PAINT_REFLECTIONS:,} reflections, {how}), {options.rounds} rounds")
    stale = first_paint.compile_bytecode()
    print(f"bytecode: reflect, Textual and Rich compiled as an install does ({stale} modules were not yet)")
    file_cached, _ = cached_database(PAINT_REFLECTIONS, SEED)
    file_path = folder / "own.db"
    shutil.copyfile(file_cached, file_path)
    bare_argv = [sys.executable, "-c", first_paint.BARE_APP]
    argvs = {"server": [str(script), "--db", url], "file": [str(script), "--db", str(file_path)]}

    def bare_run() -> float:
        return first_paint.in_pty(bare_argv, env, folder, (first_paint.BARE_TEXT.encode(),), None)[0]

    def reflect_run(where: str) -> tuple[float, float | None]:
        return first_paint.in_pty(argvs[where], env, folder, first_paint.HOME_PAINTED, first_paint.HOME_DATA)

    bare_run(), reflect_run("server"), reflect_run("file")
    bare: list[float] = []
    runs: dict[str, list[tuple[float, float | None]]] = {"server": [], "file": []}
    steps = [lambda: bare.append(bare_run()), lambda: runs["server"].append(reflect_run("server")),
             lambda: runs["file"].append(reflect_run("file"))]  # fmt: skip
    for round_number in range(options.rounds):  # each round in another order, so that a busy moment falls on each
        for step in steps[round_number % 3 :] + steps[: round_number % 3]:
            step()
    paints = {where: [paint for paint, _ in found] for where, found in runs.items()}
    shown = {where: [data for _, data in found if data is not None] for where, found in runs.items()}
    print(f"{'spawn until the terminal shows':<52} {'median':>9} {'min':>9} {'worst':>9}")
    rows = [("bare Textual app: its Static", bare)]
    for where, label in (("server", "PostgreSQL"), ("file", "an SQLite file")):
        rows += [(f"reflect on {label}: the home screen", paints[where]), (f"reflect on {label}: the home screen's data", shown[where])]
    for label, values in rows:
        if values:
            print(f"{label:<52} {statistics.median(values):8.1f}ms {min(values):8.1f}ms {max(values):8.1f}ms")
    checks = [first_paint.measure(first_paint.REFLECT_CLI_CHILD, [url], env, folder) for _ in range(first_paint.IMPORT_CHECK_RUNS)]
    loaded = {name: sum(report[name] for report in checks) for name in ("sqlalchemy", "sqlmodel", "alembic", "psycopg")}
    opened = sum(report["store_open"] for report in checks)
    server_paints, server_shown = paints["server"], shown["server"]
    ratio = statistics.median(server_paints) / statistics.median(bare)
    worst_ratio = max(server_paints) / max(bare)
    verdicts.append("reflect --db postgresql://... on loopback:")
    verdicts.append(f"  first paint, reflect / bare: {ratio:.2f}x ({statistics.median(server_paints):.0f} vs {statistics.median(bare):.0f} ms "
                    f"median; worst {max(server_paints):.0f} vs {max(bare):.0f} ms = {worst_ratio:.2f}x), target <= {PAINT_TARGET}x  "
                    f"{'PASS' if ratio <= PAINT_TARGET else 'MISS'}")  # fmt: skip
    verdicts.append(f"  (on an SQLite file in the same rounds: {statistics.median(paints['file']) / statistics.median(bare):.2f}x, "
                    f"{statistics.median(paints['file']):.0f} ms median)")  # fmt: skip
    verdicts.append(f"  off the path to first paint, in {len(checks)} runs: SQLAlchemy {loaded['sqlalchemy']}, SQLModel {loaded['sqlmodel']}, "
                    f"Alembic {loaded['alembic']}, psycopg {loaded['psycopg']} times imported (without it, no connection to the server), store open "
                    f"{opened} times  {'PASS' if not any(loaded.values()) and not opened else 'MISS'}")  # fmt: skip
    verdicts.append(f"  home screen's data on the server shown in {len(server_shown)} of {len(server_paints)} runs"
                    + (f", {statistics.median(server_shown):.0f} ms median, worst {max(server_shown):.0f} ms" if server_shown else "")
                    + f" (on the file: {statistics.median(shown['file']):.0f} ms)" * bool(shown["file"])
                    + f"  {'PASS' if len(server_shown) == len(server_paints) else 'MISS'}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="1000x1000", help="practitioners x reflections each in the team databases (default 1000x1000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the team summary and of the reference, each")
    parser.add_argument("--writers", type=int, default=50, help="practitioners saving at once")
    parser.add_argument("--saves", type=int, default=40, help="reflections each writer saves")
    parser.add_argument("--rounds", type=int, default=10, help="first-paint rounds (plus one warm-up each)")
    parser.add_argument("--only", default="team,writers,paint", help="which parts to run, comma-separated")
    parser.add_argument("--cluster", type=Path, default=pgserver.DEFAULT_FOLDER, help="the cluster's folder, kept between runs")
    parser.add_argument("--port", type=int, default=pgserver.DEFAULT_PORT)
    parser.add_argument("--no-cache", action="store_true", help="build the databases afresh")
    options = parser.parse_args()
    parts = set(options.only.split(","))
    # Stopped from outside (kill, a closed terminal): end as on an error, so that the server is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(1))
    try:
        import psycopg  # noqa: F401
    except ImportError:
        print('postgres: the PostgreSQL driver is not installed: pip install -e ".[postgresql]"')
        return 0

    verdicts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="reflect-bench-postgres-") as folder_name, pgserver.cluster(options.cluster, options.port) as superuser:
        folder = Path(folder_name)
        env = isolated_env(folder)
        print(f"python: {sys.executable} ({sys.version.split()[0]}); PostgreSQL {pgserver.server_version(superuser)} on 127.0.0.1:{options.port} "
              f"({', '.join(f'{k}={v}' for k, v in pgserver.SETTINGS.items())}, fsync and synchronous commits on)")  # fmt: skip
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start (other work slows both sides)")
        if "team" in parts:
            team_part(superuser, options, env, folder, verdicts)
        if "writers" in parts:
            writers_part(superuser, options, verdicts)
        if "paint" in parts:
            paint_part(superuser, options, env, folder, verdicts)
        print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    print("\nVerdicts:")
    for line in verdicts:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
