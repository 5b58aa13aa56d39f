"""Browsing and searching what was written: question notes and What / So what / Now what."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Select, Static

from reflect.display import visible
from reflect.model import Note, Selection
from reflect.questions import QuestionSet
from reflect.tui.app_access import UsesReflectApp
from reflect.tui.tables import fill_table

TEXT_SOURCES = {
    "what_happened": "What happened?",
    "so_what": "So what?",
    "now_what": "Now what?",
    "commitment": "Commitment",
}
MOST_NOTES = 300
NOTE_PREVIEW = 200
SEARCH_DELAY = 0.2
NOTE_COLUMNS = [("When", 17), ("About", 16), ("Note", None)]


def source_label(source: str, question_set: QuestionSet) -> str:
    question = question_set.by_key(source)
    return question.label if question is not None else TEXT_SOURCES.get(source, source)


def one_line(text: str, width: int = NOTE_PREVIEW) -> str:
    """A note on one line, cut short with an ellipsis when longer than `width` (opening it shows it whole)."""
    flat = " ".join(visible(text).split())
    return flat if cell_len(flat) <= width else set_cell_size(flat, width - 1) + "…"


class NotesPane(UsesReflectApp, Vertical):
    """The notes of the selection the Patterns screen shows; Enter opens a note's reflection."""

    DEFAULT_CSS = """
    NotesPane { height: 1fr; }
    NotesPane #notes-controls { height: 1; margin-bottom: 1; }
    NotesPane #notes-search { width: 1fr; margin-right: 2; }
    NotesPane #notes-source { width: 26; }
    NotesPane #notes-table { height: 1fr; }
    NotesPane #notes-status { height: 1; color: $text-muted; }
    """

    class Open(Message):
        """Open the reflection a note belongs to."""

        def __init__(self, uuid: str) -> None:
            super().__init__()
            self.uuid = uuid

    def __init__(self, question_set: QuestionSet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question_set = question_set
        self.selection: Selection | None = None
        self._search_timer: Timer | None = None
        self._wanted: tuple[Selection, str | None, tuple[str, ...]] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="notes-controls"):
            yield Input(placeholder="/ search your notes", id="notes-search", compact=True)
            options = [(question.label, question.key) for question in self.question_set.questions]
            options += [(label, key) for key, label in TEXT_SOURCES.items()]
            yield Select(options, prompt="All notes", id="notes-source", compact=True)
        yield DataTable(id="notes-table", cursor_type="row")
        yield Static(id="notes-status")

    def on_mount(self) -> None:
        fill_table(self.query_one("#notes-table", DataTable), NOTE_COLUMNS, [])

    def show_selection(self, selection: Selection) -> None:
        """The period and filters changed (or the pane was first shown): find the notes again."""
        self.selection = selection
        self.search()

    def search(self) -> None:
        if self.selection is None:
            return
        source = self.query_one("#notes-source", Select).value
        words = tuple(self.query_one("#notes-search", Input).value.split())
        self._wanted = (self.selection, source if isinstance(source, str) else None, words)
        self.query_one("#notes-status", Static).update("Finding your notes…")
        self._find(self._wanted)

    @work(thread=True, exclusive=True, group="notes")
    def _find(self, wanted: tuple[Selection, str | None, tuple[str, ...]]) -> None:
        from reflect.store import StoreError

        selection, source, words = wanted
        try:
            notes = self.opened_store.notes(selection, source=source, words=words, limit=MOST_NOTES + 1)
        except StoreError as error:
            self.app.call_from_thread(
                self.app.notify, str(error), title="Could not search your notes", severity="warning", markup=False
            )
            return
        self.app.call_from_thread(self._found, wanted, notes)

    def _found(self, wanted: tuple[Selection, str | None, tuple[str, ...]], notes: list[Note]) -> None:
        if wanted != self._wanted:
            return  # a newer search is on its way
        shown = notes[:MOST_NOTES]
        # The note column takes the room the table has left, so a note never runs off the screen.
        room = (self.size.width or self.app.size.width) - sum((width or 0) + 2 for _, width in NOTE_COLUMNS[:-1]) - 4
        rows = [
            (
                (
                    f"{note.occurred_at:%d %b %Y %H:%M}",
                    Text(source_label(note.source, self.question_set)),
                    Text(("⚑ " if note.flagged else "") + one_line(note.text, max(20, room))),
                ),
                f"{index}:{note.reflection_uuid}",
            )
            for index, note in enumerate(shown)
        ]
        fill_table(self.query_one("#notes-table", DataTable), NOTE_COLUMNS, rows)
        _, source, words = wanted
        status = self.query_one("#notes-status", Static)
        if not notes:
            narrowed = "these words" if words else ("this question" if source else "this period")
            status.update(f"No notes for {narrowed}. Notes are what you write on a question or at the end of a reflection.")
        elif len(notes) > MOST_NOTES:
            status.update(f"The latest {MOST_NOTES} notes: search for a word to find older ones. Enter opens one.")
        else:
            status.update(f"{len(notes)} note{'s' if len(notes) != 1 else ''}. Enter opens the reflection it belongs to.")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # Search after a pause in typing, not at every key.
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self.search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#notes-table", DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.selection is not None:
            self.search()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.Open(event.row_key.value.partition(":")[2]))

    def focus_search(self) -> None:
        self.query_one("#notes-search", Input).focus()
