"""The app's cursor blink setting, applied to a screen's text fields (tests and screenshots turn it off)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Input, TextArea


def settle_cursors(screen: Screen[Any]) -> None:
    """Apply the app's cursor blink setting to a screen's text fields."""
    blink = getattr(screen.app, "cursor_blink", True)
    for field in screen.query(Input):
        field.cursor_blink = blink
    for area in screen.query(TextArea):
        area.cursor_blink = blink
