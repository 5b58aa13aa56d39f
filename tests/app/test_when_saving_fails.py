"""A full disk, a read-only or locked file, a damaged database: a clear message, never a traceback, nothing lost.

When the app cannot save, what was written stays on screen and in a recovery file (0600)
beside the database, which the next start puts back as a draft and offers to resume.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from reflect.model import Response
from reflect.questions import default_question_set
from reflect.recovery import recovery_files
from reflect.store import Store, StoreError, open_store
from reflect.tui.dialogs import DraftDialog
from reflect.tui.flow import ReflectionScreen
from tests.helpers.app import wait_for_store

KEYS = default_question_set().keys
DISK_FULL = "Could not use reflect.db: database or disk is full"


def fail_every_save(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self, reflections, **_options):  # type: ignore[no-untyped-def]
        raise StoreError(DISK_FULL)

    monkeypatch.setattr(Store, "save_many", full)
    monkeypatch.setattr(Store, "save_checked", full)  # the one-reflection save the app and add use


async def test_when_the_disk_is_full_the_answers_stay_on_screen_and_come_back_next_time(
    make_app, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        fail_every_save(monkeypatch)
        await pilot.press("n", "enter", "y", "p", "tab", *"she chose the plan", "ctrl+s")
        await wait_for_store(pilot)
        assert isinstance(first.screen, ReflectionScreen)  # still there, answers and all
        assert first.screen.query_one("#note").value == "she chose the plan"
        shown = [notification.message for notification in first._notifications]  # noqa: SLF001
        assert any(DISK_FULL in message and "recovered.json" in message for message in shown)
        (kept,) = recovery_files(db_path)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        await pilot.press("ctrl+q")
    monkeypatch.undo()

    second = make_app()
    async with second.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        assert isinstance(second.screen, DraftDialog)  # offered back
        await pilot.press("r")
        await wait_for_store(pilot)
        flow = second.screen
        assert isinstance(flow, ReflectionScreen)
        assert [flow.reflection.response_for(key) for key in KEYS[:3]] == [Response.YES, Response.PARTLY, None]
        assert flow.reflection.answers[KEYS[2]].note == "she chose the plan"
    assert recovery_files(db_path) == []  # once stored as a draft, the file goes


def test_a_database_that_fills_up_mid_save_refuses_the_save_with_a_message_and_keeps_what_it_had(db_path: Path) -> None:
    from tests.helpers.writer import complete

    store = open_store(db_path)
    store.save(complete(1, 0))
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    # SQLite's own "disk full": no page may be added (the pool has this one connection).
    store.engine.pool.dispose()
    from sqlalchemy import event

    event.listen(store.engine, "connect", lambda dbapi, _record: dbapi.execute(f"PRAGMA max_page_count = {pages}"))
    big = complete(1, 1)
    big.what_happened = "x" * 200_000
    with pytest.raises(StoreError, match="the disk is full. Free some space, then try again. Nothing was changed"):
        store.save(big)
    assert [reflection.uuid for reflection in store.list_reflections()] == [complete(1, 0).uuid]
    store.close()
    assert open_store(db_path).get(complete(1, 0).uuid) is not None

