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
from datetime import UTC, datetime
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
    from reflect.store import TeamBundle, open_store
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


async def shoot_demo(folder: Path) -> None:
    """`reflect demo`: six months of a fictional practitioner, on the Patterns screen."""
    from reflect.demo import practice_reflections
    from reflect.questions import default_question_set
    from reflect.store import open_store
    from reflect.tui.app import ReflectApp
    from reflect.tui.settle import settled

    db_path = folder / "demo.db"
    store = open_store(db_path)
    store.save_many(practice_reflections(default_question_set(), NOW))
    store.close()
    app = ReflectApp(db_path, clock=lambda: NOW, settings_path=folder / "settings.json", cursor_blink=False, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("t", "4")
        await settled(pilot)
        app.save_screenshot(filename="demo.svg", path=str(HERE))
    print("screenshots/demo.svg")


ROOM = [
    # A room of six, answering the community café vignette: letters in question order.
    ("Participant 1A2B", "yyyyyyyyyy", {3: "Named twelve years as a chef as a strength."}),
    ("Participant 3C4D", "yypnyyyyyy", {3: "I went straight to the assessment form."}),
    ("Participant 5E6F", "ypnnypyyyy", {6: "The café manager is a connection already."}),
    ("Participant 7A8B", "yyypyyyyyp", {}),
    ("Participant 9C0D", "pyynxyypyy", {4: "Too early to share stories at a first meeting?"}),
    ("Participant 2E4F", "yyypyyy", {}),
]


async def shoot_workshop(folder: Path) -> None:
    """A participant reading the vignette, and the trainer's live view of the room."""

    from reflect.model import Response
    from reflect.questions import default_question_set
    from reflect.tui.settle import settled
    from reflect.tui.workshop.participant import ParticipantApp
    from reflect.tui.workshop.room import RoomApp
    from reflect.workshop.store import WorkshopInfo, WorkshopStore, create_workshop
    from reflect.workshop.vignettes import find_vignette

    question_set = default_question_set()
    vignette = find_vignette("community-cafe", None)
    path = folder / "room.workshop.db"
    create_workshop(
        path,
        WorkshopInfo(
            "community-cafe-3f9a", NOW.astimezone(UTC), vignette.id, vignette.title, vignette.setting,
            vignette.text, question_set.id, question_set.version,
        ),
    )
    letters = {"y": Response.YES, "p": Response.PARTLY, "n": Response.NO, "x": Response.NOT_APPLICABLE}
    store = WorkshopStore.open(path)
    for label, answers, notes in ROOM:
        store.join(label)
        for index, letter in enumerate(answers):
            store.answer(label, question_set.keys[index], letters[letter], notes.get(index + 1, ""))
        if len(answers) == len(question_set):
            store.finish(label)
    store.close()

    participant = ParticipantApp(path, cursor_blink=False, label="Participant 7F3A")
    async with participant.run_test(size=SIZE) as pilot:
        await settled(pilot)
        participant.save_screenshot(filename="vignette.svg", path=str(HERE))
    print("screenshots/vignette.svg")
    room = RoomApp(path, poll_seconds=3600)
    async with room.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("down", "down", "n")
        await settled(pilot)
        room.save_screenshot(filename="room.svg", path=str(HERE))
    print("screenshots/room.svg")


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
        if not names or "demo" in names:
            asyncio.run(shoot_demo(Path(temporary)))
        if not names or {"vignette", "room"} & set(names):
            asyncio.run(shoot_workshop(Path(temporary)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
