"""Browsers simulated for `reflect serve` tests: websockets speaking textual-serve's protocol, and
the participant processes they start, counted in /proc. Every wait is bounded."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp

from tests.helpers.served import Served


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (a participant runs under a shell textual-serve starts)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def participants(pid: int) -> set[int]:
    """The participant apps (Python processes running `reflect workshop join`) below `pid`."""
    found = set()
    for child in descendants(pid):
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"join" in argv and b"workshop" in argv and not argv[0].endswith(b"sh"):
            found.add(child)
    return found


async def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        await asyncio.sleep(0.1)


def ws_url(served: Served, query: str = "width=80&height=24") -> str:
    return f"ws://127.0.0.1:{served.port}/{served.token}/ws?{query}"


async def first_screen(websocket: aiohttp.ClientWebSocketResponse, timeout: float = 30) -> None:
    """Wait until the participant app has drawn something: it is running and reading its input."""
    async with asyncio.timeout(timeout):
        while True:
            message = await websocket.receive()
            if message.type == aiohttp.WSMsgType.BINARY and len(message.data) > 100:
                return
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                raise AssertionError(f"the session closed before the app drew: {message}")


async def closed_with(websocket: aiohttp.ClientWebSocketResponse, timeout: float) -> int | None:
    """The close code the server ends this session with, reading (and dropping) screen updates."""
    async with asyncio.timeout(timeout):
        while True:
            message = await websocket.receive()
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                return websocket.close_code
