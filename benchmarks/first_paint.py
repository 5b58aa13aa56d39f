"""Time to the home screen's first paint, against a bare Textual app.

Target: reflect's home screen paints within 1.25x of the time a bare Textual app
(one Static) takes to paint, and SQLModel/SQLAlchemy are imported, and the database
opened, only after that first paint.

    python benchmarks/first_paint.py [--rounds 10]

Each measurement is a fresh process. The parent notes time.time() just before Popen;
the child runs the app headless and, from the (home) screen's mount, uses
call_after_refresh to note time.time() once the first frame has been rendered, prints
it and leaves at once with os._exit(0). Paint time = child stamp - parent stamp.
Rounds alternate the two apps; medians are compared. Prints PASS/MISS; always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from isolation import isolated_env  # noqa: E402  (benchmarks/isolation.py)

TARGET_RATIO = 1.25
REFLECTIONS = 200

# Shared by both children: count the frames the compositor hands to App._display (headless
# apps skip writing them out, but they are rendered), then stamp and leave.
CHILD_PRELUDE = r"""
import json, os, sys, time
from textual.app import App

_frames = []
_display = App._display
def _counting_display(self, screen, renderable):
    if renderable is not None:
        _frames.append((time.time(), type(screen).__name__))
    return _display(self, screen, renderable)
App._display = _counting_display

def stamp(app, target_screen):
    now = time.time()
    report = {
        "stamp": now,
        "cpu": time.process_time(),
        "frames": len(_frames),
        "target_frames": sum(1 for _, name in _frames if name == target_screen),
        "screen": type(app.screen).__name__,
        "sqlalchemy": "sqlalchemy" in sys.modules,
        "sqlmodel": "sqlmodel" in sys.modules,
        "alembic": "alembic" in sys.modules,
        "store_open": getattr(app, "store", None) is not None,
    }
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()
    os._exit(0)
"""

BARE_CHILD = CHILD_PRELUDE + r"""
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("Hello")

    def on_mount(self):
        self.call_after_refresh(stamp, self, "Screen")

Bare().run(headless=True)
os._exit(3)
"""

# Both reflect children stamp once the home screen has painted.
HOME_SCREEN_HOOK = r"""
import reflect.tui.screens.home as home

_on_mount = home.HomeScreen.on_mount
def on_mount(self):
    _on_mount(self)
    self.call_after_refresh(stamp, self.app, "HomeScreen")
home.HomeScreen.on_mount = on_mount
"""

REFLECT_CHILD = CHILD_PRELUDE + HOME_SCREEN_HOOK + r"""
from pathlib import Path
from reflect.tui.app import ReflectApp

ReflectApp(db_path=Path(sys.argv[1]), settings_path=Path(sys.argv[2])).run(headless=True)
os._exit(3)
"""

# For information only: the same, started the way `reflect` starts it (argument parsing, the
# stdlib check of the database file, the default settings path), forced headless.
REFLECT_CLI_CHILD = CHILD_PRELUDE + HOME_SCREEN_HOOK + r"""
import functools
import reflect.cli
from reflect.tui.app import ReflectApp
ReflectApp.run = functools.partialmethod(ReflectApp.run, headless=True)

reflect.cli.main(["--db", sys.argv[1]])
os._exit(3)
"""


def make_database(path: Path) -> None:
    """~200 completed reflections (and one draft), written one by one through Store.save."""
    from generate import build_reflections

    from reflect.model import Answer, Response, utc_now
    from reflect.questions import default_question_set
    from reflect.service import new_reflection
    from reflect.store import open_store

    question_set = default_question_set()
    store = open_store(path)
    try:
        # Realistic content from the generator, but created as the app creates it.
        for template in build_reflections(REFLECTIONS, seed=11, draft_rate=0):
            reflection = new_reflection(question_set, template.created_at)
            reflection.occurred_at = template.occurred_at
            reflection.updated_at = template.updated_at
            reflection.kind = template.kind
            reflection.person_code = template.person_code
            reflection.duration_minutes = template.duration_minutes
            reflection.tags = template.tags
            reflection.answers = template.answers or {question_set.keys[0]: Answer(Response.YES)}
            reflection.what_happened = template.what_happened
            reflection.so_what = template.so_what
            reflection.now_what = template.now_what
            reflection.commitment = template.commitment
            reflection.is_draft = False
            store.save(reflection)
        # A few this week, so the home screen has something to say once the store opens.
        now = utc_now().astimezone()
        for hours in (2, 26, 50):
            reflection = new_reflection(question_set, now - timedelta(hours=hours))
            reflection.answers = {key: Answer(Response.YES) for key in question_set.keys}
            reflection.commitment = "Ask about their goals first."
            reflection.is_draft = False
            store.save(reflection)
    finally:
        store.close()


def measure(code: str, args: list[str], env: dict[str, str], cwd: Path) -> dict:
    argv = [sys.executable, "-c", code, *args]
    started = time.time()
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    line = next((line for line in out.splitlines() if line.startswith("{")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"child exited {process.returncode} without a stamp:\n{err[-1500:]}")
    report = json.loads(line)
    report["elapsed"] = report["stamp"] - started
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reflect-bench-paint-") as folder_name:
        folder = Path(folder_name)
        env = isolated_env(folder)
        os.environ.update({key: env[key] for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")})
        db_path = folder / "reflect.db"
        settings_path = folder / "config" / "reflect" / "settings.json"
        make_database(db_path)
        reflect_args = [str(db_path), str(settings_path)]

        print(f"python: {sys.executable} ({sys.version.split()[0]})")
        print(f"database: {REFLECTIONS + 3} completed reflections written through Store.save")
        print(f"rounds: {options.rounds} (plus one warm-up each), alternating which app goes first")

        measure(BARE_CHILD, [], env, folder)
        measure(REFLECT_CHILD, reflect_args, env, folder)

        measure(REFLECT_CLI_CHILD, [str(db_path)], env, folder)

        bare: list[dict] = []
        reflect: list[dict] = []
        via_cli: list[dict] = []
        for round_number in range(options.rounds):
            runs = [(bare, BARE_CHILD, []), (reflect, REFLECT_CHILD, reflect_args)]
            if round_number % 2:
                runs.reverse()
            runs.append((via_cli, REFLECT_CLI_CHILD, [str(db_path)]))
            for results, code, args in runs:
                results.append(measure(code, args, env, folder))

        def summary(reports: list[dict]) -> tuple[float, float, float]:
            values = [report["elapsed"] * 1000 for report in reports]
            return statistics.median(values), min(values), max(values)

        bare_median, bare_min, bare_max = summary(bare)
        reflect_median, reflect_min, reflect_max = summary(reflect)
        ratio = reflect_median / bare_median
        print()
        print(f"{'app':<34} {'median':>9} {'min':>9} {'max':>9}")
        print(f"{'bare Textual app (one Static)':<34} {bare_median:8.1f}ms {bare_min:8.1f}ms {bare_max:8.1f}ms")
        print(f"{'reflect home screen':<34} {reflect_median:8.1f}ms {reflect_min:8.1f}ms {reflect_max:8.1f}ms")
        time_ok = ratio <= TARGET_RATIO
        print(f"ratio reflect / bare: {ratio:.2f}x (target <= {TARGET_RATIO}x)  {'PASS' if time_ok else 'MISS'}")
        # Less sensitive to other load on the machine; for information, not the verdict.
        bare_cpu = statistics.median(report["cpu"] for report in bare) * 1000
        reflect_cpu = statistics.median(report["cpu"] for report in reflect) * 1000
        print(f"  (for information: ratio of fastest runs {reflect_min / bare_min:.2f}x; "
              f"child CPU time to first paint {reflect_cpu:.0f}ms vs {bare_cpu:.0f}ms = {reflect_cpu / bare_cpu:.2f}x)")
        cli_median, cli_min, _ = summary(via_cli)
        print(f"  (for information: started through reflect.cli.main, as `reflect` does: {cli_median:.1f}ms median, "
              f"{cli_median / bare_median:.2f}x bare)")

        print()
        frames = sorted({report["target_frames"] for report in reflect})
        screens = sorted({report["screen"] for report in reflect})
        print(f"at the stamp: screen {', '.join(screens)}; home-screen frames rendered {frames}; "
              f"bare frames rendered {sorted({report['target_frames'] for report in bare})}")
        both = reflect + via_cli  # ReflectApp directly, and through reflect.cli.main
        loaded = {name: sum(report[name] for report in both) for name in ("sqlalchemy", "sqlmodel", "alembic")}
        opened = sum(report["store_open"] for report in both)
        rounds = len(both)
        for name, count in loaded.items():
            print(f"{name} in sys.modules at first paint: {count} of {rounds} runs")
        print(f"database open at first paint: {opened} of {rounds} runs")
        import_ok = loaded["sqlalchemy"] == 0 and loaded["sqlmodel"] == 0 and opened == 0
        print(f"off the path to first paint (no SQLAlchemy/SQLModel, store not open): {'PASS' if import_ok else 'MISS'}")
        print()
        print(f"first_paint: {'PASS' if time_ok and import_ok else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
