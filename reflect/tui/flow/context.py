"""Step 1: when the interaction happened, what kind it was, who with (a pseudonym) and tags."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from reflect.model import INTERACTION_KINDS, Reflection
from reflect.service import InputError, check_duration, check_person_code, check_tags
from reflect.tui.app_access import UsesReflectApp
from reflect.tui.widgets.text_field import TextField
from reflect.when import WhenError, parse_when

WHEN_FORMAT = "%a %d %b %Y, %H:%M"
EDIT_FORMAT = "%Y-%m-%d %H:%M"
T = TypeVar("T")


class ContextStep(UsesReflectApp, Vertical):
    """All fields optional; Enter in any of them moves on to the questions."""

    class Changed(Message):
        """A field changed; the reflection has been updated."""

    def __init__(self, reflection: Reflection, *, show_stored_time: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reflection = reflection
        self.stored_time_text = f"{reflection.occurred_at:{EDIT_FORMAT}}" if show_stored_time else ""
        # What the When field said when it was last read, and the time it meant. A relative
        # time ("2 hours ago") is read once, not again at every save, so it never drifts;
        # and the stored time shown for an edit keeps its seconds when left as it is.
        self._when_reading: tuple[str, datetime] = (self.stored_time_text, reflection.occurred_at)
        self._default_time = reflection.occurred_at
        """What an empty When field means: the moment n was pressed, or the time already stored."""

    def compose(self) -> ComposeResult:
        reflection = self.reflection
        yield Static("About the interaction. Everything here is optional: press Enter to go on to the questions.", classes="step-intro")
        with Horizontal(classes="context-row"):
            yield Label("When", classes="field-label")
            with Vertical(classes="field"):
                yield TextField(
                    self.stored_time_text,
                    placeholder='now, or e.g. "yesterday 15:00", "2 hours ago"',
                    id="when",
                    compact=True,
                )
                yield Static(Content(self._describe_when()), id="when-hint", classes="field-hint")
        with Horizontal(classes="context-row"):
            yield Label("Kind", classes="field-label")
            yield Select(
                [(kind.label, kind.key) for kind in INTERACTION_KINDS],
                prompt="Kind of interaction",
                value=reflection.kind if reflection.kind else Select.NULL,
                id="kind",
                compact=True,
            )
        with Horizontal(classes="context-row"):
            yield Label("Person code", classes="field-label")
            yield TextField(
                reflection.person_code or "", placeholder="a pseudonym such as JB-12, never a name", id="person", compact=True
            )
        with Horizontal(classes="context-row"):
            yield Label("Tags", classes="field-label")
            yield TextField(
                ", ".join(reflection.tags), placeholder="comma-separated, e.g. housing, peer support", id="tags", compact=True
            )
        with Horizontal(classes="context-row"):
            yield Label("Minutes", classes="field-label")
            yield TextField(
                str(reflection.duration_minutes or ""), placeholder="how long it lasted, e.g. 45", id="duration", compact=True
            )
        yield Static("", id="context-error", classes="error-message")

    def on_mount(self) -> None:
        self._warm_up_date_parser()

    @work(thread=True, group="warm-up")
    def _warm_up_date_parser(self) -> None:
        # dateparser takes a moment to load its English data; do it before a time is typed.
        parse_when("yesterday 15:00", self.reflection.occurred_at)

    @property
    def first_field(self) -> Input:
        return self.query_one("#when", Input)

    def read_when(self, text: str) -> datetime:
        """The time the When field means; raises WhenError. Empty means "when I pressed n"."""
        known_text, known_time = self._when_reading
        if text == known_text:
            return known_time
        moment = parse_when(text, self.reflect_app.clock()) if text.strip() else self._default_time
        self._when_reading = (text, moment)
        return moment

    def _describe_when(self, text: str | None = None) -> str:
        try:
            return f"{self.read_when(text if text is not None else self._when_reading[0]):{WHEN_FORMAT}}"
        except WhenError as error:
            return str(error)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "when":
            self._preview_when(event.value)
        else:
            self.apply(quiet=True)

    @work(thread=True, exclusive=True, group="when-preview")
    def _preview_when(self, text: str) -> None:
        description = self._describe_when(text)
        self.app.call_from_thread(self._show_preview, text, description)

    def _show_preview(self, text: str, description: str) -> None:
        # A slow parse of older text must not overwrite the preview of what is there now.
        if self.query_one("#when", Input).value == text:
            self.query_one("#when-hint", Static).update(Content(description))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.apply(quiet=True)

    def apply(self, *, quiet: bool = False) -> bool:
        """Copy the fields into the reflection. False (with a message unless quiet) if one is not valid."""
        reflection = self.reflection
        error = self.query_one("#context-error", Static)
        try:
            occurred_at = self._read("when", self.read_when)
            person_code = self._read("person", check_person_code)
            duration = self._read("duration", check_duration)
            tags = self._read("tags", check_tags)
        except _FieldProblem as problem:
            if not quiet:
                message = self.query_one("#when-hint", Static) if problem.field_id == "when" else error
                message.update(Content(problem.message))
                self.screen.set_focus(self.query_one(f"#{problem.field_id}", Input))
            return False
        reflection.occurred_at = occurred_at
        reflection.person_code = person_code
        reflection.duration_minutes = duration
        kind = self.query_one("#kind", Select).value
        reflection.kind = kind if isinstance(kind, str) else None
        reflection.tags = tags
        error.update("")
        self.post_message(self.Changed())
        return True

    def _read(self, field_id: str, check: Callable[[str], T]) -> T:
        try:
            return check(self.query_one(f"#{field_id}", Input).value)
        except (WhenError, InputError) as problem:
            raise _FieldProblem(field_id, str(problem)) from None


class _FieldProblem(Exception):
    def __init__(self, field_id: str, message: str) -> None:
        super().__init__(message)
        self.field_id = field_id
        self.message = message
