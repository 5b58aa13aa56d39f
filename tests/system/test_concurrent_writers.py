"""Several reflect processes writing one database at once (two windows, a workshop room): every write lands,
and a `reflect add` finding the database locked by another window waits its turn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reflect.model import Selection
from reflect.questions import default_question_set
from reflect.store import open_store
from reflect.store.checkpoint import IDLE_S
from reflect.workshop.store import WorkshopStore
from tests.helpers.rollup import kept_and_rebuilt
from tests.helpers.workshops import make_workshop
from tests.helpers.writer import expected_note, uuid_for

KEYS = default_question_set().keys
WRITER = Path(__file__).parents[1] / "helpers" / "writer.py"
WRITERS = 8
EACH = 30
COMMAND_LINE_ADDS = 12
"""The README quotes these figures."""

WORKSHOP_WRITER = """
import sys
from pathlib import Path
from reflect.model import Response
from reflect.questions import default_question_set
from reflect.workshop.store import WorkshopStore

store = WorkshopStore.open(Path(sys.argv[1]))
label = store.join()
for round in range(5):
    for key in default_question_set().keys:
        store.answer(label, key, [Response.YES, Response.PARTLY, Response.NO][round % 3], f"round {round}")
store.finish(label)
store.close()
"""


def test_8_processes_saving_30_reflections_each_at_once_lose_none(db_path: Path, subprocess_env) -> None:
    open_store(db_path).close()  # created first, as the app would have
    processes = [
        subprocess.Popen([sys.executable, str(WRITER), str(db_path), str(prefix), str(EACH)], env=subprocess_env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        for prefix in range(1, WRITERS + 1)
    ]
    for process in processes:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
        assert out.count("saved ") == EACH

    store = open_store(db_path)
    try:
        saved, drafts = store.list_reflections(), store.drafts()
        counted = store.count_reflections(Selection())
        kept, rebuilt = kept_and_rebuilt(store)  # each draft saved complete, in eight processes at once
    finally:
        store.close()
    assert drafts == []
    assert len(saved) == WRITERS * EACH
    assert sum(counted.values()) == WRITERS * EACH and kept == rebuilt
    assert {reflection.uuid for reflection in saved} == {
        uuid_for(prefix, number) for prefix in range(1, WRITERS + 1) for number in range(EACH)
    }
    for reflection in saved:
        prefix, number = int(reflection.uuid[:8], 16), int(reflection.uuid.rsplit("-", 1)[1])
        assert [reflection.answers[key].note for key in KEYS] == [expected_note(prefix, number, key) for key in KEYS]


def test_two_windows_saving_with_pauses_while_each_merges_the_text_index_lose_nothing_and_find_every_note(
    db_path: Path, subprocess_env, monkeypatch
) -> None:
    """Each process merges the text index in the background when its own saves pause, while the other saves."""
    import sqlite3

    from reflect.store import history_search

    open_store(db_path).close()
    each, pause = 5, IDLE_S * 1.5
    processes = [
        subprocess.Popen([sys.executable, str(WRITER), str(db_path), str(prefix), str(each), str(pause)], env=subprocess_env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        for prefix in (1, 2)
    ]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.count("saved ") == each
    monkeypatch.setattr(history_search, "RARE_PLACES", 10_000)  # every word through the text index
    store = open_store(db_path)
    try:
        found = {(prefix, number): store.history_count([f"{prefix}/{number}/what_happened"]) for prefix in (1, 2) for number in range(each)}
    finally:
        store.close()
    assert found == {key: 1 for key in found}
    with sqlite3.connect(db_path) as connection:  # FTS5's own check of its index against the text it holds
        connection.execute("INSERT INTO history_text (history_text, rank) VALUES ('integrity-check', 1)")


def test_12_reflect_add_commands_at_once_each_save_their_reflection(db_path: Path, subprocess_env) -> None:
    open_store(db_path).close()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "reflect", "add", "--db", str(db_path), "--answers", "yypnxyypyy", "--note-what", f"writer {number}"],
            env=subprocess_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        for number in range(COMMAND_LINE_ADDS)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err

    store = open_store(db_path)
    try:
        saved = store.list_reflections()
    finally:
        store.close()
    assert sorted(reflection.what_happened for reflection in saved) == sorted(f"writer {number}" for number in range(COMMAND_LINE_ADDS))


def test_a_locked_database_makes_reflect_add_wait_its_turn_rather_than_fail(db_path: Path, subprocess_env) -> None:
    import sqlite3
    import threading

    open_store(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another window mid-save holds the write lock for 2 seconds
    release = threading.Timer(2.0, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "reflect", "add", "--db", str(db_path), "--answers", "yyyyyyyyyy"],
            env=subprocess_env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        release.join()
        holder.close()
    assert result.returncode == 0, result.stderr
    assert len(open_store(db_path).list_reflections()) == 1


def test_many_participants_writing_at_once_all_land(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    writers = [subprocess.Popen([sys.executable, "-c", WORKSHOP_WRITER, str(path)]) for _ in range(8)]
    assert [writer.wait(timeout=120) for writer in writers] == [0] * 8
    store = WorkshopStore.open(path)
    try:
        participants = store.participants()
        answers = store.answers()
    finally:
        store.close()
    assert len(participants) == 8 and all(participant.finished for participant in participants)
    assert len(answers) == 8 * 10
    assert {answer.note for answer in answers} == {"round 4"}  # every participant's last word kept
