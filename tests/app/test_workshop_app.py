"""A participant answering a vignette, and the trainer's view of the room, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Markdown, Static

from reflect.model import Response
from reflect.tui.settle import settled
from reflect.tui.workshop.participant import DoneScreen, ParticipantApp, RoomQuestionsScreen, VignetteScreen
from reflect.tui.workshop.room import RoomApp, RoomScreen
from reflect.workshop.store import WorkshopStore
from tests.helpers.workshops import KEYS, answer_as, make_workshop


def stored_answers(path: Path) -> dict[str, tuple[Response | None, str]]:
    store = WorkshopStore.open(path)
    try:
        return {answer.question_key: (answer.response, answer.note) for answer in store.answers()}
    finally:
        store.close()


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


# A participant ---------------------------------------------------------------------------


async def test_a_participant_reads_the_vignette_then_answers_all_ten(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = ParticipantApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, VignetteScreen)
        assert "Ellis" in app.screen.query_one(Markdown).source
        assert app.participant.startswith("Participant ")
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, RoomQuestionsScreen)
        await pilot.press(*"yypnx", "1", "2", "3", "4", "y")
        await settled(pilot)
        assert isinstance(app.screen, DoneScreen)
        assert "10 of 10" in screen_text(app)
    answers = stored_answers(path)
    assert [answers[key][0] for key in KEYS] == [
        Response.YES, Response.YES, Response.PARTLY, Response.NO, Response.NOT_APPLICABLE,
        Response.YES, Response.PARTLY, Response.NO, Response.NOT_APPLICABLE, Response.YES,
    ]  # fmt: skip
    store = WorkshopStore.open(path)
    try:
        assert [(participant.label, participant.finished) for participant in store.participants()] == [(app.participant, True)]
    finally:
        store.close()


async def test_escape_on_the_first_reading_stays_on_the_vignette(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = ParticipantApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("escape", "y", "q", "z")
        await settled(pilot)
        assert isinstance(app.screen, VignetteScreen)
    assert stored_answers(path) == {}


async def test_each_answer_is_in_the_file_as_soon_as_it_is_given(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = ParticipantApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter", "p")
        await settled(pilot)
        assert stored_answers(path) == {KEYS[0]: (Response.PARTLY, "")}


async def test_a_note_is_written_and_keys_typed_in_it_are_just_text(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = ParticipantApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter", "tab", *"yes, and [bold]", "tab", "p")
        await settled(pilot)
        assert app.screen.query_one("#flow-progress", Static).render().plain.endswith("1 of 10 answered")  # type: ignore[union-attr]
    assert stored_answers(path) == {KEYS[0]: (Response.PARTLY, "yes, and [bold]")}


async def test_a_note_still_being_typed_when_the_participant_quits_is_written(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = ParticipantApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter", "tab", *"half a thought")
        await pilot.press("ctrl+q")  # before the pause in typing that writes a note
    assert stored_answers(path) == {KEYS[0]: (None, "half a thought")}


async def test_the_same_participant_key_resumes_the_same_participant_where_they_were(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    key = "a1" * 16
    first = ParticipantApp(path, cursor_blink=False, participant_key=key)
    async with first.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter", "y", "p", "tab", *"stuck here")
        await pilot.press("ctrl+q")
    again = ParticipantApp(path, cursor_blink=False, participant_key=key)
    async with again.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert again.participant == first.participant
        assert isinstance(again.screen, RoomQuestionsScreen)  # not the case again: back at question 3
        assert "Question 3 of 10" in screen_text(again)
        assert again.screen.query_one("#note", Input).value == "stuck here"
        await pilot.press("n")
        await settled(pilot)
    store = WorkshopStore.open(path)
    try:
        assert [participant.label for participant in store.participants()] == [first.participant]
    finally:
        store.close()
    assert [stored_answers(path)[key][0] for key in KEYS[:3]] == [Response.YES, Response.PARTLY, Response.NO]


async def test_a_participant_who_had_finished_comes_back_to_their_answers(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    key = "b2" * 16
    first = ParticipantApp(path, cursor_blink=False, participant_key=key)
    async with first.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter", *"yyyyyyyyyy")
        await settled(pilot)
    again = ParticipantApp(path, cursor_blink=False, participant_key=key)
    async with again.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert isinstance(again.screen, DoneScreen)
        assert "10 of 10" in screen_text(again)


async def test_a_participant_is_told_the_trainer_may_read_notes_and_never_offered_supervision_flags(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = ParticipantApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        for keys in ([], ["y", "left"], ["tab", *"a note", "tab"], ["right", "left"]):
            await pilot.press(*keys)
            await settled(pilot)
            label = str(app.screen.query_one("#note-label", Static).render())
            assert "The trainer may read notes out" in label
            assert "supervision" not in screen_text(app)


async def test_going_back_changes_an_answer_and_clearing_removes_it(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = ParticipantApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter", "y", "y", "left", "n", "left", "backspace")
        await settled(pilot)
    answers = stored_answers(path)
    assert answers[KEYS[0]] == (Response.YES, "")
    assert answers[KEYS[1]] == (None, "")


async def test_the_vignette_can_be_read_again_without_losing_the_place(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = ParticipantApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter", "y", "y", "v")
        await settled(pilot)
        assert isinstance(app.screen, VignetteScreen)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, RoomQuestionsScreen)
        assert "Question 3 of 10" in screen_text(app)


async def test_after_the_last_question_a_participant_can_still_change_an_answer(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = ParticipantApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter", *"yyyyyyyyyy")
        await settled(pilot)
        assert isinstance(app.screen, DoneScreen)
        await pilot.press("b", "n")
        await settled(pilot)
        assert isinstance(app.screen, DoneScreen)
    assert stored_answers(path)[KEYS[9]] == (Response.NO, "")


async def test_two_participants_are_told_apart(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    first, second = ParticipantApp(path, cursor_blink=False), ParticipantApp(path, cursor_blink=False)
    async with first.run_test(size=(80, 24)) as pilot_one, second.run_test(size=(80, 24)) as pilot_two:
        await settled(pilot_one)
        await settled(pilot_two)
        await pilot_one.press("enter", "y")
        await pilot_two.press("enter", "n")
        await settled(pilot_one)
        await settled(pilot_two)
    assert first.participant != second.participant
    store = WorkshopStore.open(path)
    try:
        assert {(answer.participant, answer.response) for answer in store.answers()} == {
            (first.participant, Response.YES), (second.participant, Response.NO),
        }  # fmt: skip
    finally:
        store.close()


async def test_a_participant_app_for_a_file_that_is_not_a_workshop_stops_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "nothing.db"
    app = ParticipantApp(path, cursor_blink=False)
    async with app.run_test(size=(80, 24)):
        pass
    assert app.failure and "does not exist" in app.failure


# The trainer's view ---------------------------------------------------------------------


def table_rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(DataTable)
    return [[str(getattr(cell, "plain", cell)) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_the_room_shows_each_questions_counts_and_marks_where_it_differs(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant A", "yyyyyyyyyy")
    answer_as(path, "Participant B", "ynyyyyyyyp")
    answer_as(path, "Participant C", "ypyyyyyyyx", finish=False)
    app = RoomApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, RoomScreen)
        rows = table_rows(app)
        assert rows[0][:4] == [" ", "1", "Making sense", "●3 ◐0 ○0 –0"] and rows[0][5] == "3"
        assert rows[1][:4] == ["◆", "2", "Personal goals", "●1 ◐1 ○1 –0"]
        assert rows[9][:4] == ["◆", "10", "Hope", "●1 ◐1 ○0 –1"]
        text = screen_text(app)
        assert "3 joined · 2 finished" in text
        assert "Where the room differs most: 2 Personal goals, 10 Hope" in text


async def test_answers_from_another_connection_appear_while_the_view_is_open(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = RoomApp(path, poll_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert "Waiting for the room" in screen_text(app)
        answer_as(path, "Participant A", "y")
        await pilot.pause(0.3)
        await settled(pilot)
        assert table_rows(app)[0][3] == "●1 ◐0 ○0 –0"
        assert "Answers are arriving" in screen_text(app)
        answer_as(path, "Participant B", "n")
        await pilot.pause(0.3)
        await settled(pilot)
        assert table_rows(app)[0][:4] == ["◆", "1", "Making sense", "●1 ◐0 ○1 –0"]
        assert "2 joined · 2 finished" in screen_text(app)


async def test_notes_are_shown_only_when_the_trainer_asks(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant A", "yy", notes={1: "Listened to the whole [b]story[/b]"})
    app = RoomApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        text = screen_text(app)
        assert "1 note on this practice: press n to show notes." in text
        assert "whole" not in text
        await pilot.press("n")
        await settled(pilot)
        assert "Participant A (● Yes): Listened to the whole [b]story[/b]" in screen_text(app)
        await pilot.press("down")
        await settled(pilot)
        assert "No notes on this practice yet." in screen_text(app)
        await pilot.press("up", "n")
        await settled(pilot)
        assert "whole" not in screen_text(app)


async def test_the_trainer_can_show_the_vignette_and_come_back(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = RoomApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("v")
        await settled(pilot)
        assert "Ellis" in app.screen.query_one(Markdown).source
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, RoomScreen)
