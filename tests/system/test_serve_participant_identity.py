"""A participant keeps who they are across reloads and reconnects: the page's key, sent with the
websocket's address, is the same participant in the workshop file (real `reflect serve`, real
websockets over loopback). A key that is not a key is a new participant, never an error."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
import pytest

from reflect.model import Response
from reflect.workshop.store import WorkshopStore
from tests.helpers.served import Served
from tests.helpers.sessions import participants, wait_until

pytestmark = pytest.mark.system

KEY = "Zm9vYmFyLWJyb3dzZXIta2V5LTEyMzQ1"  # 32 URL-safe characters, as the page makes them


def keyed_url(served: Served, key: str) -> str:
    return f"ws://127.0.0.1:{served.port}/{served.token}/ws/{key}?width=80&height=24"


def room(workshop: Path) -> tuple[list[str], dict[str, list[Response | None]]]:
    store = WorkshopStore.open(workshop)
    try:
        labels = [participant.label for participant in store.participants()]
        answers: dict[str, list[Response | None]] = {label: [] for label in labels}
        for answer in store.answers():
            answers[answer.participant].append(answer.response)
    finally:
        store.close()
    return labels, answers


async def until_drawn(websocket: aiohttp.ClientWebSocketResponse, text: str, timeout: float = 30) -> None:
    """Read the screen's updates until `text` has been drawn."""
    seen = b""
    async with asyncio.timeout(timeout):
        while text.encode() not in seen:
            message = await websocket.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                seen = seen[-4000:] + message.data
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                raise AssertionError(f"the session closed before {text!r} was drawn")


async def keys(websocket: aiohttp.ClientWebSocketResponse, typed: str) -> None:
    await websocket.send_str(json.dumps(["stdin", typed]))


async def test_a_reconnect_with_the_same_key_is_the_same_participant_where_they_were(serving: Served, workshop: Path) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(keyed_url(serving, KEY)) as websocket:
            await until_drawn(websocket, "Answer the questions")
            await keys(websocket, "\r")
            await until_drawn(websocket, "Question 1 of 10")
            await keys(websocket, "yp")
            await wait_until(lambda: sum(map(len, room(workshop)[1].values())) == 2, 20, "two answers written")
        await wait_until(lambda: not participants(serving.process.pid), 20, "the first session's process ended")
        async with session.ws_connect(keyed_url(serving, KEY)) as websocket:  # the page reloaded
            await until_drawn(websocket, "Question 3 of 10")  # back where they were, not at the case
            await keys(websocket, "n")
            await wait_until(lambda: sum(map(len, room(workshop)[1].values())) == 3, 20, "the third answer written")
    labels, answers = room(workshop)
    assert len(labels) == 1  # one person, counted once
    assert answers[labels[0]] == [Response.YES, Response.PARTLY, Response.NO]


@pytest.mark.parametrize("bad", ["short", "x" * 65, "has%20space", "semi;colon", "dots..and..more..dots..x"])
async def test_a_key_that_is_not_a_key_is_a_new_participant_not_an_error(serving: Served, workshop: Path, bad: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(2):
            url = f"ws://127.0.0.1:{serving.port}/{serving.token}/ws/{bad}?width=80&height=24"
            async with session.ws_connect(url) as websocket:
                await until_drawn(websocket, "Answer the questions")
    labels, _ = room(workshop)
    assert len(labels) == 2  # each connection a participant of its own
    assert "Traceback" not in "".join(serving.errors)
