"""Why one practice matters, and which parts of recovery (CHIME) it supports."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reflect.questions import Question
from reflect.tui.dialogs.base import Dialog


class WhyDialog(Dialog[None]):
    """Why one practice matters, and which parts of recovery (CHIME) it supports."""

    DEFAULT_CSS = """
    WhyDialog .dialog-title {
        color: $primary;
    }
    WhyDialog .why-question {
        margin: 1 0;
        text-style: italic;
    }
    WhyDialog .why-chime {
        margin-top: 1;
        color: $text-muted;
    }
    """
    BINDINGS = [Binding("escape,question_mark,enter,q", "dismiss", "Close")]

    def __init__(self, question: Question, stem: str) -> None:
        super().__init__()
        self.question = question
        self.stem = stem

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content(f"Why this matters: {self.question.label}"), classes="dialog-title")
            yield Static(Content(self.question.full_text(self.stem)), classes="why-question")
            yield Static(Content(self.question.why))
            yield Static(Content(f"Supports: {', '.join(self.question.chime)} (CHIME)"), classes="why-chime")
            yield Static(Content("Press Escape or ? to return to the question."), classes="why-chime")
