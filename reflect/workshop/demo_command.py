"""`reflect demo`: the app on generated data in a throwaway folder, removed at exit."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

EXIT_OK, EXIT_FAILURE = 0, 1


def make_demo_database(folder: Path, *, reflections: int | None, seed: int) -> Path:
    """A demo database in `folder`, filled with a fictional practitioner's reflections."""
    from reflect.demo import practice_reflections
    from reflect.model import utc_now
    from reflect.questions import default_question_set
    from reflect.store import open_store

    path = folder / "demo.db"
    store = open_store(path)
    try:
        store.save_many(practice_reflections(default_question_set(), utc_now().astimezone(), count=reflections, seed=seed))
    finally:
        store.close()
    return path


def run_demo(*, reflections: int | None, seed: int) -> int:
    from reflect.tui.app import ReflectApp

    # mkdtemp makes the folder 0700; everything in it goes when the demo ends.
    with tempfile.TemporaryDirectory(prefix="reflect-demo-") as folder:
        print("Making up a fictional practitioner's reflections…", file=sys.stderr)
        path = make_demo_database(Path(folder), reflections=reflections, seed=seed)
        # A settings file of its own too: choosing a theme in the demo leaves yours alone.
        app = ReflectApp(db_path=path, settings_path=Path(folder) / "settings.json", demo=True)
        app.run()
    if app.failure:
        print(f"reflect: {app.failure}", file=sys.stderr)
        return EXIT_FAILURE
    print("The demo data has been removed. Start your own reflections with `reflect`.")
    return EXIT_OK
