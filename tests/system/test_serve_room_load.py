"""A room at once: simulated participants (websocket clients speaking textual-serve's protocol,
loopback only) answering all ten questions together. Every answer lands, the trainer's view (its
data_version poll) has them within 2 s of the last key, memory per participant is measured, and
nothing is left running afterwards.

A small room here, as the machine running the tests has few cores; benchmarks/room_load.py runs
a full one (20) and prints the figures quoted in the README's workshop section. Run with `-s` to
see this one's.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers.room_load import run_room
from tests.helpers.served import Served

ROOM = 6
"""Participants at once: bounded, as the machine running the tests has few cores."""


async def test_a_room_answering_at_once_lands_every_answer_shows_it_to_the_trainer_and_leaves_nothing_running(serving: Served, workshop: Path) -> None:
    run = await run_room(serving, workshop, ROOM)
    print(f"\nroom load: {run.summary()}")
    assert run.answers == ROOM * 10
    assert run.seen_after_last_key < 2, f"the trainer's view had the last answers {run.seen_after_last_key:.1f} s after the last key"
    assert run.left_running == 0
    assert all(0 < rss < 300 for rss in run.rss_mb), run.rss_mb
