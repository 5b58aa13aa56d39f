"""Messages the app and its screens share, here so that no screen imports the app to know them."""

from __future__ import annotations

from textual.message import Message


class StoreReady(Message):
    """The database is open: screens waiting for it can load their data."""


class ReadyForKeys(Message):
    """A screen that asked for keys to be held while it opened can take them now."""
