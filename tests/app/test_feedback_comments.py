"""A supervisor's comment, imported from a feedback file, appears on the reflection it is about in the app."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from reflect.store import open_store
from reflect.store.feedback import ReceivedFeedback
from reflect.tui.screens.detail import DetailScreen
from tests.helpers.app import open_history, seed_demo, wait_for_store


def received(db_path: Path, reflection_id: str, text: str) -> None:
    store = open_store(db_path)
    try:
        store.import_feedback(
            ReceivedFeedback("0f0f0f0f-0000-4000-8000-000000000001", date(2025, 12, 1), ["Sam Okafor", "Ali Shah"],
                             {reflection_id: text}, [(1, "Ask about hopes first")], datetime(2025, 12, 2, tzinfo=UTC))
        )  # fmt: skip
    finally:
        store.close()


async def test_the_detail_screen_shows_the_supervisors_comment_with_its_session(make_app, db_path) -> None:
    (newest, *others) = sorted(seed_demo(db_path), key=lambda r: r.occurred_at, reverse=True)
    received(db_path, newest.uuid, "You stayed with them through it: [b]what[/b] helped?")
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)

        (comment,) = app.screen.query(".detail-comment")
        shown = str(comment.render())
        assert "From supervision, 1 Dec 2025 (with Sam Okafor, Ali Shah)" in shown
        assert "You stayed with them through it: [b]what[/b] helped?" in shown  # as written, not as markup

        await pilot.press("escape", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.uuid != newest.uuid
        assert not app.screen.query(".detail-comment")
