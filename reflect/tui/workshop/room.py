"""The trainer's live view of a workshop: the room's answers per question, as they arrive.

Bars carry their numbers and a different fill for each answer, so nothing rests on
colour; "No" is muted, never red. Notes stay hidden until the trainer presses n: a
room's notes are read out on purpose, not glimpsed on a projector.

The trainer also runs the room from here: opens and closes answering (a), reveals the
room's spread to participants (r, asked first: they cannot unsee it), starts a new round
on another vignette (s, asked first), and shows the join link's QR code (j). The view
follows the current round; earlier rounds are kept for `reflect workshop export --round N`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Static

from reflect.model import RESPONSE_ORDER, Response
from reflect.questions import QuestionSet
from reflect.tui.dialogs.confirm import ConfirmDialog
from reflect.tui.render import response_style
from reflect.tui.tables import fill_table
from reflect.tui.widgets.footer import Footer
from reflect.tui.widgets.header import Header
from reflect.tui.workshop.participant import vignette_widgets
from reflect.tui.workshop.trainer_dialogs import JoinCodeScreen, VignettePickerDialog
from reflect.workshop.room import ROOM_MINIMUM, QuestionSpread, discussion_starters, room_spread
from reflect.workshop.store import Participant, RoomRound, WorkshopError, WorkshopStore

if TYPE_CHECKING:
    from reflect.workshop.vignettes import Vignette

POLL_SECONDS = 1.0
"""How often the file is asked whether anything new was written (one cheap PRAGMA)."""
BAR_FILLS = {
    Response.YES: "█",
    Response.PARTLY: "▓",
    Response.NO: "▒",
    Response.NOT_APPLICABLE: "░",
}
"""A different fill per answer, so the bar reads without colour (the legend says which is which)."""
STARTER_MARK = "◆"
FIXED_COLUMNS_WIDTH = 48
"""Everything in a row but the bar, with the table's cell padding."""


def spread_bar(counts: dict[Response, int], scale: int, width: int, theme_variables: dict[str, str]) -> Text:
    """One bar of `width` cells for `scale` participants, a segment per answer in answer order.

    Segments are rounded so that they add up to the rounded whole (largest remainder), and
    an answer given at least once always gets at least one cell, so no answer disappears.
    """
    bar = Text(no_wrap=True)
    total = sum(counts.values())
    if scale <= 0 or total == 0:
        return bar
    exact = {response: counts[response] * width / scale for response in RESPONSE_ORDER}
    cells = {response: int(exact[response]) for response in RESPONSE_ORDER}
    for response in RESPONSE_ORDER:
        if counts[response] and cells[response] == 0:
            cells[response] = 1
    target = max(round(total * width / scale), sum(1 for response in RESPONSE_ORDER if counts[response]))
    by_remainder = sorted(RESPONSE_ORDER, key=lambda response: exact[response] - int(exact[response]), reverse=True)
    while sum(cells.values()) < target:
        for response in by_remainder:
            if counts[response] and sum(cells.values()) < target:
                cells[response] += 1
    for response in RESPONSE_ORDER:
        bar.append(BAR_FILLS[response] * cells[response], style=response_style(response, theme_variables))
    return bar


def counts_text(counts: dict[Response, int], theme_variables: dict[str, str]) -> Text:
    """ "●4 ◐3 ○1 –0": each answer's symbol and count."""
    text = Text(no_wrap=True)
    for position, response in enumerate(RESPONSE_ORDER):
        if position:
            text.append(" ")
        text.append(f"{response.symbol}{counts[response]}", style=response_style(response, theme_variables) if counts[response] else "dim")
    return text


def control_text(room_round: RoomRound | None) -> Text:
    """ "Round 2 · Answering open · Spread hidden from participants": what the trainer has chosen."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if room_round is None:
        return text
    text.append(f"Round {room_round.number}", style="bold")
    text.append(" · ")
    text.append("Answering open" if room_round.answering_open else "Answering paused", style="" if room_round.answering_open else "bold")
    text.append(" · ")
    text.append("Spread shown to participants" if room_round.revealed else "Spread hidden from participants")
    return text


def legend_text(theme_variables: dict[str, str]) -> Text:
    text = Text(no_wrap=True)
    for position, response in enumerate(RESPONSE_ORDER):
        if position:
            text.append("  ")
        text.append(f"{response.symbol} {BAR_FILLS[response]} {response.word}", style=response_style(response, theme_variables))
    return text


class RoomVignetteScreen(Screen[None]):
    """The vignette, for the trainer to read out or show the room again."""

    CSS_PATH = "workshop.tcss"
    BINDINGS = [Binding("escape,v,q", "dismiss", "Back to the room")]

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="vignette-body"):
            store = cast("RoomApp", self.app).store
            assert store is not None  # the room screen, and this over it, open only once it is
            yield from vignette_widgets(store.round_info(store.current_round()))
        yield Footer()


class RoomScreen(Screen[None]):
    CSS_PATH = "workshop.tcss"
    BINDINGS = [
        Binding("n", "toggle_notes", "Notes", id="notes"),
        Binding("v", "vignette", "Vignette", id="vignette"),
        # One key each way; check_action shows the one that applies now.
        Binding("a", "set_answering(False)", "Pause", id="close_answering"),
        Binding("a", "set_answering(True)", "Resume", id="open_answering"),
        Binding("r", "reveal", "Reveal", id="reveal"),
        Binding("r", "hide", "Hide spread", id="hide"),
        Binding("s", "new_round", "New round", id="new_round"),
        Binding("j", "join_code", "Join code", id="join_code"),
        Binding("q", "app.quit", "Quit", id="quit_room"),
    ]

    show_notes: reactive[bool] = reactive(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.spreads: list[QuestionSpread] = []
        self.participants: list[Participant] = []
        self.round: RoomRound | None = None
        self._version: int | None = None

    @property
    def room_app(self) -> RoomApp:
        return cast("RoomApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="room-status")
        yield Static(id="room-control")
        yield Static(id="room-starters")
        yield DataTable(id="room-table", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="room-detail"):
            yield Static(id="room-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()
        self.set_interval(self.room_app.poll_seconds, self.poll)

    def poll(self) -> None:
        """Reload when another connection (a participant) has written since the last look."""
        store = self.room_app.store
        if store is None:
            return
        try:
            version = store.data_version()
        except Exception:  # noqa: BLE001 - a busy or vanished file: try again at the next tick
            return
        if version != self._version:
            self.reload()

    def reload(self) -> None:
        store = self.room_app.store
        assert store is not None
        self._version = store.data_version()
        self.round = store.current_round()
        self.app.sub_title = self.round.vignette_title
        self.spreads = room_spread(self.room_app.question_set, store.answers(self.round.number))
        self.participants = store.participants(self.round.number)
        self.show_room()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.round is None:
            return True
        if action == "set_answering":
            return parameters[0] != self.round.answering_open  # the key does what the footer says
        if action == "reveal":
            return not self.round.revealed
        if action == "hide":
            return self.round.revealed
        return True

    def control(self, change: str, write: Callable[[WorkshopStore], object]) -> None:
        """Make one change to the room, then show it (this connection's own writes are not polled)."""
        store = self.room_app.store
        assert store is not None
        try:
            write(store)
        except WorkshopError as error:
            self.notify(f"{error}", title=f"Could not {change}", severity="warning", markup=False)
            return
        self.reload()

    def action_set_answering(self, answering_open: bool) -> None:
        # Reversible at once, so not asked: a trainer closing answering is often in a hurry.
        self.control("open answering" if answering_open else "close answering", lambda store: store.set_answering(answering_open))
        self.notify("Answering is open." if answering_open else "Answering is closed: participants are told you have paused it.")

    def action_reveal(self) -> None:
        def decided(sure: bool | None) -> None:
            if sure:
                self.control("reveal the spread", lambda store: store.set_revealed(True))

        self.app.push_screen(
            ConfirmDialog(
                "Show the room's answers to everyone?",
                "Each participant sees how the room answered each question, beside their own answers "
                f"(no notes; a question fewer than {ROOM_MINIMUM} have answered stays hidden). You can hide "
                "it again, but what was seen has been seen.",
                confirm="Reveal",
                cancel="Not yet",
            ),
            decided,
        )

    def action_hide(self) -> None:
        self.control("hide the spread", lambda store: store.set_revealed(False))

    def action_new_round(self) -> None:
        from reflect.paths import vignettes_dir
        from reflect.workshop.vignettes import VignetteError, all_vignettes

        assert self.round is not None
        current = self.round
        try:
            choices = [each for each in all_vignettes(vignettes_dir()) if each.id != current.vignette_id]
        except VignetteError as error:
            self.notify(str(error), title="Could not list the vignettes", severity="warning", markup=False)
            return

        def chosen(vignette: Vignette | None) -> None:
            if vignette is None:
                return

            def decided(sure: bool | None) -> None:
                if sure:
                    self.control(
                        "start a new round",
                        lambda store: store.start_round(vignette.id, vignette.title, vignette.setting, vignette.text),
                    )

            self.app.push_screen(
                ConfirmDialog(
                    f"Start round {current.number + 1} on {vignette.title!r}?",
                    "Every participant moves on to the new case and answers the ten questions again. "
                    f"Round {current.number}'s answers are kept as they are (reflect workshop export "
                    f"--round {current.number}); this cannot be undone.",
                    confirm="Start the round",
                    cancel="Not yet",
                ),
                decided,
            )

        self.app.push_screen(VignettePickerDialog(choices, current.number + 1), chosen)

    def action_join_code(self) -> None:
        store = self.room_app.store
        assert store is not None
        self.app.push_screen(JoinCodeScreen(store, self.room_app.db_path, self.room_app.poll_seconds))

    def on_resize(self) -> None:
        if self.spreads:
            self.show_room()

    def show_room(self) -> None:
        variables = self.app.theme_variables
        joined = len(self.participants)
        finished = sum(1 for participant in self.participants if participant.finished)
        status = Text(no_wrap=True, overflow="ellipsis")
        status.append(f"{joined} joined", style="bold")
        status.append(f" · {finished} finished   ")
        status.append_text(legend_text(variables))
        self.query_one("#room-status", Static).update(status)
        self.query_one("#room-control", Static).update(control_text(self.round))

        starters = discussion_starters(self.spreads)
        starter_numbers = {spread.number for spread in starters}
        if not joined:
            message = Content(
                f"Waiting for the room. j shows the join code; or participants join with: reflect workshop join --db {self.room_app.db_path}"
            )
        elif starters:
            message = Content.assemble(
                (f"{STARTER_MARK} Where the room differs most: ", "bold"),
                ", ".join(f"{spread.number} {spread.question.label}" for spread in starters),
            )
        elif any(spread.n >= 2 for spread in self.spreads):
            message = Content("So far the room agrees on every question that two or more have answered.")
        elif any(spread.n for spread in self.spreads):
            message = Content("Answers are arriving. Where the room differs shows once two have answered a question.")
        else:
            message = Content("Participants are reading the vignette; answers will appear here as they arrive.")
        self.query_one("#room-starters", Static).update(message)

        table = self.query_one(DataTable)
        row = table.cursor_row
        width = max(10, self.size.width - FIXED_COLUMNS_WIDTH)
        scale = max(joined, max((spread.n for spread in self.spreads), default=0))
        rows = []
        for spread in self.spreads:
            starter = spread.number in starter_numbers
            label = Text(spread.question.label, style="bold" if starter else "")
            rows.append(
                (
                    [
                        Text(STARTER_MARK if starter else " ", style="bold"),
                        Text(str(spread.number)),
                        label,
                        counts_text(spread.counts, variables),
                        spread_bar(spread.counts, scale, width, variables),
                        Text(str(spread.n)),
                    ],
                    str(spread.number),
                )
            )
        fill_table(
            table,
            [("", 1), ("#", 2), ("Practice", None), ("Answers", None), ("Spread", width), ("n", 3)],
            rows,
        )
        table.move_cursor(row=min(row, len(rows) - 1), animate=False)
        self.show_detail()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def watch_show_notes(self) -> None:
        self.show_detail()
        self.refresh_bindings()

    def action_toggle_notes(self) -> None:
        self.show_notes = not self.show_notes

    def action_vignette(self) -> None:
        self.app.push_screen(RoomVignetteScreen())

    def show_detail(self) -> None:
        if not self.spreads:
            return
        table = self.query_one(DataTable)
        spread = self.spreads[max(0, min(table.cursor_row, len(self.spreads) - 1))]
        question_set = self.room_app.question_set
        parts: list[str | tuple[str, str]] = [
            (f"{spread.number}. {spread.question.full_text(question_set.stem)}\n", "bold"),
            " · ".join(f"{response.symbol} {response.word} {spread.counts[response]}" for response in RESPONSE_ORDER),
            f" · n {spread.n}\n",
        ]
        if spread.n >= 2:
            top = max(RESPONSE_ORDER, key=lambda response: spread.counts[response])
            share = spread.counts[top]
            if share == spread.n:
                parts.append(f"Everyone who answered said {top.word}.\n")
            else:
                parts.append(f"Most common: {top.word}, {share} of {spread.n}; disagreement {spread.disagreement:.2f}.\n")
        count = len(spread.notes)
        if not count:
            parts.append(("No notes on this practice yet.", "dim"))
        elif not self.show_notes:
            parts.append((f"{count} {'note' if count == 1 else 'notes'} on this practice: press n to show notes.", "dim"))
        else:
            for note in spread.notes:
                answer = f"{note.response.symbol} {note.response.word}" if note.response else "no answer"
                parts.append((f"\n{note.participant} ({answer}): ", "bold"))
                parts.append(note.text)
        self.query_one("#room-detail-text", Static).update(Content.assemble(*parts))


class RoomApp(App[None]):
    """The trainer's view of one workshop."""

    TITLE = "reflect workshop"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, show=False)]

    def __init__(self, db_path: Path, *, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.db_path = db_path
        self.poll_seconds = poll_seconds
        self.store: WorkshopStore | None = None
        self.failure: str | None = None

    @cached_property
    def question_set(self) -> QuestionSet:
        from reflect.questions import default_question_set

        return default_question_set()

    def on_mount(self) -> None:
        try:
            self.store = WorkshopStore.open(self.db_path)
        except WorkshopError as error:
            self.failure = str(error)
            self.exit(return_code=1)
            return
        self.sub_title = self.store.info.vignette_title
        self.push_screen(RoomScreen())

    async def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
