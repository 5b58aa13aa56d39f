"""The ten "Did I..." questions, one at a time, each answered with one key (a reflection's step 2, and a workshop's questions)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label, Static

from reflect.model import RESPONSE_ORDER, UNANSWERED_SYMBOL, Answer, Reflection, Response
from reflect.questions import Question, QuestionSet
from reflect.service import FLAG_SYMBOL
from reflect.tui.widgets.text_field import TextField


class AnswerChoice(Static):
    """One of Yes / Partly / No / Not applicable, clickable; keys are handled by the step."""

    DEFAULT_CSS = """
    AnswerChoice {
        width: 1fr; height: 3; margin: 0 1 0 0;
        content-align: center middle; text-align: center;
        background: $boost; color: $text;
    }
    AnswerChoice:hover { background: $panel; }
    AnswerChoice.-chosen { background: $primary 40%; text-style: bold; }
    AnswerChoice.-yes.-chosen { background: $success 35%; }
    """

    class Chosen(Message):
        def __init__(self, response: Response) -> None:
            super().__init__()
            self.response = response

    def __init__(self, response: Response, number: int) -> None:
        super().__init__(classes=f"-{response.value.replace('_', '-')}")
        self.response = response
        self.number = number

    def show(self, chosen: bool) -> None:
        self.set_class(chosen, "-chosen")
        hint = "chosen" if chosen else f"{self.response.letter} or {self.number}"
        self.update(Content(f"{self.response.symbol} {self.response.word}\n{hint}"))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self.response))


class QuestionStep(Vertical, can_focus=True):
    """Shows the question at `index`; answers go straight into the reflection.

    Its keys are bindings of the flow screen, not of this widget, so that keys typed
    ahead of a step change still reach the question they were meant for.
    """

    DEFAULT_CSS = """
    QuestionStep {
        height: 1fr;
    }
    QuestionStep #question-heading {
        height: 1;
    }
    QuestionStep #question-number {
        width: 1fr;
    }
    QuestionStep #question-dots {
        width: auto;
    }
    QuestionStep #question-text {
        margin: 1 0;
        padding: 1 2;
        background: $boost;
        border-left: thick $primary;
        text-style: bold;
        height: auto;
    }
    QuestionStep:focus #question-text {
        border-left: thick $accent;
    }
    QuestionStep #answer-choices {
        height: 3;
        margin-bottom: 1;
    }
    QuestionStep #note-label {
        color: $text-muted;
    }
    QuestionStep #question-keys {
        color: $text-muted;
        margin-top: 1;
    }
    """

    index: reactive[int] = reactive(0, init=False)

    class Answered(Message):
        """An answer or note changed. `advance` is True when the flow should move on."""

        def __init__(self, advance: bool) -> None:
            super().__init__()
            self.advance = advance

    def __init__(
        self, reflection: Reflection, question_set: QuestionSet, *, note_hint: str | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.reflection = reflection
        self.question_set = question_set
        self.note_hint = note_hint
        """What the note line always says where notes cannot be flagged for supervision (a workshop)."""
        self.just_answered: int | None = None
        """The question (its index) answered a moment ago, whose note is one key away (Shift+Tab)."""

    @property
    def question(self) -> Question:
        return self.question_set.questions[self.index]

    def compose(self) -> ComposeResult:
        with Horizontal(id="question-heading"):
            yield Static(id="question-number")
            yield Static(id="question-dots")
        yield Static(id="question-text")
        with Horizontal(id="answer-choices"):
            for number, response in enumerate(RESPONSE_ORDER, start=1):
                yield AnswerChoice(response, number)
        yield Label("Note (optional): press Tab to write one, Enter to go on", id="note-label")
        yield TextField(placeholder="what you noticed about this practice", id="note")
        yield Static(
            "? why this matters   ← back   → next   Backspace clears   ctrl+o editor",
            id="question-keys",
        )

    def on_mount(self) -> None:
        self.show_question()

    def watch_index(self) -> None:
        self.show_question()

    def show_question(self) -> None:
        question = self.question
        total = len(self.question_set)
        self.query_one("#question-number", Static).update(
            Content.assemble(
                (f"Question {self.index + 1} of {total}", "bold"), "  ·  ", (question.label, "italic")
            )
        )
        self.query_one("#question-text", Static).update(Content(question.full_text(self.question_set.stem)))
        answer = self.reflection.answers.get(question.key, Answer())
        for choice in self.query(AnswerChoice):
            choice.show(choice.response is answer.response)
        note = self.query_one("#note", Input)
        with note.prevent(Input.Changed):
            note.value = answer.note
        self.show_note_label()
        self.show_dots()

    def show_note_label(self) -> None:
        """How to write a note; once there is one, how to flag it (and whether it is)."""
        answer = self.reflection.answers.get(self.question.key, Answer())
        on = f"Note on {self.question.label}"
        if self.note_hint is not None:
            label = self.note_hint
        elif not answer.note.strip() and self.just_answered is not None and self.just_answered == self.index - 1:
            # Short enough for 80 columns: the question just answered is named by its number.
            label = f"{on}: Tab · on question {self.index} (just answered): Shift+Tab"
        elif not answer.note.strip():
            label = f"{on} (optional): Tab to write one, Enter to go on"
        elif answer.flagged:
            label = f"{on} {FLAG_SYMBOL} flagged for supervision · f unflags it"
        else:
            # Short enough for 80 columns with the longest practice's name ("Personal goals").
            label = f"{on} · f flags it for supervision (ctrl+f while typing)"
        self.query_one("#note-label", Label).update(Content(label))

    def toggle_note_flag(self) -> bool:
        """Flag (or unflag) this question's note for supervision; False if there is no note to flag."""
        answer = self.reflection.answers.get(self.question.key)
        if answer is None or not answer.note.strip() or self.note_hint is not None:
            return False
        answer.flagged = not answer.flagged
        self.show_note_label()
        return True

    def show_dots(self) -> None:
        dots = []
        for position, question in enumerate(self.question_set.questions):
            response = self.reflection.response_for(question.key)
            symbol = response.symbol if response else UNANSWERED_SYMBOL
            dots.append((f"[{symbol}]" if position == self.index else f" {symbol} ", "bold" if position == self.index else ""))
        self.query_one("#question-dots", Static).update(Content.assemble(*dots))

    def _answer(self) -> Answer:
        return self.reflection.answers.setdefault(self.question.key, Answer())

    def set_response(self, response: Response | None) -> None:
        """Record (or clear, with None) the answer to the question on show."""
        self._answer().response = response
        self.show_question()

    def on_answer_choice_chosen(self, event: AnswerChoice.Chosen) -> None:
        self.set_response(event.response)
        self.post_message(self.Answered(advance=True))

    def commit_note(self) -> None:
        """Take the note as it is typed now (its Changed message may still be on its way)."""
        value = self.query_one("#note", Input).value
        if value != self.reflection.answers.get(self.question.key, Answer()).note:
            self._answer().note = value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != event.input.value:
            return  # typed on a question that has since been left; commit_note took it
        answer = self._answer()
        answer.note = event.value
        if not event.value.strip():
            answer.flagged = False  # a flag belongs to a note
        self.show_note_label()
        self.post_message(self.Answered(advance=False))
