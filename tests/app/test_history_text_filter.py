"""History's filter for a word in the notes: the rows a person sees are those the word is in, wherever they lie."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from textual.widgets import DataTable

from reflect.model import Answer, Reflection, Response
from reflect.store import open_store
from reflect.tui.screens import history
from tests.helpers.app import open_history, wait_for_store
from tests.helpers.environment import FIXED_NOW

COUNT = 600


def seed(db_path: Path) -> list[str]:
    """COUNT reflections; "kingfisher" in the notes of three of the oldest (in any case) and of none
    other, "kingfish" meeting "er" only across two notes of another; the ids of the three, latest first."""
    reflections = []
    for number in range(COUNT):
        reflection = Reflection(
            uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
            occurred_at=FIXED_NOW - timedelta(hours=number), created_at=FIXED_NOW, updated_at=FIXED_NOW,
            what_happened="We talked about the week",
        )  # fmt: skip
        if number in (COUNT - 1, COUNT - 7, COUNT - 40):
            reflection.answers["hope"] = Answer(response=Response.YES, note=f"Saw a {'KINGFISHER' if number % 2 else 'Kingfisher'} by the weir")
        if number == 3:
            reflection.answers["hope"] = Answer(response=Response.YES, note="a kingfish")
            reflection.answers["strengths"] = Answer(response=Response.YES, note="er, no")
        reflections.append(reflection)
    store = open_store(db_path)
    try:
        store.save_many(reflections)
    finally:
        store.close()
    return [r.uuid for r in sorted(reflections[-40:], key=lambda r: r.occurred_at, reverse=True) if "kingfisher" in str(r.answers).lower()]


async def test_a_word_in_three_old_notes_shows_those_three_and_says_how_many(make_app, db_path) -> None:  # type: ignore[no-untyped-def]
    wanted = seed(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        await pilot.press("slash", *"kingfisher", "enter")
        await pilot.pause(history.FILTER_DELAY)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#history", DataTable)
        shown = [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]
        status = str(app.screen.query_one("#history-status").render())
    assert len(wanted) == 3 and shown == wanted
    assert f"3 of {COUNT:,} reflections" in status
