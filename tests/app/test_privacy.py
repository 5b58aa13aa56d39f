"""Before a reflection is saved, likely identifiers are shown to the practitioner, who edits or keeps them.

Nothing is ever changed for them: the app asks (Edit, the safe choice, or Save as written);
`reflect add` saves nothing and says how to keep the text anyway (--keep-identifiers).
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, TextArea

from reflect.questions import default_question_set
from reflect.store import open_store
from reflect.tui.dialogs import ConfirmDialog
from reflect.tui.flow import ReflectionScreen
from reflect.tui.screens.summary import SummaryScreen
from tests.helpers.app import wait_for_store

KEYS = default_question_set().keys
NHS_NUMBER = "943 476 5919"
"""Passes the modulus 11 check."""


def stored(db_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        return store.list_reflections(), store.drafts()
    finally:
        store.close()


def dialog_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(static.render()) for static in app.screen.query("Static"))


# In the app --------------------------------------------------------------------------------


async def test_saving_a_note_with_an_nhs_number_shows_what_was_found_and_edit_goes_to_that_note(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "tab", *f"NHS {NHS_NUMBER}", "ctrl+s")
        await wait_for_store(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        shown = dialog_text(app)
        assert "This may identify someone" in shown
        assert f"an NHS number ({NHS_NUMBER}) in the note on question 2" in shown
        await pilot.press("enter")  # Edit has the focus: Enter by habit never saves
        await wait_for_store(pilot)
        flow = app.screen
        assert isinstance(flow, ReflectionScreen)
        assert flow.position == 2
        assert app.focused is flow.query_one("#note", Input)
        assert flow.query_one("#note", Input).value == f"NHS {NHS_NUMBER}"  # nothing changed for them
    completed, (draft,) = stored(db_path)
    assert completed == []
    assert draft.answers[KEYS[1]].note == f"NHS {NHS_NUMBER}"


async def test_save_as_written_keeps_the_text_exactly_and_is_not_asked_again(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", *["pagedown"] * 10)
        app.screen.query_one("#what-happened", TextArea).text = "Rang her on 07700 900123 and we met at TQ1 2AB."
        await pilot.press("ctrl+s")
        await wait_for_store(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        shown = dialog_text(app)
        assert "a phone number (07700 900123)" in shown and "a postcode (TQ1 2AB)" in shown
        await pilot.click("#confirm")
        await wait_for_store(pilot)
        assert isinstance(app.screen, SummaryScreen)
    (reflection,), drafts = stored(db_path)
    assert drafts == []
    assert reflection.what_happened == "Rang her on 07700 900123 and we met at TQ1 2AB."


async def test_a_person_code_that_reads_like_a_full_name_is_found_and_edit_goes_to_it(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n")
        app.screen.query_one("#person", Input).value = "John Smith"
        await pilot.press("enter", "y", "ctrl+s")
        await wait_for_store(pilot)
        assert "what looks like a full name (John Smith) in the person code" in dialog_text(app)
        await pilot.press("escape")  # Escape means Edit too
        await wait_for_store(pilot)
        assert app.focused is app.screen.query_one("#person", Input)
        app.screen.query_one("#person", Input).value = "JS-1"
        await pilot.press("ctrl+s")
        await wait_for_store(pilot)
        assert isinstance(app.screen, SummaryScreen)  # nothing left to ask about
    (reflection,), _ = stored(db_path)
    assert reflection.person_code == "JS-1"


async def test_a_reflection_with_nothing_identifying_saves_without_a_question(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "tab", *"met at the cafe, 45 minutes, room 12", "ctrl+s")
        await wait_for_store(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert not app.screen.query(Button).filter("#confirm")
