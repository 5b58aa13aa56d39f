"""What each screen looks like at 80x24 and 120x36, with demo data, a fixed clock and still cursors.

After an intended change of appearance, look at the new screens and update the
snapshots with `pytest tests/app/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from reflect.tui.settle import settled
from tests.helpers.app import seed_demo, wait_for_store

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]

# Each screen: whether it needs the demo data, and the keys that reach it from home.
SETTLE = "<settle>"
"""In a scene's keys: wait here until the app has done what the keys before asked."""
SCREENS = {
    "home_first_run": (False, []),
    "home": (True, []),
    "context": (True, ["n"]),
    "question": (True, ["n", "enter", "y", "p"]),
    "why": (True, ["n", "enter", "question_mark"]),
    "closing": (True, ["n", "enter", *"yypnxyypyy"]),
    # The commitment field as the closing step styles it, and nothing of the home screen's #commitment.
    "closing_commitment": (True, ["n", "enter", *"yypnxyypyy", "tab", "tab", "tab", *"ask what matters first"]),
    # The practices a commitment is about, one ticked: a box of its own shape, the label whole at 80 columns.
    "closing_practices": (True, ["n", "enter", *"yypnxyypyy", "tab", "tab", "tab", "tab", "down", "space"]),
    "summary": (True, ["n", "enter", *"yypnxyypyy", "ctrl+s"]),
    "history": (True, ["h"]),
    "detail": (True, ["h", "enter"]),
    "discard_confirm": (True, ["n", "enter", "y", "escape"]),
    # (SETTLE after "t" and "4": the figures load in the background, and "]" waits for them to be shown.)
    "patterns": (True, ["t"]),
    "patterns_trend": (True, ["t", SETTLE, "right_square_bracket"]),
    "patterns_kinds": (True, ["t", SETTLE, "4", SETTLE, *["right_square_bracket"] * 2]),
    "patterns_activity": (True, ["t", SETTLE, *["right_square_bracket"] * 3]),
    "patterns_commitments": (True, ["t", SETTLE, *["right_square_bracket"] * 4]),
    "patterns_notes": (True, ["t", SETTLE, *["right_square_bracket"] * 5]),
    "patterns_custom_period": (True, ["t", SETTLE, "5", *"2026-10-01", "enter", *"someday", "enter"]),
    "patterns_first_run": (False, ["t"]),
    # The palette's Keys: the keys of the screen it was opened on.
    # (SETTLE: the palette searches in the background; Enter must wait for it to find "Keys".)
    "patterns_keys": (True, ["t", "ctrl+p", SETTLE, *"Keys", SETTLE, "enter"]),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_appearance(screen: str, size: tuple[int, int], snap_compare, make_app, db_path) -> None:
    with_demo, keys = SCREENS[screen]
    if with_demo:
        seed_demo(db_path)

    async def reach_screen(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_for_store(pilot)
        for key in keys:
            if key == SETTLE:
                await settled(pilot)
            else:
                await pilot.press(key)
        await settled(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=reach_screen)
