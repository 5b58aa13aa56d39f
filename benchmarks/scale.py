"""How reflect's commands and History grow with the number of reflections: time and peak memory.

Target (issue 12): nothing grows faster than the reflections do; export and import in flat
memory; History opens in under 150 ms and End shows the oldest within 300 ms at any size.

    python benchmarks/scale.py [--sizes 1000,20000] [--large] [--no-cache]

For each size a generated database (benchmarks/generate.py, cached under the system temporary
folder) is used as it is, read-only but for `import`, which reads the export just made into a
new database. Each of `reflect list`, `stats`, `export --format json`, `import` and `report`
runs as its own process, timed as a whole, its peak memory the child's maximum resident set
(os.wait4). History is timed through `reflect` itself, as installed, in an 80x24 pseudo-terminal,
the way a person meets it: from the `h` key sent until the bytes drawn hold the newest
reflection's time (its first row painted), then (once it is idle again, the count that follows
the first rows done) from End until they hold the oldest's; a fresh
process each of HISTORY_ROUNDS times, the median and the worst shown. Between sizes the growth
factor of each figure is set against the growth in reflections. Prints its verdicts at the end;
always exits 0.

    python benchmarks/scale.py --history DB [--history DB ...]

times History alone on databases you name (say a generated one kept aside from the cache).

    python benchmarks/scale.py --patterns DB [--patterns DB ...]

times the Patterns screen alone the same way: from the `t` key sent on the home screen until the
bytes drawn hold its figures (the summary's count of reflections, "...: 19,932 reflections."),
PATTERNS_ROUNDS fresh processes on each database; target < 150 ms at 20,000 and < 300 ms at
1,000,000 (issue 12).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DEFAULT_SIZES = (1_000, 20_000)
LARGE_SIZES = (200_000, 1_000_000)
SEED = 1
HISTORY_OPEN_TARGET = 0.150
HISTORY_END_TARGET = 0.300
FLAT = 1.5
"""Peak memory this many times that at the smallest size, or less, counts as flat."""
COLUMNS, LINES = 80, 24
PTY_TIMEOUT = 60.0
HOME_DATA = (b"This week: ", b"Recent reflections", b"An unfinished reflection is waiting")
"""Only the home screen showing its data has these (as benchmarks/first_paint.py)."""


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


def measure(database: Path, folder: Path, env: dict[str, str], history: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Time and peak memory of each command and of History (medians); every History round goes in `history`."""
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
    history.update(history_rounds(database, env))
    figures["History open"] = (statistics.median(history["open"]), history["memory"])
    figures["History End"] = (statistics.median(history["end"]), history["memory"])
    return figures


HISTORY_ROUNDS = 5
"""History is opened this many times at each size (a fresh `reflect` each time); the median and the worst are shown."""
KEY_END = b"\x1b[F"
"""What an xterm sends for End."""
DRAFT_OFFER = b"You have an unfinished reflection"


def history_markers(database: Path) -> tuple[bytes, bytes, bool]:
    """What only History's first rows show (the newest reflection's time), what only its oldest rows
    show (the oldest's), and whether there are drafts (whose offer to resume one comes first)."""
    from reflect.store import open_store
    from reflect.tui.screens.history import HISTORY_WHEN

    store = open_store(database)
    try:
        newest = store.reflection_page(limit=1, newest_first=True)[0]
        oldest = store.reflection_page(limit=1)[0]
        drafts = bool(store.drafts())
    finally:
        store.close()
    return f"{newest.occurred_at:{HISTORY_WHEN}}".encode(), f"{oldest.occurred_at:{HISTORY_WHEN}}".encode(), drafts


class Pty:
    """`reflect --db DATABASE` as installed, in an 80x24 pseudo-terminal: keys in, the bytes it draws out."""

    def __init__(self, database: Path, env: dict[str, str]) -> None:
        script = Path(sys.executable).parent / "reflect"
        argv = [str(script) if script.is_file() else sys.executable, *([] if script.is_file() else ["-m", "reflect"]), "--db", str(database)]
        env = dict(env, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: size the terminal before the program can ask, then become it
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
            os.execve(argv[0], argv, env)
        self.output = bytearray()

    def until(self, *markers: bytes, after: int = 0) -> float:
        """Read until the output from `after` on holds one of `markers`; the time that took, in seconds."""
        started = time.perf_counter()
        deadline = started + PTY_TIMEOUT
        while not any(marker in self.output[after:] for marker in markers):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"History benchmark: none of {markers} within {PTY_TIMEOUT:g} s; last output {bytes(self.output[-300:])!r}")
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                chunk = os.read(self.fd, 65536)
                if not chunk:
                    raise RuntimeError("History benchmark: reflect closed its terminal")
                self.output += chunk
        return time.perf_counter() - started

    def cpu(self) -> float:
        """Seconds of CPU its threads have run so far (the scheduler's count, in ns, of each)."""
        total = 0
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # a thread that has just ended
        return total / 1e9

    def settle(self) -> None:
        """Read what it draws until it is idle: under 10 ms of CPU in a tenth of a second."""
        deadline = time.perf_counter() + PTY_TIMEOUT
        while time.perf_counter() < deadline:
            cpu, mark = self.cpu(), time.perf_counter() + 0.1
            while time.perf_counter() < mark:
                ready, _, _ = select.select([self.fd], [], [], 0.02)
                if ready:
                    self.output += os.read(self.fd, 65536)
            if self.cpu() - cpu < 0.010:
                return
        raise RuntimeError(f"History benchmark: reflect was still busy after {PTY_TIMEOUT:g} s")

    def press(self, key: bytes) -> int:
        """Send `key`; where in the output what it draws will start."""
        mark = len(self.output)
        os.write(self.fd, key)
        return mark

    def close(self) -> float:
        """Kill it; its peak memory in MB."""
        os.kill(self.pid, signal.SIGKILL)
        _, _, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return usage.ru_maxrss / 1024


def history_once(database: Path, env: dict[str, str], newest: bytes, oldest: bytes, drafts: bool) -> tuple[float, float, float, float, float]:
    """Seconds from `h` until the terminal shows History's first rows, from End until it shows the
    oldest; the CPU seconds reflect ran for each (beside the time, as the machine may be busy); peak MB."""
    terminal = Pty(database, env)
    try:
        terminal.until(*HOME_DATA)
        if drafts:
            # The generated data has drafts: the offer to resume one (drawn just after the home
            # screen's data) is put off ("l", Later), and the home screen's footer, drawn again
            # once the dialog has gone, says it is back.
            terminal.until(DRAFT_OFFER)
            mark = terminal.press(b"l")
            terminal.until(b"History", after=mark)
        # As a person would: the home screen shown and done (at a million, the home screen reads
        # every draft on the UI thread as the offer goes, which is not History's to time).
        terminal.settle()
        cpu = terminal.cpu()
        opened = terminal.until(newest, after=terminal.press(b"h"))
        cpu_opened = terminal.cpu() - cpu
        # The rows seen, as a person would before pressing End: the count that follows them done.
        terminal.settle()
        cpu = terminal.cpu()
        ended = terminal.until(oldest, after=terminal.press(KEY_END))
        cpu_ended = terminal.cpu() - cpu
    finally:
        memory = terminal.close()
    return opened, ended, cpu_opened, cpu_ended, memory


def history_rounds(database: Path, env: dict[str, str]) -> dict[str, Any]:
    newest, oldest, drafts = history_markers(database)
    opens: list[float] = []
    ends: list[float] = []
    cpu_opens: list[float] = []
    cpu_ends: list[float] = []
    memory = 0.0
    for _ in range(HISTORY_ROUNDS):
        opened, ended, cpu_opened, cpu_ended, peak = history_once(database, env, newest, oldest, drafts)
        opens.append(opened)
        ends.append(ended)
        cpu_opens.append(cpu_opened)
        cpu_ends.append(cpu_ended)
        memory = max(memory, peak)
    return {"open": opens, "end": ends, "cpu open": cpu_opens, "cpu end": cpu_ends, "memory": memory}


def history_verdicts(size: str, history: dict[str, Any]) -> list[str]:
    lines = []
    for key, what, target in (("open", "h to first rows painted", HISTORY_OPEN_TARGET), ("end", "End to the oldest painted", HISTORY_END_TARGET)):
        median, worst, cpu = statistics.median(history[key]), max(history[key]), statistics.median(history[f"cpu {key}"])
        lines.append(
            f"{'PASS' if median < target else 'MISS'} History, {what}, at {size}: {median * 1000:.0f} ms median, "
            f"worst {worst * 1000:.0f} ms, reflect's CPU {cpu * 1000:.0f} ms median (target < {target * 1000:.0f} ms)"
        )
    return lines


def ms(times: list[float]) -> str:
    return " ".join(f"{seconds * 1000:.0f}" for seconds in times)


def history_only(databases: list[Path], env: dict[str, str]) -> int:
    verdicts = []
    for database in databases:
        from reflect.store import open_store

        store = open_store(database)
        try:
            count = store.reflection_count()
        finally:
            store.close()
        history = history_rounds(database, env)

        print(f"{database.name}: {count:,} reflections, peak {history['memory']:.0f} MB", flush=True)
        print(f"  h:   {ms(history['open'])} ms (CPU {ms(history['cpu open'])} ms)", flush=True)
        print(f"  End: {ms(history['end'])} ms (CPU {ms(history['cpu end'])} ms)", flush=True)
        verdicts += history_verdicts(f"{count:,}", history)
    print("\nVerdicts:")
    for line in verdicts:
        print(f"  {line}")
    return 0


PATTERNS_ROUNDS = 7
"""The Patterns screen is opened this many times on each database (a fresh `reflect` each time)."""
PATTERNS_TARGET = 0.150
LARGE_PATTERNS_TARGET = 0.300
LARGE = 200_000
"""From this many reflections on, the Patterns screen's target is LARGE_PATTERNS_TARGET."""
PATTERNS_FIGURES = re.compile(rb": [0-9,]+ reflections?\.")
"""Only the Patterns summary with its figures has this ("From 2 Sep 2026 to 1 Dec 2026: 4,978 reflections.")."""


def patterns_once(database: Path, env: dict[str, str], drafts: bool) -> tuple[float, float, float]:
    """Seconds from `t` on the settled home screen until the terminal shows the Patterns figures; reflect's CPU seconds meanwhile; peak MB."""
    terminal = Pty(database, env)
    try:
        terminal.until(*HOME_DATA)
        if drafts:  # as in history_once: the offer to resume a draft put off
            terminal.until(DRAFT_OFFER)
            mark = terminal.press(b"l")
            terminal.until(b"History", after=mark)
        terminal.settle()
        cpu = terminal.cpu()
        mark = terminal.press(b"t")
        started = time.perf_counter()
        deadline = started + PTY_TIMEOUT
        while not PATTERNS_FIGURES.search(terminal.output, mark):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"Patterns benchmark: no figures within {PTY_TIMEOUT:g} s; last output {bytes(terminal.output[-300:])!r}")
            ready, _, _ = select.select([terminal.fd], [], [], 0.05)
            if ready:
                terminal.output += os.read(terminal.fd, 65536)
        shown = time.perf_counter() - started
        cpu_shown = terminal.cpu() - cpu
    finally:
        memory = terminal.close()
    return shown, cpu_shown, memory


def patterns_only(databases: list[Path], env: dict[str, str]) -> int:
    verdicts = []
    for database in databases:
        from reflect.store import open_store

        store = open_store(database)
        try:
            count, drafts = store.reflection_count(), bool(store.drafts())
        finally:
            store.close()
        shown, cpu, memory = [], [], 0.0
        for _ in range(PATTERNS_ROUNDS):
            seconds, cpu_seconds, peak = patterns_once(database, env, drafts)
            shown.append(seconds)
            cpu.append(cpu_seconds)
            memory = max(memory, peak)
        print(f"{database.name}: {count:,} reflections, peak {memory:.0f} MB", flush=True)
        print(f"  t: {ms(shown)} ms (CPU {ms(cpu)} ms)", flush=True)
        target = LARGE_PATTERNS_TARGET if count >= LARGE else PATTERNS_TARGET
        median, worst = statistics.median(shown), max(shown)
        verdicts.append(
            f"{'PASS' if median < target else 'MISS'} Patterns, t to its figures painted, at {count:,}: {median * 1000:.0f} ms median, "
            f"worst {worst * 1000:.0f} ms, reflect's CPU {statistics.median(cpu) * 1000:.0f} ms median (target < {target * 1000:.0f} ms)"
        )
    print("\nVerdicts:")
    for line in verdicts:
        print(f"  {line}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(size) for size in DEFAULT_SIZES), help="reflections in each database")
    parser.add_argument("--large", action="store_true", help="also 200,000 and 1,000,000 reflections (slow to generate once)")
    parser.add_argument("--no-cache", action="store_true", help="generate the databases again")
    parser.add_argument("--history", type=Path, action="append", metavar="DB", help="only time History, on this database")
    parser.add_argument("--patterns", type=Path, action="append", metavar="DB", help="only time the Patterns screen, on this database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "HOME": folder, "XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder, "XDG_STATE_HOME": folder}
        if args.history:
            return history_only(args.history, env)
        if args.patterns:
            return patterns_only(args.patterns, env)
        from databases import cached_database

        sizes = [int(size) for size in args.sizes.split(",")] + (list(LARGE_SIZES) if args.large else [])
        results: dict[int, dict[str, tuple[float, float]]] = {}
        histories: dict[int, dict[str, Any]] = {}
        for size in sizes:
            database, how = cached_database(size, SEED, use_cache=not args.no_cache)
            print(f"{size:,} reflections: {how}", flush=True)
            histories[size] = {}
            results[size] = measure(database, Path(folder), env, histories[size])
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
        verdicts += history_verdicts(f"{size:,}", histories[size])
    print("\nVerdicts:")
    for line in verdicts:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
