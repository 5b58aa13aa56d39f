"""Many unfinished reflections: the home screen and the offer of one read the newest alone, never every draft."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from reflect.model import Reflection
from reflect.store import open_store
from reflect.store.core import StoreCore
from reflect.tui.dialogs import DraftDialog
from tests.helpers.app import wait_for_store
from tests.helpers.environment import FIXED_NOW
from tests.helpers.writer import draft


def leave_drafts(db_path: Path, count: int) -> Reflection:
    """`count` unfinished reflections from the days before; the one touched last is returned."""
    drafts = []
    for number in range(count):
        left = draft(1, number)
        left.occurred_at = left.created_at = left.updated_at = FIXED_NOW - timedelta(days=count - number)
        drafts.append(left)
    store = open_store(db_path)
    try:
        store.save_many(drafts)
    finally:
        store.close()
    return drafts[-1]


async def test_forty_waiting_drafts_show_the_newest_with_how_many_more_and_only_it_is_read(make_app, db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    newest = leave_drafts(db_path, 40)
    loaded: list[int] = []
    load = StoreCore._load

    def counting(self, query):  # type: ignore[no-untyped-def]
        found = load(self, query)
        loaded.append(len(found))
        return found

    monkeypatch.setattr(StoreCore, "_load", counting)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, DraftDialog)
        assert dialog.draft.uuid == newest.uuid
        await pilot.press("l")  # later
        await pilot.pause()
        line = str(pilot.app.screen.query_one("#draft-line", Static).render())
        assert "(and 39 more)" in line
    assert loaded and max(loaded) <= 2, f"a read of {max(loaded)} reflections, where the newest draft was all that was shown"
