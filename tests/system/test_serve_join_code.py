"""`reflect serve` shows the join link as a QR code once it listens, and tells the trainer's view."""

from __future__ import annotations

import time
from pathlib import Path

from reflect.workshop.store import WorkshopStore
from tests.helpers.qr import decoded, drawn_code
from tests.helpers.served import Served, start_serve


def printed_code(served: Served, timeout: float = 10) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        text = "".join(served.output)
        if "Stop with Ctrl+C." in text:
            return drawn_code(text)
        if time.monotonic() > deadline:
            raise AssertionError(f"no QR code was printed:\n{text}")
        time.sleep(0.05)


def served_link(workshop: Path) -> str | None:
    store = WorkshopStore.open(workshop)
    try:
        serving = store.serving()
        return serving.link if serving else None
    finally:
        store.close()


def test_the_printed_qr_code_scans_to_the_join_link(serving: Served) -> None:
    assert decoded(printed_code(serving)) == [serving.link]


def test_the_join_link_is_kept_in_the_workshop_file_while_serving_and_forgotten_after(serving: Served, workshop: Path) -> None:
    printed_code(serving)
    deadline = time.monotonic() + 10
    while served_link(workshop) != serving.link:
        assert time.monotonic() < deadline, "the join link never reached the workshop file"
        time.sleep(0.05)
    assert serving.stop() == 0
    assert served_link(workshop) is None


def test_on_a_terminal_that_cannot_show_the_code_serve_says_so_and_still_serves(workshop: Path, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    served = start_serve("--db", str(workshop), env={**subprocess_env, "PYTHONIOENCODING": "ascii"}, cwd=tmp_path)
    try:
        text = "".join(served.output)
        assert "A QR code of the link shows here on a terminal that can show UTF-8." in text
        assert "█" not in text and served.link
    finally:
        assert served.stop() == 0
    assert "Traceback" not in "".join(served.errors)
