"""Driving the Textual app in tests: waiting for it to settle, opening screens, seeding data."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.environment import FIXED_NOW


async def wait_for_store(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the database open in the background, as it does at start-up, and the screen settle."""
    from reflect.tui.settle import settled

    await settled(pilot)


async def open_history(pilot) -> None:  # type: ignore[no-untyped-def]
    """Press h and wait for the history to load in the background."""
    await pilot.press("h")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def seed_demo(db_path: Path, count: int = 12) -> list:  # type: ignore[type-arg]
    """Fill a database with the deterministic demo reflections."""
    from reflect.demo import demo_reflections
    from reflect.questions import default_question_set
    from reflect.store import open_store

    reflections = demo_reflections(default_question_set(), FIXED_NOW, count=count)
    store = open_store(db_path)
    try:
        store.save_many(reflections)
    finally:
        store.close()
    return reflections
