"""How `reflect team --db TEAM.db summary` grows with the number of practitioners.

Target (issue 12): linear in practitioners, and under 3 s at 10,000 practitioners.

    python benchmarks/team.py [--sizes 1000,2500,10000] [--each 6] [--runs 5] [--no-cache]

Team databases of each size, with a few reflections per practitioner (some flagged, some with
flagged notes, some bundles without their words), are built through the store's own
import_bundles and cached under the system temporary folder. The whole command is timed as a
process, several runs each (median and worst); the growth factor between sizes is set against
the growth in practitioners. On the smallest size the output is checked against a reference
worked out with hand-written SQL over the same file. Prints its verdicts at the end; always exits 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py)
from databases import CACHE_DIR, _source_digest  # noqa: E402  (benchmarks/databases.py)
from isolation import isolated_env  # noqa: E402  (benchmarks/isolation.py)

TARGET_S = 3.0
TARGET_SIZE = 10_000
LINEAR_SLACK = 1.5
"""Time may grow up to this many times faster than the practitioners do and still count as linear
(start-up is a fixed cost, so a linear command grows more slowly than its input)."""
END = date(2026, 6, 1)
MIN_N = 5


# Building the team databases ----------------------------------------------------------------------


def build_team(path: Path, practitioners: int, each: int, seed: int) -> None:
    """A team database of `practitioners` bundles of `each` reflections, through Store.import_bundles."""
    from reflect.model import Practitioner
    from reflect.store import TeamBundle, open_store

    reflections = list(generate.build_reflections(practitioners * each, seed, end=END, draft_rate=0))
    bundle_end = datetime(END.year, END.month, END.day, tzinfo=UTC)
    bundles = []
    for number in range(practitioners):
        own = reflections[number * each : (number + 1) * each]
        includes_notes = number % 5 != 4
        flagged_notes = 0
        for index, reflection in enumerate(own):
            reflection.flagged = number % 3 == 0 and index == 0
            for key, answer in reflection.answers.items():
                answer.flagged = bool(answer.note) and (number + index + len(key)) % 2 == 0
                flagged_notes += answer.flagged
                if not includes_notes:
                    answer.note = ""
            if not includes_notes:
                reflection.what_happened = reflection.so_what = reflection.now_what = reflection.commitment = ""
        practitioner = Practitioner(
            id=str(uuid.UUID(int=seed * 1_000_003 + number, version=4)),
            display_name=f"Practitioner {number:05d}",
            bundle_id=str(uuid.UUID(int=seed * 7_000_001 + number, version=4)),
            bundle_created_at=bundle_end - timedelta(hours=number % 48),
            period_start=None if number % 4 == 0 else bundle_end - timedelta(days=365 * 10),
            period_end=bundle_end,
            includes_notes=includes_notes,
            flagged_reflections=sum(r.flagged for r in own),
            flagged_notes=flagged_notes,
        )
        bundles.append(TeamBundle(practitioner, own))
    store = open_store(path, team=True)
    try:
        for start in range(0, len(bundles), 500):
            store.import_bundles(bundles[start : start + 500])
    finally:
        store.close()


def team_database(practitioners: int, each: int, seed: int, *, use_cache: bool) -> tuple[Path, str]:
    """The cached team database of this size (read it, don't change it); and how it was obtained."""
    cached = CACHE_DIR / f"team-{practitioners}x{each}-{seed}-{_source_digest()}.db"
    if use_cache and cached.is_file():
        return cached, "cached"
    CACHE_DIR.mkdir(mode=0o700, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    build_team(partial, practitioners, each, seed)
    for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    partial.replace(cached)
    for stale in CACHE_DIR.glob(f"team-{practitioners}x{each}-{seed}-*.db"):
        if stale != cached:
            stale.unlink(missing_ok=True)
    return cached, f"built in {time.perf_counter() - started:.1f} s"


# Timing the command as a whole process --------------------------------------------------------------


def reflect_command() -> list[str]:
    installed = Path(sys.executable).with_name("reflect")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "reflect"]


def run_summary(path: Path, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([*reflect_command(), "team", "--db", str(path), "summary"], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"reflect team summary failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed, done.stdout


# The reference: hand-written SQL, one query per figure ------------------------------------------------


def reference_checks(path: Path, output: str) -> list[str]:
    """What in `output` disagrees with hand-written SQL over the same file (empty: all agree)."""
    from reflect.questions import default_question_set

    questions = default_question_set().questions
    lines = output.splitlines()
    problems: list[str] = []
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        people = db.execute("SELECT id, display_name FROM practitioner ORDER BY lower(display_name), id").fetchall()
        total = db.execute("SELECT count(*) FROM reflection WHERE is_draft = 0").fetchone()[0]
        contributors = db.execute("SELECT count(DISTINCT practitioner_id) FROM reflection WHERE is_draft = 0").fetchone()[0]
        first = lines[0]
        if not first.startswith(f"{len(people)} practitioners, {total:,} reflections") and not first.startswith(
            f"{len(people)} practitioners, {total} reflections"
        ):
            problems.append(f"first line {first!r}: expected {len(people)} practitioners and {total} reflections")

        def rate_cell(practitioner: str | None, key: str) -> str:
            where = "r.practitioner_id = ?" if practitioner is not None else "1 = 1"
            yes, partly, no = db.execute(
                "SELECT coalesce(sum(a.response = 'yes'), 0), coalesce(sum(a.response = 'partly'), 0), "
                "coalesce(sum(a.response = 'no'), 0) FROM answer a JOIN reflection r ON r.id = a.reflection_id "
                f"WHERE r.is_draft = 0 AND a.question_key = ? AND {where}",
                (key, practitioner) if practitioner is not None else (key,),
            ).fetchone()
            n = yes + partly + no
            if n >= MIN_N:
                return f"{(yes + partly / 2) / n * 100:.0f}% n={n}"
            return f"– n={n}"

        table: dict[str, list[str]] = {}
        for line in lines:  # the first table is the practices side by side (month-on-month tables follow)
            if line[:16].strip() in {q.label for q in questions}:
                table.setdefault(line[:16].strip(), line[16:].split())
        columns = ([None] if contributors >= 3 else []) + [pid for pid, _ in people]
        for question in questions:
            shown = table.get(question.label)
            if shown is None:
                problems.append(f"no row for {question.label}")
                continue
            expected = " ".join(rate_cell(column, question.key) for column in columns).split()
            if shown != expected:
                problems.append(f"{question.label}: the cells differ from the reference")
        if contributors >= 3:
            team_line = f"The team's pattern ({contributors} practitioners"
            if not any(line.startswith(team_line) for line in lines):
                problems.append(f"no line starting {team_line!r}")
        for pid, name in people:
            reflections, flagged = db.execute(
                "SELECT count(*), coalesce(sum(flagged), 0) FROM reflection WHERE is_draft = 0 AND practitioner_id = ?", (pid,)
            ).fetchone()
            # Every flagged note, its words shared or not.
            notes = db.execute(
                "SELECT count(*) FROM answer a JOIN reflection r ON r.id = a.reflection_id "
                "WHERE r.is_draft = 0 AND r.practitioner_id = ? AND a.flagged = 1",
                (pid,),
            ).fetchone()[0]
            try:
                start = lines.index(next(line for line in lines if line.startswith(f"{name}: ")))
            except StopIteration:
                problems.append(f"no section for {name}")
                continue
            word = "reflection" if reflections == 1 else "reflections"
            if f", {reflections} {word}, shared" not in lines[start]:
                problems.append(f"{name}: expected {reflections} {word} in {lines[start]!r}")
            section = []
            for line in lines[start + 2 :]:
                if not line.startswith("  "):
                    break
                section.append(line)
            headings = [line for line in section if line.startswith("  ") and not line.startswith("    ")]
            shown_reflections = sum(line.endswith("· reflection") for line in headings)
            shown_notes = sum("· note on " in line for line in headings)
            # Every flagged reflection is shown, with words to show or not.
            if (shown_reflections, shown_notes) != (flagged, notes):
                problems.append(
                    f"{name}: shows {shown_reflections} flagged reflections and {shown_notes} flagged notes; "
                    f"the reference has {flagged} and {notes}"
                )
    finally:
        db.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,2500,10000", help="practitioners in each team database, comma-separated")
    parser.add_argument("--each", type=int, default=6, help="reflections per practitioner")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the command at each size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-cache", action="store_true", help="build the team databases afresh")
    options = parser.parse_args()
    sizes = sorted(int(size) for size in options.sizes.split(","))

    with tempfile.TemporaryDirectory(prefix="reflect-bench-team-") as folder_name:
        folder = Path(folder_name)
        env = isolated_env(folder)
        print(f"python: {sys.executable} ({sys.version.split()[0]}); command: {' '.join(reflect_command())} team --db X summary")
        results: dict[int, list[float]] = {}
        check: list[str] | None = None
        for size in sizes:
            cached, how = team_database(size, options.each, options.seed, use_cache=not options.no_cache)
            # Each size is timed on a copy, so that nothing the command does touches the cache.
            path = folder / f"team-{size}.db"
            shutil.copyfile(cached, path)
            _, output = run_summary(path, env)  # warm the file cache; not counted
            if check is None:
                check = reference_checks(path, output)
            times = [run_summary(path, env)[0] for _ in range(options.runs)]
            results[size] = times
            print(
                f"{size:>7,} practitioners x {options.each} reflections ({how}): median {statistics.median(times):6.2f} s, "
                f"worst {max(times):6.2f} s over {len(times)} runs"
            )

        print()
        linear = True
        for smaller, larger in zip(sizes, sizes[1:]):
            growth = statistics.median(results[larger]) / statistics.median(results[smaller])
            ratio = larger / smaller
            ok = growth <= ratio * LINEAR_SLACK
            linear = linear and ok
            print(f"{smaller:,} -> {larger:,} practitioners ({ratio:.1f}x): time {growth:.2f}x  {'linear' if ok else 'FASTER THAN LINEAR'}")
        print()
        print("Verdicts:")
        print(f"output against hand-written SQL on {sizes[0]:,} practitioners: " + ("agrees  PASS" if not check else "DIFFERS  MISS"))
        for problem in (check or [])[:10]:
            print(f"  {problem}")
        print(f"growth: {'linear  PASS' if linear else 'faster than linear  MISS'}")
        if TARGET_SIZE in results:
            median = statistics.median(results[TARGET_SIZE])
            print(f"{TARGET_SIZE:,} practitioners: median {median:.2f} s, target < {TARGET_S:g} s  {'PASS' if median < TARGET_S else 'MISS'}")
        else:
            print(f"{TARGET_SIZE:,} practitioners: not measured (give it in --sizes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
