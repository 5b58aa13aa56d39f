"""Two windows on one database: a save never silently replaces what the other window saved, and a
reflection deleted in one window is not brought back by the other without the person choosing it.

"The other window" is a second connection to the same file, writing as another reflect would.
"""

from __future__ import annotations

from pathlib import Path

from reflect.model import Response
from reflect.store import open_store
from reflect.tui.dialogs import ConflictDialog
from reflect.tui.flow import ReflectionScreen
from tests.helpers.app import open_history, seed_demo, wait_for_store


def other_window(db_path: Path, uuid: str, *, person_code: str | None = None, delete: bool = False) -> None:
    store = open_store(db_path)
    try:
        if delete:
            store.delete(uuid)
            return
        theirs = store.get(uuid)
        assert theirs is not None
        theirs.person_code = person_code
        store.save_checked(theirs)
    finally:
        store.close()


def stored(db_path: Path, uuid: str):  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        return store.get(uuid)
    finally:
        store.close()


async def start_editing_the_newest(pilot) -> None:  # type: ignore[no-untyped-def]
    await wait_for_store(pilot)
    await open_history(pilot)
    await pilot.press("enter", "e")
    assert isinstance(pilot.app.screen, ReflectionScreen) and pilot.app.screen.editing
    await pilot.press("enter", "right", "right", "x")  # question 3 becomes Not applicable


async def test_saving_an_edit_changed_meanwhile_in_another_window_shows_both_and_writes_nothing_until_chosen(make_app, db_path) -> None:
    newest = seed_demo(db_path)[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_editing_the_newest(pilot)
        other_window(db_path, newest.uuid, person_code="AA-1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        shown = app.screen.text
        assert "changed in another window" in shown and "AA-1" in shown and "Not applicable" in shown
        held = stored(db_path, newest.uuid)
        assert held.person_code == "AA-1" and held.response_for("strengths") is newest.response_for("strengths")
        await pilot.press("t")  # keep the version saved in the other window
        await pilot.pause()
        assert not isinstance(app.screen, (ConflictDialog, ReflectionScreen))
    held = stored(db_path, newest.uuid)
    assert held.person_code == "AA-1" and held.response_for("strengths") is newest.response_for("strengths")


async def test_choosing_to_keep_ones_own_version_of_a_conflicting_edit_saves_it_and_closes_the_editor(make_app, db_path) -> None:
    newest = seed_demo(db_path)[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_editing_the_newest(pilot)
        other_window(db_path, newest.uuid, person_code="AA-1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("m")  # keep mine
        await pilot.pause()
        # Saved: the editor is closed as after any save, not left open to ask whether to discard it.
        assert not isinstance(app.screen, (ConflictDialog, ReflectionScreen))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReflectionScreen)
    held = stored(db_path, newest.uuid)
    assert held.response_for("strengths") is Response.NOT_APPLICABLE
    assert held.person_code == newest.person_code


async def test_a_reflection_deleted_in_another_window_does_not_come_back_unless_chosen(make_app, db_path) -> None:
    newest = seed_demo(db_path)[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_editing_the_newest(pilot)
        other_window(db_path, newest.uuid, delete=True)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog) and "deleted" in app.screen.text
        assert stored(db_path, newest.uuid) is None
        await pilot.press("t")  # leave it deleted
        await pilot.pause()
    assert stored(db_path, newest.uuid) is None
