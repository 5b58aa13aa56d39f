"""A long note read and edited whole in the practitioner's own editor (ctrl+o), in a real terminal."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from tests.helpers.terminal import reflect_in_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

LONG_NOTE = "She chose the walking group " * 40  # far longer than the field can show


def test_ctrl_o_opens_the_whole_note_in_the_editor_and_brings_back_what_was_saved(
    db_path: Path, subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    seen = tmp_path / "seen-by-editor.txt"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        f"pathlib.Path({str(seen)!r}).write_text(path.read_text())\n"
        "path.write_text(path.read_text().rstrip() + ' and came back\\n')\n"
    )
    env = dict(subprocess_env, EDITOR=f"{sys.executable} {editor}")
    env.pop("VISUAL", None)
    with reflect_in_terminal(db_path, env) as terminal:
        assert terminal.read_until(lambda: terminal.shows("begin your first reflection"), seconds=60)
        terminal.press("n", "\r", pause=0.8)
        terminal.press("\t", pause=0.3)
        terminal.press(LONG_NOTE.strip(), pause=1.0)
        terminal.press("\x0f", pause=2.0)  # ctrl+o
        assert terminal.read_until(lambda: seen.exists(), seconds=20)
        terminal.press("\r", pause=1.5)  # on to question 2: the draft is written
        terminal.press("\x11", pause=0.5)  # ctrl+q
        assert terminal.wait(20) == 0
    assert seen.read_text().strip() == LONG_NOTE.strip()  # the editor was given the whole note
    connection = sqlite3.connect(db_path)
    (note,) = connection.execute("SELECT note FROM answer WHERE question_key = 'make-sense'").fetchone()
    connection.close()
    assert note == LONG_NOTE.strip() + " and came back"
    assert not list(db_path.parent.glob(".reflect-note-*"))  # the note's file went with the editor
