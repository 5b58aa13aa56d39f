"""Running `reflect serve` as a real process for the tests, on loopback and a free port."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

LINK = re.compile(r"Participants join at: (http://\S+/)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    """A running `reflect serve`: its join link and everything it printed."""

    process: subprocess.Popen[str]
    port: int
    link: str = ""
    output: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def token(self) -> str:
        return self.link.rstrip("/").rsplit("/", 1)[1]

    def local_link(self) -> str:
        """The join link, reached through loopback whatever address it names."""
        return f"http://127.0.0.1:{self.port}/{self.token}/"

    def wait_for_error(self, text: str, timeout: float = 10) -> str:
        """Standard error so far, once it holds `text` (it is read by another thread)."""
        deadline = time.monotonic() + timeout
        while text not in "".join(self.errors):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared on standard error:\n{''.join(self.errors)}")
            time.sleep(0.05)
        return "".join(self.errors)

    def stop(self, timeout: float = 20) -> int:
        """Press Ctrl+C; kill it if it has not stopped within `timeout` seconds."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_serve(*arguments: str, env: dict[str, str], cwd: Path) -> Served:
    """Start `reflect serve ARGUMENTS --port FREE` and wait until it has printed its join link and
    everything it says with it (up to "Stop with Ctrl+C.")."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "reflect", "serve", *arguments, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd,
    )
    served = Served(process, port)
    found = threading.Event()

    def read_output() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            served.output.append(line)
            if match := LINK.search(line):
                served.link = match.group(1)
            if served.link and line.startswith("Stop with Ctrl+C."):  # the last line of the announcement
                found.set()

    def read_errors() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            served.errors.append(line)

    threading.Thread(target=read_output, daemon=True).start()
    threading.Thread(target=read_errors, daemon=True).start()
    deadline = time.monotonic() + 30
    while not found.wait(0.1):
        if process.poll() is not None or time.monotonic() > deadline:
            served.stop()
            raise AssertionError(f"reflect serve did not start:\n{''.join(served.output)}{''.join(served.errors)}")
    _wait_until_listening(port)
    return served


def _wait_until_listening(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def make_workshop(path: Path, vignette: str = "home-visit") -> Path:
    """A workshop database on one of the shipped vignettes, as `reflect workshop new` makes it."""
    from datetime import datetime

    from reflect.questions import default_question_set
    from reflect.workshop.store import WorkshopInfo, create_workshop
    from reflect.workshop.vignettes import find_vignette

    case = find_vignette(vignette, path.parent / "no-own-vignettes")
    questions = default_question_set()
    create_workshop(
        path,
        WorkshopInfo(
            id=f"{vignette}-test", created_at=datetime.now(UTC), vignette_id=case.id,
            vignette_title=case.title, vignette_setting=case.setting, vignette_text=case.text,
            question_set_id=questions.id, question_set_version=questions.version,
        ),
    )
    return path
