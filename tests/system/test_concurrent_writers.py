"""Several reflect processes writing one database at once (two windows, a workshop room): every write lands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers.writer import expected_note, uuid_for

from reflect.questions import default_question_set
from reflect.store import open_store

KEYS = default_question_set().keys
WRITER = Path(__file__).parents[1] / "helpers" / "writer.py"
WRITERS = 8
EACH = 30
COMMAND_LINE_ADDS = 12
"""The README quotes these figures."""


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
    finally:
        store.close()
    assert drafts == []
    assert len(saved) == WRITERS * EACH
    assert {reflection.uuid for reflection in saved} == {
        uuid_for(prefix, number) for prefix in range(1, WRITERS + 1) for number in range(EACH)
    }
    for reflection in saved:
        prefix, number = int(reflection.uuid[:8], 16), int(reflection.uuid.rsplit("-", 1)[1])
        assert [reflection.answers[key].note for key in KEYS] == [expected_note(prefix, number, key) for key in KEYS]


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
