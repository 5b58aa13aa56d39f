"""Leaving a new reflection part-way: keep reflecting, finish it later (the draft stays), or discard it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from reflect.tui.dialogs.base import Dialog


class LeaveDialog(Dialog[str]):
    """"stay", "later" or "discard". Escape stays; l finishes later; discarding takes its button."""

    DEFAULT_CSS = """
    LeaveDialog Horizontal {
        align-horizontal: right;
    }
    """
    BINDINGS = [
        Binding("escape", "choose('stay')", "Keep reflecting"),
        Binding("l", "choose('later')", "Finish later"),
    ]

    message = (
        "Finish later keeps your answers and notes as a draft: the home screen offers it back (r). "
        "Discard deletes them."
    )

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Leave this reflection?"), classes="dialog-title")
            yield Static(Content(self.message))
            with Horizontal():
                yield Button("Discard", id="discard")
                yield Button("Finish later (l)", id="later")
                yield Button("Keep reflecting", id="stay", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")
