"""Keys typed while a screen opens, held and then handled in order, so that none is lost.

Opening a reflection takes a moment; "n", Enter and the first answers typed in one go would
otherwise reach the flow before it can take them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.app import App

HOLD_KEYS_AT_MOST = 1.0
"""Seconds after which held keys are let through even if the screen never said it was ready."""


class HeldKeys:
    """The app's keys from `hold()` until the opening screen posts ReadyForKeys (or the time is up)."""

    def __init__(self, app: App[None]) -> None:
        self._app = app
        self._keys: list[events.Key] | None = None
        """Keys typed while a screen opens, or None when keys go straight through."""

    def hold(self) -> None:
        if self._keys is None:
            self._keys = []
            self._app.set_timer(HOLD_KEYS_AT_MOST, self.let_through)

    def took(self, event: events.Event) -> bool:
        """Whether `event` is a key typed while keys are held (kept, to be handled later)."""
        if self._keys is not None and isinstance(event, events.Key) and not event.is_forwarded:
            self._keys.append(event)
            return True
        return False

    async def let_through(self) -> None:
        from textual.app import ScreenStackError, UnknownModeError

        held, self._keys = self._keys, None
        for key in held or []:
            try:
                await self._app.on_event(key)
            except (ScreenStackError, UnknownModeError):
                return  # the app closed while they were held: no screen is left to take them
