"""A room at once: simulated participants (websocket clients speaking textual-serve's protocol,
loopback only) answering all ten questions together. Every answer lands, memory per participant
is measured, and nothing is left running afterwards.

Run with `-s` to see the figures (they go in the README's workshop section).
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import aiohttp

from reflect.workshop.store import WorkshopStore
from tests.helpers.served import Served
from tests.helpers.sessions import descendants, first_screen, participants, wait_until, ws_url

ROOM = 6
"""Participants at once: bounded, as the machine running the tests has few cores."""

QUESTIONS = 10



def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def answers_in(workshop: Path) -> int:
    store = WorkshopStore.open(workshop)
    try:
        return sum(1 for answer in store.answers() if answer.response is not None)
    finally:
        store.close()


async def drain(websocket: aiohttp.ClientWebSocketResponse, stop: asyncio.Event) -> None:
    """Read (and drop) screen updates, as a browser does, until told to stop."""
    while not stop.is_set():
        message = await websocket.receive()
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            return


async def participant(session: aiohttp.ClientSession, served: Served, everyone_ready: asyncio.Barrier, done: asyncio.Event) -> None:
    async with session.ws_connect(ws_url(served, "width=100&height=30")) as websocket:
        await first_screen(websocket, timeout=90)
        stop = asyncio.Event()
        reader = asyncio.create_task(drain(websocket, stop))
        await everyone_ready.wait()
        await websocket.send_str(json.dumps(["stdin", "\r"]))  # start answering
        await asyncio.sleep(1.0)
        for _ in range(QUESTIONS):
            await websocket.send_str(json.dumps(["stdin", "y"]))
            await asyncio.sleep(0.4)
        await done.wait()  # stay connected until every answer has landed, then leave
        stop.set()
        await websocket.close()
        await asyncio.gather(reader, return_exceptions=True)


async def test_a_room_answering_at_once_lands_every_answer_and_leaves_nothing_running(serving: Served, workshop: Path) -> None:
    server = serving.process.pid
    memory: list[float] = []
    done = asyncio.Event()
    everyone_ready = asyncio.Barrier(ROOM + 1)
    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.create_task(participant(session, serving, everyone_ready, done)) for _ in range(ROOM)]
        async with asyncio.timeout(120):
            await everyone_ready.wait()
        assert len(participants(server)) == ROOM
        started = time.monotonic()
        last_key = started + 1.0 + QUESTIONS * 0.4
        await wait_until(lambda: answers_in(workshop) == ROOM * QUESTIONS, 60, f"all {ROOM * QUESTIONS} answers landed")
        landed = time.monotonic() - last_key
        memory = [rss_mb(pid) for pid in participants(server)]
        done.set()
        async with asyncio.timeout(60):
            await asyncio.gather(*tasks)
    await wait_until(lambda: not descendants(server), 20, "every participant process ended")
    print(
        f"\nroom load: {ROOM} participants, {ROOM * QUESTIONS} answers, the last landed {max(landed, 0):.1f} s after "
        f"the last key; memory per participant {min(memory):.0f}-{max(memory):.0f} MB (mean {sum(memory) / len(memory):.0f} MB)"
    )
    assert landed < 2, f"the last answers took {landed:.1f} s to land"
