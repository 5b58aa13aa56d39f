"""The write-ahead log is checkpointed off the save path: never inside a save's commit, yet it stays bounded.

SQLite's automatic checkpoint runs inside whichever commit crosses its threshold; on a database of a
million reflections that made one save in a thousand take most of a second.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from reflect.store import open_store
from reflect.store.checkpoint import IDLE_S
from tests.helpers.writer import complete


def wal_size(path: Path) -> int:
    wal = Path(f"{path}-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_no_save_checkpoints_inside_its_commit(tmp_path: Path) -> None:
    store = open_store(tmp_path / "reflect.db")
    try:
        store.save(complete(1, 0))
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    finally:
        store.close()


def test_the_log_is_checkpointed_in_the_background_once_saves_pause_so_it_stays_bounded(tmp_path: Path) -> None:
    path = tmp_path / "reflect.db"
    store = open_store(path)
    try:
        sizes = []
        for burst in range(3):
            for number in range(40):
                store.save(complete(burst + 1, number))
            sizes.append(wal_size(path))
            time.sleep(IDLE_S * 4)  # the background checkpoint runs once saves pause
        # Each burst writes the log again from its start rather than after the last one.
        assert sizes[0] > 0
        assert sizes[2] <= sizes[0] * 1.5
    finally:
        store.close()


def test_closing_the_store_checkpoints_what_is_left_even_while_another_connection_is_open(tmp_path: Path) -> None:
    path = tmp_path / "reflect.db"
    store = open_store(path)
    other = sqlite3.connect(path)  # kept open, so that SQLite's own checkpoint on the last close cannot do it
    try:
        for number in range(20):
            store.save(complete(1, number))
        store.close()
        # The database file alone, without its log, holds every save: closing copied them all into it.
        alone = tmp_path / "alone.db"
        shutil.copyfile(path, alone)
        copy = sqlite3.connect(alone)
        try:
            assert copy.execute("SELECT count(*) FROM reflection").fetchone()[0] == 20
        finally:
            copy.close()
    finally:
        other.close()


def test_closing_waits_for_a_checkpoint_still_running_in_the_background(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the store is closed its files may be moved or erased (the benchmark cache, `reflect erase`):
    a checkpoint still copying then would lose what it had not copied yet."""
    from reflect.store import checkpoint as module

    started, finished = threading.Event(), threading.Event()

    def slow_checkpoint(path: Path, identity: object, stop: object, **_: object) -> None:
        if threading.current_thread().name == "reflect-checkpoint":
            started.set()
            time.sleep(module.IDLE_S * 12)
            finished.set()

    monkeypatch.setattr(module, "tidy", slow_checkpoint)
    checkpointer = module.Checkpointer(tmp_path / "reflect.db")
    checkpointer.wrote()
    assert started.wait(10)
    checkpointer.close()
    assert finished.is_set()


def test_merging_the_text_index_stops_as_soon_as_the_store_begins_to_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save begun while a merge step holds the lock waits for that step alone, not the steps after it."""
    from reflect.store import checkpoint, text_index
    from reflect.store.engine import WRITE

    path = tmp_path / "reflect.db"
    store = open_store(path)
    steps: list[str] = []
    rounds: list[str] = []
    some_step_done = threading.Event()

    def merge_step(connection: sqlite3.Connection) -> bool:
        steps.append(threading.current_thread().name)
        # During every step a write begins (and is given up: no commit, so only its beginning can
        # stop the merging, and no new round of housekeeping follows it).
        with store.engine.execution_options(**WRITE).connect() as writing:
            writing.begin().rollback()
        some_step_done.set()
        return len(steps) < 50  # there would be more to merge

    real_tidy = checkpoint.tidy

    def tidy(*args: Any, **kwargs: Any) -> None:
        rounds.append(threading.current_thread().name)
        real_tidy(*args, **kwargs)

    monkeypatch.setattr(text_index, "merge_step", merge_step)
    monkeypatch.setattr(checkpoint, "tidy", tidy)
    monkeypatch.setattr(checkpoint, "IDLE_S", 0.05)
    try:
        store.save(complete(1, 0))
        assert some_step_done.wait(10)
        time.sleep(0.5)  # time for many more steps, were the merging not to stop
        background_steps = steps.count("reflect-checkpoint")
        background_rounds = rounds.count("reflect-checkpoint")
    finally:
        store.close()
    # However many rounds the writes made (opening writes too), each stopped after its first step.
    assert background_rounds >= 1 and background_steps == background_rounds


def test_merging_stops_at_once_when_the_file_is_replaced_and_writes_nothing_more_into_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restore by hand while the app is open: steps written into the file no longer there would
    leave its log beside the new file, under the name the new one reads its log from."""
    import os

    from reflect.store import checkpoint, text_index
    from reflect.store.files import file_identity

    path, other = tmp_path / "reflect.db", tmp_path / "restored.db"
    for made in (path, other):
        open_store(made).close()
    steps = []

    def merge_step(connection: sqlite3.Connection) -> bool:
        steps.append(1)
        if len(steps) == 1:
            os.replace(other, path)
        return len(steps) < 50

    monkeypatch.setattr(text_index, "merge_step", merge_step)
    checkpoint.tidy(path, file_identity(path), lambda: False)
    assert len(steps) == 1


def test_merging_waits_a_moment_for_another_windows_save_rather_than_giving_up_the_pause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.store import checkpoint, text_index
    from reflect.store.files import file_identity

    path = tmp_path / "reflect.db"
    open_store(path).close()
    answers = iter([None, None, True, False, True])  # the lock held twice, one step merged, nothing left

    monkeypatch.setattr(text_index, "merge_step", lambda connection: next(answers))
    checkpoint.tidy(path, file_identity(path), lambda: False)
    assert list(answers) == [True]  # it went on after the busy lock, and stopped once nothing was left
