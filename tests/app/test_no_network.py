"""reflect makes no network connections of its own: nothing written leaves the machine.

Every way a Python program reaches the network goes through the socket module; here it
records any attempt (and refuses it) while the app and each command run.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from reflect.cli import main
from tests.helpers.app import wait_for_store


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    tried: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
            tried.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError("network use refused by the test")

        return refused

    for name in ("connect", "connect_ex", "bind", "sendto", "listen"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    return tried


async def test_the_app_reaches_no_network_through_a_whole_reflection_history_and_patterns(make_app, attempts: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", *"yypnxyypyy", "ctrl+s")
        await wait_for_store(pilot)
        await pilot.press("enter", "h")
        await wait_for_store(pilot)
        await pilot.press("escape", "t")
        await wait_for_store(pilot)
    assert attempts == []


def test_no_command_reaches_the_network(db_path: Path, tmp_path: Path, attempts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    db = ["--db", str(db_path)]
    commands = [
        ["add", *db, "--answers", "yypnxyypyy", "--note-what", "a walk to the shops"],
        ["list", *db, "--json"],
        ["stats", *db],
        ["questions"],
        ["backup", *db, "--output", str(tmp_path / "copy.db")],
        ["doctor", *db],
    ]
    for argv in commands:
        assert main(argv) == 0, argv
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("erase\n"))
    assert main(["erase", *db]) == 0
    assert attempts == []
