"""What every reflect dialog shares: a framed box in the middle of the screen, buttons beneath."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

DialogResult = TypeVar("DialogResult")


class Dialog(ModalScreen[DialogResult]):
    """A small modal question; each dialog composes a Vertical (or VerticalScroll) box."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > Vertical, Dialog > VerticalScroll {
        width: 64;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $primary;
        background: $surface;
        padding: 1 2;
    }
    Dialog .dialog-title {
        text-style: bold;
        margin-bottom: 1;
    }
    Dialog Horizontal {
        height: auto;
        margin-top: 1;
    }
    Dialog Button {
        margin-right: 1;
    }
    """
