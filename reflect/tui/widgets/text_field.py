"""A one-line text field that never selects what is in it when it takes the focus, and the
wait that lets a field take the keys typed into it before a screen's step key acts.

Textual's Input selects its whole text on focus, so Tab into a note followed by typing replaced
the note (and the draft saved the replacement at once). Here focus puts the cursor at the end of
what is there, as a text editor does: nothing typed is ever replaced by moving to a field.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

SETTLE_LIMIT = 0.2
"""Seconds to wait at most for a field to take its queued keys (it takes a few milliseconds)."""


async def keys_taken(field: Widget | None) -> None:
    """Wait until `field` has handled the keys already sent to it, or SETTLE_LIMIT has passed.

    A screen's priority bindings (Enter, Tab, Escape) run the moment their key arrives, ahead of
    keys still queued for the field; awaiting this in such an action lets those keys land first.
    """
    if field is None:
        return
    for _ in range(int(SETTLE_LIMIT * 1000)):
        if field.message_queue_size == 0:
            return
        await asyncio.sleep(0.001)


class TextField(Input):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def on_focus(self) -> None:
        # Input's own focus handler has run (Textual calls each class's handler); a click then
        # moves the cursor where it was clicked.
        self.cursor_position = len(self.value)
