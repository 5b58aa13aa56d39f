"""A room at once, simulated: participants as websocket clients speaking textual-serve's protocol
to a real `reflect serve` over loopback, each answering all ten questions as fast as their screen
follows, while the trainer's view polls the workshop file as it does (PRAGMA data_version).

Shared by the load test (tests/system/test_serve_room_load.py, a small room) and the benchmark
(benchmarks/room_load.py, a full one). Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from reflect.questions import default_question_set
from reflect.tui.workshop.room import POLL_SECONDS
from reflect.workshop.store import WorkshopStore
from tests.helpers.screens import Screen
from tests.helpers.served import Served
from tests.helpers.sessions import descendants, first_screen, participants, wait_until, ws_url

LABELS = [question.label for question in default_question_set().questions]


@dataclass
class RoomRun:
    """What one simulated room measured."""

    size: int
    started_in: float = 0.0
    """Seconds until every participant's app had drawn its first screen."""
    answered_in: float = 0.0
    """Seconds from the first key to the last answer key of anyone."""
    seen_after_last_key: float = 0.0
    """Seconds from the last answer key until the trainer's poll saw every answer."""
    answers: int = 0
    rss_mb: list[float] = field(default_factory=list)
    pss_mb: list[float] = field(default_factory=list)
    left_running: int = 0

    def summary(self) -> str:
        mean = sum(self.rss_mb) / len(self.rss_mb)
        pss = sum(self.pss_mb) / len(self.pss_mb) if self.pss_mb else 0.0
        return (
            f"{self.size} participants: all started in {self.started_in:.1f} s; {self.answers} answers given in "
            f"{self.answered_in:.1f} s; the trainer's view had them all {self.seen_after_last_key:.1f} s after the "
            f"last key; memory per participant RSS {min(self.rss_mb):.0f}-{max(self.rss_mb):.0f} MB (mean "
            f"{mean:.0f} MB), PSS mean {pss:.0f} MB; processes left running: {self.left_running}"
        )


def _status_mb(pid: int, path: str, field_name: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(field_name):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def answers_in(workshop: Path) -> int:
    store = WorkshopStore.open(workshop)
    try:
        return sum(1 for answer in store.answers() if answer.response is not None)
    finally:
        store.close()


async def trainer_sees(workshop: Path, total: int, timeout: float) -> float:
    """The monotonic time at which the trainer view's poll (every POLL_SECONDS) first counts `total` answers."""
    store = WorkshopStore.open(workshop)
    try:
        version = None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now_version = store.data_version()
            if now_version != version:
                version = now_version
                if sum(1 for answer in store.answers() if answer.response is not None) >= total:
                    return time.monotonic()
            await asyncio.sleep(POLL_SECONDS)
        raise AssertionError(f"the trainer's view did not show all {total} answers within {timeout} s")
    finally:
        store.close()


async def _answer_all(screen: Screen, go: asyncio.Event, last_keys: list[float]) -> None:
    await go.wait()
    since = screen.mark()
    await screen.press("\r")  # from the vignette to the questions
    await screen.shows(LABELS[0], 60, since=since)
    for number in range(len(LABELS)):
        since = screen.mark()
        await screen.press("y")
        last_keys.append(time.monotonic())
        await screen.shows(LABELS[number + 1] if number + 1 < len(LABELS) else "Thank you", 60, since=since)


async def run_room(served: Served, workshop: Path, size: int, *, start_timeout: float = 120) -> RoomRun:
    """Join `size` participants, let them all answer at once, measure, leave, and check nothing is left."""
    run = RoomRun(size)
    server = served.process.pid
    total = size * len(LABELS)
    began = time.monotonic()
    async with aiohttp.ClientSession() as session:
        websockets = [await session.ws_connect(ws_url(served, "width=100&height=30")) for _ in range(size)]
        await asyncio.gather(*(first_screen(websocket, timeout=start_timeout) for websocket in websockets))
        run.started_in = time.monotonic() - began
        screens = [Screen(websocket) for websocket in websockets]
        assert len(participants(server)) == size
        go = asyncio.Event()
        last_keys: list[float] = []
        watching = asyncio.create_task(trainer_sees(workshop, total, timeout=start_timeout))
        answering = [asyncio.create_task(_answer_all(screen, go, last_keys)) for screen in screens]
        first_key = time.monotonic()
        go.set()
        async with asyncio.timeout(start_timeout):
            await asyncio.gather(*answering)
        seen = await watching
        run.answered_in = max(last_keys) - first_key
        run.seen_after_last_key = max(0.0, seen - max(last_keys))
        run.answers = answers_in(workshop)
        pids = participants(server)
        run.rss_mb = [_status_mb(pid, "status", "VmRSS:") for pid in pids]
        run.pss_mb = [_status_mb(pid, "smaps_rollup", "Pss:") for pid in pids]
        for screen in screens:
            await screen.close()
    try:
        await wait_until(lambda: not descendants(server), 30, "every participant process ended")
    finally:
        run.left_running = len(descendants(server))
    return run
