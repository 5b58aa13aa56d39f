"""A real `reflect` process in a real terminal, killed mid-reflection: nothing answered is lost."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from reflect.model import Response
from reflect.questions import default_question_set
from reflect.store import open_store

KEYS = default_question_set().keys


def drain(fd: int, seconds: float) -> None:
    """Read (and drop) what the app draws, so it never blocks writing to the terminal."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def drafts_in(db_path: Path) -> list:  # type: ignore[type-arg]
    if not db_path.exists():
        return []
    store = open_store(db_path)
    try:
        return store.drafts()
    finally:
        store.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_reflection_killed_mid_way_keeps_every_answer_given_as_a_draft(db_path: Path, subprocess_env) -> None:
    env = dict(subprocess_env, TERM="xterm-256color", COLUMNS="80", LINES="24")
    pid, fd = pty.fork()
    if pid == 0:  # the child: become `reflect` in the pseudo-terminal
        os.execvpe(sys.executable, [sys.executable, "-m", "reflect", "--db", str(db_path)], env)
    try:
        drain(fd, 4.0)  # let it start and open the database
        for key in ["n", "\r", "y", "p", "n"]:
            os.write(fd, key.encode())
            drain(fd, 0.4)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            drafts = drafts_in(db_path)
            if drafts and drafts[0].answered_count == 3:
                break
            drain(fd, 0.2)
        os.kill(pid, signal.SIGKILL)  # the terminal closes without warning
        os.waitpid(pid, 0)
    finally:
        os.close(fd)

    (draft,) = drafts_in(db_path)
    assert [draft.response_for(key) for key in KEYS[:4]] == [Response.YES, Response.PARTLY, Response.NO, None]
    assert draft.is_draft
