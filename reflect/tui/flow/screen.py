"""A new reflection (or an edit of one): context, the ten questions, closing, then save."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, Select, Static, TextArea

from reflect.display import visible
from reflect.model import Reflection, Response, has_content
from reflect.tui.app_access import UsesReflectApp
from reflect.tui.cursors import settle_cursors
from reflect.tui.dialogs import ConfirmDialog, WhyDialog
from reflect.tui.flow.closing import ClosingStep
from reflect.tui.flow.context import ContextStep
from reflect.tui.messages import ReadyForKeys
from reflect.tui.widgets.footer import Footer
from reflect.tui.widgets.header import Header
from reflect.tui.widgets.questions import QuestionStep

NOTE_SAVE_DELAY = 0.5
"""Seconds of quiet typing after which a draft is written (answers are written at once)."""


class ReflectionScreen(UsesReflectApp, Screen[Reflection | None]):
    """Positions: 0 is the context, 1-10 the questions, 11 the closing step."""

    CSS_PATH = "flow.tcss"

    # The step keys are priority bindings of the screen, checked before the focused widget
    # sees a key, so a fast typist's "Enter y y p" lands on the questions even while the
    # focus is still moving. check_action lets them through to text fields where they type.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="save"),
        Binding("escape", "leave", "Close", id="leave"),
        Binding("pageup", "move(-1)", "Back", key_display="PgUp", priority=True, id="back"),
        Binding("pagedown", "move(1)", "Next", key_display="PgDn", priority=True, id="next"),
        Binding("enter", "enter", "Next", show=False, priority=True),
        Binding("y,1", "answer('yes')", "Yes", show=False, priority=True, id="answer_yes"),
        Binding("p,2", "answer('partly')", "Partly", show=False, priority=True, id="answer_partly"),
        Binding("n,3", "answer('no')", "No", show=False, priority=True, id="answer_no"),
        Binding("x,4", "answer('not_applicable')", "Not applicable", show=False, priority=True, id="answer_na"),
        Binding("question_mark", "why", "Why?", key_display="?", priority=True, id="why"),
        # Shown beside the note rather than in the footer: they only mean something once there is one.
        Binding("f", "flag_note", "Flag note", show=False, priority=True, id="flag_note"),
        Binding("ctrl+f", "flag_note_typing", "Flag note", show=False, priority=True, id="flag_note_typing"),
        Binding("left", "arrow(-1)", "Back", show=False, priority=True),
        Binding("right", "arrow(1)", "Next", show=False, priority=True),
        Binding("backspace,delete", "clear", "Clear answer", show=False, priority=True),
        # Replaces the screen's own Tab binding, so it also does what that did.
        Binding("tab", "tab", "Next field", show=False, priority=True),
        Binding("shift+tab", "back_tab", "Previous field", show=False, priority=True),
        Binding("ctrl+o", "note_in_editor", "Note in your editor", show=False, priority=True, id="note_in_editor"),
    ]
    QUESTION_ACTIONS = {"answer", "why", "clear", "arrow", "flag_note"}
    """Keys that mean something on a question, and are ordinary typing in a text field."""

    def __init__(self, reflection: Reflection, *, editing: bool = False, resumed: bool = False) -> None:
        """`editing` a saved reflection, `resumed` a draft from an earlier session, or else a new one."""
        super().__init__()
        self.editing = editing
        self.original = copy.deepcopy(reflection)
        self.reflection = copy.deepcopy(reflection) if editing else reflection
        self.position = 0
        self._draft_timer: Timer | None = None
        self._draft_stored = resumed
        """Whether a draft row exists for this reflection (a resumed draft has one)."""
        self._finished = False
        """Saved or discarded: no draft may be written after that."""
        self._identifiers_kept: tuple[tuple[str, str], ...] = ()
        """Likely identifiers the practitioner chose to keep: not asked about again unless they change."""

    @property
    def question_count(self) -> int:
        return len(self.reflect_app.question_set)

    @property
    def last_position(self) -> int:
        return self.question_count + 1

    @property
    def on_a_question(self) -> bool:
        return 1 <= self.position <= self.question_count

    @property
    def has_changes(self) -> bool:
        """For an edit: whether anything differs from the reflection as it was opened."""
        self.collect(quiet=True)
        return self.reflection != self.original

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="flow-progress")
        with ContentSwitcher(initial="context", id="steps"):
            # An edit or a resumed draft shows its stored time; a new reflection starts at now.
            yield ContextStep(self.reflection, show_stored_time=self.editing or self._draft_stored, id="context")
            yield QuestionStep(self.reflection, self.reflect_app.question_set, id="questions")
            yield ClosingStep(self.reflection, self.reflect_app.question_set, id="closing")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Editing a reflection" if self.editing else "New reflection"
        self.sub_title = ""
        self.go_to(self.where_stopped() if self._draft_stored and not self.editing else 0)
        settle_cursors(self)
        self.app.post_message(ReadyForKeys())  # the keys typed while this opened (see ReflectApp.hold_keys)

    def where_stopped(self) -> int:
        """For a resumed draft: the step after the last question given an answer or a note (the
        closing step after the tenth), or the start if no question was reached."""
        keys = self.reflect_app.question_set.keys
        touched = [index for index, key in enumerate(keys) if (answer := self.reflection.answers.get(key)) and not answer.is_empty]
        return min(touched[-1] + 2, self.last_position) if touched else 0

    # Reading what was typed ----------------------------------------------------------------

    async def settle_typing(self) -> None:
        """Let the focused field take keys typed just before a step key (Enter, PgDn, ctrl+s).

        Step keys are priority bindings, handled before keys already queued for the field;
        the app waits for this, so keys typed after the step key wait too.
        """
        field = self.focused
        for _ in range(200):
            if field is None or field.message_queue_size == 0:
                return
            await asyncio.sleep(0.001)

    def collect(self, *, quiet: bool = False) -> bool:
        """Copy every field into the reflection, straight from the widgets. False if one is not valid."""
        if not self.query(ContextStep):
            return True  # not composed yet: nothing typed
        self.query_one(QuestionStep).commit_note()
        self.query_one(ClosingStep).collect()
        return self.query_one(ContextStep).apply(quiet=quiet)

    # Moving between steps ------------------------------------------------------------------

    def go_to(self, position: int) -> None:
        position = max(0, min(position, self.last_position))
        if not self.collect(quiet=self.position != 0) and self.position == 0 and position != 0:
            return  # the context has a field that cannot be read; its message says why
        if self._draft_timer is not None:
            self.save_draft()  # what was typed on the step being left is written now
        self.position = position
        switcher = self.query_one(ContentSwitcher)
        # Focus moves at once (not after a refresh) so the next key goes to the new step.
        if position == 0:
            switcher.current = "context"
            self.set_focus(self.query_one(ContextStep).first_field)
        elif position == self.last_position:
            switcher.current = "closing"
            self.set_focus(self.query_one(ClosingStep).first_field)
        else:
            switcher.current = "questions"
            step = self.query_one(QuestionStep)
            step.just_answered = None  # set again by action_answer when an answer moved here
            step.index = position - 1
            self.set_focus(step)
        self.show_progress()
        self.refresh_bindings()

    def show_progress(self) -> None:
        names = ["About", "Questions", "Closing"]
        current = 0 if self.position == 0 else 2 if self.position > self.question_count else 1
        answered = self.reflection.answered_count
        parts: list[tuple[str, str] | str] = []
        for number, name in enumerate(names):
            if number:
                parts.append("  ›  ")
            parts.append((f"{number + 1} {name}", "bold reverse" if number == current else "dim"))
        parts.append(f"     {answered} of {self.question_count} answered")
        self.query_one("#flow-progress", Static).update(Content.assemble(*parts))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        focused = self.focused
        typing = isinstance(focused, (Input, TextArea))
        if action in self.QUESTION_ACTIONS:
            return self.on_a_question and not typing
        if action in ("flag_note_typing", "note_in_editor"):
            return self.on_a_question
        if action == "move":
            step = parameters[0] if parameters and isinstance(parameters[0], int) else 0
            return 0 <= self.position + step <= self.last_position
        if action == "enter":
            if self.position == 0:
                # An Input; or a Select with a choice made (without one, Enter opens it); or
                # nothing yet, when Enter is typed the moment the screen appears.
                chosen = isinstance(focused, Select) and not focused.expanded and focused.value != Select.NULL
                return focused is None or isinstance(focused, Input) or chosen
            # On a question itself, or in its note; never in the closing texts (Enter is a new line).
            return self.on_a_question and (isinstance(focused, Input) or isinstance(focused, QuestionStep))
        return True

    async def action_move(self, step: int) -> None:
        await self.settle_typing()
        self.go_to(self.position + step)

    async def action_arrow(self, step: int) -> None:
        """← and → on a question (a separate action so check_action can tell them from PgUp/PgDn)."""
        await self.action_move(step)

    async def action_enter(self) -> None:
        """Enter in a context field, on a question or in its note moves on to what comes next."""
        if not self.query(ContextStep):
            return  # not composed yet
        await self.action_move(1)

    def action_answer(self, value: str) -> None:
        # Save and move on here and now, not via a message: the next key may already be waiting.
        step = self.query_one(QuestionStep)
        step.set_response(Response(value))
        self.save_draft()
        answered = step.index
        self.go_to(self.position + 1)
        step.just_answered = answered if self.on_a_question else None
        step.show_note_label()

    def action_back_tab(self) -> None:
        """Shift+Tab straight after an answer: the note on the question just answered; else back a field."""
        step = self.query_one(QuestionStep)
        if self.on_a_question and self.focused is step and step.just_answered == step.index - 1:
            self.go_to(self.position - 1)
            self.set_focus(self.query_one("#note", Input))
        else:
            self.focus_previous()

    def action_tab(self) -> None:
        """Tab from a question goes to its note at once; elsewhere it moves focus as usual."""
        if self.on_a_question and self.focused is self.query_one(QuestionStep):
            self.set_focus(self.query_one("#note", Input))
        else:
            self.focus_next()

    def action_clear(self) -> None:
        self.query_one(QuestionStep).set_response(None)
        self.save_draft()
        self.show_progress()

    def action_flag_note(self) -> None:
        """Flag the note on this question for supervision, or take the flag off."""
        step = self.query_one(QuestionStep)
        step.commit_note()
        if not step.toggle_note_flag():
            self.app.notify("Write a note first (Tab), then press f to flag it for supervision.", markup=False)
            return
        self.save_draft()

    async def action_note_in_editor(self) -> None:
        """The note on this question, whole, in $VISUAL or $EDITOR; what is saved there comes back."""
        from reflect.paths import local_file_for
        from reflect.tui.external_editor import edit_in_editor

        await self.settle_typing()  # the note's last keys may still be queued behind ctrl+o
        step = self.query_one(QuestionStep)
        step.commit_note()
        answer = self.reflection.answers.get(step.question.key)
        edited = edit_in_editor(self.app, answer.note if answer else "", folder=local_file_for(self.reflect_app.db_path).parent)
        if edited is None:
            self.app.notify("No editor could be opened: set VISUAL or EDITOR (such as nano) and try again.", markup=False)
            return
        note = self.query_one("#note", Input)
        note.value = edited  # posts Changed: the step takes it and the draft is saved soon
        self.set_focus(note)

    def action_flag_note_typing(self) -> None:
        self.action_flag_note()

    def action_why(self) -> None:
        step = self.query_one(QuestionStep)
        self.app.push_screen(WhyDialog(step.question, self.reflect_app.question_set.stem))

    def on_question_step_answered(self, event: QuestionStep.Answered) -> None:
        if event.advance:
            self.save_draft()
            self.go_to(self.position + 1)
        else:
            self.save_draft_soon()
            self.show_progress()

    def on_context_step_changed(self, _event: ContextStep.Changed) -> None:
        self.save_draft_soon()

    def on_closing_step_changed(self, _event: ClosingStep.Changed) -> None:
        self.save_draft_soon()

    # Drafts ------------------------------------------------------------------------------

    def save_draft_soon(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(NOTE_SAVE_DELAY, self.save_draft)

    def _cancel_pending_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def save_draft(self) -> None:
        """Write a new reflection as a draft; keep an edit's changes in its recovery file (an edit
        is only written to the database when saved, but closing the terminal must not lose it).

        A draft emptied again (its only answer cleared, say) is removed rather than kept.
        """
        self._cancel_pending_draft()
        if self._finished:
            return
        if self.editing:
            if self.has_changes:
                self.reflect_app.keep_edit(self.reflection)
            return
        self.collect(quiet=True)
        if not has_content(self.reflection):
            if self._draft_stored:
                self.reflect_app.delete_reflection(self.reflection.uuid)
                self._draft_stored = False
                self.reflection.revision = 0  # gone from the store: the next draft is a new row, not a conflict
            return
        self._draft_stored = self.reflect_app.save_draft(self.reflection) or self._draft_stored

    def write_pending(self) -> None:
        """Write what is typed but not yet saved as a draft: the app is closing."""
        if not self._finished:
            self.save_draft()

    def on_unmount(self) -> None:
        if self._draft_timer is not None:
            self.write_pending()

    # Saving and leaving ------------------------------------------------------------------

    async def action_save(self) -> None:
        await self.settle_typing()
        if not self.collect():
            self.go_to(0)
            return
        reflection = self.reflection
        if not has_content(reflection):
            self.app.notify("Nothing to save yet: answer a question or write a note first.", markup=False)
            return
        if not self.check_identifiers():
            return
        self._cancel_pending_draft()
        # A new reflection is dated as written now; an edit keeps when it was written.
        if self.reflect_app.finish_reflection(reflection):
            self.finished()

    def finished(self) -> None:
        """The reflection is saved as finished: an edit closes, a new reflection shows its summary."""
        reflection = self.reflection
        self._finished = True
        self.reflect_app.refresh_home()
        if self.editing:
            self.app.notify("Your changes are saved.")
            self.dismiss(reflection)
        else:
            from reflect.tui.screens.summary import SummaryScreen

            self.app.switch_screen(SummaryScreen(reflection))

    # Likely identifiers ---------------------------------------------------------------------

    def check_identifiers(self) -> bool:
        """True if nothing in the reflection looks like it identifies someone, or the practitioner kept it.

        Otherwise they are shown what was found and choose: edit it (taken to the first field
        with a finding) or save as written. Nothing is changed for them either way.
        """
        from reflect.privacy import identifiers_in

        findings = identifiers_in(self.reflection, self.reflect_app.question_set, today=self.reflect_app.clock().date())
        found = tuple((item.field, item.finding.text) for item in findings)
        if not findings or found == self._identifiers_kept:
            return True
        lines = [f"• {item.finding.kind.description} ({visible(item.finding.text)}) in {item.label}" for item in findings[:8]]
        if len(findings) > 8:
            lines.append(f"• and {len(findings) - 8} more")
        message = (
            "So that no one you support can be identified from your reflections, check these:\n"
            + "\n".join(lines)
            + "\n\nEdit takes you to the first. Save as written keeps everything as you wrote it."
        )

        def decided(keep: bool | None) -> None:
            if keep:
                self._identifiers_kept = found
                self.call_later(self.action_save)
            else:
                self.go_to_field(findings[0].field)

        self.app.push_screen(
            ConfirmDialog("This may identify someone", message, confirm="Save as written", cancel="Edit"), decided
        )
        return False

    def go_to_field(self, field: str) -> None:
        """Show the step holding `field` (as identifiers_in names it) and put the cursor in it."""
        if field in ("person_code", "tags"):
            self.go_to(0)
            self.set_focus(self.query_one("#person" if field == "person_code" else "#tags"))
        elif field.startswith("note:"):
            keys = self.reflect_app.question_set.keys
            self.go_to(keys.index(field.removeprefix("note:")) + 1)
            self.set_focus(self.query_one("#note", Input))
        else:
            self.go_to(self.last_position)
            self.set_focus(self.query_one("#" + field.replace("_", "-")))

    async def action_leave(self) -> None:
        if isinstance(self.focused, (Input, TextArea)) and self.on_a_question:
            # Escape in a question's note returns to the question rather than leaving.
            self.set_focus(self.query_one(QuestionStep))
            return
        await self.settle_typing()
        self.ask_before_leaving(then=lambda: self.dismiss(None))

    def ask_before_leaving(self, then: Callable[[], object]) -> None:
        """Leave (calling `then`) at once if nothing would be lost; otherwise ask first."""
        if self.editing:
            if not self.has_changes:
                self._finished = True
                then()
                return
            title = "Discard your changes?"
            message = "The reflection stays as it was before you started editing."
            confirm, cancel = "Discard changes", "Keep editing"
        else:
            self.collect(quiet=True)
            if not has_content(self.reflection):
                self._discard()
                then()
                return
            from reflect.tui.dialogs import LeaveDialog

            def chosen(choice: str | None) -> None:
                if choice == "discard":
                    self._discard()
                    then()
                elif choice == "later":
                    self.finish_later()
                    then()

            self.app.push_screen(LeaveDialog(), chosen)
            return

        def decided(sure: bool | None) -> None:
            if sure:
                self._discard()
                then()

        self.app.push_screen(ConfirmDialog(title, message, confirm=confirm, cancel=cancel), decided)

    def finish_later(self) -> None:
        """Keep what is there as a draft and leave; the home screen offers it back."""
        self.save_draft()
        self._finished = True
        self.reflect_app.refresh_home()
        self.app.notify("Kept as a draft: press r on the home screen to finish it.", markup=False)

    def abandon(self) -> None:
        """Leave without writing anything more: another version of this reflection was chosen."""
        self._cancel_pending_draft()
        self._finished = True
        self.dismiss(None)

    def _discard(self) -> None:
        self._cancel_pending_draft()
        self._finished = True
        if self.editing:
            self.reflect_app.forget_edit(self.reflection)
        if not self.editing:
            self.reflect_app.delete_reflection(self.reflection.uuid)
            self.reflect_app.refresh_home()
