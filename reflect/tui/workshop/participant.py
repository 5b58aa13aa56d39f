"""A participant's app for one workshop: read the vignette, answer the ten questions, done.

It opens the workshop file and nothing else, so it can be served to a room (`reflect
serve`) without reaching anyone's reflections. Each answer is written the moment it is
given; notes after a short pause in typing. Given the key a browser keeps, a participant who
reloads the page comes back as themselves, where they were. Below 60 columns (a phone in
portrait) every screen takes a narrow layout (workshop.tcss).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import cast

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, Markdown, Static

from reflect.model import Answer, Reflection, Response
from reflect.questions import QuestionSet
from reflect.tui.dialogs import WhyDialog
from reflect.tui.widgets.header import Header
from reflect.tui.widgets.questions import QuestionStep
from reflect.tui.widgets.text_field import keys_taken
from reflect.tui.workshop.narrow import NARROW, WIDE, FitsAPhone, RoomFooter, is_narrow
from reflect.tui.workshop.room_follow import RoomFollower
from reflect.workshop.store import MAX_NOTE, AnsweringPaused, WorkshopError, WorkshopInfo, WorkshopStore

NOTE_SAVE_DELAY = 0.5
NOTE_HINT = "Note (optional): Tab to write one. The trainer may read notes out."
"""The note line under each question: a workshop's notes go to the room, not to supervision."""
NARROW_NOTE_HINT = "Note (optional): tap below or press Tab. The trainer may read notes out."
"""The same on a phone, which has no Tab key."""

NOTE_PLACEHOLDER = "what you noticed about this practice"
NARROW_NOTE_PLACEHOLDER = "what you noticed"
QUESTION_KEYS = "? why this matters   ← back   → next   v read the case again"
NARROW_QUESTION_KEYS = "? why this matters\n← back  → next  v the case"


def vignette_widgets(info: WorkshopInfo) -> ComposeResult:
    """The vignette's title, setting and story (shared by the participant's and trainer's apps)."""
    yield Static(Content(info.vignette_title), id="vignette-heading")
    yield Static(Content(f"Setting: {info.vignette_setting}"), id="vignette-setting")
    # The story is Markdown a trainer wrote; links in it are shown, never opened.
    yield Markdown(info.vignette_text, id="vignette-story", open_links=False)


class RoomWhyDialog(WhyDialog):
    """Why a practice matters; a tap anywhere closes it too, as a phone has no Escape key."""

    def on_click(self) -> None:
        self.dismiss()


class VignetteScreen(FitsAPhone):
    """The case to reflect on. Enter goes on to the questions."""

    CSS_PATH = "workshop.tcss"
    BINDINGS = [
        Binding("enter", "start", "Answer the questions", id="start"),
        Binding("escape", "back", "Back to the questions", show=False),
    ]

    def compose(self) -> ComposeResult:
        app = cast("ParticipantApp", self.app)
        yield Header(icon="")
        with VerticalScroll(id="vignette-body"):
            yield from vignette_widgets(app.info)
            yield Static(id="vignette-hint", classes="workshop-hint")
        yield RoomFooter()

    def fit_to_width(self) -> None:
        app = cast("ParticipantApp", self.app)
        # A phone has no Enter key until its keyboard is open: the footer's key can be tapped.
        start = "tap “Answer the questions” below" if is_narrow(self) else "press Enter"
        self.query_one("#vignette-hint", Static).update(
            Content(
                f"Read the case, then {start}. Answer the ten questions as if you had been the "
                "practitioner. Your answers are anonymous: the room sees them as "
                f"{app.participant}, among everyone else's."
            )
        )

    def on_mount(self) -> None:
        self.fit_to_width()
        self.query_one("#vignette-body").focus()

    def __init__(self, *, over_questions: bool = False) -> None:
        super().__init__()
        self.over_questions = over_questions
        """Opened from the questions (v), so Enter returns to them."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.over_questions  # Escape on the first reading has nowhere to go back to
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_start(self) -> None:
        if self.over_questions:
            self.dismiss()
        else:
            self.app.switch_screen(RoomQuestionsScreen())


class RoomQuestionsScreen(FitsAPhone):
    """The ten questions, one at a time, answered with one key each."""

    CSS_PATH = "workshop.tcss"
    BINDINGS = [
        Binding("y,1", "answer('yes')", "Yes", show=False, priority=True),
        Binding("p,2", "answer('partly')", "Partly", show=False, priority=True),
        Binding("n,3", "answer('no')", "No", show=False, priority=True),
        Binding("x,4", "answer('not_applicable')", "Not applicable", show=False, priority=True),
        Binding("left", "move(-1)", "Back", show=False, priority=True),
        Binding("right", "move(1)", "Next", show=False, priority=True),
        Binding("pageup", "move(-1)", "Back", key_display="PgUp", priority=True),
        Binding("pagedown", "move(1)", "Next", key_display="PgDn", priority=True),
        Binding("enter", "enter", "Next", show=False, priority=True),
        Binding("tab", "tab", "Note", priority=True),
        Binding("backspace,delete", "clear", "Clear answer", show=False, priority=True),
        Binding("question_mark", "why", "Why?", key_display="?", priority=True),
        Binding("v", "vignette", "Read the case", priority=True),
        Binding("escape", "escape", "Back", show=False),
    ]
    QUESTION_ACTIONS = {"answer", "clear", "why", "vignette", "move"}
    """Keys that are ordinary typing in a note."""

    def __init__(self) -> None:
        super().__init__()
        self._note_timer: Timer | None = None
        self._leaving = False
        """Set once the last question is done: keys typed while the next screen comes are not for this one."""
        self._step: QuestionStep | None = None
        """Kept, not queried: the last save happens as the screen is taken down, its children gone."""

    @property
    def participant_app(self) -> ParticipantApp:
        return cast("ParticipantApp", self.app)

    def compose(self) -> ComposeResult:
        app = self.participant_app
        yield Header(icon="")
        yield Static(id="flow-progress")
        self._step = QuestionStep(app.answers, app.question_set, note_hint=NOTE_HINT, id="questions")
        with VerticalScroll(id="room-questions"):
            yield self._step
        yield RoomFooter()

    def on_mount(self) -> None:
        step = self.query_one(QuestionStep)
        step.index = self.participant_app.position
        step.query_one("#note", Input).max_length = MAX_NOTE  # what the workshop file keeps
        self.set_focus(step)
        self.fit_to_width()

    def show_progress(self) -> None:
        app = self.participant_app
        answered = app.answers.answered_count
        separator = " · " if is_narrow(self) else "  ·  "  # "Participant 7F3A · 10 of 10 answered" fits a phone
        self.query_one("#flow-progress", Static).update(
            Content.assemble((f"{app.participant}", "bold"), f"{separator}{answered} of {len(app.question_set)} answered")
        )

    def fit_to_width(self) -> None:
        step = self._step
        if step is None or not step.is_mounted:
            return
        narrow = is_narrow(self)
        step.note_hint = NARROW_NOTE_HINT if narrow else NOTE_HINT
        step.show_note_label()
        step.query_one("#note", Input).placeholder = NARROW_NOTE_PLACEHOLDER if narrow else NOTE_PLACEHOLDER
        step.query_one("#question-keys", Static).update(Content(NARROW_QUESTION_KEYS if narrow else QUESTION_KEYS))
        self.show_progress()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._leaving:
            return False
        if action in self.QUESTION_ACTIONS and isinstance(self.focused, Input):
            return False
        return True

    async def settle_typing(self) -> None:
        """Let the note take the keys typed just before Enter, Tab or Escape: those are priority
        bindings, handled before keys already queued for the note. The app waits for this, so the
        keys typed after them wait too, and reach the question (or screen) that comes next."""
        await keys_taken(self.focused)

    def go_to(self, index: int) -> None:
        app = self.participant_app
        self.save_note()
        if index >= len(app.question_set):
            # The thanks screen comes a moment later; until then keys belong to no question
            # (and none may be typed into the last note).
            self._leaving = True
            self.set_focus(None)
            app.finish()
            return
        app.position = max(0, index)
        step = self.query_one(QuestionStep)
        step.index = app.position
        self.set_focus(step)
        self.show_progress()

    def action_answer(self, value: str) -> None:
        step = self.query_one(QuestionStep)
        step.set_response(Response(value))
        self.participant_app.write_answer(step.question.key)
        self.go_to(step.index + 1)

    def action_clear(self) -> None:
        step = self.query_one(QuestionStep)
        step.set_response(None)
        self.participant_app.write_answer(step.question.key)
        self.show_progress()

    async def action_move(self, step: int) -> None:
        await self.settle_typing()
        self.go_to(self.query_one(QuestionStep).index + step)

    async def action_enter(self) -> None:
        await self.action_move(1)

    async def action_tab(self) -> None:
        if isinstance(self.focused, Input):
            await self.settle_typing()
            self.set_focus(self.query_one(QuestionStep))
        else:
            self.set_focus(self.query_one("#note", Input))

    async def action_escape(self) -> None:
        if isinstance(self.focused, Input):
            await self.settle_typing()
            self.set_focus(self.query_one(QuestionStep))
        else:
            self.action_vignette()

    def action_why(self) -> None:
        step = self.query_one(QuestionStep)
        self.app.push_screen(RoomWhyDialog(step.question, self.participant_app.question_set.stem))

    def action_vignette(self) -> None:
        self.save_note()
        self.app.push_screen(VignetteScreen(over_questions=True))

    def on_question_step_answered(self, event: QuestionStep.Answered) -> None:
        if self._leaving:
            return  # the note was saved as the last question was left
        if event.advance:  # an answer clicked with the mouse
            step = self.query_one(QuestionStep)
            self.participant_app.write_answer(step.question.key)
            self.go_to(step.index + 1)
        else:  # a note typed: written after a pause
            if self._note_timer is not None:
                self._note_timer.stop()
            self._note_timer = self.set_timer(NOTE_SAVE_DELAY, self.save_note)

    def save_note(self, *, from_field: bool = True) -> None:
        """Write the note on show, if it changed since it was last written.

        `from_field`: take the note from its field first (its last Changed may still be coming).
        """
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        step = self._step
        if step is None:
            return  # not composed yet: nothing typed
        if from_field:
            step.commit_note()
        self.participant_app.write_answer(step.question.key)

    def on_unmount(self) -> None:
        # The screen's children are gone by now (the field cannot be read), but every change it
        # reported is in the step's answers: write what the timer was waiting to write.
        if self._note_timer is not None:
            self.save_note(from_field=False)


class DoneScreen(FitsAPhone):
    """Thanks, and the participant's own answers; they can still go back and change one."""

    CSS_PATH = "workshop.tcss"
    BINDINGS = [
        Binding("left,b", "back", "Change an answer", id="back"),
        Binding("v", "vignette", "Read the case"),
        Binding("q", "app.quit", "Leave", id="leave"),
    ]

    def compose(self) -> ComposeResult:
        app = cast("ParticipantApp", self.app)
        yield Header(icon="")
        with VerticalScroll(id="done-body"):
            answered = app.answers.answered_count
            yield Static(
                Content.assemble(
                    ("Thank you.\n\n", "bold"),
                    f"Your answers ({answered} of {len(app.question_set)}) are with the trainer, as "
                    f"{app.participant}. When the room is ready, the trainer will show everyone's answers "
                    "together: there are no right answers, only different ways of seeing the same moment.",
                ),
                id="done-thanks",
            )
            yield Static(id="done-answers")
        yield RoomFooter()

    def on_mount(self) -> None:
        app = cast("ParticipantApp", self.app)
        lines: list[str | tuple[str, str]] = [("Your answers\n", "bold")]
        for number, question in enumerate(app.question_set.questions, start=1):
            response = app.answers.response_for(question.key)
            shown = f"{response.symbol} {response.word}" if response else "· Not answered"
            lines.append(f"{number:>2}. {question.label:<16} {shown}\n")
        self.query_one("#done-answers", Static).update(Content.assemble(*lines))

    def action_back(self) -> None:
        app = cast("ParticipantApp", self.app)
        app.position = len(app.question_set) - 1
        self.app.switch_screen(RoomQuestionsScreen())

    def action_vignette(self) -> None:
        self.app.push_screen(VignetteScreen(over_questions=True))


class ParticipantApp(App[None]):
    """One participant in one workshop. Nothing else can be reached from here."""

    TITLE = "reflect workshop"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, show=False)]
    HORIZONTAL_BREAKPOINTS = [(0, NARROW), (WIDE, "-wide")]
    """Textual sets one of these classes on the screen as its width changes (see workshop.tcss)."""
    ENABLE_COMMAND_PALETTE = False
    """The palette would offer the theme and screenshots only; a room needs neither."""

    def __init__(
        self, db_path: Path, *, cursor_blink: bool = True, label: str | None = None, participant_key: str | None = None
    ) -> None:
        """`label`: the participant's label, for tests and screenshots (by default a random one).
        `participant_key`: the key a browser keeps (reflect.workshop.identity), so that the same
        browser is the same participant again, back where they were."""
        super().__init__()
        self.db_path = db_path
        self._label = label
        self._participant_key = participant_key
        self.cursor_blink = cursor_blink
        self.store: WorkshopStore | None = None
        self.failure: str | None = None
        """Why the app had to stop, for the command line to print after the screen is gone."""
        self.participant = ""
        self.position = 0
        """The question on show (0-9)."""
        self._written: dict[str, tuple[Response | None, str]] = {}
        self.room: RoomFollower | None = None
        """Follows the trainer's choices (paused, revealed, a new round): reflect.tui.workshop.room_follow."""

    @cached_property
    def question_set(self) -> QuestionSet:
        from reflect.questions import default_question_set

        return default_question_set()

    @cached_property
    def answers(self) -> Reflection:
        """This participant's answers, held as a reflection so the question widgets can show them."""
        from reflect.model import utc_now
        from reflect.service import new_reflection

        return new_reflection(self.question_set, utc_now())

    @property
    def info(self) -> WorkshopInfo:
        assert self.room is not None
        return self.room.info

    def on_mount(self) -> None:
        try:
            self.store = WorkshopStore.open(self.db_path)
            if self.store.info.question_set_id != self.question_set.id:
                raise WorkshopError("This workshop uses questions this version of reflect does not have.")
            self.participant = self.store.join(self._label, key=self._participant_key)
            self.room = RoomFollower(self, self.store)
            finished = self._resume()
        except WorkshopError as error:
            self.failure = str(error)
            self.exit(return_code=1)
            return
        self.show_title()
        if finished:
            self.push_screen(DoneScreen())
        elif self.answers.answered_count or any(answer.note for answer in self.answers.answers.values()):
            self.push_screen(RoomQuestionsScreen())  # back where they were, after a reload
        else:
            self.push_screen(VignetteScreen())
        self.room.start()
        self.room.show_state()

    def new_round(self) -> None:
        """The trainer started another round: fresh answers, from the new round's vignette."""
        self.__dict__.pop("answers", None)  # a cached_property: the next use makes new ones
        self._written.clear()
        self.position = 0
        while len(self.screen_stack) > 2:  # the default screen and this app's own
            self.pop_screen()
        self.switch_screen(VignetteScreen())

    def write_unsaved(self) -> None:
        for key in self.question_set.keys:
            self.write_answer(key)

    def _resume(self) -> bool:
        """Take up what this participant gave before (a reload, a reconnect); whether they had finished."""
        assert self.store is not None and self.room is not None
        given = self.store.answers_of(self.participant, self.room.round.number)
        if not given:
            return False
        for room_answer in given:
            if room_answer.question_key in self.question_set.keys:
                self.answers.answers[room_answer.question_key] = Answer(room_answer.response, room_answer.note)
                self._written[room_answer.question_key] = (room_answer.response, room_answer.note)
        keys = self.question_set.keys
        unanswered = [index for index, key in enumerate(keys) if self.answers.response_for(key) is None]
        self.position = unanswered[0] if unanswered else len(keys) - 1
        return any(participant.label == self.participant and participant.finished for participant in self.store.participants(self.room.round.number))

    def show_title(self, width: int | None = None) -> None:
        """"reflect workshop — Participant 7F3A" where it fits; on a phone the title alone (the
        progress line names the participant)."""
        self.sub_title = "" if (width or self.size.width) < WIDE else self.participant

    def on_resize(self, event: events.Resize) -> None:
        self.show_title(event.size.width)

    def write_answer(self, question_key: str) -> None:
        """Write one question's answer and note, unless they are what was last written."""
        answer = self.answers.answers.get(question_key)
        current = (answer.response, answer.note) if answer else (None, "")
        if self._written.get(question_key, (None, "")) == current or self.store is None:
            return
        assert self.room is not None  # made on mount, with the store
        try:
            self.store.answer(self.participant, question_key, *current, round_number=self.room.round.number)
        except AnsweringPaused:
            self.room.paused()  # kept here, and written when answering opens again
            return
        except WorkshopError as error:
            self.notify(f"{error} Your answer is kept here.", title="Not saved yet", severity="warning", markup=False)
            return
        self._written[question_key] = current

    def finish(self) -> None:
        if self.store is not None:
            try:
                self.store.finish(self.participant, round_number=self.room.round.number if self.room else 1)
            except WorkshopError:
                pass  # only the "finished" count waits for it; the answers are written already
        self.switch_screen(DoneScreen())

    async def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
