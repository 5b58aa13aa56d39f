"""A participant's app follows the trainer: answering paused, the spread revealed, a new round."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from reflect.model import Response
from reflect.tui.settle import settled
from reflect.tui.workshop.participant import ParticipantApp, RoomQuestionsScreen, VignetteScreen
from reflect.tui.workshop.room_follow import PAUSED_LINE, AnsweringPausedScreen, RoomSpreadScreen
from reflect.workshop.store import WorkshopStore
from reflect.workshop.vignettes import find_vignette
from tests.helpers.workshops import KEYS, answer_as, make_workshop


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def trainer(path: Path) -> WorkshopStore:
    return WorkshopStore.open(path)


def stored(path: Path, round_number: int = 1) -> dict[str, Response | None]:
    store = WorkshopStore.open(path)
    try:
        return {answer.question_key: answer.response for answer in store.answers(round_number) if answer.participant == "Participant P"}
    finally:
        store.close()


async def follow(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause(0.3)  # a few of the follower's polls
    await settled(pilot)


@pytest.fixture(autouse=True)
def quick_following(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reflect.tui.workshop.room_follow.FOLLOW_SECONDS", 0.05)


def participant_app(path: Path) -> ParticipantApp:
    app = ParticipantApp(path, cursor_blink=False, label="Participant P")
    return app


async def test_while_paused_a_participant_sees_a_kind_line_and_carries_on_when_answering_opens(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = participant_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter", "y")
        await settled(pilot)
        store = trainer(path)
        try:
            store.set_answering(False)
            await follow(pilot)
            assert isinstance(app.screen, AnsweringPausedScreen)
            assert PAUSED_LINE in screen_text(app)
            await pilot.press("y")  # keys go nowhere while paused
            await settled(pilot)
            assert stored(path) == {KEYS[0]: Response.YES}
            store.set_answering(True)
            await follow(pilot)
            assert isinstance(app.screen, RoomQuestionsScreen)
            await pilot.press("p")
            await settled(pilot)
            assert stored(path) == {KEYS[0]: Response.YES, KEYS[1]: Response.PARTLY}
        finally:
            store.close()


async def test_an_answer_given_as_answering_closes_is_kept_and_written_when_it_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reflect.tui.workshop.room_follow.FOLLOW_SECONDS", 60)  # the app looks only when told to, below
    path = make_workshop(tmp_path / "room.db")
    app = participant_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        store = trainer(path)
        try:
            store.set_answering(False)
            await pilot.press("y")  # before the app has noticed: the file refuses it
            await settled(pilot)
            assert isinstance(app.screen, AnsweringPausedScreen)
            assert stored(path) == {}
            store.set_answering(True)
            app.room.check()  # type: ignore[union-attr]
            await settled(pilot)
            assert stored(path) == {KEYS[0]: Response.YES}
        finally:
            store.close()


async def test_revealed_the_room_is_shown_beside_the_participants_own_answers_only_where_enough_answered(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant A", "nn")
    answer_as(path, "Participant B", "n")
    app = participant_app(path)
    async with app.run_test(size=(100, 30)) as pilot:  # wide: a line per question
        await settled(pilot)
        await pilot.press("enter", "y", "y")
        await settled(pilot)
        store = trainer(path)
        try:
            store.set_revealed(True)
            await follow(pilot)
            assert isinstance(app.screen, RoomSpreadScreen)
            rows = str(app.screen.query_one("#spread-rows", Static).render()).splitlines()
            assert rows[0].startswith(" 1. Making sense") and "you ● Yes" in rows[0] and "room ●1 ◐0 ○2 –0" in rows[0] and "n 3" in rows[0]
            assert "you ● Yes" in rows[1] and "room fewer than 3 answers" in rows[1]
            assert "you · Not answered" in rows[2]
            store.set_revealed(False)
            await follow(pilot)
            assert isinstance(app.screen, RoomQuestionsScreen)
        finally:
            store.close()


async def test_a_new_round_starts_the_participant_again_on_the_new_vignette(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = participant_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter", "y", "n")
        await settled(pilot)
        store = trainer(path)
        try:
            other = find_vignette("crisis-call", None)
            store.start_round(other.id, other.title, other.setting, other.text)
            await follow(pilot)
            assert isinstance(app.screen, VignetteScreen)
            assert other.title in screen_text(app)
            await pilot.press("enter", "p")
            await settled(pilot)
            assert stored(path, 2) == {KEYS[0]: Response.PARTLY}
            assert stored(path, 1) == {KEYS[0]: Response.YES, KEYS[1]: Response.NO}
        finally:
            store.close()


async def test_on_a_phone_the_rooms_answers_go_under_each_question(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    for label in ("Participant A", "Participant B", "Participant C"):
        answer_as(path, label, "n")
    app = participant_app(path)
    async with app.run_test(size=(44, 40)) as pilot:
        await settled(pilot)
        await pilot.press("enter", "y")
        await settled(pilot)
        store = trainer(path)
        try:
            store.set_revealed(True)
            await follow(pilot)
        finally:
            store.close()
        rows = str(app.screen.query_one("#spread-rows", Static).render()).splitlines()
        assert rows[0].strip() == "1. Making sense    you ● Yes"
        assert rows[1].strip().startswith("room ●1 ◐0 ○3 –0") and rows[1].strip().endswith("n 4")
        assert all(len(row) <= 44 - 4 for row in rows)


async def test_an_answer_to_a_round_the_trainer_has_moved_on_from_takes_the_participant_to_the_new_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reflect.tui.workshop.room_follow.FOLLOW_SECONDS", 60)  # the app has not looked yet
    path = make_workshop(tmp_path / "room.db")
    app = participant_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        store = trainer(path)
        try:
            other = find_vignette("crisis-call", None)
            store.start_round(other.id, other.title, other.setting, other.text)
            await pilot.press("y")  # refused: round 1 is closed
            await settled(pilot)
            assert isinstance(app.screen, VignetteScreen) and other.title in screen_text(app)
            assert stored(path, 1) == {}
        finally:
            store.close()
