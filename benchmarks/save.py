"""How long Store.save takes on a large database.

Targets: saving a reflection takes under 50 ms (median) on a database holding 20,000
reflections; and no save a person waits for lands on a checkpoint of the write-ahead log:
p99 under 20 ms (issue 12 asks this at 1,000,000 reflections: `--count 1000000`).

    python benchmarks/save.py [--count 20000] [--seed 1] [--saves 200] [--adds 20] [--no-cache] [--sqlite-autocheckpoint]

Builds a synthetic database with benchmarks/generate.py (cached by benchmarks/databases.py, under the
system temporary folder only; each run works on a copy in its own temporary directory),
opens it with open_store and times Store.save for new complete reflections and for
re-saves of a draft being filled in, then does the same on an empty database. Every save
counts, the first one after opening included (it is also shown apart): median, p95, p99 and
the maximum. Beside it, `reflect add` as a person or a script runs it: the installed entry point,
a fresh process per save, on a copy of the same large database (--adds runs, median and worst),
for information (the issue sets no target for the whole process). Both sides are checked: the
database must hold one more reflection per save. Prints PASS/MISS; always exits 0.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py)
from databases import large_database  # noqa: E402  (benchmarks/databases.py)
from isolation import isolated_env  # noqa: E402  (benchmarks/isolation.py)

TARGET_MS = 50.0
P99_TARGET_MS = 20.0


class CollectorClock:
    """The time Python's garbage collector spends (gc.callbacks), so that the slowest save can say
    how much of it was a collection of the whole process rather than the store's work."""

    def __init__(self) -> None:
        self.spent = 0.0
        self._started = 0.0

    def __call__(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.spent += time.perf_counter() - self._started

    def take(self) -> float:
        """Milliseconds collected since the last take."""
        spent, self.spent = self.spent, 0.0
        return spent * 1000


CLOCK = CollectorClock()
gc.callbacks.append(CLOCK)


class Timing(float):
    """Milliseconds a save took, with how many of them Python's garbage collector took (`collected`)."""

    collected = 0.0


def timed(store, reflection) -> Timing:  # type: ignore[no-untyped-def]
    """How long `store.save(reflection)` took, its garbage collection counted in (and noted)."""
    CLOCK.take()
    started = time.perf_counter()
    store.save(reflection)
    took = Timing((time.perf_counter() - started) * 1000)
    took.collected = CLOCK.take()
    return took


def new_complete_reflections(count: int):  # type: ignore[no-untyped-def]
    """Realistic completed reflections about interactions in the last few hours."""
    from reflect.model import utc_now

    now = utc_now().astimezone()
    reflections = list(generate.build_reflections(count + 1, seed=4242, draft_rate=0))
    for number, reflection in enumerate(reflections):
        reflection.occurred_at = now - timedelta(minutes=30 + number)
        reflection.created_at = reflection.updated_at = now
        reflection.is_draft = False
    return reflections


def timed_new_saves(store, count: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    reflections = new_complete_reflections(count)
    first, rest = reflections[0], reflections[1:]
    cold = timed(store, first)
    times = [timed(store, reflection) for reflection in rest]
    return cold, times


def timed_draft_resaves(store, count: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    """One draft written again and again as it is filled in, the way the flow saves it."""
    from reflect.model import RESPONSE_ORDER, Answer, utc_now
    from reflect.questions import default_question_set
    from reflect.service import new_reflection

    question_set = default_question_set()
    keys = question_set.keys
    now = utc_now().astimezone()
    draft = new_reflection(question_set, now)
    draft.kind = "one-to-one"
    draft.person_code = "P-321"
    draft.tags = ["housing"]
    cold = timed(store, draft)
    times = []
    for step in range(count):
        key = keys[step % len(keys)]
        answer = draft.answers.setdefault(key, Answer())
        answer.response = RESPONSE_ORDER[(step // len(keys)) % len(RESPONSE_ORDER)]
        if step % 3 == 0:
            answer.note = f"Note typed at step {step}: what I noticed about this practice."
        if step % 7 == 0:
            draft.what_happened = f"Met at the café; revised {step} times."
        if step % 25 == 0:
            draft.tags = sorted({*draft.tags, f"tag-{step % 4}"})
        draft.updated_at = now + timedelta(seconds=step)
        draft.is_draft = True
        times.append(timed(store, draft))
    return cold, times


def percentile(values: list[float], percent: int) -> float:
    """The nearest-rank percentile: the smallest value at least `percent`% of the values are at or below."""
    ordered = sorted(values)
    return ordered[max(0, -(-percent * len(ordered) // 100) - 1)]


def reflection_count(path: Path) -> int:
    """Reflections in the file, drafts included, read with plain sqlite3 (the check on both sides)."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM reflection").fetchone()[0])
    finally:
        connection.close()


def console_script() -> Path | None:
    """The `reflect` entry point installed beside this Python (as `pip install` puts it)."""
    beside = Path(sys.executable).parent / ("reflect.exe" if os.name == "nt" else "reflect")
    return beside if beside.is_file() and os.access(beside, os.X_OK) else None


def timed_process_adds(script: Path, path: Path, runs: int, folder: Path) -> list[float]:
    """Wall milliseconds of `reflect --db PATH add ...`, a fresh process each, until it has exited."""
    env = isolated_env(folder)
    argv = [
        str(script), "--db", str(path), "add", "--answers", "y,y,p,n,x,y,y,p,y,y", "--when", "1 hour ago",
        "--kind", "one-to-one", "--person", "P-321", "--tag", "housing", "--note", "3=named two strengths",
        "--commitment", "Ask about their goals before anything else.",
    ]  # fmt: skip
    # One untimed run first: the operating system's file cache, as for the in-process warm store.
    subprocess.run(argv, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        completed = subprocess.run(argv, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append((time.perf_counter() - started) * 1000)
        if completed.returncode != 0:
            raise SystemExit(f"reflect add exited {completed.returncode}: {completed.stderr.decode(errors='replace')[-800:]}")
    return times


def measure(path: Path, saves: int, *, sqlite_autocheckpoint: bool = False) -> dict[str, tuple[float, list[float]]]:
    from reflect.store import open_store

    store = open_store(path)
    if sqlite_autocheckpoint:
        from sqlalchemy import event

        # As before issue 12: SQLite's own checkpoint, inside whichever commit crosses 1,000 pages.
        event.listen(store.engine, "checkout", lambda dbapi, _record, _proxy: dbapi.execute("PRAGMA wal_autocheckpoint = 1000"))
    try:
        return {"new complete": timed_new_saves(store, saves), "draft re-save": timed_draft_resaves(store, saves)}
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20_000, help="reflections in the large database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--saves", type=int, default=200, help="timed saves of each kind")
    parser.add_argument("--adds", type=int, default=20, help="timed `reflect add` processes")
    parser.add_argument("--no-cache", action="store_true", help="always generate the large database afresh")
    parser.add_argument(
        "--sqlite-autocheckpoint", action="store_true", help="let SQLite checkpoint inside commits again, as before (to compare)"
    )
    parser.add_argument("--skip-verify", action="store_true", help="skip checking the bulk writer against Store.save")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reflect-bench-save-") as folder_name:
        folder = Path(folder_name)
        # Nothing here should look at the user's folders, but make sure nothing could.
        for variable, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
            os.environ[variable] = str(folder / sub)
        os.environ.pop("REFLECT_DB", None)

        print(f"python: {sys.executable} ({sys.version.split()[0]})")
        if not options.skip_verify:
            same, detail = generate.verify_fast_path(folder)
            print(f"bulk generator writes what Store.save writes: {'yes' if same else 'NO'} ({detail})")
        large, how = large_database(folder, options.count, options.seed, use_cache=not options.no_cache)
        print(f"large database: {generate.describe(large)}; {how}")
        empty = folder / "empty.db"
        # The processes get their own copy, so both sides start from the same number of reflections.
        for_processes = folder / f"large-{options.count}-for-add.db"
        shutil.copyfile(large, for_processes)
        before = reflection_count(large)

        auto = options.sqlite_autocheckpoint
        results = {
            "large": measure(large, options.saves, sqlite_autocheckpoint=auto),
            "empty": measure(empty, options.saves, sqlite_autocheckpoint=auto),
        }
        # Each kind saves a new reflection first; the draft is then written again and again.
        in_process_ok = reflection_count(large) - before == options.saves + 1 + 1
        script = console_script()
        process_times: list[float] = []
        process_ok = False
        if script is not None:
            process_times = timed_process_adds(script, for_processes, options.adds, folder)
            process_ok = reflection_count(for_processes) - before == options.adds + 1
        if auto:
            print("SQLite's automatic checkpoint is on for these saves (--sqlite-autocheckpoint), as before issue 12")

        print()
        print(f"Store.save, {options.saves} timed saves of each kind and the first save after opening (counted in every column):")
        print(f"{'database':<10} {'kind':<15} {'first':>9} {'median':>9} {'p95':>9} {'p99':>9} {'max':>9}")
        for database, kinds in results.items():
            for kind, (cold, times) in kinds.items():
                every = [cold, *times]
                print(
                    f"{database:<10} {kind:<15} {cold:7.2f}ms {statistics.median(every):7.2f}ms {percentile(every, 95):7.2f}ms "
                    f"{percentile(every, 99):7.2f}ms {max(every):7.2f}ms"
                )

        print()
        in_process = [results["large"]["new complete"][0], *results["large"]["new complete"][1]]
        if script is None:
            print("`reflect add` as a process: no `reflect` entry point beside this Python (pip install -e . first)")
        else:
            print(f"`reflect add` as a whole process ({script}), {options.adds} runs after one untimed, on {options.count:,} reflections:")
            print(
                f"  median {statistics.median(process_times):.0f} ms, worst {max(process_times):.0f} ms, "
                f"fastest {min(process_times):.0f} ms;  in-process Store.save of a new reflection: median "
                f"{statistics.median(in_process):.2f} ms, worst {max(in_process):.2f} ms"
            )

        print()
        print("Verdicts:")
        print(
            f"saves stored (plain sqlite3 count): in process {'yes' if in_process_ok else 'NO'}"
            + ("" if script is None else f", by `reflect add` {'yes' if process_ok else 'NO'}")
        )
        verdicts = [in_process_ok, process_ok or script is None]
        for kind in ("new complete", "draft re-save"):
            cold, times = results["large"][kind]
            every = [cold, *times]
            large_median = statistics.median(every)
            empty_median = statistics.median([results["empty"][kind][0], *results["empty"][kind][1]])
            p99 = percentile(every, 99)
            median_ok, p99_ok = large_median < TARGET_MS, p99 < P99_TARGET_MS
            verdicts += [median_ok, p99_ok]
            print(
                f"{kind}: median {large_median:.2f} ms on {options.count:,} reflections, target < {TARGET_MS:g} ms  "
                f"{'PASS' if median_ok else 'MISS'};  {large_median / empty_median:.2f}x the same save on an empty database"
            )
            slowest = max(every)
            print(
                f"{kind}: p99 {p99:.2f} ms (max {slowest:.2f} ms, of which {getattr(slowest, 'collected', 0.0):.1f} ms Python's "
                f"garbage collection) on {options.count:,} reflections, target < {P99_TARGET_MS:g} ms  {'PASS' if p99_ok else 'MISS'}"
            )
        if script is not None:
            process_median = statistics.median(process_times)
            print(
                f"`reflect add` process: median {process_median:.0f} ms, worst {max(process_times):.0f} ms on "
                f"{options.count:,} reflections; {process_median / statistics.median(in_process):.0f}x the in-process save "
                "(for information: the issue sets no target for the whole process)"
            )
        print(f"save: {'PASS' if all(verdicts) else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
