"""The real program in a pseudo-terminal: escape sequences in stored text never reach the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers.literal import RAW_SEQUENCES, seed
from tests.helpers.terminal import reflect_in_terminal


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_escape_sequences_in_stored_text_never_reach_the_terminal(db_path: Path, subprocess_env) -> None:
    seed(db_path)
    with reflect_in_terminal(db_path, subprocess_env) as terminal:
        assert terminal.read_until(lambda: terminal.shows("Recent reflections"))
        terminal.press("h", pause=1.5)  # history: person code and tags in the table
        terminal.press("\r", pause=1.5)  # the reflection in full: every text
        assert terminal.alive()
        output = bytes(terminal.output)

    for sequence in RAW_SEQUENCES:
        assert sequence.encode() not in output, f"{sequence!r} reached the terminal"
    assert "␛]2;reflect-pwned".encode() in output  # shown, harmlessly
