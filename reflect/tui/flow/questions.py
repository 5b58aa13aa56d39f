"""Step 2: the ten "Did I..." questions, one at a time, each answered with one key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label, Static

from reflect.model import RESPONSE_ORDER, UNANSWERED_SYMBOL, Answer, Reflection, Response
from reflect.questions import QuestionSet


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
    """Shows the question at `index`; answers go straight into the reflection."""

    BINDINGS = [
        Binding("y,1", "answer('yes')", "Yes", key_display="y", show=False),
        Binding("p,2", "answer('partly')", "Partly", key_display="p", show=False),
        Binding("n,3", "answer('no')", "No", key_display="n", show=False),
        Binding("x,4", "answer('not_applicable')", "N/A", key_display="x", show=False),
        Binding("question_mark", "why", "Why?", key_display="?"),
        Binding("left", "move(-1)", "Back", show=False),
        Binding("right", "move(1)", "Next", show=False),
        Binding("delete,backspace", "clear", "Clear answer", show=False),
    ]

    index: reactive[int] = reactive(0, init=False)

    class Answered(Message):
        """An answer or note changed. `advance` is True when the flow should move on."""

        def __init__(self, advance: bool) -> None:
            super().__init__()
            self.advance = advance

    class Move(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class WhyWanted(Message):
        pass

    def __init__(self, reflection: Reflection, question_set: QuestionSet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reflection = reflection
        self.question_set = question_set

    @property
    def question(self):  # type: ignore[no-untyped-def]
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
        yield Input(placeholder="what you noticed about this practice", id="note")
        yield Static(
            "? why this matters   ← back   → next   Backspace clears the answer",
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
        self.show_dots()

    def show_dots(self) -> None:
        dots = []
        for position, question in enumerate(self.question_set.questions):
            response = self.reflection.response_for(question.key)
            symbol = response.symbol if response else UNANSWERED_SYMBOL
            dots.append((f"[{symbol}]" if position == self.index else f" {symbol} ", "bold" if position == self.index else ""))
        self.query_one("#question-dots", Static).update(Content.assemble(*dots))

    def _answer(self) -> Answer:
        return self.reflection.answers.setdefault(self.question.key, Answer())

    def action_answer(self, value: str) -> None:
        self._answer().response = Response(value)
        self.show_question()
        self.post_message(self.Answered(advance=True))

    def on_answer_choice_chosen(self, event: AnswerChoice.Chosen) -> None:
        self.action_answer(event.response.value)

    def action_clear(self) -> None:
        self._answer().response = None
        self.show_question()
        self.post_message(self.Answered(advance=False))

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))

    def action_why(self) -> None:
        self.post_message(self.WhyWanted())

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._answer().note = event.value
        self.post_message(self.Answered(advance=False))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus()
        self.post_message(self.Move(1))


