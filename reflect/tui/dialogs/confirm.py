"""Ask before doing something that cannot be undone; and the one such question every screen asks: delete?"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from reflect.model import Reflection
from reflect.tui.dialogs.base import Dialog

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp


class ConfirmDialog(Dialog[bool]):
    """Ask before doing something that cannot be undone. Escape always means "no"."""

    DEFAULT_CSS = """
    ConfirmDialog Horizontal {
        align-horizontal: right;
    }
    """
    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel")]

    def __init__(self, title: str, message: str, *, confirm: str, cancel: str = "Cancel") -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.confirm_label = confirm
        self.cancel_label = cancel

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(Content(self.message))
            with Horizontal():
                yield Button(self.cancel_label, id="cancel")
                yield Button(self.confirm_label, id="confirm", variant="primary")

    def on_mount(self) -> None:
        # Focus the safe choice, so Enter pressed by habit never discards anything.
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")


def confirm_delete(app: ReflectApp, reflection: Reflection, *, then: Callable[[], None]) -> None:
    """Ask, then delete a reflection and call `then`; the safe choice has the focus."""

    def decided(sure: bool | None) -> None:
        if sure:
            app.delete_reflection(reflection.uuid)
            app.notify("The reflection was deleted.")
            then()

    app.push_screen(
        ConfirmDialog(
            "Delete this reflection?",
            f"The reflection from {reflection.occurred_at:%a %d %b %Y, %H:%M} and all its answers and notes "
            "will be deleted. This cannot be undone.",
            confirm="Delete",
            cancel="Keep it",
        ),
        decided,
    )
