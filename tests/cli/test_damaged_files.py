"""A damaged file, or another program's, given as the database: every command refuses it with one line
and leaves it exactly as it was. (Saving that fails in the app is tests/app/test_when_saving_fails.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.running import reflect_main


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda path: path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50), "could not be read as a database"),
        (lambda path: path.write_bytes(b"\x00" * 4096), "not a reflect database"),
        (lambda path: path.write_text("my notes"), "not a reflect database"),
    ],
    ids=["truncated", "zeroed", "another file"],
)
@pytest.mark.parametrize("command", [["list"], ["add", "--answers", "yyyyyyyyyy"], ["stats"], []])
def test_a_damaged_or_foreign_file_is_refused_by_every_command_with_one_line_and_left_as_it_was(
    damage, expected: str, command: list[str], db_path: Path, subprocess_env
) -> None:
    damage(db_path)
    before = db_path.read_bytes()
    result = reflect_main(*command, "--db", str(db_path), env=subprocess_env)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert db_path.read_bytes() == before
