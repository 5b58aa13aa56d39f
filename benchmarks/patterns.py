"""How fast the patterns are worked out, against hand-written SQL on the same file.

Two references, each checked to give the same numbers as reflect:
- the straightforward query a person would write over the answer rows (the normalised
  `answer` table joined to `reflection`, grouped by question and response), and
- the minimal scan of the project's own encoded column (`reflection.responses`, one letter
  per question), the least any row scan of that column can cost.

reflect sums its figures from the answer rollup (reflect/store/rollup.py) where it can; each
line says which path it measured: the rollup alone, the rollup with a scan of the rows of the
day or two beside an instant bound (the preset periods end "now"), or the row scan (a tag).

Targets:
- 20,000 reflections (issue 3): the 12-month Patterns figures under 100 ms, and the all-time
  weekly grid under 150 ms, each within 1.5x of each reference.
- 1,000,000 reflections (issue 12): the all-time figures under 50 ms in process, and within
  1.5x of each reference; the 12-month figures too, with the same targets.
- A tag the rollup cannot answer: reported (the row scan), with no target of its own.
- `reflect stats --json` as a process: its peak memory (its own ru_maxrss, os.wait4)
  under 300 MB at 1,000,000, and its wall time within 1.2x of `reflect list --limit 1` (issue
  12, at 20,000 and 1,000,000); its numbers must agree with the answer-rows query.
- The Patterns screen opens on 20,000 reflections without a visible freeze: the figures are
  worked out in a thread, so the event loop's longest stall while the screen opens (its
  widgets and styles being set up, which an empty database costs as much) is within 1.5x
  of the same screen opening on an empty database, and under 250 ms; its figures are shown
  within 150 ms of `t` (issue 12), and within 300 ms at 1,000,000.

    python benchmarks/patterns.py [--rounds 15] [--large 1000000] [--skip-large] [--no-cache]
                                  [--large-db FILE]

--large-db measures a copy of a database you already have (one written by an earlier version
is upgraded when the copy is first opened, which is timed and reported) as the large one,
instead of the cached generated one.

Databases come from benchmarks/generate.py, cached by benchmarks/databases.py (the 1M one
takes a few minutes to generate the first time, and about 1.8 GB). Rounds alternate reflect
and the references; medians are compared. Every verdict is printed together at the end.
Prints PASS/MISS; always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from databases import cached_database, large_database  # noqa: E402  (benchmarks/databases.py)
from isolation import isolated_env  # noqa: E402  (benchmarks/isolation.py)

RATIO = 1.5
FIGURES_MS = 100.0
GRID_MS = 150.0
LARGE_FIGURES_MS = 50.0
PEAK_MB = 300.0
STATS_RATIO = 1.2
PROCESS_ROUNDS = 3
STALL_MS = 250.0
SHOWN_MS = 150.0
LARGE_SHOWN_MS = 300.0
SCREEN_ROUNDS = 3
LETTERS = "ypnx"
TAG = "housing"
"""A tag the generator gives some reflections (benchmarks/generate.py)."""
RESPONSES = ("yes", "partly", "no", "not_applicable")


VERDICTS: list[str] = []
"""Every verdict line, printed together at the end."""


def say(line: str) -> None:
    VERDICTS.append(line)


# The hand-written side: plain sqlite3, one query per period ------------------------------------


def stored_time(moment: datetime) -> str:
    """A bound as the database stores times: UTC text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def sums(questions: int) -> str:
    return ", ".join(f"sum(substr(responses, {i}, 1) = '{letter}')" for i in range(1, questions + 1) for letter in LETTERS)


def encoded_counts(connection: sqlite3.Connection, group: str, start: datetime | None, end: datetime | None,
                   questions: int) -> dict[object, list[int]]:  # fmt: skip
    """The minimal scan of the encoded column. Per group: [reflections, then yes/partly/no/n.a. for each question in order]."""
    where, parameters = ["is_draft = 0"], []
    if start is not None:
        where.append("occurred_at >= ?")
        parameters.append(stored_time(start))
    if end is not None:
        where.append("occurred_at < ?")
        parameters.append(stored_time(end))
    sql = f"SELECT {group}, count(*), {sums(questions)} FROM reflection WHERE {' AND '.join(where)} GROUP BY 1"
    return {row[0]: list(row[1:]) for row in connection.execute(sql, parameters)}


# The local day a person would work out from the stored UTC time and the offset kept beside it.
LOCAL_WEEK = "date(r.occurred_at, printf('%+d minutes', r.occurred_offset_minutes), '-6 days', 'weekday 1')"


def answer_row_counts(connection: sqlite3.Connection, group: str, start: datetime | None, end: datetime | None,
                      keys: list[str]) -> dict[object, list[int]]:  # fmt: skip
    """The straightforward query over the answer rows, in the same shape as encoded_counts."""
    where, parameters = ["r.is_draft = 0"], []
    if start is not None:
        where.append("r.occurred_at >= ?")
        parameters.append(stored_time(start))
    if end is not None:
        where.append("r.occurred_at < ?")
        parameters.append(stored_time(end))
    condition = " AND ".join(where)
    result: dict[object, list[int]] = {}
    for group_value, count in connection.execute(f"SELECT {group}, count(*) FROM reflection r WHERE {condition} GROUP BY 1", parameters):
        result[group_value] = [count] + [0] * (4 * len(keys))
    position = {key: index for index, key in enumerate(keys)}
    sql = (
        f"SELECT {group}, a.question_key, a.response, count(*) FROM answer a JOIN reflection r ON r.id = a.reflection_id "
        f"WHERE {condition} AND a.response IS NOT NULL GROUP BY 1, 2, 3"
    )
    for group_value, key, response, count in connection.execute(sql, parameters):
        if key in position and response in RESPONSES:
            result[group_value][1 + 4 * position[key] + RESPONSES.index(response)] = count
    return result


def reference_figures(counts: Callable[..., dict[object, list[int]]], connection: sqlite3.Connection, start: datetime | None,
                      end: datetime | None, shape: object) -> tuple[dict[object, list[int]], dict[object, list[int]] | None]:  # fmt: skip
    """(this period, the period before) per kind, by either reference (`shape`: questions or keys)."""
    current = counts(connection, "kind", start, end, shape)
    previous = counts(connection, "kind", start - (end - start), start, shape) if start and end else None
    return current, previous


def encoded_weekly_grid(connection: sqlite3.Connection, questions: int) -> dict[object, list[int]]:
    return encoded_counts(connection, "date(occurred_day, '-6 days', 'weekday 1')", None, None, questions)


def answer_row_weekly_grid(connection: sqlite3.Connection, keys: list[str]) -> dict[object, list[int]]:
    return answer_row_counts(connection, LOCAL_WEEK, None, None, keys)


def pooled(per_group: dict[object, list[int]]) -> list[int]:
    return [sum(values) for values in zip(*per_group.values())] if per_group else []


def distribution_lists(result) -> list[list[int]]:  # type: ignore[no-untyped-def]
    return [[q.distribution.yes, q.distribution.partly, q.distribution.no, q.distribution.not_applicable] for q in result.questions]


def agree_figures(result, current: dict[object, list[int]], previous, questions: int) -> bool:  # type: ignore[no-untyped-def]
    totals = pooled(current)
    if not totals:
        return result.reflections == 0
    ours = distribution_lists(result)
    theirs = [totals[1 + 4 * q : 5 + 4 * q] for q in range(questions)]
    same_kinds = {kind: values[0] for kind, values in current.items()} == result.reflections_by_kind
    if previous is not None:
        before = pooled(previous)
        for index, question in enumerate(result.questions):
            yes, partly, no = before[1 + 4 * index : 4 + 4 * index] if before else (0, 0, 0)
            n = yes + partly + no
            rate = (yes + partly / 2) / n if n >= result.min_n else None
            if (rate is None) != (question.previous_rate is None) or (rate is not None and abs(rate - question.previous_rate) > 1e-12):
                return False
    return ours == theirs and totals[0] == result.reflections and same_kinds


def agree_grid(trend, grid: dict[object, list[int]]) -> bool:  # type: ignore[no-untyped-def]
    for index, start in enumerate(trend.periods):
        row = grid.get(start.isoformat())
        if row is None:
            if trend.reflections[index]:
                return False
            continue
        if row[0] != trend.reflections[index]:
            return False
        for position, (_, cells) in enumerate(trend.questions):
            d = cells[index]
            if [d.yes, d.partly, d.no, d.not_applicable] != row[1 + 4 * position : 5 + 4 * position]:
                return False
    return sum(values[0] for values in grid.values()) == sum(trend.reflections)


# Timing -------------------------------------------------------------------------------------------


def alternate(*functions: Callable[[], object], rounds: int) -> list[float]:
    """Median milliseconds of each, measured in alternating rounds after one warm-up each."""
    for function in functions:
        function()
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(rounds):
        for function, kept in zip(functions, times):
            started = time.perf_counter()
            function()
            kept.append((time.perf_counter() - started) * 1000)
    return [statistics.median(kept) for kept in times]


def against(name: str, ours: float, rows: float, encoded: float, same: bool, limit: float, label: str) -> bool:
    """One verdict: an absolute target and the ratio to each reference, numbers agreeing with both."""
    ok = same and ours < limit and ours <= RATIO * rows and ours <= RATIO * encoded
    say(f"{name}: {ours:.1f} ms (target < {limit:g} ms); answer-rows query {rows:.1f} ms, ratio {ours / rows:.2f}x; "
        f"encoded-column scan {encoded:.1f} ms, ratio {ours / encoded:.2f}x (target <= {RATIO}x each); {label}; "
        f"numbers agree with both: {same}  {verdict(ok)}")  # fmt: skip
    return ok


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def measure_20k(path: Path, rounds: int) -> bool:
    from reflect.model import Selection, utc_now
    from reflect.patterns import figures, period_bounds, trend
    from reflect.questions import default_question_set
    from reflect.store import open_store

    question_set = default_question_set()
    questions, keys = len(question_set), list(question_set.keys)
    now = utc_now().astimezone()
    store = open_store(path)
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    passed = True
    try:
        start, end = period_bounds("12m", now)
        year = Selection(start=start, end=end)
        ours, rows, encoded = alternate(
            lambda: figures(store, question_set, year),
            lambda: reference_figures(answer_row_counts, connection, start, end, keys),
            lambda: reference_figures(encoded_counts, connection, start, end, questions),
            rounds=rounds,
        )
        result = figures(store, question_set, year)
        same = agree_figures(result, *reference_figures(answer_row_counts, connection, start, end, keys), questions) and agree_figures(
            result, *reference_figures(encoded_counts, connection, start, end, questions), questions
        )
        passed &= against("12-month figures, 20,000", ours, rows, encoded, same, FIGURES_MS, f"{rounds} rounds; {store.figures_path(year)}")

        tagged = Selection(start=start, end=end, tag=TAG)
        (tag_ms,) = alternate(lambda: figures(store, question_set, tagged), rounds=rounds)
        say(f"12-month figures with --tag {TAG}, 20,000: {tag_ms:.1f} ms by {store.figures_path(tagged)} (no target: "
            f"the rollup does not keep tags)  (reported)")  # fmt: skip

        grid = lambda: trend(store, question_set, Selection(), now, grain="week")  # noqa: E731
        ours, rows, encoded = alternate(
            grid, lambda: answer_row_weekly_grid(connection, keys), lambda: encoded_weekly_grid(connection, questions), rounds=rounds
        )
        weeks = grid()
        same = agree_grid(weeks, answer_row_weekly_grid(connection, keys)) and agree_grid(weeks, encoded_weekly_grid(connection, questions))
        passed &= against("all-time weekly grid, 20,000", ours, rows, encoded, same, GRID_MS, f"{rounds} rounds; {store.figures_path(Selection())}")
    finally:
        connection.close()
        store.close()
    return passed


def console_script() -> Path | None:
    """The `reflect` entry point installed beside this Python (as `pip install` puts it)."""
    beside = Path(sys.executable).parent / "reflect"
    return beside if beside.is_file() and os.access(beside, os.X_OK) else None


# Spawns the measured command and reports its own ru_maxrss. A child forked from this benchmark
# would count the benchmark's resident memory too (Linux carries the peak of the memory it was
# forked with across exec), so the command is forked from this small launcher instead.
LAUNCHER = r"""
import json, os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
elapsed = (time.perf_counter() - started) * 1000
sys.stderr.write(json.dumps({"ms": elapsed, "peak_kb": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}))
"""


def run_process(argv: list[str], folder: Path) -> tuple[float, float, str]:
    """Wall ms, peak resident MB (the command's own ru_maxrss, from os.wait4) and standard output."""
    launched = subprocess.run([sys.executable, "-c", LAUNCHER, *argv], env=isolated_env(folder), cwd=folder,
                              stdin=subprocess.DEVNULL, capture_output=True, check=True)  # fmt: skip
    report = json.loads(launched.stderr)
    if report["code"] != 0:
        raise SystemExit(f"{' '.join(argv[-3:])} exited {report['code']}")
    return report["ms"], report["peak_kb"] / 1024, launched.stdout.decode()


def agree_stats(shown: dict[str, Any], totals: list[int], keys: list[str]) -> bool:
    """`reflect stats --json`'s counts against the answer-rows query's all-time totals."""
    if shown.get("reflections") != (totals[0] if totals else 0):
        return False
    for index, key in enumerate(keys):
        entry = shown["questions"].get(key, {})
        counts = [entry.get(response) for response in RESPONSES]
        if counts != totals[1 + 4 * index : 5 + 4 * index]:
            return False
    return True


def measure_stats_process(path: Path, size: str, *, memory_target: bool) -> bool:
    """`reflect stats --json` as a whole process: time against `reflect list --limit 1`, peak memory."""
    from reflect.questions import default_question_set

    script = console_script()
    if script is None:
        say(f"reflect stats as a process, {size}: no `reflect` entry point beside this Python (pip install -e . first)  MISS")
        return False
    keys = list(default_question_set().keys)
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        totals = pooled(answer_row_counts(connection, "kind", None, None, keys))
    finally:
        connection.close()
    stats_argv = [str(script), "--db", str(path), "stats", "--json"]
    list_argv = [str(script), "--db", str(path), "list", "--limit", "1"]
    with tempfile.TemporaryDirectory(prefix="reflect-bench-") as temporary:
        folder = Path(temporary)
        run_process(list_argv, folder)  # one untimed run each: the file in the operating system's cache
        stats_runs, list_runs = [run_process(stats_argv, folder)], []
        for _ in range(PROCESS_ROUNDS):
            stats_runs.append(run_process(stats_argv, folder))
            list_runs.append(run_process(list_argv, folder))
    stats_runs = stats_runs[1:]
    same = all(agree_stats(json.loads(output), totals, keys) for _, _, output in stats_runs)
    stats_ms = statistics.median(run[0] for run in stats_runs)
    list_ms = statistics.median(run[0] for run in list_runs)
    peak = max(run[1] for run in stats_runs)
    list_peak = max(run[1] for run in list_runs)
    time_ok = stats_ms <= STATS_RATIO * list_ms
    memory_ok = peak < PEAK_MB or not memory_target
    memory = f"target < {PEAK_MB:.0f} MB" if memory_target else "no target at this size"
    say(f"reflect stats --json as a process, {size}: {stats_ms:.0f} ms against reflect list --limit 1 {list_ms:.0f} ms, "
        f"ratio {stats_ms / list_ms:.2f}x (target <= {STATS_RATIO}x); peak memory {peak:.0f} MB ({memory}; "
        f"list --limit 1 {list_peak:.0f} MB); numbers agree with the answer-rows query: {same}  "
        f"{verdict(same and time_ok and memory_ok)}")  # fmt: skip
    return same and time_ok and memory_ok


def large_figures(store: Any, connection: sqlite3.Connection, name: str, start: datetime | None, end: datetime | None,
                  rounds: int) -> bool:  # fmt: skip
    """One period's figures on the large database against both references."""
    from reflect.model import Selection
    from reflect.patterns import figures
    from reflect.questions import default_question_set

    question_set = default_question_set()
    questions, keys = len(question_set), list(question_set.keys)
    chosen = Selection(start=start, end=end)
    ours, rows, encoded = alternate(
        lambda: figures(store, question_set, chosen),
        lambda: reference_figures(answer_row_counts, connection, start, end, keys),
        lambda: reference_figures(encoded_counts, connection, start, end, questions),
        rounds=rounds,
    )
    result = figures(store, question_set, chosen)
    same = agree_figures(result, *reference_figures(answer_row_counts, connection, start, end, keys), questions) and agree_figures(
        result, *reference_figures(encoded_counts, connection, start, end, questions), questions
    )
    return against(f"{name} figures, {result.reflections:,}", ours, rows, encoded, same, LARGE_FIGURES_MS,
                   f"{rounds} rounds; {store.figures_path(chosen)}")  # fmt: skip


def measure_large(path: Path, rounds: int) -> bool:
    from reflect.model import utc_now
    from reflect.patterns import period_bounds
    from reflect.store import open_store

    store = open_store(path)
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        passed = large_figures(store, connection, "all-time", None, None, rounds)
        passed &= large_figures(store, connection, "12-month", *period_bounds("12m", utc_now().astimezone()), rounds)
    finally:
        connection.close()
        store.close()
    return passed


# The screen --------------------------------------------------------------------------------------


async def watch_the_screen(path: Path, folder: Path) -> tuple[float, float, float]:
    """Press t: ms until the Patterns screen is first painted, until the first frame painted with its
    figures in it, and the longest stall of the event loop in between."""
    from reflect.tui.app import ReflectApp
    from reflect.tui.dialogs import DraftDialog
    from reflect.tui.patterns import PatternsScreen
    from reflect.tui.settle import settled

    # Each frame the screen paints, stamped as it is drawn: the first, and the first with figures.
    painted: list[float] = []
    with_figures: list[float] = []
    paint = PatternsScreen._compositor_refresh

    def stamped(screen: PatternsScreen) -> None:
        paint(screen)
        painted.append(time.perf_counter())
        if screen._shown is not None and not with_figures:
            with_figures.append(painted[-1])

    # long_lived, as `reflect` makes it (the cycle collector set aside what it holds once open).
    app = ReflectApp(path, settings_path=folder / "settings.json", cursor_blink=False, long_lived=True)
    PatternsScreen._compositor_refresh = stamped  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settled(pilot)
            if isinstance(app.screen, DraftDialog):  # the generated data has drafts: "later"
                await pilot.press("escape")
                await settled(pilot)
            ticks: list[float] = []
            timer = app.set_interval(0.01, lambda: ticks.append(time.perf_counter()))
            await pilot.pause(0.1)
            pressed = time.perf_counter()
            await pilot.press("t")
            if not isinstance(app.screen, PatternsScreen):
                raise SystemExit(f"t did not open Patterns but {app.screen!r}")
            while not with_figures:
                if time.perf_counter() - pressed > 60:
                    raise SystemExit("the Patterns figures were not painted within a minute")
                await asyncio.sleep(0.005)
            await pilot.pause(0.1)
            timer.stop()
    finally:
        PatternsScreen._compositor_refresh = paint  # type: ignore[method-assign]
    during = [tick for tick in ticks if tick >= pressed - 0.02]
    gaps = [later - earlier for earlier, later in zip(during, during[1:])]
    return (painted[0] - pressed) * 1000, (with_figures[0] - pressed) * 1000, max(gaps, default=0) * 1000


def measure_screen(count: int, seed: int, use_cache: bool, *, given: Path | None = None, shown_limit: float = SHOWN_MS,
                   label: str = "") -> bool:  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="reflect-bench-") as temporary:
        folder = Path(temporary)
        if given is not None:
            path = folder / "given.db"
            shutil.copyfile(given, path)
        else:
            path, _ = large_database(folder, count, seed, use_cache=use_cache)
        empty = folder / "empty.db"
        from reflect.store import open_store

        open_store(empty).close()
        asyncio.run(watch_the_screen(empty, folder))  # not counted: the first opening imports and parses styles
        full_runs, empty_runs = [], []
        for _ in range(SCREEN_ROUNDS):  # alternating, each in a fresh app, as a person would open it
            full_runs.append(asyncio.run(watch_the_screen(path, folder)))
            empty_runs.append(asyncio.run(watch_the_screen(empty, folder)))
    up, figures_ms, stall = (statistics.median(values) for values in zip(*full_runs))
    reference = statistics.median(run[2] for run in empty_runs)
    ok = stall <= RATIO * reference and stall < STALL_MS and figures_ms < shown_limit
    say(f"Patterns screen on {label or f'{count:,}'}: figures shown (painted) {figures_ms:.0f} ms after t (target < {shown_limit:.0f} ms; "
        f"worst of {SCREEN_ROUNDS} {max(run[1] for run in full_runs):.0f} ms; first paint {up:.0f} ms); longest stall of the event loop "
        f"{stall:.0f} ms, on an empty database {reference:.0f} ms; ratio {stall / reference:.2f}x "
        f"(target <= {RATIO}, and < {STALL_MS:.0f} ms)  {verdict(ok)}")  # fmt: skip
    return ok


def upgraded(path: Path) -> str:
    """Open the database once, so that an older schema is upgraded (the answer rollup filled) before
    anything is timed; how long that took."""
    from reflect.store import current_revision, open_store
    from reflect.store.backup import backups_of

    before = current_revision(path)
    started = time.perf_counter()
    open_store(path).close()
    took = time.perf_counter() - started
    for backup in backups_of(path):  # the automatic copy taken before the upgrade: as large as the database
        backup.unlink()
    return f"schema {before}, opened in {took:.1f} s (the upgrade, filling the rollup, included)"


def measure_large_database(path: Path, options: argparse.Namespace, label: str) -> bool:
    """The large database's figures, `reflect stats` as a process, and the Patterns screen."""
    passed = measure_large(path, options.large_rounds)
    passed &= measure_stats_process(path, label, memory_target=True)
    passed &= measure_screen(0, options.seed, False, given=path, shown_limit=LARGE_SHOWN_MS, label=label)
    return passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="alternating rounds for the 20,000 database (default 15)")
    parser.add_argument("--large", type=int, default=1_000_000, help="size of the large database (default 1,000,000)")
    parser.add_argument("--large-rounds", type=int, default=3, help="alternating rounds for the large database (default 3)")
    parser.add_argument("--skip-large", action="store_true", help="leave out the large database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-cache", action="store_true", help="generate the databases afresh")
    parser.add_argument("--large-db", metavar="FILE", default="", help="measure a copy of this database as the large one")
    options = parser.parse_args(argv)

    path, how = cached_database(20_000, options.seed, use_cache=not options.no_cache)
    print(f"20,000 reflections: {how}")
    passed = measure_20k(path, options.rounds)
    passed &= measure_stats_process(path, "20,000", memory_target=False)
    passed &= measure_screen(20_000, options.seed, not options.no_cache)
    if options.large_db:
        given = Path(options.large_db).resolve()
        with tempfile.TemporaryDirectory(prefix="reflect-bench-") as temporary:
            path = Path(temporary) / "large.db"
            shutil.copyfile(given, path)
            print(f"large database: a copy of {given}; {upgraded(path)}")
            passed &= measure_large_database(path, options, "the large database")
    elif not options.skip_large:
        path, how = cached_database(options.large, options.seed, use_cache=not options.no_cache)
        print(f"{options.large:,} reflections: {how}")
        passed &= measure_large_database(path, options, f"{options.large:,}")
    print("\nVerdicts:")
    for line in VERDICTS:
        print(line)
    print(f"patterns: {verdict(passed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
