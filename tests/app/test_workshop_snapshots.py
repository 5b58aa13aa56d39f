"""What the workshop screens and the demo look like at 80x24 and 120x36.

After an intended change of appearance, look at the new pictures and update them with
`pytest tests/app/test_workshop_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.tui.settle import settled
from tests.helpers.environment import FIXED_NOW
from tests.helpers.workshops import answer_as, make_workshop

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]

PARTICIPANT_SCREENS = {
    "vignette": [],
    "question": ["enter", "y", "p"],
    "done": ["enter", *"yypnxyypyy"],
}
ROOM_SCREENS = {
    "room": [],
    "room_notes": ["down", "down", "n"],
}


def a_room(path: Path) -> Path:
    make_workshop(path)
    answer_as(path, "Participant 1A2B", "yyyyyyyyyy", notes={3: "Named the twelve years as a chef as a strength."})
    answer_as(path, "Participant 3C4D", "yypnyyyyyy", notes={3: "I went straight to the form."})
    answer_as(path, "Participant 5E6F", "ypnnyxyyyy")
    answer_as(path, "Participant 7A8B", "yyypyyyyy.", finish=False)
    return path


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(PARTICIPANT_SCREENS))
def test_participant_appearance(screen: str, size: tuple[int, int], snap_compare, tmp_path: Path) -> None:
    from reflect.tui.workshop.participant import ParticipantApp

    path = make_workshop(tmp_path / "room.db")

    async def reach(pilot) -> None:  # type: ignore[no-untyped-def]
        await settled(pilot)
        await pilot.press(*PARTICIPANT_SCREENS[screen])
        await settled(pilot)

    app = ParticipantApp(path, cursor_blink=False, label="Participant 7F3A")
    assert snap_compare(app, terminal_size=size, run_before=reach)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(ROOM_SCREENS))
def test_room_appearance(screen: str, size: tuple[int, int], snap_compare, tmp_path: Path) -> None:
    from reflect.tui.workshop.room import RoomApp

    path = a_room(tmp_path / "room.db")

    async def reach(pilot) -> None:  # type: ignore[no-untyped-def]
        await settled(pilot)
        await pilot.press(*ROOM_SCREENS[screen])
        await settled(pilot)

    # Polling is slowed right down so that no reload lands between pictures.
    assert snap_compare(RoomApp(path, poll_seconds=3600), terminal_size=size, run_before=reach)


@pytest.mark.parametrize("size", SIZES)
def test_demo_home_appearance(size: tuple[int, int], snap_compare, db_path: Path, tmp_path: Path) -> None:
    from reflect.demo import practice_reflections
    from reflect.questions import default_question_set
    from reflect.store import open_store
    from reflect.tui.app import ReflectApp

    store = open_store(db_path)
    store.save_many(practice_reflections(default_question_set(), FIXED_NOW))
    store.close()
    app = ReflectApp(db_path, clock=lambda: FIXED_NOW, settings_path=tmp_path / "settings.json", cursor_blink=False, demo=True)
    assert snap_compare(app, terminal_size=size, run_before=settled)
