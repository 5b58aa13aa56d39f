"""History on thousands of reflections: pages read as the cursor needs them, Home and End straight to either end."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from reflect.model import Reflection
from reflect.store import open_store
from reflect.tui.screens import history
from tests.helpers.app import open_history, wait_for_store
from tests.helpers.environment import FIXED_NOW

COUNT = 2000
PAGE = 50


def seed_many(db_path: Path) -> list[str]:
    """COUNT reflections, pairs of them at the same minute; their ids as History lists them (latest first)."""
    reflections = [
        Reflection(
            uuid=str(uuid.uuid4()),
            question_set_id="recovery-practices",
            question_set_version=1,
            occurred_at=FIXED_NOW - timedelta(minutes=number // 2),
            created_at=FIXED_NOW,
            updated_at=FIXED_NOW,
            tags=[f"t{number}"],
        )  # fmt: skip
        for number in range(COUNT)
    ]
    store = open_store(db_path)
    try:
        store.save_many(reflections)
        return [r.uuid for r in store.reflection_page(limit=COUNT, newest_first=True)]
    finally:
        store.close()


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def cursor_key(table: DataTable) -> str | None:  # type: ignore[type-arg]
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


@pytest.fixture
def paged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "PAGE_SIZE", PAGE)


async def test_end_shows_the_oldest_reading_one_page_and_home_the_latest(make_app, db_path, paged) -> None:  # type: ignore[no-untyped-def]
    order = seed_many(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        table = app.screen.query_one("#history", DataTable)
        assert table.row_count == PAGE and cursor_key(table) == order[0]
        assert f"Latest {PAGE} of {COUNT:,}" in str(app.screen.query_one("#history-status").render())

        await pilot.press("end")
        await settle(pilot)
        assert cursor_key(table) == order[-1]
        assert [r.uuid for r in app.screen.reflections] == order[-PAGE:]
        assert f"Oldest {PAGE} of {COUNT:,}" in str(app.screen.query_one("#history-status").render())

        await pilot.press("home")
        await settle(pilot)
        assert cursor_key(table) == order[0] and table.row_count == PAGE


async def test_page_down_reads_the_next_pages_in_order_without_gaps(make_app, db_path, paged) -> None:  # type: ignore[no-untyped-def]
    order = seed_many(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        table = app.screen.query_one("#history", DataTable)
        seen = []
        for _ in range(30):
            await pilot.press("pagedown")
            await settle(pilot)
            seen.append(order.index(cursor_key(table)))
        assert seen == sorted(seen) and len(set(seen)) == len(seen)  # always further down, never stuck
        assert seen[-1] > 3 * PAGE
        loaded = [r.uuid for r in app.screen.reflections]
        assert loaded == order[: len(loaded)] and len(loaded) < COUNT
        assert [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)] == loaded


async def test_going_up_from_the_oldest_reads_the_newer_pages_above(make_app, db_path, paged) -> None:  # type: ignore[no-untyped-def]
    order = seed_many(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        table = app.screen.query_one("#history", DataTable)
        await pilot.press("end")
        await settle(pilot)
        for _ in range(6):
            await pilot.press("pageup")
            await settle(pilot)
        loaded = [r.uuid for r in app.screen.reflections]
        assert len(loaded) > PAGE and loaded == order[-len(loaded) :]
        assert order.index(cursor_key(table)) < COUNT - PAGE


async def wheel(pilot, table, *, down: bool, turns: int) -> None:  # type: ignore[no-untyped-def]
    """Turn the mouse wheel over the table (which moves the view, not the cursor)."""
    from textual.events import MouseScrollDown, MouseScrollUp

    for _ in range(turns):
        await pilot._post_mouse_events([MouseScrollDown if down else MouseScrollUp], widget=table, offset=(10, 5))
        await settle(pilot)


async def test_the_mouse_wheel_reaching_the_rows_loaded_reads_the_next_page(make_app, db_path, paged) -> None:  # type: ignore[no-untyped-def]
    order = seed_many(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        table = app.screen.query_one("#history", DataTable)
        assert table.row_count == PAGE
        await wheel(pilot, table, down=True, turns=40)
        loaded = [r.uuid for r in app.screen.reflections]
        assert len(loaded) >= 3 * PAGE and loaded == order[: len(loaded)]
        assert [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)] == loaded
        assert cursor_key(table) == order[0]  # the wheel moved the view, never the cursor


async def test_the_mouse_wheel_going_up_from_the_oldest_reads_the_newer_pages(make_app, db_path, paged) -> None:  # type: ignore[no-untyped-def]
    order = seed_many(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        table = app.screen.query_one("#history", DataTable)
        await pilot.press("end")
        await settle(pilot)
        await wheel(pilot, table, down=False, turns=40)
        loaded = [r.uuid for r in app.screen.reflections]
        assert len(loaded) >= 2 * PAGE and loaded == order[-len(loaded) :]
        assert cursor_key(table) == order[-1]


def seed_kinds(db_path: Path) -> list[str]:
    """600 reflections, every third a phone call; the phone calls' ids as History lists them (latest first)."""
    reflections = [
        Reflection(
            uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
            occurred_at=FIXED_NOW - timedelta(minutes=number), created_at=FIXED_NOW, updated_at=FIXED_NOW,
            kind="phone" if number % 3 == 0 else "group",
        )  # fmt: skip
        for number in range(600)
    ]
    store = open_store(db_path)
    try:
        store.save_many(reflections)
    finally:
        store.close()
    return [r.uuid for r in reflections if r.kind == "phone"]


async def test_a_filter_pages_like_the_whole_history_end_going_to_its_oldest_match(make_app, db_path, paged) -> None:  # type: ignore[no-untyped-def]
    phone = seed_kinds(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("slash", *"phone", "enter")
        await pilot.pause(history.FILTER_DELAY)
        await settle(pilot)
        table = app.screen.query_one("#history", DataTable)
        assert [r.uuid for r in app.screen.reflections] == phone[:PAGE]
        assert f"Latest {PAGE} of {len(phone)}, m for more" in str(app.screen.query_one("#history-status").render())
        await pilot.press("end")
        await settle(pilot)
        assert cursor_key(table) == phone[-1]
        assert [r.uuid for r in app.screen.reflections] == phone[-PAGE:]
        await wheel(pilot, table, down=False, turns=30)
        loaded = [r.uuid for r in app.screen.reflections]
        assert len(loaded) > PAGE and loaded == phone[-len(loaded) :]
