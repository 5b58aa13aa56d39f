"""`reflect serve` under one participant's abuse: real processes, real websockets, loopback only.

Each test counts the participant processes the server has started (its descendants in /proc) and
bounds every wait, so that a session which pins a core or outlives its browser fails here rather
than hanging the run.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import struct
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from reflect.web.participant import participant_command, participant_environment
from tests.helpers.running import run_reflect
from tests.helpers.served import Served, free_port, start_serve
from tests.helpers.sessions import closed_with, descendants, first_screen, participants, wait_until, ws_url


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- 1. message size and input rate -------------------------------------------------------------


async def test_one_huge_message_ends_that_session_and_its_process(serving: Served) -> None:
    server = serving.process.pid
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url(serving)) as websocket:
        await first_screen(websocket)
        assert len(participants(server)) == 1
        try:
            await websocket.send_str(json.dumps(["stdin", "A" * 3_000_000]))
        except ConnectionError:
            pass  # the server read enough to refuse it and closed before the rest was sent: as it should
        else:
            assert await closed_with(websocket, timeout=5) == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
    await wait_until(lambda: not participants(server), 10, "the participant process ended")


async def test_a_flood_of_small_messages_ends_that_session_and_its_process(serving: Served) -> None:
    server = serving.process.pid
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url(serving)) as websocket:
        await first_screen(websocket)
        (participant,) = participants(server)
        before = cpu_seconds(participant)
        reset = False
        for _ in range(3000):  # 3 MB of typing in well under a second
            if websocket.closed:
                break
            try:
                await websocket.send_str(json.dumps(["stdin", "A" * 1000]))
            except ConnectionError:
                reset = True  # the server closed it while the flood was still being sent
                break
        if not reset:
            assert await closed_with(websocket, timeout=10) == aiohttp.WSCloseCode.POLICY_VIOLATION
        spent = cpu_seconds(participant) if participant in participants(server) else 0.0
    await wait_until(lambda: not participants(server), 10, "the participant process ended")
    assert spent - before < 5, f"the flood cost the participant {spent - before:.1f} s of CPU"


async def test_typing_and_pasting_at_a_persons_pace_is_never_cut_off(serving: Served) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url(serving)) as websocket:
        await first_screen(websocket)
        await websocket.send_str(json.dumps(["stdin", "a pasted note. " * 200]))  # 3 KB at once
        for _ in range(40):  # then typing fast, with the mouse moving: 40 events in 1 s
            await websocket.send_str(json.dumps(["stdin", "x"]))
            await asyncio.sleep(0.025)
        await websocket.send_str(json.dumps(["ping", "1"]))
        async with asyncio.timeout(10):
            while True:
                message = await websocket.receive()
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
                if message.type == aiohttp.WSMsgType.TEXT and json.loads(message.data) == ["pong", "1"]:
                    break


# --- 2. width and height ------------------------------------------------------------------------


def terminal_size(pid: int) -> tuple[int, int]:
    environment = dict(
        item.split(b"=", 1) for item in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0") if b"=" in item
    )
    return int(environment[b"COLUMNS"]), int(environment[b"ROWS"])


@pytest.mark.parametrize(
    ("query", "size"),
    [("width=3000&height=3000", (500, 200)), ("width=-40&height=0", (20, 10)), ("width=100&height=30", (100, 30))],
)
async def test_the_size_asked_for_in_the_link_is_clamped_to_a_screen(serving: Served, query: str, size: tuple[int, int]) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url(serving, query)) as websocket:
        await first_screen(websocket)
        (participant,) = participants(serving.process.pid)
        assert terminal_size(participant) == size


@pytest.mark.parametrize(
    "resize",
    [{"width": -10, "height": -3}, {"width": 0, "height": 0}, {"width": 10**9, "height": 10**9}, {"width": "wide"}, "tall", None],
)
async def test_a_bad_resize_never_crashes_the_participant_app(serving: Served, resize: object) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url(serving)) as websocket:
        await first_screen(websocket)
        (participant,) = participants(serving.process.pid)
        await websocket.send_str(json.dumps(["resize", resize]))
        await asyncio.sleep(1.5)
        assert not websocket.closed
        assert participants(serving.process.pid) == {participant}
    assert "Traceback" not in "".join(serving.output + serving.errors)


# --- 3. every way a connection can end ----------------------------------------------------------


async def _handshake(served: Served, query: str = "width=80&height=24") -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A websocket opened by hand, so that the test can drop its TCP connection without a close."""
    reader, writer = await asyncio.open_connection("127.0.0.1", served.port)
    writer.write(
        (
            f"GET /{served.token}/ws?{query} HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    status = await asyncio.wait_for(reader.readline(), 10)
    assert b" 101 " in status, status
    return reader, writer


async def _end_normally(served: Served) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url(served)) as websocket:
        await first_screen(websocket)
        await websocket.close()


async def _end_with_1009(served: Served) -> None:
    # As a browser does when a frame is over its limit: here the first screen of a huge terminal.
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url(served, "width=3000&height=3000"), max_msg_size=1024) as websocket:
        async with asyncio.timeout(30):
            async for _ in websocket:
                pass
        assert websocket.close_code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG


async def _drop_the_connection(served: Served) -> None:
    reader, writer = await _handshake(served)
    await wait_until(lambda: bool(participants(served.process.pid)), 30, "a participant started")
    await asyncio.wait_for(reader.read(200), 30)  # the app is drawing
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST
    writer.transport.abort()


async def _stop_reading(served: Served) -> None:
    # A browser tab frozen in the background: the connection stays open and nothing is read.
    reader, writer = await _handshake(served, "width=500&height=200")
    await wait_until(lambda: bool(participants(served.process.pid)), 30, "a participant started")
    await asyncio.sleep(3)
    writer.transport.abort()


async def _never_upgrade(served: Served) -> None:
    async with aiohttp.ClientSession() as session, session.get(f"{served.local_link()}ws") as response:
        assert response.status == 400


@pytest.mark.parametrize("end", [_end_normally, _end_with_1009, _drop_the_connection, _stop_reading, _never_upgrade])
async def test_every_way_a_connection_ends_leaves_no_participant_process(serving: Served, end: Callable[[Served], object]) -> None:
    await end(serving)  # type: ignore[misc]  # each ending is a coroutine function
    await wait_until(lambda: not descendants(serving.process.pid), 15, "every participant process ended")
    assert "Traceback" not in "".join(serving.output + serving.errors)


# --- 4. how many, and for how long --------------------------------------------------------------


async def test_a_full_room_gets_a_polite_page_and_a_free_seat_is_taken_again(workshop: Path, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    served = start_serve("--db", str(workshop), "--max-participants", "2", env=subprocess_env, cwd=tmp_path)
    try:
        async with aiohttp.ClientSession() as session:
            first = await session.ws_connect(ws_url(served))
            second = await session.ws_connect(ws_url(served))
            await first_screen(first)
            await first_screen(second)
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(ws_url(served))
            assert refused.value.status == 503
            async with session.get(served.local_link()) as page:
                assert page.status == 503
                assert "The room is full" in await page.text()
            assert len(participants(served.process.pid)) == 2
            await first.close()
            await wait_until(lambda: len(participants(served.process.pid)) == 1, 15, "the first participant's app ended")
            # The seat is free once the server has reaped that app, a moment after it ended: wait
            # for what the next person sees, a join page that is no longer full.
            deadline = asyncio.get_running_loop().time() + 15
            while True:
                async with session.get(served.local_link()) as page:
                    if page.status == 200:
                        break
                assert asyncio.get_running_loop().time() < deadline, "the first seat was not freed within 15 s"
                await asyncio.sleep(0.1)
            third = await session.ws_connect(ws_url(served))
            await first_screen(third)
            await third.close()
            await second.close()
    finally:
        served.stop()


def test_max_participants_must_be_a_positive_number(workshop: Path, subprocess_env: dict[str, str]) -> None:
    result = run_reflect("serve", "--db", str(workshop), "--max-participants", "0", env=subprocess_env)
    assert result.returncode == 2 and "--max-participants" in result.stderr and "must be 1 or more" in result.stderr


IDLE_TIMEOUT = 4


@pytest.fixture
async def idle_server(workshop: Path, tmp_path: Path) -> AsyncIterator[tuple[int, str]]:
    """The server in this process with a 4 s idle timeout (its participants are real processes; one
    takes a second or two to start on a busy machine, and the idle clock runs from the connection)."""
    from reflect.web.server import WorkshopServer, new_token

    token = new_token()
    server = WorkshopServer(
        participant_command(workshop), token=token, environment=participant_environment(tmp_path / "sandbox"), idle_timeout=IDLE_TIMEOUT,
    )
    runner = web.AppRunner(await server._make_app())
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield port, token
    finally:
        await runner.cleanup()


async def test_a_session_that_only_answers_heartbeats_is_ended_after_the_idle_timeout(idle_server: tuple[int, str]) -> None:
    port, token = idle_server
    async with aiohttp.ClientSession() as session, session.ws_connect(f"ws://127.0.0.1:{port}/{token}/ws", heartbeat=0.5) as websocket:
        await first_screen(websocket)
        await websocket.send_str(json.dumps(["stdin", "x"]))  # a key: the idle clock starts again
        started = time.monotonic()
        assert await closed_with(websocket, timeout=15) == aiohttp.WSCloseCode.GOING_AWAY
        assert time.monotonic() - started >= IDLE_TIMEOUT - 0.2, "a key counts as activity; heartbeats do not"
    await wait_until(lambda: not participants(os.getpid()), 15, "the idle participant's process ended")


# --- 5. what the trainer's terminal shows -------------------------------------------------------


async def test_a_plain_get_of_the_websocket_address_gets_a_short_400(serving: Served) -> None:
    async with aiohttp.ClientSession() as session, session.get(f"{serving.local_link()}ws") as response:
        assert response.status == 400
        assert len(await response.text()) < 300
    await asyncio.sleep(0.5)
    assert not serving.errors
    assert not descendants(serving.process.pid)


def test_a_busy_port_prints_one_line_and_no_join_link(workshop: Path, subprocess_env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_reflect("serve", "--db", str(workshop), "--port", str(port), env=subprocess_env)
    assert result.returncode == 1
    assert "Participants join at" not in result.stdout
    assert result.stderr.strip().count("\n") == 0, result.stderr


# --- the limits themselves ----------------------------------------------------------------------


def test_the_input_budget_allows_a_person_and_refuses_a_script() -> None:
    from reflect.web.limits import InputBudget

    now = [0.0]
    person = InputBudget(clock=lambda: now[0])
    assert person.spend(3000)  # a pasted note
    for _ in range(600):  # ten minutes of fast typing with the mouse moving
        now[0] += 0.02
        assert person.spend(12)
    script = InputBudget(clock=lambda: now[0])
    assert not all(script.spend(1000) for _ in range(100))  # 100 KB at once
    chatty = InputBudget(clock=lambda: now[0])
    assert not all(chatty.spend(1) for _ in range(1000))  # 1000 messages at once


def test_sizes_are_clamped_and_a_resize_that_is_not_one_is_ignored() -> None:
    from reflect.web.limits import clamp_size, screen_size

    assert clamp_size(3000, 3000) == (500, 200) and clamp_size(-1, -1) == (20, 10) and clamp_size(80, 24) == (80, 24)
    assert screen_size({"width": -10, "height": 5}) == (20, 10)
    bad: object
    for bad in (None, "tall", [], {"width": "wide", "height": 3}, {"width": True, "height": 3}, {"width": 1.5, "height": 3}):
        assert screen_size(bad) is None


# --- limits of each process, and where its errors go ---------------------------------------------


async def test_each_participant_process_has_memory_and_cpu_limits(serving: Served) -> None:
    from reflect.web.participant import CPU_LIMIT_SECONDS, MEMORY_LIMIT_BYTES

    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url(serving, "width=500&height=200")) as websocket:
        await first_screen(websocket)
        (participant,) = participants(serving.process.pid)
        limits = {line[:26].strip(): line[26:].split() for line in Path(f"/proc/{participant}/limits").read_text().splitlines()[1:]}
        assert limits["Max address space"][0] == str(MEMORY_LIMIT_BYTES)
        assert limits["Max cpu time"][0] == str(CPU_LIMIT_SECONDS)
        # and the app still works at the largest size within them
        await websocket.send_str(json.dumps(["ping", "2"]))
        async with asyncio.timeout(10):
            while (message := await websocket.receive()).type != aiohttp.WSMsgType.TEXT:
                pass
        assert json.loads(message.data) == ["pong", "2"]


async def test_a_participant_apps_errors_go_to_a_private_log_named_in_one_line(serving: Served, workshop: Path) -> None:
    line = next(line for line in serving.output if line.startswith("Errors in participants' sessions are written to "))
    error_log = Path(line.rsplit(" ", 1)[1].strip())
    assert error_log.exists() and error_log.stat().st_mode & 0o777 == 0o600
    workshop.write_bytes(b"not a workshop any more" * 100)  # the participant app cannot open it
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url(serving)) as websocket:
        await closed_with(websocket, timeout=30)
    await wait_until(lambda: not participants(serving.process.pid), 15, "the failed participant process ended")
    warning = serving.wait_for_error("a participant's app stopped with an error")
    assert str(error_log) in warning
    assert error_log.read_text().strip(), "the app's error is in the log"
    assert "Traceback" not in "".join(serving.output + serving.errors)
