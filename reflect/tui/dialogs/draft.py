"""Offer an unfinished reflection from an earlier session back: resume, later, or discard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from reflect.display import visible
from reflect.model import Reflection
from reflect.questions import QuestionSet
from reflect.tui.dialogs.base import Dialog
from reflect.tui.dialogs.confirm import ConfirmDialog


class DraftDialog(Dialog[str | None]):
    """Offer an unfinished reflection from an earlier session back."""

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume"),
        Binding("l,escape", "choose('later')", "Later"),
        Binding("d", "choose('discard')", "Discard"),
    ]

    def __init__(self, draft: Reflection, question_set: QuestionSet) -> None:
        super().__init__()
        self.draft = draft
        self.question_set = question_set

    def compose(self) -> ComposeResult:
        draft = self.draft
        when = f"{draft.occurred_at:%a %d %b, %H:%M}"
        details = f"{draft.answered_count} of {len(self.question_set)} questions answered"
        if draft.kind:
            details = f"{visible(draft.kind_label)}, {details}"
        with Vertical():
            yield Static("You have an unfinished reflection", classes="dialog-title")
            yield Static(Content(f"From {when}: {details}. Your answers so far were kept."))
            with Horizontal():
                yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Later (l)", id="later")
                yield Button("Discard (d)", id="discard")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "later")

    def action_choose(self, choice: str) -> None:
        if choice != "discard":
            self.dismiss(choice)
            return

        def confirmed(sure: bool | None) -> None:
            if sure:
                self.dismiss("discard")

        self.app.push_screen(
            ConfirmDialog(
                "Discard the unfinished reflection?",
                "Its answers and notes will be deleted. This cannot be undone.",
                confirm="Discard",
                cancel="Keep it",
            ),
            confirmed,
        )
