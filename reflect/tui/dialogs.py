"""Small modal questions: confirm, resume a draft, why a practice matters (styled in reflect.tcss)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reflect.display import visible
from reflect.model import Reflection
from reflect.questions import Question, QuestionSet


class ConfirmDialog(ModalScreen[bool]):
    """Ask before doing something that cannot be undone. Escape always means "no"."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel")]

    def __init__(self, title: str, message: str, *, confirm: str, cancel: str = "Cancel") -> None:
        super().__init__(classes="dialog")
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


class DraftDialog(ModalScreen[str | None]):
    """Offer an unfinished reflection from an earlier session back."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume"),
        Binding("l,escape", "choose('later')", "Later"),
        Binding("d", "choose('discard')", "Discard"),
    ]

    def __init__(self, draft: Reflection, question_set: QuestionSet) -> None:
        super().__init__(classes="dialog")
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


class WhyDialog(ModalScreen[None]):
    """Why one practice matters, and which parts of recovery (CHIME) it supports."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [Binding("escape,question_mark,enter,q", "dismiss", "Close")]

    def __init__(self, question: Question, stem: str) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.stem = stem

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content(f"Why this matters: {self.question.label}"), classes="dialog-title")
            yield Static(Content(self.question.full_text(self.stem)), classes="why-question")
            yield Static(Content(self.question.why))
            yield Static(Content(f"Supports: {', '.join(self.question.chime)} (CHIME)"), classes="why-chime")
            yield Static(Content("Press Escape or ? to return to the question."), classes="why-chime")


def confirm_delete(app, reflection: Reflection, *, then) -> None:  # type: ignore[no-untyped-def]
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
