"""What one participant's browser may ask of the trainer's laptop: screen size and input rate.

A person types, pastes a note and moves the mouse; none of that needs more than a few kilobytes a
second or a screen larger than any real one. Anything beyond it is a bug or an attack, and is
refused here before it reaches a participant process.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_MESSAGE_BYTES = 16 * 1024
"""The largest websocket message accepted: a long pasted note, with room to spare."""

MIN_WIDTH, MAX_WIDTH = 20, 500
MIN_HEIGHT, MAX_HEIGHT = 10, 200

DEFAULT_MAX_PARTICIPANTS = 40
"""A large room; each participant is a process of about 100 MB."""

IDLE_TIMEOUT = 30 * 60.0
"""Seconds without a key, click or resize before a session is closed (heartbeats do not count)."""


def clamp_size(width: int, height: int) -> tuple[int, int]:
    """A terminal size that a screen can be."""
    return min(max(width, MIN_WIDTH), MAX_WIDTH), min(max(height, MIN_HEIGHT), MAX_HEIGHT)


def screen_size(data: object) -> tuple[int, int] | None:
    """The clamped size in a resize message's `{"width": W, "height": H}`, or None if it is not one."""
    if not isinstance(data, dict):
        return None
    width, height = data.get("width"), data.get("height")
    # bool is an int to Python; a browser never sends one.
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in (width, height)):
        return None
    assert isinstance(width, int) and isinstance(height, int)
    return clamp_size(width, height)


@dataclass
class InputBudget:
    """A token bucket for one session's input: messages and bytes, each with a burst and a rate.

    The defaults allow fast typing with the mouse moving (a message per event) and a pasted note,
    and stop a script long before it can keep a participant process busy.
    """

    messages_per_second: float = 100.0
    message_burst: float = 400.0
    bytes_per_second: float = 8 * 1024.0
    byte_burst: float = 64 * 1024.0
    clock: Callable[[], float] = time.monotonic
    _messages: float = field(init=False)
    _bytes: float = field(init=False)
    _last: float = field(init=False)

    def __post_init__(self) -> None:
        self._messages, self._bytes, self._last = self.message_burst, self.byte_burst, self.clock()

    def spend(self, size: int) -> bool:
        """Take one message of `size` bytes from the budget; False once the session is over it."""
        now = self.clock()
        elapsed, self._last = now - self._last, now
        self._messages = min(self.message_burst, self._messages + elapsed * self.messages_per_second) - 1
        self._bytes = min(self.byte_burst, self._bytes + elapsed * self.bytes_per_second) - size
        return self._messages >= 0 and self._bytes >= 0
