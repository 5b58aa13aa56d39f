"""The Patterns screen's period of one's own holds the reflections made on its days by their own clocks, whatever TZ is now."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from reflect.model import Answer, Reflection, Response
from reflect.store import open_store
from reflect.tui.patterns import PatternsScreen
from reflect.tui.settle import settled
from tests.helpers.app import wait_for_store


def made_in_london_after_midnight(db_path) -> None:  # type: ignore[no-untyped-def]
    """00:30 on 11 Nov 2026 in London (GMT): still 10 Nov in New York."""
    moment = datetime(2026, 11, 11, 0, 30, tzinfo=timezone(timedelta(0)))
    store = open_store(db_path)
    try:
        store.save_many([Reflection(
            uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
            occurred_at=moment, created_at=moment, updated_at=moment, answers={"hope": Answer(Response.YES)},
        )])  # fmt: skip
    finally:
        store.close()


@pytest.mark.parametrize(("day", "reflections"), [("2026-11-11", 1), ("2026-11-10", 0)])
async def test_a_custom_day_holds_what_was_made_on_it_after_the_zone_changed(
    make_app, db_path, monkeypatch: pytest.MonkeyPatch, day: str, reflections: int
) -> None:  # type: ignore[no-untyped-def]
    made_in_london_after_midnight(db_path)
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t", "5", *day, "enter", *day, "enter")
        await settled(pilot)
        assert isinstance(app.screen, PatternsScreen)
        assert app.screen._shown is not None and app.screen._shown.figures.reflections == reflections
