"""The trainer's live view of a workshop: the room's answers per question, as they arrive.

Bars carry their numbers and a different fill for each answer, so nothing rests on
colour; "No" is muted, never red. Notes stay hidden until the trainer presses n: a
room's notes are read out on purpose, not glimpsed on a projector.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import cast

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from reflect.model import RESPONSE_ORDER, Response
from reflect.questions import QuestionSet
from reflect.tui.render import response_style
from reflect.tui.tables import fill_table
from reflect.tui.widgets.footer import Footer
from reflect.tui.workshop.participant import vignette_widgets
from reflect.workshop.room import QuestionSpread, discussion_starters, room_spread
from reflect.workshop.store import Participant, WorkshopError, WorkshopStore

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
            yield from vignette_widgets(store.info)
        yield Footer()


class RoomScreen(Screen[None]):
    CSS_PATH = "workshop.tcss"
    BINDINGS = [
        Binding("n", "toggle_notes", "Notes", id="notes"),
        Binding("v", "vignette", "Vignette", id="vignette"),
        Binding("q", "app.quit", "Quit", id="quit_room"),
    ]

    show_notes: reactive[bool] = reactive(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.spreads: list[QuestionSpread] = []
        self.participants: list[Participant] = []
        self._version: int | None = None

    @property
    def room_app(self) -> RoomApp:
        return cast("RoomApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="room-status")
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
        self.spreads = room_spread(self.room_app.question_set, store.answers())
        self.participants = store.participants()
        self.show_room()

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

        starters = discussion_starters(self.spreads)
        starter_numbers = {spread.number for spread in starters}
        if not joined:
            message = Content(f"Waiting for the room. Participants join with: reflect workshop join --db {self.room_app.db_path}")
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
