"""A one-line text field that never selects what is in it when it takes the focus, that reads
Escape typed at once with the next key as Escape and that key, and the wait that lets a field
take the keys typed into it before a screen's step key acts.

Textual's Input selects its whole text on focus, so Tab into a note followed by typing replaced
the note (and the draft saved the replacement at once). Here focus puts the cursor at the end of
what is there, as a text editor does: nothing typed is ever replaced by moving to a field.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
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
        self._passing_on = False
        """Between an Escape typed with the next key and the app handling that Escape."""

    async def _on_key(self, event: events.Key) -> None:
        # A terminal (and the browser's, through textual-serve) sends Escape as ESC, and Alt+y as
        # ESC y: Escape followed at once by y reaches the app as "alt+y", which Input types as "y"
        # ("fast", Escape, y became the note "fasty"). A note has no use for Alt, so it is read as
        # what a fast typist meant: Escape, then the key, each handled where it belongs.
        escaped = event.key.startswith("alt+") and event.is_printable and len(event.character or "") == 1
        if not (escaped or self._passing_on):
            return
        event.stop()
        event.prevent_default()  # not typed here (Input's own handler is not called)
        if escaped:
            self._passing_on = True
            # Behind the keys the app already holds, so that it handles everything in order.
            self.app.call_later(self._escape)
        # The key itself, and any the app sent here before it handled the Escape, go back to the
        # app, in order, to reach whatever has the focus once it has.
        self.app.post_message(events.Key(event.key.removeprefix("alt+") if escaped else event.key, event.character))

    async def _escape(self) -> None:
        """What Escape does here and now (most often: back from the note to its question)."""
        try:
            active = self.screen.active_bindings.get("escape")
            if active is not None and active.enabled:
                await self.app.run_action(active.binding.action, active.node)
        finally:
            self._passing_on = False

    def on_focus(self) -> None:
        # Input's own focus handler has run (Textual calls each class's handler); a click then
        # moves the cursor where it was clicked.
        self.cursor_position = len(self.value)
