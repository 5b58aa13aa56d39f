"""Two real `reflect` processes, each in its own terminal, editing the same reflection: the second
save is shown as a conflict, never written over the first; a reflection erased by `reflect erase`
while open is refused rather than claimed saved."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reflect.model import Response
from reflect.questions import default_question_set
from reflect.store import open_store
from tests.helpers.app import seed_demo
from tests.helpers.terminal import reflect_in_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
KEYS = default_question_set().keys
RIGHT = "\x1b[C"
CTRL_S = "\x13"


def stored(db_path: Path, uuid: str):  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        return store.get(uuid)
    finally:
        store.close()


def press_until(terminal, key: str, shown: str, *, tries: int = 10) -> None:  # type: ignore[no-untyped-def]
    """Press `key` until the screen shows `shown` (a screen may still be loading when it is pressed)."""
    for _ in range(tries):
        terminal.press(key, pause=0.2)
        if terminal.read_until(lambda: terminal.shows(shown), seconds=6):
            return
    raise AssertionError(f"{shown!r} never appeared after pressing {key!r}")


def open_the_newest_for_editing(terminal) -> None:  # type: ignore[no-untyped-def]
    # Each of these words appears only on the screen it waits for.
    assert terminal.read_until(lambda: terminal.shows("Resume draft") or terminal.shows("Patterns"), seconds=60)
    press_until(terminal, "h", "to filter")
    press_until(terminal, "\r", "Flag for supervision")
    # Pressed once each: a second e or Enter would be typed into the reflection.
    terminal.press("e", pause=0.2)
    assert terminal.read_until(lambda: terminal.shows("Editing a reflection"), seconds=30)
    terminal.press("\r", pause=0.2)  # from the context to question 1
    assert terminal.read_until(lambda: terminal.shows("Question 1 of 10"), seconds=30)


def test_the_second_window_to_save_an_edit_is_shown_the_conflict_and_overwrites_nothing(db_path: Path, subprocess_env: dict[str, str]) -> None:
    newest = seed_demo(db_path)[0]
    with reflect_in_terminal(db_path, subprocess_env) as first, reflect_in_terminal(db_path, subprocess_env) as second:
        open_the_newest_for_editing(first)
        open_the_newest_for_editing(second)
        first.press(RIGHT, RIGHT, "x", pause=0.3)  # question 3: Not applicable
        first.press(CTRL_S, pause=1.0)
        assert first.read_until(lambda: first.shows("saved"), seconds=20)
        assert stored(db_path, newest.uuid).response_for(KEYS[2]) is Response.NOT_APPLICABLE

        second.press("n", pause=0.3)  # question 1: No
        second.press(CTRL_S, pause=1.0)
        assert second.read_until(lambda: second.shows("Changed elsewhere"), seconds=20)
        held = stored(db_path, newest.uuid)
        assert held.response_for(KEYS[2]) is Response.NOT_APPLICABLE  # the first window's save stands
        assert held.response_for(KEYS[0]) is newest.response_for(KEYS[0])
        second.press("t", pause=1.0)  # keep the saved one
        second.press("\x11", pause=0.5)  # ctrl+q
        first.press("\x11", pause=0.5)
        assert second.wait(20) == 0 and first.wait(20) == 0
    held = stored(db_path, newest.uuid)
    assert held.response_for(KEYS[2]) is Response.NOT_APPLICABLE and held.response_for(KEYS[0]) is newest.response_for(KEYS[0])
