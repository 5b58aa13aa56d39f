"""Flagging a reflection, or one answer's note, to bring to supervision, in the app (`reflect add --flag`: tests/cli/test_flagging.py)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Label

from reflect.store import open_store
from reflect.tui.screens.detail import DetailScreen
from reflect.tui.screens.summary import SummaryScreen
from tests.helpers.app import open_history, seed_demo, wait_for_store

NOTE_KEY = "lived-experience"  # question 4


def stored(db_path: Path, uuid: str | None = None):  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        return store.get(uuid) if uuid else (store.list_reflections() + store.drafts())
    finally:
        store.close()


# In the app -----------------------------------------------------------------------------------


async def test_f_on_a_reflection_flags_it_for_supervision_and_f_again_takes_the_flag_off(make_app, db_path) -> None:
    (newest, *_) = sorted(seed_demo(db_path), key=lambda r: r.occurred_at, reverse=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)

        await pilot.press("f")
        await pilot.pause()
        assert stored(db_path, newest.uuid).flagged
        assert "⚑ Flagged for supervision" in str(app.screen.query_one(".detail-flag").render())

        await pilot.press("f")
        await pilot.pause()
        assert not stored(db_path, newest.uuid).flagged
        assert not app.screen.query(".detail-flag")


async def test_ctrl_f_while_writing_a_note_flags_the_note_and_the_saved_reflection_keeps_it(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "y", "p")  # now on question 4
        await pilot.press("tab", *"I shared too much of my story", "ctrl+f")
        label = app.screen.query_one("#note-label", Label)
        assert "⚑ flagged for supervision" in str(label.render())
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    (reflection,) = stored(db_path)
    assert reflection.answers[NOTE_KEY].note == "I shared too much of my story"
    assert reflection.answers[NOTE_KEY].flagged
    assert not reflection.flagged


async def test_f_on_a_question_with_a_note_flags_it_and_the_draft_keeps_the_flag(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "y", "p", "tab", *"a note", "escape", "f")
        await pilot.pause()
        (draft,) = stored(db_path)
        assert draft.is_draft and draft.answers[NOTE_KEY].flagged

        await pilot.press("f")  # and off again
        await pilot.pause()
        (draft,) = stored(db_path)
        assert not draft.answers[NOTE_KEY].flagged


async def test_f_on_a_question_without_a_note_explains_and_flags_nothing(make_app, db_path) -> None:
    app = make_app()
    messages: list[str] = []
    app.notify = lambda message, **_options: messages.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "f")
        await pilot.pause()
        await pilot.press("y", "ctrl+s")
        await pilot.pause()
    assert any("Write a note first" in message for message in messages)
    (reflection,) = stored(db_path)
    assert not any(answer.flagged for answer in reflection.answers.values())


async def test_emptying_a_flagged_note_takes_its_flag_away(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "tab", *"oops", "ctrl+f", *["backspace"] * 4, *"new words", "enter", "ctrl+s")
        await pilot.pause()
    (reflection,) = stored(db_path)
    assert reflection.answers["personal-goals"].note == "new words"
    assert not reflection.answers["personal-goals"].flagged


async def test_f_after_saving_flags_the_reflection_just_made(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", *"yypnxyypyy", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.query_one("#summary-flag").display
    (reflection,) = stored(db_path)
    assert reflection.flagged and not reflection.is_draft


async def test_a_note_flagged_while_editing_is_stored_only_when_the_edit_is_saved(make_app, db_path) -> None:
    (newest, *_) = sorted(seed_demo(db_path), key=lambda r: r.occurred_at, reverse=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter", "e", "enter", "tab", *"worth talking through", "ctrl+f")
        await pilot.pause()
        before_saving = stored(db_path, newest.uuid).answers.get("make-sense")
        assert before_saving is None or not before_saving.flagged
        await pilot.press("ctrl+s")
        await pilot.pause()
    answer = stored(db_path, newest.uuid).answers["make-sense"]
    assert answer.flagged and answer.note.endswith("worth talking through")


async def test_history_marks_flagged_reflections_with_a_symbol_and_words_and_finds_them(make_app, db_path) -> None:
    reflections = seed_demo(db_path)
    flagged = min(reflections, key=lambda r: r.occurred_at)
    flagged.flagged = True
    store = open_store(db_path)
    store.save(flagged)
    store.close()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        table = app.screen.query_one("#history", DataTable)
        tags = table.get_row(flagged.uuid)[-1]  # the Tags column
        assert str(tags).startswith("⚑")
        assert "⚑ for supervision" in str(app.screen.query_one("#history-status").render())

        await pilot.press("slash", *"flagged")
        await pilot.pause(0.3)
        assert table.row_count == 1
