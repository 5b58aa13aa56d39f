"""The trainer's choices reach participants in their browsers: real `reflect serve`, real participant
processes, websockets speaking textual-serve's protocol over loopback."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from reflect.tui.workshop.room_follow import FOLLOW_SECONDS
from reflect.workshop.store import WorkshopStore
from tests.helpers.screens import Screen
from tests.helpers.served import Served
from tests.helpers.sessions import descendants, first_screen, wait_until, ws_url


def answers_in(workshop: Path) -> int:
    store = WorkshopStore.open(workshop)
    try:
        return sum(1 for answer in store.answers() if answer.response is not None)
    finally:
        store.close()


async def test_pausing_answering_and_revealing_the_spread_reach_every_participant(serving: Served, workshop: Path) -> None:
    trainer = WorkshopStore.open(workshop)
    try:
        async with aiohttp.ClientSession() as session:
            websockets = [await session.ws_connect(ws_url(serving, "width=100&height=30")) for _ in range(2)]
            await asyncio.gather(*(first_screen(websocket, timeout=60) for websocket in websockets))
            screens = [Screen(websocket) for websocket in websockets]
            for screen in screens:
                await screen.press("\r")
                await screen.shows("Making sense")
                await screen.press("y")
            await wait_until(lambda: answers_in(workshop) == 2, 10, "both first answers landed")

            trainer.set_answering(False)
            await asyncio.gather(*(screen.shows("The trainer has paused answering", 5 + FOLLOW_SECONDS) for screen in screens))
            for screen in screens:
                await screen.press("n")  # while paused: goes nowhere
            trainer.set_answering(True)
            await asyncio.gather(*(screen.shows("Answering is open again", 5 + FOLLOW_SECONDS) for screen in screens))
            for screen in screens:
                await screen.press("n")
            await wait_until(lambda: answers_in(workshop) == 4, 10, "the answers after answering opened landed")

            trainer.set_revealed(True)
            await asyncio.gather(*(screen.shows("How the room answered", 5 + FOLLOW_SECONDS) for screen in screens))
            for screen in screens:
                await screen.close()
    finally:
        trainer.close()
    await wait_until(lambda: not descendants(serving.process.pid), 20, "every participant process ended")
