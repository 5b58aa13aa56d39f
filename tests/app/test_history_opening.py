"""History opening quickly at any size: the first rows never wait on the count, nor on the app's styles being parsed again."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import DataTable

from reflect.store.reflections import Reflections
from reflect.tui.screens.history import HistoryScreen
from tests.helpers.app import seed_demo, wait_for_store


def status_of(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#history-status").render())


async def until(pilot, condition, what: str) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds (a bounded number of turns, no fixed wait)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never: {what}")


async def test_the_first_rows_show_before_the_reflections_are_counted(make_app, db_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    seed_demo(db_path, count=12)
    counted = Reflections.reflection_count
    release = threading.Event()

    def slow_count(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Counting a million reflections takes tens of milliseconds: here, until the test says.
        release.wait(timeout=10)
        return counted(self, *args, **kwargs)

    monkeypatch.setattr(Reflections, "reflection_count", slow_count)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.query_one("#history", DataTable).row_count == 12, "rows")
        assert "12 reflections" in status_of(app)  # all of them read: the count is already known
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "12 reflections" in status_of(app)


async def test_the_count_follows_the_first_rows_when_there_are_more(make_app, db_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from reflect.tui.screens import history

    monkeypatch.setattr(history, "FIRST_PAGE", 5)
    monkeypatch.setattr(history, "PAGE_SIZE", 5)
    seed_demo(db_path, count=12)
    counted = Reflections.reflection_count
    release = threading.Event()

    def slow_count(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(timeout=10)
        return counted(self, *args, **kwargs)

    monkeypatch.setattr(Reflections, "reflection_count", slow_count)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.query_one("#history", DataTable).row_count == 5, "rows")
        assert "Latest 5, m for more" in status_of(app)
        release.set()
        await until(pilot, lambda: "Latest 5 of 12, m for more" in status_of(app), "the count")


async def test_opening_history_parses_none_of_the_apps_styles_again(make_app, db_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # A screen's CSS_PATH makes Textual parse every stylesheet again and restyle every widget:
    # a third of the time History has to show its first rows.
    seed_demo(db_path, count=3)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        reparsed: list[bool] = []
        reparse = app.stylesheet.reparse
        monkeypatch.setattr(app.stylesheet, "reparse", lambda: (reparsed.append(True), reparse())[1])
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one("#history", DataTable).row_count == 3
        assert reparsed == []
        # Styled as before: the filter and the table keep their margins.
        assert app.screen.query_one("#history").styles.margin.left == 2


async def test_going_to_the_oldest_before_the_count_is_in_counts_only_once(make_app, db_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from reflect.tui.screens import history

    monkeypatch.setattr(history, "FIRST_PAGE", 5)
    monkeypatch.setattr(history, "PAGE_SIZE", 5)
    seed_demo(db_path, count=12)
    counted = Reflections.reflection_count
    release = threading.Event()
    counts: list[int] = []

    def slow_count(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        counts.append(1)
        release.wait(timeout=10)
        return counted(self, *args, **kwargs)

    monkeypatch.setattr(Reflections, "reflection_count", slow_count)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.query_one("#history", DataTable).row_count == 5, "rows")
        await until(pilot, lambda: counts == [1], "the count started")
        await pilot.press("end")
        await until(pilot, lambda: "Oldest 5" in status_of(app), "the oldest rows")
        release.set()
        await until(pilot, lambda: "Oldest 5 of 12" in status_of(app), "the count, shown with the oldest rows")
        assert counts == [1]
