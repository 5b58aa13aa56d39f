"""Step 3: What happened? So what? Now what? And a commitment for next time. All optional."""

from __future__ import annotations

from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, Label, OptionList, SelectionList, TextArea
from textual.widgets._toggle_button import ToggleButton  # the box SelectionList draws; not exported publicly
from textual.widgets.option_list import OptionDoesNotExist

from reflect.model import Reflection
from reflect.questions import QuestionSet

TICKED, UNTICKED = "X", " "
"""What the box holds: Textual's SelectionList shows X in both, ticked or not, told apart by colour alone."""


class PracticeChoices(SelectionList[str]):
    """Practices to tick with Space; the one ticked is the one highlighted when Space was pressed.

    SelectionList (Textual 8.2) ticks whichever option is highlighted when it gets round to
    the key, so Down-Space-Down typed quickly ticks the wrong practice.
    """

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        # SelectionList's box is [left side, inner mark, right side, space, prompt...]: give the
        # mark a shape of its own, so a ticked practice reads without colour.
        if len(segments) > 1 and segments[1].text == ToggleButton.BUTTON_INNER:
            mark = TICKED if option.value in self._selected else UNTICKED
            segments[1] = Segment(mark, segments[1].style)
        return Strip(segments, strip.cell_length)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        event.prevent_default()  # not SelectionList's own handler as well
        self.toggle(self.get_option_at_index(event.option_index))


# (field id, the prompt, a hint, the Reflection attribute)
PROMPTS = [
    ("what-happened", "What happened?", "briefly, in your own words; no names", "what_happened"),
    ("so-what", "So what?", "what did it mean for their recovery, and for you?", "so_what"),
    ("now-what", "Now what?", "what might you try or keep doing?", "now_what"),
]


class ClosingStep(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    ClosingStep .practices-label {
        width: 1fr;
    }
    """

    class Changed(Message):
        pass

    def __init__(self, reflection: Reflection, question_set: QuestionSet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reflection = reflection
        self.question_set = question_set

    def compose(self) -> ComposeResult:
        for field_id, prompt, hint, attribute in PROMPTS:
            yield Label(f"{prompt} [dim]({hint})[/dim]", classes="field-label")
            yield TextArea(getattr(self.reflection, attribute), id=field_id, classes="closing-text", tab_behavior="focus")
        yield Label("A commitment for next time [dim](optional; press ctrl+s to save)[/dim]", classes="field-label")
        yield Input(self.reflection.commitment, placeholder="e.g. ask about what matters to them first", id="commitment")
        # One line at 80 columns, and wrapped rather than cut where the screen is narrower.
        yield Label(
            "Which practices is it about? [dim](optional; Space ticks them)[/dim]",
            classes="field-label practices-label",
        )
        linked = set(self.reflection.commitment_questions)
        yield PracticeChoices(
            *((question.label, question.key, question.key in linked) for question in self.question_set.questions),
            id="commitment-questions",
            compact=True,
        )

    @property
    def first_field(self) -> TextArea:
        return self.query_one("#what-happened", TextArea)

    def collect(self) -> None:
        """Copy the fields into the reflection as they are now (their Changed messages may lag)."""
        for field_id, _, _, attribute in PROMPTS:
            setattr(self.reflection, attribute, self.query_one(f"#{field_id}", TextArea).text)
        self.reflection.commitment = self.query_one("#commitment", Input).value
        self.reflection.commitment_questions = self._linked()

    def _linked(self) -> list[str]:
        chosen = set(self.query_one("#commitment-questions", SelectionList).selected)
        return [key for key in self.question_set.keys if key in chosen]

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self.reflection.commitment_questions = self._linked()
        self.post_message(self.Changed())

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        attribute = next(attr for field_id, _, _, attr in PROMPTS if field_id == event.text_area.id)
        setattr(self.reflection, attribute, event.text_area.text)
        self.post_message(self.Changed())

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.reflection.commitment = event.value
        self.post_message(self.Changed())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
