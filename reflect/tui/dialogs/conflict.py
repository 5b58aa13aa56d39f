"""A save met a version saved (or a deletion made) elsewhere since the reflection was opened: choose."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from reflect.differences import differences
from reflect.display import visible
from reflect.model import Reflection
from reflect.questions import QuestionSet
from reflect.tui.dialogs.base import Dialog

SHOWN_AT_MOST = 60
"""Characters of each side of a difference: enough to recognise it, short enough to compare."""


def _short(text: str) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= SHOWN_AT_MOST else text[: SHOWN_AT_MOST - 1] + "…"


class ConflictDialog(Dialog[str]):
    """Both versions side by side in words; "mine", "theirs" or "back" (Escape: nothing is written)."""

    DEFAULT_CSS = """
    ConflictDialog > VerticalScroll {
        width: 76;
    }
    ConflictDialog Horizontal {
        align-horizontal: right;
    }
    """
    BINDINGS = [
        Binding("m", "choose('mine')", "Keep mine"),
        Binding("t", "choose('theirs')", "Keep theirs"),
        Binding("escape", "choose('back')", "Back"),
    ]

    def __init__(self, mine: Reflection, theirs: Reflection | None, question_set: QuestionSet) -> None:
        super().__init__()
        self.mine = mine
        self.theirs = theirs
        self.question_set = question_set

    @property
    def text(self) -> str:
        """Everything the dialog says, as plain text (tests read it; so can a screen reader)."""
        if self.theirs is None:
            return (
                "This reflection was deleted, in another window or by another program, since you opened it. "
                "Nothing was saved.\n\nSave yours again (m), or leave it deleted (t)? Escape goes back to it."
            )
        lines = [
            "This reflection was changed in another window, or by another program, since you opened it. "
            "Nothing was saved yet. Where the two differ:",
            "",
        ]
        for what, mine, theirs in differences(self.mine, self.theirs, self.question_set) or [("Nothing", "the same", "the same")]:
            lines.append(f"{what}: yours {_short(mine)} · saved {_short(theirs)}")
        lines += ["", "Keep yours (m), replacing the saved one, or keep the saved one (t)? Escape goes back to yours."]
        return "\n".join(lines)

    def compose(self) -> ComposeResult:
        deleted = self.theirs is None
        with VerticalScroll():
            yield Static(Content("Deleted elsewhere" if deleted else "Changed elsewhere"), classes="dialog-title")
            yield Static(Content(self.text))
            with Horizontal():
                yield Button("Back to mine", id="back")
                yield Button("Leave it deleted" if deleted else "Keep the saved one", id="theirs")
                yield Button("Save mine again" if deleted else "Keep mine", id="mine", variant="primary")

    def on_mount(self) -> None:
        # The safe choice has the focus: Enter by habit writes nothing.
        self.query_one("#back", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "back")
