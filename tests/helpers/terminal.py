"""Running the real `reflect` program in a pseudo-terminal: keys in, every byte it draws out."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path


class Terminal:
    """`reflect` (with `args`) in an 80x24 pseudo-terminal. Use as a context manager."""

    def __init__(self, args: list[str], env: dict[str, str], *, columns: int = 80, lines: int = 24) -> None:
        self.args = args
        self.env = dict(env, TERM="xterm-256color", COLUMNS=str(columns), LINES=str(lines))
        self.output = bytearray()
        """Everything the program wrote to the terminal so far."""
        self.pid = 0
        self.fd = -1
        self.exit_code: int | None = None
        """Set once it has finished."""

    def __enter__(self) -> Terminal:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become `reflect` in the pseudo-terminal
            os.execvpe(sys.executable, [sys.executable, "-m", "reflect", *self.args], self.env)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.alive():
            self.kill()
        os.close(self.fd)

    def kill(self) -> None:
        """SIGKILL: gone at once, with no chance to tidy up."""
        os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        self.exit_code = os.waitstatus_to_exitcode(status)

    def read(self, seconds: float) -> None:
        """Collect what it draws for `seconds` (so it never blocks writing to the terminal)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.output += data

    def read_until(self, seen: Callable[[], bool], seconds: float = 20.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if seen():
                return True
            self.read(0.1)
        return seen()

    def shows(self, text: str) -> bool:
        return text.encode() in self.output

    def press(self, *keys: str, pause: float = 0.4) -> None:
        for key in keys:
            os.write(self.fd, key.encode())
            self.read(pause)

    def alive(self) -> bool:
        if self.exit_code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_code = os.waitstatus_to_exitcode(status)
        return self.exit_code is None

    def wait(self, seconds: float = 10.0) -> int | None:
        """The exit code once it has finished (collecting output meanwhile), or None if it has not."""
        deadline = time.monotonic() + seconds
        while self.alive() and time.monotonic() < deadline:
            self.read(0.1)
        self.read(0.2)
        return self.exit_code


def reflect_in_terminal(db_path: Path, env: dict[str, str], *args: str) -> Terminal:
    return Terminal(["--db", str(db_path), *args], env)
