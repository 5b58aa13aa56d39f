"""How fast the patterns are worked out, against hand-written sqlite3 queries on the same file.

Targets (issue 3):
- 20,000 reflections: the 12-month Patterns figures under 100 ms, and the all-time weekly
  grid under 150 ms, each within 1.5x of a hand-written sqlite3 query that gives the same
  numbers from the same file (checked here: the numbers must agree).
- 1,000,000 reflections: the all-time figures within 1.5x of the same hand-written query,
  with peak memory under 300 MB.
- The Patterns screen opens on 20,000 reflections without a visible freeze: the figures are
  worked out in a thread, so the event loop's longest stall while the screen opens (its
  widgets and styles being set up, which an empty database costs as much) is within 1.5x
  of the same screen opening on an empty database, and under 250 ms.

    python benchmarks/patterns.py [--rounds 15] [--large 1000000] [--skip-large] [--no-cache]

Databases come from benchmarks/generate.py, cached by benchmarks/databases.py (the 1M one
takes a few minutes to generate the first time, and about 1.8 GB). Rounds alternate reflect
and the hand-written query; medians are compared. Prints PASS/MISS; always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from databases import cached_database, large_database  # noqa: E402  (benchmarks/databases.py)
from isolation import isolated_env  # noqa: E402  (benchmarks/isolation.py)

RATIO = 1.5
FIGURES_MS = 100.0
GRID_MS = 150.0
PEAK_MB = 300.0
STALL_MS = 250.0
SCREEN_ROUNDS = 3
LETTERS = "ypnx"
RESPONSES = ("yes", "partly", "no", "not_applicable")


# The hand-written side: plain sqlite3, one query per period ------------------------------------


def stored_time(moment: datetime) -> str:
    """A bound as the database stores times: UTC text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def sums(questions: int) -> str:
    return ", ".join(f"sum(substr(responses, {i}, 1) = '{letter}')" for i in range(1, questions + 1) for letter in LETTERS)


def hand_counts(connection: sqlite3.Connection, group: str, start: datetime | None, end: datetime | None,
                questions: int) -> dict[object, list[int]]:  # fmt: skip
    """Per group: [reflections, then yes/partly/no/n.a. for each question in order]."""
    where, parameters = ["is_draft = 0"], []
    if start is not None:
        where.append("occurred_at >= ?")
        parameters.append(stored_time(start))
    if end is not None:
        where.append("occurred_at < ?")
        parameters.append(stored_time(end))
    sql = f"SELECT {group}, count(*), {sums(questions)} FROM reflection WHERE {' AND '.join(where)} GROUP BY 1"
    return {row[0]: list(row[1:]) for row in connection.execute(sql, parameters)}


def hand_figures(connection: sqlite3.Connection, start: datetime | None, end: datetime | None, questions: int):  # type: ignore[no-untyped-def]
    current = hand_counts(connection, "kind", start, end, questions)
    previous = hand_counts(connection, "kind", start - (end - start), start, questions) if start and end else None
    return current, previous


def hand_weekly_grid(connection: sqlite3.Connection, questions: int) -> dict[object, list[int]]:
    return hand_counts(connection, "date(occurred_day, '-6 days', 'weekday 1')", None, None, questions)


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


def alternate(ours: Callable[[], object], theirs: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median milliseconds of each, measured in alternating rounds after one warm-up each."""
    ours(), theirs()
    our_times, their_times = [], []
    for _ in range(rounds):
        for function, times in ((ours, our_times), (theirs, their_times)):
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(our_times), statistics.median(their_times)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def measure_20k(path: Path, rounds: int) -> bool:
    from reflect.model import Selection, utc_now
    from reflect.patterns import figures, period_bounds, trend
    from reflect.questions import default_question_set
    from reflect.store import open_store

    question_set = default_question_set()
    questions = len(question_set)
    now = utc_now().astimezone()
    store = open_store(path)
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    passed = True
    try:
        start, end = period_bounds("12m", now)
        year = Selection(start=start, end=end)
        ours, theirs = alternate(lambda: figures(store, question_set, year), lambda: hand_figures(connection, start, end, questions), rounds)
        same = agree_figures(figures(store, question_set, year), *hand_figures(connection, start, end, questions), questions)
        ok = same and ours < FIGURES_MS and ours <= RATIO * theirs
        passed &= ok
        print(f"12-month figures:     {ours:7.1f} ms (target < {FIGURES_MS:.0f});  hand-written {theirs:7.1f} ms;  "
              f"ratio {ours / theirs:.2f}x (target <= {RATIO});  numbers agree: {same}  {verdict(ok)}")  # fmt: skip

        grid = lambda: trend(store, question_set, Selection(), now, grain="week")  # noqa: E731
        ours, theirs = alternate(grid, lambda: hand_weekly_grid(connection, questions), rounds)
        same = agree_grid(grid(), hand_weekly_grid(connection, questions))
        ok = same and ours < GRID_MS and ours <= RATIO * theirs
        passed &= ok
        print(f"all-time weekly grid: {ours:7.1f} ms (target < {GRID_MS:.0f});  hand-written {theirs:7.1f} ms;  "
              f"ratio {ours / theirs:.2f}x (target <= {RATIO});  numbers agree: {same}  {verdict(ok)}")  # fmt: skip
    finally:
        connection.close()
        store.close()
    return passed


PEAK_CHILD = r"""
import json, resource, sys, time
from reflect.model import Selection
from reflect.patterns import figures
from reflect.questions import default_question_set
from reflect.store import open_store
store = open_store(sys.argv[1])
started = time.perf_counter()
result = figures(store, default_question_set(), Selection())
elapsed = (time.perf_counter() - started) * 1000
store.close()
print(json.dumps({"ms": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "reflections": result.reflections}))
"""


def measure_large(path: Path, rounds: int) -> bool:
    from reflect.model import Selection
    from reflect.patterns import figures
    from reflect.questions import default_question_set
    from reflect.store import open_store

    question_set = default_question_set()
    questions = len(question_set)
    store = open_store(path)
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        ours, theirs = alternate(lambda: figures(store, question_set, Selection()), lambda: hand_figures(connection, None, None, questions), rounds)
        result = figures(store, question_set, Selection())
        same = agree_figures(result, *hand_figures(connection, None, None, questions), questions)
    finally:
        connection.close()
        store.close()
    with tempfile.TemporaryDirectory(prefix="reflect-bench-") as folder:
        child = subprocess.run([sys.executable, "-c", PEAK_CHILD, str(path)], env=isolated_env(Path(folder)),
                               capture_output=True, text=True, check=True)  # fmt: skip
    peak = json.loads(child.stdout)["peak_mb"]
    ok = same and ours <= RATIO * theirs and peak < PEAK_MB
    print(f"all-time figures on {result.reflections:,} reflections: {ours:8.0f} ms;  hand-written {theirs:8.0f} ms;  "
          f"ratio {ours / theirs:.2f}x (target <= {RATIO});  peak memory {peak:.0f} MB (target < {PEAK_MB:.0f});  "
          f"numbers agree: {same}  {verdict(ok)}")  # fmt: skip
    return ok


# The screen --------------------------------------------------------------------------------------


async def watch_the_screen(path: Path, folder: Path) -> tuple[float, float, float]:
    """Press t on 20,000 reflections: ms until the Patterns screen is up, until its figures are
    shown, and the longest stall of the event loop in between."""
    from reflect.tui.app import ReflectApp
    from reflect.tui.dialogs import DraftDialog
    from reflect.tui.patterns import PatternsScreen
    from reflect.tui.settle import settled

    app = ReflectApp(path, settings_path=folder / "settings.json", cursor_blink=False)
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
        shown_at = time.perf_counter() if isinstance(app.screen, PatternsScreen) else float("nan")
        screen = app.screen
        if not isinstance(screen, PatternsScreen):
            raise SystemExit(f"t did not open Patterns but {screen!r}")
        waited = time.perf_counter()
        while getattr(screen, "_shown", None) is None:
            if time.perf_counter() - waited > 60:
                raise SystemExit("the Patterns figures did not arrive within a minute")
            await asyncio.sleep(0.005)
        figures_at = time.perf_counter()
        await pilot.pause(0.1)
        timer.stop()
    during = [tick for tick in ticks if tick >= pressed - 0.02]
    gaps = [later - earlier for earlier, later in zip(during, during[1:])]
    return (shown_at - pressed) * 1000, (figures_at - pressed) * 1000, max(gaps, default=0) * 1000


def measure_screen(count: int, seed: int, use_cache: bool) -> bool:
    with tempfile.TemporaryDirectory(prefix="reflect-bench-") as temporary:
        folder = Path(temporary)
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
    ok = stall <= RATIO * reference and stall < STALL_MS
    print(f"Patterns screen on {count:,}: figures shown {figures_ms:.0f} ms after t; longest stall of the event loop "
          f"{stall:.0f} ms, on an empty database {reference:.0f} ms; ratio {stall / reference:.2f}x "
          f"(target <= {RATIO}, and < {STALL_MS:.0f} ms)  {verdict(ok)}")  # fmt: skip
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="alternating rounds for the 20,000 database (default 15)")
    parser.add_argument("--large", type=int, default=1_000_000, help="size of the large database (default 1,000,000)")
    parser.add_argument("--large-rounds", type=int, default=3, help="alternating rounds for the large database (default 3)")
    parser.add_argument("--skip-large", action="store_true", help="leave out the large database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-cache", action="store_true", help="generate the databases afresh")
    options = parser.parse_args(argv)

    path, how = cached_database(20_000, options.seed, use_cache=not options.no_cache)
    print(f"20,000 reflections: {how}")
    passed = measure_20k(path, options.rounds)
    passed &= measure_screen(20_000, options.seed, not options.no_cache)
    if not options.skip_large:
        path, how = cached_database(options.large, options.seed, use_cache=not options.no_cache)
        print(f"{options.large:,} reflections: {how}")
        passed &= measure_large(path, options.large_rounds)
    print(f"\npatterns: {verdict(passed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
