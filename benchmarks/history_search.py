"""History's filter through `reflect` itself: how soon the first rows of a word come, rare, common or matching nothing.

Target (issue 12): History stays quick at a million reflections; here, under 150 ms from the
filter's pause in typing to its first rows painted, for a rare word (a handful of reflections, the
oldest among them), a common one (in most reflections' texts or notes), a middling one and a word
matching nothing, at 20,000 and at 1,000,000 reflections.

    python benchmarks/history_search.py prepare SOURCE TARGET
    python benchmarks/history_search.py DB[=PYTHON] [DB[=PYTHON] ...]

`prepare` copies a generated database (benchmarks/generate.py; the cache under the system
temporary folder holds them) to TARGET, opens it with the reflect this Python runs (which brings
it to that reflect's schema: the time it took is printed), and adds RARE_COPIES reflections whose
only trace of RARE_WORD is a note, most of them the oldest of all (the worst place for a walk
through History newest first). Run it with an earlier reflect's Python for the "before" side,
then copy that file and open it with this one for the "after" side, so that both hold the same rows.
A database given as DB=PYTHON is timed with the `reflect` beside that Python (an earlier version's
virtual environment); the rounds go through every database in turn, so that the two sides share
whatever else the machine is doing.

Timing: `reflect --db DB` as installed (beside this Python), in an 80x24 pseudo-terminal, a fresh
process each of ROUNDS times for each word: the home screen shown and settled, `h`, History's
first rows, settled; `/`, then the word's keys in one write; the clock runs from that write until
the bytes drawn hold the filter's status line for its first rows ("Latest 50, m for more",
"5 of 1,000,005 reflections", "No reflections match the filter"). History waits for a pause in
typing (FILTER_DELAY, 150 ms) before it filters, so that pause is taken off: the verdict is on
the time the person waits after it. The rows shown are checked against what the store finds for
the word in this process, so that a quick answer is also the right one. Prints its verdicts at the
end; always exits 0.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale import COLUMNS, DRAFT_OFFER, HOME_DATA, LINES, PTY_TIMEOUT, Pty, history_markers  # noqa: E402

ROUNDS = 5
TARGET = 0.150
FILTER_DELAY = 0.150
"""reflect.tui.screens.history.FILTER_DELAY: History's wait for a pause in typing."""
RARE_WORD = "kingfisher"
RARE_COPIES = 5
WORDS = {"rare": RARE_WORD, "common": "the", "middling": "talked", "nothing": "zyzzyva"}
"""The words timed: "the" is in most generated reflections' texts or notes, "talked" in about one in ten."""
STATUS = re.compile(rb"Latest (\d+)(?: of ([\d,]+))?, m for more|(\d+) of ([\d,]+) reflections?|No reflections match the filter")


def prepare(source: Path, target: Path) -> None:
    from reflect.model import Answer, Response
    from reflect.model import Reflection as Made
    from reflect.store import open_store

    shutil.copyfile(source, target)
    started = time.perf_counter()
    store = open_store(target)
    print(f"{target.name}: opened (brought to this reflect's schema) in {time.perf_counter() - started:.1f} s")
    try:
        oldest = store.reflection_page(limit=1)[0].occurred_at
        newest = store.reflection_page(limit=1, newest_first=True)[0].occurred_at
        at = [oldest - timedelta(days=3 - number) for number in range(RARE_COPIES - 2)] + [oldest + (newest - oldest) / 2, oldest + (newest - oldest) / 3]
        rare = []
        for when in at:
            reflection = Made(
                uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
                occurred_at=when, created_at=when, updated_at=when, kind="phone",
            )  # fmt: skip
            reflection.answers["hope"] = Answer(response=Response.YES, note=f"Saw a {RARE_WORD.title()} on the walk back.")
            rare.append(reflection)
        store.save_many(rare)
    finally:
        store.close()


def facts(database: Path) -> dict[str, Any]:
    """What the reflect this Python runs finds in `database`: how many reflections; for each word, how
    many History's first rows hold and how many match (None: not counted, too many); the newest
    reflection's time as History shows it, and whether there are drafts (scale.history_markers)."""
    from reflect.store import open_store

    store = open_store(database)
    try:
        total = store.reflection_count()
        found: dict[str, tuple[int, int | None]] = {}
        for name, word in WORDS.items():
            first = len(store.history_page([word], limit=50))
            found[name] = (first, store.history_count([word]) if first < 50 else None)
    finally:
        store.close()
    newest, _, drafts = history_markers(database)
    return {"total": total, "found": found, "newest": newest.decode(), "drafts": drafts}


def facts_from(database: Path, python: Path) -> dict[str, Any]:
    """facts(database) as the reflect of `python` finds them (in its own process: opening the
    database with another version of reflect would upgrade it)."""
    done = subprocess.run([str(python), __file__, "facts", str(database)], capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


class TheirPty(Pty):
    """scale.Pty, with the `reflect` beside `python` (an earlier version's, for the side before)."""

    def __init__(self, database: Path, env: dict[str, str], python: Path) -> None:
        script = python.parent / "reflect"
        argv = [str(script), "--db", str(database)]
        env = dict(env, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: size the terminal before the program can ask, then become it
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
            os.execve(argv[0], argv, env)
        self.output = bytearray()


def filter_once(database: Path, python: Path, env: dict[str, str], word: str, newest: bytes, drafts: bool) -> tuple[float, int, bytes]:
    """Seconds from the word's keys until History's status for its first rows is drawn; how many rows it says; the status."""
    terminal = TheirPty(database, env, python)
    try:
        terminal.until(*HOME_DATA)
        if drafts:  # as scale.py: the offer to resume a draft put off
            terminal.until(DRAFT_OFFER)
            mark = terminal.press(b"l")
            terminal.until(b"History", after=mark)
        terminal.settle()
        terminal.until(newest, after=terminal.press(b"h"))
        terminal.settle()
        terminal.press(b"/")
        terminal.settle()
        mark = terminal.press(word.encode())
        started = time.perf_counter()
        deadline = started + PTY_TIMEOUT
        while True:
            found = STATUS.search(bytes(terminal.output[mark:]))
            if found is not None:
                break
            if time.perf_counter() > deadline:
                raise RuntimeError(f"History's filter: no status within {PTY_TIMEOUT:g} s; last output {bytes(terminal.output[-300:])!r}")
            ready, _, _ = select.select([terminal.fd], [], [], 0.01)
            if ready:
                terminal.output += os.read(terminal.fd, 65536)
        elapsed = time.perf_counter() - started
    finally:
        terminal.close()
    shown = int(found.group(1) or found.group(3) or 0)
    return elapsed, shown, found.group(0)


def measure(entries: list[tuple[Path, Path]], env: dict[str, str]) -> list[str]:
    """Each database with its reflect, the rounds taken in turn (each round every database, every
    word), so that a busy moment of the machine falls on every side alike."""
    known = {database: facts_from(database, python) for database, python in entries}
    times: dict[tuple[Path, str], list[float]] = {(database, name): [] for database, _ in entries for name in WORDS}
    statuses: dict[tuple[Path, str], set[str]] = {key: set() for key in times}
    for _ in range(ROUNDS):
        for database, python in entries:
            fact = known[database]
            for name, word in WORDS.items():
                elapsed, shown, status = filter_once(database, python, env, word, fact["newest"].encode(), fact["drafts"])
                times[(database, name)].append(max(elapsed - FILTER_DELAY, 0.0))
                statuses[(database, name)].add(status.decode())
                if shown != fact["found"][name][0]:
                    raise RuntimeError(f"History's filter showed {shown} rows for {word!r} in {database.name}; the store finds {fact['found'][name][0]}")
    verdicts = []
    for database, python in entries:
        fact = known[database]
        print(f"{database.name} ({python}): {fact['total']:,} reflections", flush=True)
        for name, word in WORDS.items():
            taken = times[(database, name)]
            median, worst = statistics.median(taken), max(taken)
            matched = "many" if fact["found"][name][1] is None else f"{fact['found'][name][1]:,}"
            print(f"  {name} word {word!r} ({matched} matching): {' '.join(f'{t * 1000:.0f}' for t in taken)} ms; status {sorted(statuses[(database, name)])}")
            verdicts.append(
                f"{'PASS' if median < TARGET else 'MISS'} History's filter, a {name} word, first rows at {fact['total']:,} ({database.name}): "
                f"{median * 1000:.0f} ms median, worst {worst * 1000:.0f} ms after the pause in typing (target < {TARGET * 1000:.0f} ms)"
            )
    return verdicts


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "prepare":
        prepare(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "facts":
        print(json.dumps(facts(Path(sys.argv[2]))))
        return 0
    entries = []
    for argument in sys.argv[1:]:
        database, _, python = argument.partition("=")
        entries.append((Path(database), Path(python) if python else Path(sys.executable)))
    if not entries:
        print(__doc__)
        return 0
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "HOME": folder, "XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder, "XDG_STATE_HOME": folder}
        verdicts = measure(entries, env)
    print(f"\nVerdicts ({started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores):")
    for line in verdicts:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
