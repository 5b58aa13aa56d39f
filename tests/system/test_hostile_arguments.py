"""Hostile text given to a real `reflect` process as arguments: decoded from bytes, output encoded.

Only a real process receives its arguments as bytes (an undecodable byte becomes a surrogate escape), is
limited in how long an argument may be, and encodes what it prints; everything else about hostile text on
the command line is tested in-process in tests/cli/test_hostile_input.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reflect.display import has_control_characters
from reflect.questions import default_question_set
from tests.helpers.cli import stored
from tests.helpers.environment import isolated_env
from tests.helpers.hostile import Hostile, assert_clear_message, ids, texts

KEYS = default_question_set().keys
ALL_YES = "yyyyyyyyyy"
KEEP = "--keep-identifiers"
"""Storing exactly is what is tested here; the check for identifiers is tests/app/test_privacy.py's."""


def test_a_text_of_100_000_characters_is_refused_naming_the_limit(db_path: Path, subprocess_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reflect", "add", "--db", str(db_path), "--answers", ALL_YES, "--note-what", "x" * 100_000],
        env=subprocess_env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode == 2, result.stderr
    assert "--note-what" in result.stderr and "20,000" in result.stderr
    assert not db_path.exists()




def test_every_text_a_real_process_can_be_given_is_stored_exactly(tmp_path: Path) -> None:
    valid = [hostile for hostile in texts(argv=True) if hostile.is_valid_text]
    batches = [valid[start : start + 14] for start in range(0, len(valid), 14)]  # ten notes and four texts a process
    db_path = tmp_path / "reflect.db"
    for batch in batches:
        notes = [arg for number, hostile in enumerate(batch[:10], start=1) for arg in ("--note", f"{number}={hostile.text}")]
        options = [f"--{name}={hostile.text}" for name, hostile in zip(("note-what", "note-so-what", "note-now-what", "commitment"), batch[10:])]
        result = subprocess.run(
            [sys.executable, "-m", "reflect", "add", "--db", str(db_path), "--answers", ALL_YES, KEEP, *notes, *options],
            env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert not has_control_characters(result.stdout.replace("\n", ""))
    reflections = sorted(stored(db_path), key=lambda reflection: reflection.created_at)
    for reflection, batch in zip(reflections, batches):
        assert [reflection.answers[key].note for key in KEYS[: len(batch[:10])]] == [hostile.text for hostile in batch[:10]]
        texts_given = [reflection.what_happened, reflection.so_what, reflection.now_what, reflection.commitment][: len(batch[10:])]
        assert texts_given == [hostile.text for hostile in batch[10:]]
    assert len(reflections) == len(batches)


@pytest.mark.parametrize(
    "hostile", [hostile for hostile in texts(argv=True) if not hostile.is_valid_text], ids=ids([h for h in texts(argv=True) if not h.is_valid_text])
)
def test_text_a_real_process_cannot_store_is_refused_with_one_clear_line(hostile: Hostile, tmp_path: Path) -> None:
    argument = f"--note-what={hostile.text}".encode("utf-8", "surrogateescape")
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"reflect", b"add", b"--db", str(tmp_path / "reflect.db").encode(), b"--answers", ALL_YES.encode(), argument],
        env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert_clear_message(result.stderr, "--note-what")
    assert not (tmp_path / "reflect.db").exists()


