"""After saving: a short, warm look back at the reflection just made."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reflect.display import visible
from reflect.model import Reflection
from reflect.service import FLAG_SYMBOL, warm_summary
from reflect.tui.app_access import UsesReflectApp
from reflect.tui.render import answers_list
from reflect.tui.widgets.footer import Footer
from reflect.tui.widgets.header import Header


class SummaryScreen(UsesReflectApp, Screen[None]):
    CSS_PATH = "reading.tcss"
    BINDINGS = [
        Binding("enter,escape", "app.home", "Home", id="home"),
        Binding("n", "new", "New reflection", id="new", priority=True),  # see HomeScreen's n
        Binding("h", "history", "History", id="history"),
        Binding("f", "flag", "Flag for supervision", id="flag"),
    ]

    def __init__(self, reflection: Reflection) -> None:
        super().__init__()
        self.reflection = reflection

    def compose(self) -> ComposeResult:
        question_set = self.reflect_app.question_set
        lines = [visible(line) for line in warm_summary(self.reflection, question_set)]
        yield Header(icon="")
        with VerticalScroll(id="summary-body"):
            yield Static(Content(lines[0]), id="summary-thanks")
            for line in lines[1:]:
                yield Static(Content(line), classes="summary-line")
            yield Static(
                answers_list(self.reflection, question_set, self.app.theme_variables, with_notes=False), id="summary-answers"
            )
            yield Static(id="summary-flag")
            yield Static(
                "Press Enter to go home, n for another reflection, h for your history, f to flag it for supervision.",
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Reflection saved"
        self.show_flag()

    def show_flag(self) -> None:
        line = self.query_one("#summary-flag", Static)
        line.display = self.reflection.flagged
        line.update(Content(f"{FLAG_SYMBOL} Flagged for supervision (f to take the flag off)."))

    def action_flag(self) -> None:
        """Flag the reflection just saved to bring to supervision (or take the flag off again)."""
        self.reflection.flagged = not self.reflection.flagged
        if not self.reflect_app.finish_reflection(self.reflection):
            self.reflection.flagged = not self.reflection.flagged
        self.show_flag()

    def action_new(self) -> None:
        self.app.pop_screen()
        self.reflect_app.action_new_reflection()

    def action_history(self) -> None:
        self.app.pop_screen()
        self.reflect_app.action_history()
