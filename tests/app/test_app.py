"""The app, driven from the keyboard (and mouse) as a practitioner would, checked against the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.events import Key
from textual.widgets import DataTable, Input, Select, Static, TextArea

from reflect.model import Response
from reflect.questions import default_question_set
from reflect.store import open_store
from reflect.tui.dialogs import ConfirmDialog, DraftDialog, LeaveDialog, WhyDialog
from reflect.tui.flow import ReflectionScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.summary import SummaryScreen
from reflect.tui.settle import settled
from reflect.tui.widgets.questions import AnswerChoice, QuestionStep
from tests.helpers.app import open_history, seed_demo, wait_for_store
from tests.helpers.environment import FIXED_NOW

QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys
Y, P, N, X = Response.YES, Response.PARTLY, Response.NO, Response.NOT_APPLICABLE


def stored(db_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        return store.list_reflections(), store.drafts()
    finally:
        store.close()


async def test_a_first_run_welcomes_and_explains_what_the_app_is_for(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#welcome").display
        assert not app.screen.query_one("#recent-box").display
        assert "Everything you write stays on this computer." in str(app.screen.query_one("#welcome", Static).content)


async def test_a_keyboard_only_reflection_takes_thirteen_keys_and_stores_every_answer(make_app, db_path) -> None:
    app = make_app()
    keys = ["n", "enter", "y", "p", "n", "x", "1", "2", "3", "4", "y", "y", "ctrl+s"]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    (reflection,), drafts = stored(db_path)
    assert drafts == []
    assert [reflection.response_for(key) for key in KEYS] == [Y, P, N, X, Y, P, N, X, Y, Y]
    assert reflection.occurred_at == FIXED_NOW
    assert reflection.question_set_id == QUESTIONS.id and reflection.question_set_version == QUESTIONS.version
    assert len(keys) <= 13


async def test_each_answer_is_written_as_a_draft_the_moment_it_is_given(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "p", "n")
        completed, (draft,) = stored(db_path)
        assert completed == []
        assert [draft.response_for(key) for key in KEYS[:4]] == [Y, P, N, None]


async def test_a_draft_left_by_a_closed_terminal_is_offered_back_and_can_be_finished(make_app, db_path) -> None:
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "y", "p")
        await pilot.press("tab", *"kind words", "enter")  # a note on question 4, then on
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        assert isinstance(second.screen, DraftDialog)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(second.screen, ReflectionScreen)
        # Back where it was left: question 5, after the note on question 4.
        assert second.screen.query_one(QuestionStep).index == 4
        await pilot.press(*"nnnnnn", "ctrl+s")
        await pilot.pause()
    (reflection,), drafts = stored(db_path)
    assert drafts == []
    assert [reflection.response_for(key) for key in KEYS] == [Y, Y, P, None, N, N, N, N, N, N]
    assert reflection.answers[KEYS[3]].note == "kind words"


async def test_a_draft_can_be_discarded_at_start_after_a_confirm(make_app, db_path) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("tab", "enter")  # from "Keep it" to "Discard"
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert stored(db_path) == ([], [])


async def test_later_keeps_the_draft_for_another_time(make_app, db_path) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, HomeScreen)
    completed, drafts = stored(db_path)
    assert completed == [] and len(drafts) == 1


async def test_context_notes_and_closing_texts_are_stored_exactly_as_typed(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n")
        screen = app.screen
        screen.query_one("#when", Input).value = "yesterday 15:00"
        screen.query_one("#kind", Select).value = "home-visit"
        screen.query_one("#person", Input).value = "JB-12"
        screen.query_one("#tags", Input).value = "Housing, peer support,housing"
        screen.query_one("#duration", Input).value = "45"
        screen.query_one("#when", Input).focus()
        await pilot.press("enter")
        assert screen.query_one(QuestionStep).index == 0
        await pilot.press("tab", *"[bold]not markup[/]", "escape")  # Escape in a note returns to the question
        assert isinstance(app.screen, ReflectionScreen)
        await pilot.press(*"yyyyyyyyyy")
        screen.query_one("#what-happened", TextArea).text = "We talked about the move."
        screen.query_one("#so-what", TextArea).text = "She led the plan."
        screen.query_one("#now-what", TextArea).text = "Ask about the allotment."
        screen.query_one("#commitment", Input).value = "Let her set the agenda."
        await pilot.press("ctrl+s")
        await pilot.pause()
    (reflection,), _ = stored(db_path)
    assert reflection.occurred_at == datetime(2026, 11, 22, 15, 0, tzinfo=FIXED_NOW.tzinfo)
    assert reflection.kind == "home-visit"
    assert reflection.person_code == "JB-12"
    assert reflection.tags == ["housing", "peer support"]
    assert reflection.duration_minutes == 45
    assert reflection.answers[KEYS[0]].note == "[bold]not markup[/]"
    assert reflection.answers[KEYS[0]].response is Y
    assert reflection.what_happened == "We talked about the move."
    assert reflection.so_what == "She led the plan."
    assert reflection.now_what == "Ask about the allotment."
    assert reflection.commitment == "Let her set the agenda."


async def test_a_time_that_cannot_be_read_is_explained_and_nothing_moves_on(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", *"the other day", "enter")
        screen = app.screen
        assert str(screen.query_one("#when-hint").render()).startswith("Could not read 'the other day'")
        assert screen.query_one("#steps").current == "context"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReflectionScreen)
    assert stored(db_path) == ([], [])


async def test_back_and_forward_keys_move_between_questions_and_steps(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "right", "right")
        step = app.screen.query_one(QuestionStep)
        assert step.index == 2
        await pilot.press("left")
        assert step.index == 1
        await pilot.press("pageup", "pageup")
        assert app.screen.query_one("#steps").current == "context"
        await pilot.press("pagedown")
        assert app.screen.query_one("#steps").current == "questions"
        for _ in range(10):
            await pilot.press("pagedown")
        assert app.screen.query_one("#steps").current == "closing"


async def test_question_mark_explains_why_the_practice_matters(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "right", "question_mark")
        assert isinstance(app.screen, WhyDialog)
        assert app.screen.question.key == KEYS[1]
        await pilot.press("escape")
        assert isinstance(app.screen, ReflectionScreen)


async def test_an_answer_can_be_given_with_the_mouse(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter")
        partly = next(choice for choice in app.screen.query(AnswerChoice) if choice.response is P)
        await pilot.click(partly)
        assert app.screen.query_one(QuestionStep).index == 1
    _, (draft,) = stored(db_path)
    assert draft.response_for(KEYS[0]) is P


async def test_escape_asks_before_discarding_and_keeps_the_draft_if_told_to(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "escape")
        assert isinstance(app.screen, LeaveDialog)
        await pilot.press("enter")  # the focused, safe choice: keep reflecting
        assert isinstance(app.screen, ReflectionScreen)
        assert len(stored(db_path)[1]) == 1
        await pilot.press("escape", "tab", "enter")  # now discard
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert stored(db_path) == ([], [])


async def test_escape_before_anything_is_given_leaves_no_trace(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "escape")
        assert isinstance(app.screen, HomeScreen)
    assert stored(db_path) == ([], [])


async def test_reflect_new_opens_straight_into_a_reflection(make_app) -> None:
    app = make_app(start_new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        assert isinstance(app.screen, ReflectionScreen)


async def test_home_shows_recent_reflections_the_last_commitment_and_the_week(make_app, db_path) -> None:
    reflections = seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        screen = app.screen
        assert not screen.query_one("#welcome").display
        assert screen.query_one("#recent", DataTable).row_count == 6
        latest_commitment = next(r for r in reflections if r.commitment)
        assert latest_commitment.commitment in str(screen.query_one("#commitment").render())
        this_week = [r for r in reflections if r.occurred_at >= datetime(2026, 11, 23, tzinfo=FIXED_NOW.tzinfo)]
        assert this_week, "the demo data should include a reflection from this week"
        plural = "reflection" if len(this_week) == 1 else "reflections"
        assert str(screen.query_one("#week-line").render()).startswith(f"This week: {len(this_week)} {plural}")


async def test_history_lists_every_reflection_and_filters_them(make_app, db_path) -> None:
    reflections = seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        table = app.screen.query_one("#history", DataTable)
        assert table.row_count == len(reflections)
        await pilot.press("slash", *"housing")
        await pilot.pause(0.3)  # the filter waits for a pause in typing
        expected = [r for r in reflections if "housing" in r.tags]
        assert table.row_count == len(expected) > 0


async def test_a_reflection_can_be_opened_edited_and_saved(make_app, db_path) -> None:
    reflections = seed_demo(db_path)
    newest = reflections[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter", "e")
        assert isinstance(app.screen, ReflectionScreen) and app.screen.editing
        await pilot.press("enter", "right", "right", "x")  # question 3 becomes Not applicable
        await pilot.press("ctrl+s")
        await pilot.pause()
    store = open_store(db_path)
    edited = store.get(newest.uuid)
    store.close()
    assert edited is not None
    assert edited.response_for(KEYS[2]) is X
    for key in KEYS[:2] + KEYS[3:]:
        assert edited.response_for(key) is newest.response_for(key)
    assert edited.updated_at > newest.updated_at
    assert edited.created_at == newest.created_at


async def test_leaving_an_edit_without_saving_changes_nothing(make_app, db_path) -> None:
    newest = seed_demo(db_path)[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter", "e", "enter", "x", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("tab", "enter")
        await pilot.pause()
    store = open_store(db_path)
    unchanged = store.get(newest.uuid)
    store.close()
    assert unchanged == newest


async def test_a_reflection_is_deleted_only_after_a_confirm(make_app, db_path) -> None:
    reflections = seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # changed my mind
        await pilot.press("d", "tab", "enter")
        await pilot.pause()
    remaining, _ = stored(db_path)
    assert [r.uuid for r in remaining] == [r.uuid for r in reflections[1:]]


async def test_the_chosen_theme_is_remembered(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        app.theme = "reflect-high-contrast"
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "reflect-high-contrast"


async def test_the_command_palette_offers_the_main_actions(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"New reflection", "History", "High-contrast theme"} <= set(titles)


async def test_an_unusable_database_stops_the_app_with_a_message(make_app, tmp_path) -> None:
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("my shopping list")
    app = make_app(db=not_a_database)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
    assert app.failure is not None and "not a reflect database" in app.failure
    assert not_a_database.read_text() == "my shopping list"


async def test_keys_typed_ahead_of_a_step_change_land_on_the_right_question(make_app, db_path) -> None:
    """A fast typist's keys arrive before the focus has moved; none may be lost or misplaced."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n")
        await pilot.pause()
        # Queue every key at once, as a terminal delivers a burst of typing.
        for key in ["enter", "y", "p", "tab", "o", "k", "enter", "n"]:
            app._driver.send_message(Key(key, key if len(key) == 1 else None))
        # Until every key is handled and saved, not a fixed half second (CI, loaded, took longer).
        await settled(pilot)
    _, (draft,) = stored(db_path)
    # Yes, Partly, a note "ok" on question 3 (Enter leaves it unanswered), then No for question 4.
    assert [draft.response_for(key) for key in KEYS[:5]] == [Y, P, None, N, None]
    assert draft.answers[KEYS[2]].note == "ok"


async def test_a_long_history_is_shown_a_page_at_a_time(make_app, db_path, monkeypatch) -> None:
    import reflect.tui.screens.history as history

    monkeypatch.setattr(history, "PAGE_SIZE", 5)
    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        table = app.screen.query_one("#history", DataTable)
        assert table.row_count == 5
        assert "Latest 5 of 12" in str(app.screen.query_one("#history-status").render())
        await pilot.press("m")
        assert table.row_count == 10


async def test_tab_moves_between_the_closing_fields(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", *"yyyyyyyyyy")
        assert app.screen.focused.id == "what-happened"
        await pilot.press("tab")
        assert app.screen.focused.id == "so-what"
        await pilot.press("tab", "tab")
        assert app.screen.focused.id == "commitment"


def burst(app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Deliver keys all at once, as a terminal delivers fast typing or a paste."""
    for key in keys:
        app._driver.send_message(Key(key, " " if key == "space" else key if len(key) == 1 else None))


async def test_text_typed_just_before_ctrl_s_is_saved_in_full(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", *"yyyyyyyyyy")
        burst(app, [*"typed fast", "ctrl+s"])
        await pilot.pause(0.5)
        assert isinstance(app.screen, SummaryScreen)
    (reflection,), _ = stored(db_path)
    assert reflection.what_happened == "typed fast"


async def test_a_note_typed_just_before_page_down_stays_on_its_question(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "tab")
        burst(app, [*"on two", "pagedown"])
        await pilot.pause(0.5)
        assert app.screen.query_one(QuestionStep).index == 2
        await pilot.press("escape", "y")  # back to the question, answer 3
    _, (draft,) = stored(db_path)
    assert draft.answers[KEYS[1]].note == "on two"
    assert KEYS[2] not in draft.answers or draft.answers[KEYS[2]].note == ""


async def test_a_relative_time_is_read_once_and_does_not_drift_before_saving(make_app, db_path) -> None:
    now = [FIXED_NOW]
    app = make_app(clock=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", *"2 hours ago", "enter", "y")
        now[0] = FIXED_NOW + timedelta(minutes=25)  # a slow, thoughtful reflection
        await pilot.press("ctrl+s")
        await pilot.pause()
    (reflection,), _ = stored(db_path)
    assert reflection.occurred_at == FIXED_NOW - timedelta(hours=2)


async def test_an_edit_shows_the_stored_time_and_keeps_it_to_the_second(make_app, db_path) -> None:
    newest = seed_demo(db_path)[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter", "e")
        assert app.screen.query_one("#when", Input).value == f"{newest.occurred_at:%Y-%m-%d %H:%M}"
        await pilot.press("enter", "x", "ctrl+s")
        await pilot.pause()
    store = open_store(db_path)
    edited = store.get(newest.uuid)
    store.close()
    assert edited is not None and edited.occurred_at == newest.occurred_at


async def test_escape_after_changing_only_the_time_of_an_edit_asks_first(make_app, db_path) -> None:
    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter", "e", "ctrl+u", *"yesterday 09:00", "escape")
        assert isinstance(app.screen, ConfirmDialog)


async def test_a_draft_whose_only_answer_is_cleared_is_not_kept(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y")
        assert len(stored(db_path)[1]) == 1
        await pilot.press("left", "backspace")
        assert stored(db_path) == ([], [])


async def test_enter_moves_on_from_a_question_and_from_a_chosen_kind(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n")
        kind = app.screen.query_one("#kind", Select)
        kind.value = "phone"
        app.screen.set_focus(kind)
        await pilot.press("enter")
        assert app.screen.query_one("#steps").current == "questions"
        await pilot.press("enter")
        assert app.screen.query_one(QuestionStep).index == 1


async def test_saving_a_reflection_with_nothing_in_it_saves_nothing(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "ctrl+s")
        assert isinstance(app.screen, ReflectionScreen)
    assert stored(db_path) == ([], [])


async def test_enter_on_home_opens_the_highlighted_recent_reflection(make_app, db_path) -> None:
    from reflect.tui.screens.detail import DetailScreen

    newest = seed_demo(db_path)[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen) and app.screen.uuid == newest.uuid


async def test_deleting_from_history_after_a_change_of_mind_stays_in_history(make_app, db_path) -> None:
    from reflect.tui.screens.history import HistoryScreen

    reflections = seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("d", "escape")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("d", "tab", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one("#history", DataTable).row_count == len(reflections) - 1


async def test_quitting_in_the_middle_of_an_edit_asks_first(make_app, db_path) -> None:
    newest = seed_demo(db_path)[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter", "e", "enter", "x", "ctrl+q")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # keep editing
        assert isinstance(app.screen, ReflectionScreen)
    store = open_store(db_path)
    assert store.get(newest.uuid) == newest
    store.close()


async def test_quitting_in_the_middle_of_a_note_keeps_the_note_in_the_draft(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "tab", *"half a thought", "ctrl+q")
    _, (draft,) = stored(db_path)
    assert draft.answers[KEYS[1]].note == "half a thought"


async def test_the_palette_offers_no_way_round_an_open_reflection(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert not titles & {"New reflection", "History", "Home"}


async def test_a_waiting_draft_is_not_offered_over_reflect_new_but_on_home(make_app, db_path) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y")
    app = make_app(start_new=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        assert isinstance(app.screen, ReflectionScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#draft-line").display
        await pilot.press("r")
        assert isinstance(app.screen, DraftDialog)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen) and app.screen.reflection.answered_count == 1


async def test_a_new_reflection_starts_with_an_empty_when_meaning_now(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n")
        assert app.screen.query_one("#when", Input).value == ""
        assert str(app.screen.query_one("#when-hint").render()) == "Mon 23 Nov 2026, 16:30"


async def test_history_counts_one_reflection_in_the_singular(make_app, db_path) -> None:
    seed_demo(db_path, count=1)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        status = str(app.screen.query_one("#history-status").render())
        assert status.startswith("1 reflection ") and "1 reflections" not in status


async def test_keys_typed_while_a_new_reflection_opens_are_not_lost(make_app, db_path) -> None:
    """n, Enter and the first answers typed in one burst: the reflection takes a moment to open."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        burst(app, ["n", "enter", "y", "p", "n", "x"])
        # However long the reflection takes to open on a busy machine: until every key is taken.
        for _ in range(200):
            await wait_for_store(pilot)
            if isinstance(app.screen, ReflectionScreen) and app.screen.reflection.response_for(KEYS[3]) is not None:
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, ReflectionScreen)
    _, (draft,) = stored(db_path)
    assert [draft.response_for(key) for key in KEYS[:5]] == [Y, P, N, X, None]


async def test_a_commitment_is_linked_to_the_practices_chosen_even_when_typed_fast(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", *"yyyyyyyyyy", "tab", "tab", "tab", *"Ask first", "tab")
        assert app.screen.focused.id == "commitment-questions"
        # Down to Personal goals, choose it; down twice more to Shared stories, choose it: in one burst.
        burst(app, ["down", "space", "down", "down", "space"])
        await pilot.pause(0.3)
        await pilot.press("ctrl+s")
        await pilot.pause()
    (reflection,), _ = stored(db_path)
    assert reflection.commitment == "Ask first"
    assert reflection.commitment_questions == [KEYS[1], KEYS[3]]
