"""A full room at once against a real `reflect serve`, over loopback: the figures in the README.

    python benchmarks/room_load.py [--participants 20] [--rounds 1]

Each simulated participant is a websocket client speaking textual-serve's protocol (as a browser
does) and answers all ten questions as fast as its screen follows, all at the same moment. Prints,
per round: how long the room took to start and to answer, how long after the last key the trainer's
view (its data_version poll) had every answer, memory per participant (RSS, and PSS, which shares
out the pages the processes have in common) and how many processes were left running. The test
suite runs a smaller room (tests/system/test_serve_room_load.py); this one is too slow for it on
two cores. Always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from isolation import isolated_env  # noqa: E402  (benchmarks/isolation.py)

from tests.helpers.room_load import run_room  # noqa: E402  (the simulated room the load test uses)
from tests.helpers.served import make_workshop, start_serve  # noqa: E402


def one_room(participants: int) -> str:
    with tempfile.TemporaryDirectory(prefix="reflect-room-load-") as folder:
        workshop = make_workshop(Path(folder) / "room.workshop.db")
        served = start_serve(
            "--db", str(workshop), "--max-participants", str(max(40, participants)), env=isolated_env(Path(folder)), cwd=Path(folder)
        )
        try:
            run = asyncio.run(run_room(served, workshop, participants, start_timeout=300))
        finally:
            served.stop()
        return run.summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    for number in range(1, args.rounds + 1):
        print(f"round {number}: {one_room(args.participants)}", flush=True)


if __name__ == "__main__":
    main()
