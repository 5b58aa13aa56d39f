"""Choosing a period of one's own: from one day to another."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from reflect.model import Selection
from reflect.tui.dialogs.base import Dialog
from reflect.when import WhenError, period_from_text


class CustomPeriodDialog(Dialog[Selection | None]):
    """From and To, typed as anywhere else in reflect; Enter uses them, Escape keeps the period as it was.

    It gives back the period as a Selection with no filters, carrying its days where From and To name
    days, so that the screen chooses the reflections made on those days by their own clocks.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    CustomPeriodDialog .period-row { height: auto; margin: 1 0 0 0; }
    CustomPeriodDialog .period-row Label { width: 6; }
    CustomPeriodDialog .period-row Input { width: 1fr; }
    CustomPeriodDialog #period-problem { color: $text-warning; height: auto; }
    """

    def __init__(self, now: Callable[[], datetime], *, start_text: str = "", end_text: str = "") -> None:
        super().__init__()
        self.now = now
        self.start_text = start_text
        self.end_text = end_text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("A period of your own", classes="dialog-title")
            yield Static(
                Content('Type days as you would anywhere in reflect: "2026-09-01", "1 September", "3 months ago". '
                        "Leave To empty for up to now; the To day is included.")  # fmt: skip
            )
            with Horizontal(classes="period-row"):
                yield Label("From")
                yield Input(self.start_text, placeholder="e.g. 2026-09-01 or 3 months ago", id="period-from", compact=True)
            with Horizontal(classes="period-row"):
                yield Label("To")
                yield Input(self.end_text, placeholder="empty: up to now", id="period-to", compact=True)
            yield Static("", id="period-problem")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Show this period", id="apply", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#period-from", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "period-from":
            self.query_one("#period-to", Input).focus()
        else:
            self.apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.apply()
        else:
            self.dismiss(None)

    def apply(self) -> None:
        start_text = self.query_one("#period-from", Input).value
        end_text = self.query_one("#period-to", Input).value
        problem = self.query_one("#period-problem", Static)
        if not start_text.strip():
            problem.update("Give the first day of the period in From.")
            self.query_one("#period-from", Input).focus()
            return
        try:
            period = period_from_text(start_text, end_text, self.now(), start_name="From", end_name="To")
        except WhenError as error:
            problem.update(Content(str(error)))
            self.query_one("#period-to" if error.field == "To" else "#period-from", Input).focus()
            return
        self.dismiss(period)
