"""`reflect serve`: what it asks for, what it refuses, and who may connect (no browser needed here).

The browser itself is driven in test_serve_browser.py.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from reflect.web.command import is_loopback, join_link
from reflect.web.participant import participant_argv, participant_environment
from reflect.web.server import WorkshopServer, new_token
from tests.helpers.running import run_reflect
from tests.helpers.served import Served, make_workshop, start_serve

KIND_REFUSAL = "This workshop needs its full join link"




@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    return make_workshop(tmp_path / "room.workshop.db")


@pytest.fixture
def serving(workshop: Path, tmp_path: Path, subprocess_env: dict[str, str]):  # type: ignore[no-untyped-def]
    served = start_serve("--db", str(workshop), env=subprocess_env, cwd=tmp_path)
    yield served
    served.stop()


async def status_of(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url, allow_redirects=False) as response:
        return response.status, await response.text()


async def websocket_status(url: str) -> int:
    """101 when the websocket opens, otherwise the HTTP status the server answered with."""
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url) as websocket:
                await websocket.close()
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


# --- arguments ---------------------------------------------------------------------------------


def test_serve_help_imports_neither_textual_nor_sqlalchemy(subprocess_env: dict[str, str]) -> None:
    program = (
        "import sys\nfrom reflect.cli import main\n"
        "try:\n    main(['serve', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('RESULT', 'textual' in sys.modules, 'sqlalchemy' in sys.modules, 'textual_serve' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", program], env=subprocess_env, capture_output=True, text=True, timeout=60)
    assert "--host" in result.stdout and "--workshop" in result.stdout
    assert result.stdout.strip().endswith("RESULT False False False")


def test_with_no_workshop_yet_serve_says_how_to_make_one(subprocess_env: dict[str, str]) -> None:
    result = run_reflect("serve", env=subprocess_env)
    assert result.returncode == 2
    assert "There is no workshop yet. Create one with `reflect workshop new --vignette NAME`." in result.stderr
    assert "Traceback" not in result.stderr


def test_a_workshop_file_that_does_not_exist_is_refused_and_not_created(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    missing = tmp_path / "nowhere.db"
    result = run_reflect("serve", "--db", str(missing), env=subprocess_env)
    assert result.returncode == 1
    assert f"{missing} does not exist" in result.stderr
    assert not missing.exists()


def test_an_unknown_workshop_id_is_refused(subprocess_env: dict[str, str]) -> None:
    result = run_reflect("serve", "--workshop", "no-such-room", env=subprocess_env)
    assert result.returncode == 2
    assert "There is no workshop 'no-such-room'" in result.stderr


@pytest.mark.parametrize("bad", ["../escape", "a/b", " ", "x" * 81])
def test_a_workshop_id_that_could_be_a_path_is_refused(bad: str, subprocess_env: dict[str, str]) -> None:
    result = run_reflect("serve", "--workshop", bad, env=subprocess_env)
    assert result.returncode == 2, result.stderr
    assert "is not a workshop id" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_practitioners_own_database_is_never_served(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    from reflect.store import open_store

    own = tmp_path / "mine.db"
    open_store(own).close()
    before = own.read_bytes()
    result = run_reflect("serve", "--db", str(own), env=subprocess_env)
    assert result.returncode == 1
    assert "is a practitioner's reflect database, not a workshop" in result.stderr
    assert "`reflect serve` shares only a workshop." in result.stderr
    assert own.read_bytes() == before


def test_a_workshop_is_served_by_id_or_the_newest_by_default(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    folder = tmp_path / "data" / "reflect" / "workshops"
    folder.mkdir(parents=True)
    make_workshop(folder / "crisis-call-0001.workshop.db", "crisis-call")
    for arguments in (("--workshop", "crisis-call-0001"), ()):
        served = start_serve(*arguments, env=subprocess_env, cwd=tmp_path)
        try:
            assert "Serving the workshop in crisis-call-0001.workshop.db" in "".join(served.output)
        finally:
            served.stop()


def test_the_practitioners_db_option_is_refused_before_the_command(workshop: Path, subprocess_env: dict[str, str]) -> None:
    result = run_reflect("--db", str(workshop), "serve", env=subprocess_env)
    assert result.returncode == 2
    assert "never your own reflections" in result.stderr


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_a_port_out_of_range_is_refused(port: str, workshop: Path, subprocess_env: dict[str, str]) -> None:
    result = run_reflect("serve", "--db", str(workshop), "--port", port, env=subprocess_env)
    assert result.returncode == 2
    assert "--port" in result.stderr and "Traceback" not in result.stderr


def test_a_port_in_use_gets_a_message_not_a_traceback(workshop: Path, subprocess_env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_reflect("serve", "--db", str(workshop), "--port", str(port), env=subprocess_env)
    assert result.returncode == 1
    assert f"Port {port} is already in use on 127.0.0.1. Choose another with --port" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_host_that_is_not_an_address_here_gets_a_message(workshop: Path, subprocess_env: dict[str, str]) -> None:
    result = run_reflect("serve", "--db", str(workshop), "--host", "192.0.2.77", "--port", "8123", env=subprocess_env)
    assert result.returncode == 1
    assert "Cannot listen on 192.0.2.77:8123" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# --- what a served process runs and sees --------------------------------------------------------


def test_a_served_process_runs_only_the_participant_app_for_that_workshop(workshop: Path) -> None:
    argv = participant_argv(workshop)
    assert argv[0] == sys.executable
    assert argv[1:6] == ["-m", "reflect", "workshop", "join", "--db"]
    assert argv.count(str(workshop.resolve())) == 1
    assert [part for part in argv if part.endswith(".db")] == [str(workshop.resolve())]


def test_a_served_process_cannot_find_the_trainers_own_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFLECT_DB", str(tmp_path / "mine.db"))
    environment = participant_environment(tmp_path / "sandbox")
    assert "REFLECT_DB" not in environment
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME"):
        assert Path(environment[variable]).is_relative_to(tmp_path / "sandbox")


# --- who may connect ----------------------------------------------------------------------------


def test_join_tokens_are_long_random_and_url_safe() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(token) >= 22 and token.replace("-", "").replace("_", "").isalnum() for token in tokens)


def test_only_a_path_that_starts_with_the_token_is_admitted() -> None:
    server = WorkshopServer("true", token="Secret-Token_1", environment={})
    assert server.admits("/Secret-Token_1/")
    assert server.admits("/Secret-Token_1/ws")
    assert server.admits("/Secret-Token_1/static/js/textual.js")
    for path in ("/", "/ws", "/static/js/textual.js", "/secret-token_1/", "/Secret-Token_/", "/Secret-Token_12/", "//Secret-Token_1/"):
        assert not server.admits(path), path


def test_loopback_is_told_apart_from_addresses_others_can_reach() -> None:
    assert all(is_loopback(host) for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1"))
    assert not any(is_loopback(host) for host in ("0.0.0.0", "::", "192.168.1.20", "example.org"))
    assert join_link("127.0.0.1", 8000, "abc") == "http://127.0.0.1:8000/abc/"
    assert "0.0.0.0" not in join_link("0.0.0.0", 8000, "abc")


async def test_on_loopback_the_page_and_the_websocket_need_the_token(serving: Served) -> None:
    base = f"http://127.0.0.1:{serving.port}"
    assert serving.link == f"{base}/{serving.token}/"
    assert "Only this computer can open it" in "".join(serving.output)
    assert not serving.errors, "no warning on loopback"

    for path in ("/", f"/{serving.token}x/", f"/{serving.token[:-1]}/", "/static/js/textual.js", "/favicon.ico"):
        status, body = await status_of(base + path)
        assert status == 403, path
        assert KIND_REFUSAL in body and "ask the trainer for the full link" in body
    for path in ("/ws", f"/{serving.token}x/ws", "/static/ws", f"/ws/{serving.token}"):
        assert await websocket_status(f"ws://127.0.0.1:{serving.port}{path}") == 403, path

    status, page = await status_of(serving.link)
    assert status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{serving.port}/{serving.token}/ws"' in page
    assert "googleapis" not in page, "joining contacts no one but the trainer's machine"
    status, _ = await status_of(f"{serving.link}static/js/textual.js")
    assert status == 200


async def test_on_loopback_a_token_less_request_starts_no_participant_process(serving: Served) -> None:
    children = _children(serving.process.pid)
    await websocket_status(f"ws://127.0.0.1:{serving.port}/ws")
    await asyncio.sleep(0.5)
    assert _children(serving.process.pid) == children


async def test_listening_on_every_address_warns_and_still_needs_the_token(workshop: Path, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    served = start_serve("--db", str(workshop), "--host", "0.0.0.0", env=subprocess_env, cwd=tmp_path)
    try:
        warning = served.wait_for_error("stop with Ctrl+C when the workshop ends")
        assert "listening on 0.0.0.0, so other computers on this network can reach this workshop" in warning
        assert "Only people with the join link can join" in warning
        assert "0.0.0.0" not in served.link and served.link.endswith(f":{served.port}/{served.token}/")

        base = f"http://127.0.0.1:{served.port}"
        status, body = await status_of(base + "/")
        assert status == 403 and KIND_REFUSAL in body
        assert await websocket_status(f"ws://127.0.0.1:{served.port}/ws") == 403
        assert await websocket_status(f"ws://127.0.0.1:{served.port}/{served.token}x/ws") == 403
        status, page = await status_of(served.local_link())
        assert status == 200
        # The page's links follow the address the browser used, not the one the server bound.
        assert f"ws://127.0.0.1:{served.port}/{served.token}/ws" in page
    finally:
        served.stop()


def test_each_serve_has_its_own_token_and_stops_cleanly_on_ctrl_c(workshop: Path, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    first = start_serve("--db", str(workshop), env=subprocess_env, cwd=tmp_path)
    second = start_serve("--db", str(workshop), env=subprocess_env, cwd=tmp_path)
    try:
        assert first.token != second.token
    finally:
        assert first.stop() == 0
        assert second.stop() == 0
    assert "Traceback" not in "".join(first.errors + second.errors)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found
