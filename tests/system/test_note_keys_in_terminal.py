"""Keys typed into a reflection's note as fast as people type, in a real terminal."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from tests.helpers.terminal import reflect_in_terminal

pytestmark = [pytest.mark.system, pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")]


def test_escape_in_a_note_then_a_key_at_once_leaves_the_note_and_answers(db_path: Path, subprocess_env: dict[str, str]) -> None:
    with reflect_in_terminal(db_path, subprocess_env) as terminal:
        assert terminal.read_until(lambda: terminal.shows("begin your first reflection"), seconds=60)
        terminal.press("n", "\r", pause=0.8)
        terminal.press("\t", pause=0.3)
        terminal.press("fast", pause=0.3)
        terminal.press("\x1by", pause=0)  # Escape and y in one write, as a fast typist's arrive
        assert terminal.read_until(lambda: terminal.shows("Question 2 of 10")), terminal.output[-3000:]
        terminal.press("\x11", pause=0.5)  # ctrl+q
        assert terminal.wait(20) == 0
    connection = sqlite3.connect(db_path)
    rows = connection.execute("SELECT question_key, note, response FROM answer").fetchall()
    connection.close()
    assert rows == [("make-sense", "fast", "yes")]
