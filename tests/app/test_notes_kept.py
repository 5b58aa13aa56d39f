"""What a tired practitioner types is never replaced, misplaced or lost: notes, drafts and edits."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from reflect.model import Response
from reflect.questions import default_question_set
from reflect.store import open_store
from reflect.tui.dialogs import ConfirmDialog, DraftDialog, LeaveDialog
from reflect.tui.flow import ReflectionScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.widgets.questions import QuestionStep
from tests.helpers.app import open_history, seed_demo, wait_for_store

KEYS = default_question_set().keys


def everything(db_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        return store.list_reflections(), store.drafts()
    finally:
        store.close()


async def test_tab_into_a_note_that_has_words_then_typing_adds_to_them(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "tab", *"She chose the walking group", "enter", "left", "tab", *" and")
        await pilot.press("enter")
        await pilot.pause()
        _, (draft,) = everything(db_path)
    assert draft.answers[KEYS[0]].note == "She chose the walking group and"


async def test_tab_into_an_edited_reflections_note_then_typing_adds_to_it(make_app, db_path) -> None:
    newest = seed_demo(db_path)[0]
    with_note = next(i for i, key in enumerate(KEYS) if newest.answers.get(key) and newest.answers[key].note)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter", "e", "enter", *["right"] * with_note, "tab", *" too", "ctrl+s")
        await pilot.pause()
    store = open_store(db_path)
    try:
        edited = store.get(newest.uuid)
    finally:
        store.close()
    assert edited is not None and edited.answers[KEYS[with_note]].note == newest.answers[KEYS[with_note]].note + " too"


async def test_a_note_on_the_question_just_answered_is_one_key_away_and_says_which_question(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "1")  # Yes to question 1: the flow moves on to question 2
        step = app.screen.query_one(QuestionStep)
        assert step.index == 1
        assert "question 1" in step.query_one("#note-label").render().plain.lower()
        await pilot.press("shift+tab")  # back to question 1's note
        assert step.index == 0
        assert "making sense" in step.query_one("#note-label").render().plain.lower()
        await pilot.press(*"because she chose", "enter")
        await pilot.pause()
        _, (draft,) = everything(db_path)
    assert draft.answers[KEYS[0]].response is Response.YES and draft.answers[KEYS[0]].note == "because she chose"
    assert draft.response_for(KEYS[1]) is None and not (draft.answers.get(KEYS[1]) and draft.answers[KEYS[1]].note)


async def test_a_resumed_draft_opens_where_the_practitioner_stopped(make_app, db_path) -> None:
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "y", "p", "n")  # questions 1-4 answered: question 5 is next
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        assert isinstance(second.screen, DraftDialog)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(second.screen, ReflectionScreen)
        assert second.screen.query_one(QuestionStep).index == 4


async def test_escape_mid_reflection_offers_finish_later_which_keeps_the_draft_for_home_to_offer(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "p", "escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        assert any("later" in str(button.label).lower() for button in app.screen.query(Button))
        await pilot.press("l")  # finish later
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        _, (draft,) = everything(db_path)
    assert [draft.response_for(key) for key in KEYS[:3]] == [Response.YES, Response.PARTLY, None]


async def test_an_edit_in_progress_is_kept_when_the_terminal_closes_and_offered_back(make_app, db_path) -> None:
    newest = seed_demo(db_path)[0]
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter", "e", "enter", "right", "right", "x")  # question 3 becomes Not applicable
        first._closed_abruptly()  # the terminal went away (SIGHUP)
        await pilot.pause()
    (held, _) = everything(db_path)
    assert next(r for r in held if r.uuid == newest.uuid).response_for(KEYS[2]) is newest.response_for(KEYS[2])
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        assert isinstance(second.screen, ConfirmDialog) and "changes" in second.screen.message
        await pilot.click("#confirm")
        await pilot.pause()
    (held, drafts) = everything(db_path)
    assert next(r for r in held if r.uuid == newest.uuid).response_for(KEYS[2]) is Response.NOT_APPLICABLE
    assert drafts == []


async def test_a_draft_emptied_and_then_answered_again_is_kept_without_any_question(make_app, db_path) -> None:
    """Clearing the only answer removes the draft; answering again writes a new one (no conflict with itself)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "left", "backspace")  # answered, back, cleared: the draft goes
        await pilot.pause()
        assert everything(db_path) == ([], [])
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen)
        _, (draft,) = everything(db_path)
    assert draft.response_for(KEYS[0]) is Response.PARTLY
