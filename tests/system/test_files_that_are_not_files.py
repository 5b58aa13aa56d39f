"""A file named to a command that is not a file (a named pipe): refused at once, by real processes,
since what is being tested is that the process does not wait for ever."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.hostile import assert_clear_message


@pytest.mark.parametrize(
    "command",
    [["import"], ["team", "--db", "{tmp}/team.db", "import"], ["workshop", "vignettes", "add"]],
    ids=["import", "team import", "vignettes add"],
)
def test_a_named_pipe_is_refused_at_once_rather_than_waited_on(command: list[str], tmp_path: Path) -> None:
    """A FIFO given as the file: reading it would wait for a writer for ever."""
    import os
    import subprocess
    import sys

    from tests.helpers.environment import isolated_env

    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    argv = [part.format(tmp=tmp_path) for part in command] + [str(fifo)]
    done = subprocess.run(
        [sys.executable, "-m", "reflect", "--db", str(tmp_path / "reflect.db"), *argv],
        env=isolated_env(tmp_path), capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert_clear_message(done.stderr)
    assert "not a regular file" in done.stderr
    assert not (tmp_path / "team.db").exists()
