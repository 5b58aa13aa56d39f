"""Produce the README's screenshots from deterministic demo data, headless.

    python screenshots/generate.py [NAME...]

Writes screenshots/*.svg (or only the ones named, such as `team`). Uses a throwaway database and settings file, never your own.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
SIZE = (100, 30)
NOW = datetime(2026, 11, 23, 16, 30, tzinfo=ZoneInfo("Europe/London"))

# name: the keys that reach the screen from home
SHOTS = {
    "home": [],
    "question": ["n", "enter", "y", "y", "p"],
    "closing": ["n", "enter", *"yypnxyypyy", *"We planned the move together."],
    "summary": ["n", "enter", *"yypnxyypyy", "ctrl+s"],
    "history": ["h"],
    "patterns": ["t", "4"],
    "patterns-trend": ["t", "4", "right_square_bracket"],
}
# Patterns need months of reflections to show anything; the other screens read better with a few.
REFLECTIONS = {"patterns": 90, "patterns-trend": 90}


async def shoot(name: str, keys: list[str], folder: Path) -> None:
    from reflect.demo import demo_reflections
    from reflect.questions import default_question_set
    from reflect.store import open_store
    from reflect.tui.app import ReflectApp
    from reflect.tui.settle import settled

    db_path = folder / f"{name}.db"
    store = open_store(db_path)
    store.save_many(demo_reflections(default_question_set(), NOW, count=REFLECTIONS.get(name, 14)))
    store.close()

    app = ReflectApp(db_path, clock=lambda: NOW, settings_path=folder / "settings.json", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press(*keys)
        await settled(pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    print(f"screenshots/{name}.svg")


async def shoot_team(folder: Path) -> None:
    """The supervisor's team view of the demo team's three bundles."""
    from reflect.demo import demo_team
    from reflect.questions import default_question_set
    from reflect.store import open_store
    from reflect.store.repository import TeamBundle
    from reflect.tui.settle import settled
    from reflect.tui.team import TeamApp

    db_path = folder / "team.db"
    store = open_store(db_path, team=True)
    store.import_bundles([TeamBundle(b.practitioner, b.reflections) for b in demo_team(default_question_set(), NOW)])
    store.close()

    app = TeamApp(db_path, settings_path=folder / "settings.json", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.save_screenshot(filename="team.svg", path=str(HERE))
    print("screenshots/team.svg")


def main(names: list[str]) -> int:
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    with tempfile.TemporaryDirectory() as temporary:
        os.environ["XDG_DATA_HOME"] = os.environ["XDG_CONFIG_HOME"] = temporary
        for name, keys in SHOTS.items():
            if not names or name in names:
                asyncio.run(shoot(name, keys, Path(temporary)))
        if not names or "team" in names:
            asyncio.run(shoot_team(Path(temporary)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
