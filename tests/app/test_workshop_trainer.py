"""The trainer runs the room from the trainer's view: answering, the reveal, rounds, the join code."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Static

from reflect.tui.dialogs.confirm import ConfirmDialog
from reflect.tui.settle import settled
from reflect.tui.workshop.room import RoomApp, RoomScreen
from reflect.tui.workshop.trainer_dialogs import JoinCodeScreen, VignettePickerDialog
from reflect.workshop.store import WorkshopStore
from tests.helpers.qr import decoded
from tests.helpers.workshops import answer_as, make_workshop


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def footer_keys(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {binding.key: binding.description for (_, binding, enabled, _) in app.active_bindings.values() if enabled and binding.show}


def current_round(path: Path):  # type: ignore[no-untyped-def]
    store = WorkshopStore.open(path)
    try:
        return store.current_round()
    finally:
        store.close()


async def test_a_pauses_answering_and_resumes_it_and_the_footer_says_which(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = RoomApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert footer_keys(app)["a"] == "Pause"
        assert "Round 1 · Answering open · Spread hidden from participants" in screen_text(app)
        await pilot.press("a")
        await settled(pilot)
        assert not current_round(path).answering_open
        assert footer_keys(app)["a"] == "Resume"
        assert "Answering paused" in screen_text(app)
        await pilot.press("a")
        await settled(pilot)
        assert current_round(path).answering_open


async def test_revealing_the_spread_is_asked_first_and_not_yet_keeps_it_hidden(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = RoomApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("r")
        await settled(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the safe choice has the focus
        await settled(pilot)
        assert isinstance(app.screen, RoomScreen) and not current_round(path).revealed
        await pilot.press("r")
        await settled(pilot)
        await pilot.click("#confirm")
        await settled(pilot)
        assert current_round(path).revealed
        assert footer_keys(app)["r"] == "Hide spread"
        await pilot.press("r")  # hiding again is not asked
        await settled(pilot)
        assert not current_round(path).revealed


async def test_a_new_round_on_another_vignette_starts_empty_and_keeps_the_first(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant A", "yyyyyyyyyy")
    app = RoomApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("s")
        await settled(pilot)
        picker = app.screen
        assert isinstance(picker, VignettePickerDialog)
        assert "community-cafe" not in [each.id for each in picker.vignettes]  # the round on now
        chosen = picker.vignettes[0]
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settled(pilot)
        room_round = current_round(path)
        assert (room_round.number, room_round.vignette_id) == (2, chosen.id)
        text = screen_text(app)
        assert "Round 2 · Answering open" in text
        assert app.sub_title == chosen.title
        assert "●0 ◐0 ○0 –0" in str(app.screen.query_one("#room-table").get_row_at(0)[3])  # type: ignore[attr-defined]  # a DataTable
    store = WorkshopStore.open(path)
    try:
        assert len(store.answers(1)) == 10 and store.answers(2) == []
    finally:
        store.close()


async def test_escape_from_the_vignette_list_starts_no_round(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    app = RoomApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("s", "escape")
        await settled(pilot)
        assert isinstance(app.screen, RoomScreen) and current_round(path).number == 1


async def test_the_join_code_shows_the_served_link_as_a_qr_code_that_scans(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    link = "http://192.168.1.23:8000/Qm3xv0bYcT1nF8rZ2kLw9A/"
    app = RoomApp(path, poll_seconds=0.05)
    async with app.run_test(size=(80, 40)) as pilot:
        await settled(pilot)
        await pilot.press("j")
        await settled(pilot)
        assert isinstance(app.screen, JoinCodeScreen)
        assert "No `reflect serve` is sharing this workshop just now" in screen_text(app)
        store = WorkshopStore.open(path)
        try:
            store.record_serving(link, os.getpid())  # as a running `reflect serve` does
        finally:
            store.close()
        await pilot.pause(0.3)
        await settled(pilot)
        code = str(app.screen.query_one("#join-code", Static).render())
        assert decoded(code.splitlines()) == [link]
        assert f"open {link}" in screen_text(app)
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, RoomScreen)
