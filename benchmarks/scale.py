"""How reflect's commands and History grow with the number of reflections: time and peak memory.

Target (issue 12): nothing grows faster than the reflections do; export and import in flat
memory; History opens in under 150 ms and End shows the oldest within 300 ms at any size.

    python benchmarks/scale.py [--sizes 1000,20000] [--large] [--no-cache]

For each size a generated database (benchmarks/generate.py, cached under the system temporary
folder) is used as it is, read-only but for `import`, which reads the export just made into a
new database. Each of `reflect list`, `stats`, `export --format json`, `import` and `report`
runs as its own process, timed as a whole, its peak memory the child's maximum resident set
(os.wait4). History runs in a child process too, headless (Textual's Pilot): `h` to the first
rows, then End to the oldest reflection. Between sizes the growth factor of each figure is set
against the growth in reflections. Prints its verdicts at the end; always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DEFAULT_SIZES = (1_000, 20_000)
LARGE_SIZES = (200_000, 1_000_000)
SEED = 1
HISTORY_OPEN_TARGET = 0.150
HISTORY_END_TARGET = 0.300
FLAT = 1.5
"""Peak memory this many times that at the smallest size, or less, counts as flat."""


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak memory in MB (the child's maximum resident set) and standard output of `command`."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert child.stdout is not None
    output = child.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {child.returncode}")
    return elapsed, usage.ru_maxrss / 1024, output  # ru_maxrss is in KB on Linux


def measure(database: Path, folder: Path, env: dict[str, str]) -> dict[str, tuple[float, float]]:
    reflect = [sys.executable, "-m", "reflect"]
    export = folder / "export.json"
    imported = folder / "imported.db"
    imported.unlink(missing_ok=True)
    export.unlink(missing_ok=True)
    commands = {
        "list": [*reflect, "list", "--db", str(database)],
        "stats": [*reflect, "stats", "--db", str(database)],
        "export": [*reflect, "export", "--db", str(database), "--format", "json", "--output", str(export)],
        "import": [*reflect, "import", "--db", str(imported), str(export)],
        "report": [*reflect, "report", "--db", str(database), "--output", str(folder / "report.md")],
    }
    figures: dict[str, tuple[float, float]] = {}
    for name, command in commands.items():
        seconds, memory, _ = run_child(command, env)
        figures[name] = (seconds, memory)
    _, memory, output = run_child([sys.executable, str(Path(__file__).resolve()), "--history-child", str(database)], env)
    history = json.loads(output.strip().splitlines()[-1])
    figures["History open"] = (history["open"], memory)
    figures["History End"] = (history["end"], memory)
    return figures


async def history_child(database: Path) -> None:
    """In a child process: time `h` to the first rows and End to the oldest, headless; print them as JSON."""
    from textual.widgets import DataTable

    from reflect.tui.app import ReflectApp
    from reflect.tui.screens.history import HistoryScreen
    from reflect.tui.screens.home import HomeScreen
    from reflect.tui.settle import settled

    async def until(condition) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        while not condition():
            await pilot.pause(0.002)
        return time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        app = ReflectApp(db_path=database, settings_path=Path(folder) / "settings.json", cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(pilot)
            for _ in range(3):  # the generated data has drafts: the offer to resume one is put off
                if isinstance(app.screen, HomeScreen):
                    break
                await pilot.press("escape")
                await settled(pilot)
            started = time.perf_counter()
            await pilot.press("h")
            await until(lambda: isinstance(app.screen, HistoryScreen) and bool(app.screen.reflections))
            opened = time.perf_counter() - started
            table = app.screen.query_one("#history", DataTable)
            started = time.perf_counter()
            await pilot.press("end")
            screen = app.screen
            assert isinstance(screen, HistoryScreen)

            def at_the_oldest() -> bool:
                # The oldest page read (or every reflection was already there), the cursor on its last row.
                loaded = screen.from_oldest or not screen._more_exist()
                return loaded and table.row_count > 0 and table.cursor_row == table.row_count - 1

            await until(at_the_oldest)
            ended = time.perf_counter() - started
    print(json.dumps({"open": opened, "end": ended}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(size) for size in DEFAULT_SIZES), help="reflections in each database")
    parser.add_argument("--large", action="store_true", help="also 200,000 and 1,000,000 reflections (slow to generate once)")
    parser.add_argument("--no-cache", action="store_true", help="generate the databases again")
    parser.add_argument("--history-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.history_child:
        asyncio.run(history_child(args.history_child))
        return 0
    from databases import cached_database

    sizes = [int(size) for size in args.sizes.split(",")] + (list(LARGE_SIZES) if args.large else [])
    results: dict[int, dict[str, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "HOME": folder, "XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder, "XDG_STATE_HOME": folder}
        for size in sizes:
            database, how = cached_database(size, SEED, use_cache=not args.no_cache)
            print(f"{size:,} reflections: {how}", flush=True)
            results[size] = measure(database, Path(folder), env)
            for name, (seconds, memory) in results[size].items():
                print(f"  {name:<13} {seconds * 1000:9.0f} ms  {memory:7.0f} MB", flush=True)
    verdicts = []
    smallest = sizes[0]
    for size in sizes[1:]:
        growth = size / smallest
        for name, (seconds, memory) in results[size].items():
            base_seconds, base_memory = results[smallest][name]
            time_factor, memory_factor = seconds / base_seconds, memory / base_memory
            ok = time_factor <= growth
            verdicts.append(
                f"{'PASS' if ok else 'FAIL'} {name} at {size:,}: time x{time_factor:.1f}, memory x{memory_factor:.1f} "
                f"for x{growth:.0f} the reflections (time within linear)"
            )
        for name in ("export", "import"):
            memory_factor = results[size][name][1] / results[smallest][name][1]
            verdicts.append(f"{'PASS' if memory_factor <= FLAT else 'FAIL'} {name} memory at {size:,}: x{memory_factor:.1f} (flat: at most x{FLAT})")
    for size in sizes:
        opened, ended = results[size]["History open"][0], results[size]["History End"][0]
        verdicts.append(f"{'PASS' if opened < HISTORY_OPEN_TARGET else 'FAIL'} History open at {size:,}: {opened * 1000:.0f} ms (target < 150 ms)")
        verdicts.append(f"{'PASS' if ended < HISTORY_END_TARGET else 'FAIL'} History End at {size:,}: {ended * 1000:.0f} ms (target < 300 ms)")
    print("\nVerdicts:")
    for line in verdicts:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
