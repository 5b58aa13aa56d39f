"""History: every reflection in a table, filterable; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static

from reflect.display import visible
from reflect.model import Reflection
from reflect.service import FLAG_SYMBOL, is_flagged, reflections_phrase
from reflect.tui.app_access import UsesReflectApp
from reflect.tui.cursors import settle_cursors
from reflect.tui.messages import StoreReady
from reflect.tui.render import answers_glance, legend
from reflect.tui.tables import fill_table
from reflect.tui.widgets.footer import Footer
from reflect.tui.widgets.text_field import TextField

HISTORY_WHEN = "%d %b %Y %H:%M"


HISTORY_COLUMNS = [("When", 17), ("Kind", 20), ("Person", 8), ("Answers", 10), ("Tags", None)]
"""Fixed widths but for the tags, so the columns never jump about as rows arrive. The tags start
with ⚑ for a reflection flagged for supervision (or with a flagged note)."""
PAGE_SIZE = 200
"""Rows added to the table at a time: a table of 20,000 rows takes seconds to fill."""
FILTER_DELAY = 0.15


def searchable_text(reflection: Reflection) -> str:
    """Everything the filter looks in (date, kind, person, tags, texts and notes), lower-cased."""
    return " ".join(
        [
            f"{reflection.occurred_at:{HISTORY_WHEN} %Y-%m-%d %B %A}",
            reflection.kind_label,
            reflection.person_code or "",
            " ".join(reflection.tags),
            reflection.what_happened,
            reflection.so_what,
            reflection.now_what,
            reflection.commitment,
            " ".join(answer.note for answer in reflection.answers.values()),
            "flagged supervision" if is_flagged(reflection) else "",
        ]
    ).lower()


class HistoryScreen(UsesReflectApp, Screen[None]):
    CSS_PATH = "reading.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("slash", "focus_filter", "Filter", key_display="/", id="filter"),
        Binding("n", "app.new_reflection", "New reflection", id="new"),
        Binding("d", "delete", "Delete", id="delete"),
        Binding("m", "show_more", "Show more", id="more"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.reflections: list[Reflection] = []
        self.haystacks: list[str] = []
        self.row_limit = PAGE_SIZE
        self._filter_timer: Timer | None = None
        self._matching_count = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield TextField(placeholder="/ to filter: kind, person code, tag, month or any word in your notes", id="filter", compact=True)
        yield DataTable(id="history", cursor_type="row")
        yield Static(id="history-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "History"
        table = self.query_one("#history", DataTable)
        fill_table(table, HISTORY_COLUMNS, [])
        table.focus()
        settle_cursors(self)

    def on_store_ready(self, _event: StoreReady) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        # Also on first showing; and after an edit or a deletion in a reflection opened from here.
        self.load()

    def load(self) -> None:
        if self.reflect_app.store is None:
            self.query_one("#history-status", Static).update("Opening your reflections…")
            return
        self._load_in_background()

    @work(thread=True, exclusive=True, group="history")
    def _load_in_background(self) -> None:
        from reflect.store import StoreError

        if not self.reflections:
            self.app.call_from_thread(self.query_one("#history-status", Static).update, "Loading your reflections…")
        try:
            reflections = self.opened_store.list_reflections()
        except StoreError as error:
            self.app.call_from_thread(
                self.app.notify, str(error), title="Could not read your reflections", severity="warning", markup=False
            )
            return
        haystacks = [searchable_text(reflection) for reflection in reflections]
        self.app.call_from_thread(self._loaded, reflections, haystacks)

    def _loaded(self, reflections: list[Reflection], haystacks: list[str]) -> None:
        self.reflections = reflections
        self.haystacks = haystacks
        self.show()

    def show(self) -> None:
        words = self.query_one("#filter", Input).value.lower().split()
        if words:
            matching = [
                reflection
                for reflection, haystack in zip(self.reflections, self.haystacks)
                if all(word in haystack for word in words)
            ]
        else:
            matching = self.reflections
        shown = matching[: self.row_limit]
        self._matching_count = len(matching)
        table = self.query_one("#history", DataTable)
        selected = self._selected_uuid()
        colours = self.app.theme_variables
        question_set = self.reflect_app.question_set
        rows = [
            (
                (
                    f"{reflection.occurred_at:{HISTORY_WHEN}}",
                    Text(visible(reflection.kind_label) or "–"),
                    Text(visible(reflection.person_code or "")),
                    answers_glance(reflection, question_set, colours),
                    Text((f"{FLAG_SYMBOL} " if is_flagged(reflection) else "") + visible(", ".join(reflection.tags))),
                ),
                reflection.uuid,
            )
            for reflection in shown
        ]
        fill_table(table, HISTORY_COLUMNS, rows)
        if selected is not None and selected in {r.uuid for r in shown}:
            table.move_cursor(row=table.get_row_index(selected))
        status = self.query_one("#history-status", Static)
        if not self.reflections:
            status.update("No reflections yet. Press n to start your first one.")
        elif not shown:
            status.update("No reflections match the filter. Press / and change it, or clear it to see them all.")
        else:
            if len(shown) < len(matching):
                count = f"Latest {len(shown)} of {len(matching)}, m for more"
            elif words:
                count = f"{len(matching)} of {reflections_phrase(len(self.reflections))}"
            else:
                count = reflections_phrase(len(matching))
            flags = f"   {FLAG_SYMBOL} for supervision" if any(is_flagged(r) for r in shown) else ""
            status.update(Text.assemble(count, "   ", legend(colours), flags))
        self.refresh_bindings()

    def _selected_uuid(self) -> str | None:
        table = self.query_one("#history", DataTable)
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None

    def on_input_changed(self, event: Input.Changed) -> None:
        # Wait for a pause in typing, so a long list is filtered once, not at every key.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self.row_limit = PAGE_SIZE
        self._filter_timer = self.set_timer(FILTER_DELAY, self.show)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_more":
            return self.query_one("#history", DataTable).row_count < self._matching_count
        return True

    def action_show_more(self) -> None:
        self.row_limit += PAGE_SIZE
        self.show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#history", DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus:
            self.query_one("#history", DataTable).focus()
            return
        self.dismiss(None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from reflect.tui.screens.detail import DetailScreen

        if event.row_key.value:
            self.app.push_screen(DetailScreen(event.row_key.value))

    def action_delete(self) -> None:
        uuid = self._selected_uuid()
        reflection = next((r for r in self.reflections if r.uuid == uuid), None)
        if reflection is None:
            return
        from reflect.tui.dialogs import confirm_delete

        def deleted() -> None:
            self.reflect_app.refresh_home()
            self.load()

        confirm_delete(self.reflect_app, reflection, then=deleted)
