"""What a participant sees of the trainer's choices: answering paused, the room's spread, a new round.

A participant's app follows the workshop file (one cheap `PRAGMA data_version` a second):
when the trainer pauses answering, a kind line covers the questions until answering opens
again; when the trainer reveals the spread, each question's room answers are shown beside
the participant's own (no notes, and nothing for a question fewer than ROOM_MINIMUM have
answered); when the trainer starts a new round, the app starts again on the new vignette.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from reflect.tui.widgets.header import Header
from reflect.tui.workshop.narrow import RoomFooter
from reflect.workshop.room import ROOM_MINIMUM, room_spread, shown_to_participants
from reflect.workshop.store import RoomRound, WorkshopInfo, WorkshopStore

if TYPE_CHECKING:
    from reflect.tui.workshop.participant import ParticipantApp

FOLLOW_SECONDS = 1.0
"""How often a participant's app asks the file whether the trainer changed anything."""
OPEN_AGAIN_LINE = "Answering is open again."
SPREAD_BAR_WIDTH = 16
WIDE_ENOUGH = 92
"""Columns for a question, the participant's answer and the room's on one line."""
PAUSED_LINE = (
    "The trainer has paused answering for a moment. Your answers so far are kept; "
    "this screen carries on by itself as soon as answering opens again."
)


class AnsweringPausedScreen(ModalScreen[None]):
    """Over whatever the participant was doing, while the trainer has answering closed."""

    DEFAULT_CSS = """
    AnsweringPausedScreen {
        align: center middle;
    }
    AnsweringPausedScreen > Vertical {
        width: 60;
        max-width: 95%;
        height: auto;
        border: round $primary;
        background: $surface;
        padding: 1 2;
    }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(PAUSED_LINE), id="paused-line")


class RoomSpreadScreen(Screen[None]):
    """The room's answers per question, beside the participant's own, once the trainer reveals them."""

    DEFAULT_CSS = """
    RoomSpreadScreen #spread-body {
        padding: 1 2;
    }
    RoomSpreadScreen #spread-intro {
        margin-bottom: 1;
        height: auto;
    }
    RoomSpreadScreen #spread-rows {
        height: auto;
    }
    """
    BINDINGS = [Binding("q", "app.quit", "Leave", id="leave_spread")]

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="spread-body"):
            yield Static(
                Content.assemble(
                    ("How the room answered\n", "bold"),
                    "Beside your own answer to each question, how the room answered. There are no right "
                    "answers: where the room differs is worth talking about. A question fewer than "
                    f"{ROOM_MINIMUM} people have answered is not shown, so that no one's answer can be worked out.",
                ),
                id="spread-intro",
            )
            yield Static(id="spread-rows")
        yield RoomFooter()

    def on_mount(self) -> None:
        self.show_spread()

    def on_resize(self) -> None:
        self.show_spread()

    def show_spread(self) -> None:
        # Imported here: the trainer's view imports the participant app, which imports this module.
        from reflect.tui.workshop.room import counts_text, spread_bar

        app = cast("ParticipantApp", self.app)
        follower = app.room
        assert follower is not None  # this screen is shown only by the follower
        spreads = room_spread(app.question_set, follower.store.answers(follower.round.number))
        variables = app.theme_variables
        # On a phone the room's answers go on a line of their own, under the question.
        narrow = self.size.width < WIDE_ENOUGH
        rows = Text(no_wrap=True, overflow="ellipsis")
        for spread in spreads:
            mine = app.answers.response_for(spread.question.key)
            rows.append(f"{spread.number:>2}. {spread.question.label:<15} ", style="bold")
            rows.append("you ", style="dim")
            mine_text = f"{mine.symbol} {mine.word}" if mine else "· Not answered"
            rows.append(mine_text if narrow else f"{mine_text:<17}")
            rows.append("\n     " if narrow else " ")
            rows.append("room ", style="dim")
            if shown_to_participants(spread):
                rows.append_text(counts_text(spread.counts, variables))
                rows.append(" ")
                rows.append_text(spread_bar(spread.counts, spread.n, SPREAD_BAR_WIDTH // 2 if narrow else SPREAD_BAR_WIDTH, variables))
                rows.append(f" n {spread.n}")
            else:
                rows.append(f"fewer than {ROOM_MINIMUM} answers", style="dim")
            rows.append("\n")
        self.query_one("#spread-rows", Static).update(rows)


class RoomFollower:
    """Keeps one participant's app in step with the trainer's choices in the workshop file."""

    def __init__(self, app: ParticipantApp, store: WorkshopStore, poll_seconds: float | None = None) -> None:
        self.app = app
        self.store = store
        self.poll_seconds = FOLLOW_SECONDS if poll_seconds is None else poll_seconds  # read now: tests shorten it
        self.round: RoomRound = store.current_round()
        self._version: int | None = None

    @property
    def info(self) -> WorkshopInfo:
        """The workshop as this round has it (the round's vignette)."""
        return self.store.round_info(self.round)

    def start(self) -> None:
        self._version = self.store.data_version()
        self.app.set_interval(self.poll_seconds, self.check)

    def check(self) -> None:
        """Follow the trainer, if another connection has written since the last look."""
        try:
            version = self.store.data_version()
            if version == self._version:
                return
            self._version = version
            current = self.store.current_round()
        except Exception:  # noqa: BLE001 - a busy or vanished file: look again at the next tick
            return
        was_open = self.round.answering_open
        if current.number != self.round.number:
            self.round = current
            self.app.new_round()
        self.round = current
        self.show_state()
        if current.answering_open and not was_open:
            self.app.write_unsaved()  # anything given in the moment the trainer paused
            self.app.notify(OPEN_AGAIN_LINE, markup=False)

    def paused(self) -> None:
        """An answer was refused: the trainer has just paused answering, or moved on to a new round."""
        self._version = None  # look now, whatever the file's version says
        self.check()

    def show_state(self) -> None:
        """The spread while revealed, else the paused line while answering is closed, else nothing over the app."""
        wanted: type[Screen[None]] | None = (
            RoomSpreadScreen if self.round.revealed else None if self.round.answering_open else AnsweringPausedScreen
        )
        while isinstance(self.app.screen, (RoomSpreadScreen, AnsweringPausedScreen)) and not (
            wanted is not None and isinstance(self.app.screen, wanted)
        ):
            self.app.pop_screen()
        if wanted is None:
            return
        if isinstance(self.app.screen, wanted):
            if isinstance(self.app.screen, RoomSpreadScreen):
                self.app.screen.show_spread()  # answers may still be arriving
        else:
            self.app.push_screen(wanted())
