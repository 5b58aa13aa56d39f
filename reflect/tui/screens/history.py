"""History: every reflection in a table, filterable; Enter opens one.

The table holds a window of pages read from the store (keyset pages, see
reflect.store.reflections.reflection_page), never every reflection: it opens with the latest
page (read as the screen is made), grows a page at a time as the cursor or the view nears its
end (or with m), and Home and End go straight to the latest or the oldest page, however many
reflections lie between. A filter is a query in the store too (reflect.store.history_search),
paged the same way. The count comes after the first rows, from its own worker. Every read is in
a thread worker, so scrolling never waits on the store.
"""

from __future__ import annotations

from concurrent.futures import Future, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from reflect.display import visible
from reflect.model import Reflection
from reflect.service import FLAG_SYMBOL, is_flagged, reflections_phrase
from reflect.tui.app_access import UsesReflectApp
from reflect.tui.cursors import settle_cursors
from reflect.tui.messages import StoreReady
from reflect.tui.render import answers_glance, legend
from reflect.tui.tables import fill_table
from reflect.tui.widgets.footer import Footer
from reflect.tui.widgets.header import Header
from reflect.tui.widgets.text_field import TextField

if TYPE_CHECKING:
    from reflect.store import Store

HISTORY_WHEN = "%d %b %Y %H:%M"


HISTORY_COLUMNS = [("When", 17), ("Kind", 20), ("Person", 8), ("Answers", 10), ("Tags", None)]
"""Fixed widths but for the tags, so the columns never jump about as rows arrive. The tags start
with ⚑ for a reflection flagged for supervision (or with a flagged note)."""
PAGE_SIZE = 300
"""Reflections read from the store, and added to the table, at a time."""
FIRST_PAGE = 50
"""At most this many for the first rows shown (on opening, Home, End, a new filter): two screens'
worth at 24 lines, more than a 50-line terminal shows, read and drawn quickly; the next pages
follow as the cursor nears them. The read runs in a thread while the new screen is styled and
painted, and shares the interpreter with that work: half the rows halves its share."""
FIRST_PAINT_WAIT = 0.05
"""At most this long (seconds) the screen waits, before its first paint, for the first page read as it was made."""
LOOKAHEAD = 40
"""How near the end of the rows loaded the cursor comes before the next page is read."""
SCROLL_AHEAD = 10
"""How many lines from the edge of the rows loaded the view (moved by the wheel or the
scrollbar, which leave the cursor where it is) comes before the next page is read."""
FILTER_DELAY = 0.15

Cursor = Literal["kept", "first", "last"]
"""Where the cursor goes when the rows are read again: on the reflection it was on, or the first or last row."""
Edge = Literal["first", "last", "after", "before"]
"""Where the history table asks the screen for rows: the latest page, the oldest, the page
after the rows it holds (older), or before them (newer)."""


class HistoryTable(DataTable[Any]):
    """The history's table: Home and End go to the latest and the oldest reflection (not the
    first and last rows loaded), and a key that would go past the rows loaded, or the view
    scrolled near their edge, asks for more."""

    BINDINGS = [
        Binding("home,ctrl+home", "edge('first')", "Latest", show=False),
        Binding("end,ctrl+end", "edge('last')", "Oldest", show=False),
    ]

    class Wanted(Message):
        """The person went to `edge`; `then` is the key to repeat once rows are there."""

        def __init__(self, edge: Edge, then: str | None = None) -> None:
            super().__init__()
            self.edge: Edge = edge
            self.then = then

    def action_edge(self, edge: Edge) -> None:
        self.post_message(self.Wanted(edge))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # The wheel and the scrollbar move the view, not the cursor: nearing the edge of the
        # rows loaded, in the direction it moves, asks for the next page all the same.
        if not self.row_count or round(old_value) == round(new_value):
            return
        if new_value > old_value and new_value >= self.max_scroll_y - SCROLL_AHEAD:
            self.post_message(self.Wanted("after"))
        elif new_value < old_value and new_value <= SCROLL_AHEAD:
            self.post_message(self.Wanted("before"))

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.Wanted("after", then="cursor_down"))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.row_count and self.cursor_row == 0:
            self.post_message(self.Wanted("before", then="cursor_up"))
            return
        super().action_cursor_up()

    def action_page_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.Wanted("after", then="page_down"))
            return
        super().action_page_down()

    def action_page_up(self) -> None:
        if self.row_count and self.cursor_row == 0:
            self.post_message(self.Wanted("before", then="page_up"))
            return
        super().action_page_up()


class HistoryScreen(UsesReflectApp, Screen[None]):
    # Its styles are the screen's default CSS, read from history.tcss, rather than a CSS_PATH:
    # Textual takes in a screen's CSS_PATH as it is first pushed by parsing every stylesheet
    # the app holds again and restyling every widget on every screen (~50 ms of the 150 ms
    # History has to show its first rows), where default CSS is parsed on its own, once.
    DEFAULT_CSS = Path(__file__).with_name("history.tcss").read_text(encoding="utf-8")
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
        """The rows in the table, in its order (the latest first)."""
        self.from_oldest = False
        """Whether the rows loaded run up from the oldest reflection (after End) rather than down from the latest."""
        self.total: int | None = None
        """How many reflections there are (counted in the store, not loaded); None until counted."""
        self.filtering = False
        """Whether the rows loaded are a filter's matches."""
        self.matching: int | None = None
        """With a filter: how many reflections it matches (None until counted)."""
        self.row_limit = min(PAGE_SIZE, FIRST_PAGE)
        """How many rows to read (at least) when the rows are read again."""
        self._generation = 0
        """Counts the reloads, so that a page read for rows since replaced is dropped."""
        self._fetching = False
        self._filter_timer: Timer | None = None
        self._all_read = False
        """Whether the last read came short: no more reflections beyond the rows loaded (before the count is known)."""
        self._words_loaded: list[str] = []
        self._resumed = False
        self._count_id = 0
        """Counts the counts asked for, so that one since superseded is dropped (but not one a move to the other end followed)."""
        self._count_pending = False
        """Whether a count is to start once the rows being read are shown."""
        self._count_in_flight = False
        self._read_ahead: Future[list[Reflection]] | None = self._start_reading_ahead()

    def _start_reading_ahead(self) -> Future[list[Reflection]] | None:
        """Read the latest page as the screen is made, before it is styled and painted, so that
        its first paint can have the rows (the count comes after, in a worker of its own)."""
        store = self.reflect_app.store
        if store is None:
            return None
        ahead: Future[list[Reflection]] = Future()

        def read() -> None:
            try:
                ahead.set_result(store.reflection_page(limit=FIRST_PAGE, newest_first=True))
            except BaseException as error:  # handed to whoever takes the result
                ahead.set_exception(error)

        self.app.run_worker(read, thread=True, group="history-ahead")
        return ahead

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield TextField(placeholder="/ to filter: a kind, person code or tag, a month, or any word in your notes", id="filter", compact=True)
        yield HistoryTable(id="history", cursor_type="row")
        yield Static(id="history-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "History"
        table = self.query_one("#history", DataTable)
        fill_table(table, HISTORY_COLUMNS, [])
        table.focus()
        settle_cursors(self)
        self.load()

    def on_store_ready(self, _event: StoreReady) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        # After an edit or a deletion in a reflection opened from here (the first showing was loaded on mount).
        if self._resumed:
            self.load()
        self._resumed = True

    def _words(self) -> list[str]:
        return self.query_one("#filter", Input).value.lower().split()

    def load(self, *, cursor: Cursor = "kept", recount: bool = True) -> None:
        """Read the rows again (as many as are shown, from the same end), the cursor where `cursor` says;
        and count them again, unless not `recount` (going to the other end changes no count)."""
        if self.reflect_app.store is None:
            self.query_one("#history-status", Static).update("Opening your reflections…")
            return
        self._generation += 1
        self._fetching = False
        words = self._words()
        if words != self._words_loaded:
            self.matching = None  # until the new filter's matches are counted
        self._words_loaded = words
        self.filtering = bool(words)
        wanted = max(len(self.reflections), self.row_limit)
        ahead, self._read_ahead = self._read_ahead, None
        if ahead is not None and (words or self.from_oldest or wanted != FIRST_PAGE):
            ahead = None  # read for a first showing this is no longer
        if recount or ((self.matching if self.filtering else self.total) is None and not self._count_in_flight):
            self._count_id += 1
            self._count_pending = True
        if ahead is not None and not ahead.done():
            # Not painted yet: waiting a moment for the page (most of which the read then has the
            # interpreter to itself for) costs less than painting the screen empty and again.
            wait([ahead], timeout=FIRST_PAINT_WAIT)
        if ahead is not None and ahead.done() and ahead.exception() is None:
            # Read while the screen was made: shown in its first paint, without a worker's round trip.
            self._loaded(self._generation, ahead.result(), FIRST_PAGE, cursor)
            return
        self._load_in_background(words, wanted, self.from_oldest, self._generation, cursor, ahead)

    @work(thread=True, exclusive=True, group="history")
    def _load_in_background(
        self, words: list[str], wanted: int, from_oldest: bool, generation: int, cursor: Cursor, ahead: Future[list[Reflection]] | None
    ) -> None:
        from reflect.store import StoreError

        if not self.reflections:
            self.app.call_from_thread(self._show_loading, generation)
        store = self.opened_store
        try:
            if ahead is not None:
                found = ahead.result()
            else:
                found = self._read(store, words, None, wanted, from_oldest)
                if from_oldest:
                    found.reverse()
        except StoreError as error:
            self.app.call_from_thread(self.app.notify, str(error), title="Could not read your reflections", severity="warning", markup=False)
            return
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._loaded, generation, found, wanted, cursor)

    @work(thread=True, exclusive=True, group="history-count")
    def _count_in_background(self, words: list[str], count_id: int) -> None:
        """How many reflections there are (and, with a filter, how many it matches), counted in
        the store without reading them, shown when it comes: the first rows never wait for it."""
        from reflect.store import StoreError

        try:
            total = self.opened_store.reflection_count()
            worker = get_current_worker()
            # A newer filter cancels this worker: the count (seconds for a word in the notes of a
            # million reflections) then stops too, rather than run on beside the new one.
            matching = self.opened_store.history_count(words, should_stop=lambda: worker.is_cancelled) if words else None
        except StoreError:
            # The rows' own read says what went wrong; a later reload counts again.
            self.app.call_from_thread(setattr, self, "_count_in_flight", False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._counted, count_id, total, matching)

    def _show_loading(self, generation: int) -> None:
        if generation == self._generation and not self.reflections:
            self.query_one("#history-status", Static).update("Loading your reflections…")

    def _counted(self, count_id: int, total: int, matching: int | None) -> None:
        if count_id != self._count_id:
            return
        self._count_in_flight = False
        self.total, self.matching = total, matching
        self.show_status()

    @staticmethod
    def _read(store: Store, words: list[str], beyond: Any, limit: int, from_oldest: bool) -> list[Reflection]:
        """A page of the reflections (those the filter's `words` match), in a worker: one seek in an index."""
        if words:
            # A newer filter or reload cancels the worker: a long look through every note stops then too.
            worker = get_current_worker()
            return store.history_page(words, beyond=beyond, limit=limit, newest_first=not from_oldest, should_stop=lambda: worker.is_cancelled)
        return store.reflection_page(beyond=beyond, limit=limit, newest_first=not from_oldest)

    def _loaded(self, generation: int, found: list[Reflection], wanted: int, cursor: Cursor) -> None:
        if generation != self._generation:
            return
        selected = self._selected_uuid() if cursor == "kept" else None
        self.reflections = found
        self._all_read = len(found) < wanted
        if self._count_pending:
            # Only once the rows are painted, so that counting (tens of ms at a million) never
            # competes with their first paint.
            self._count_pending, self._count_in_flight = False, True
            self.call_after_refresh(self._count_in_background, self._words_loaded, self._count_id)
        table = self.query_one("#history", DataTable)
        fill_table(table, HISTORY_COLUMNS, [self._row(reflection) for reflection in found])
        uuids = [reflection.uuid for reflection in found]
        if selected is not None and selected in uuids:
            table.move_cursor(row=uuids.index(selected))
        elif cursor == "last" and found:
            table.move_cursor(row=len(found) - 1)
        self.show_status()

    def _row(self, reflection: Reflection) -> tuple[tuple[Text | str, ...], str]:
        colours = self.app.theme_variables
        return (
            (
                f"{reflection.occurred_at:{HISTORY_WHEN}}",
                Text(visible(reflection.kind_label) or "–"),
                Text(visible(reflection.person_code or "")),
                answers_glance(reflection, self.reflect_app.question_set, colours),
                Text((f"{FLAG_SYMBOL} " if is_flagged(reflection) else "") + visible(", ".join(reflection.tags))),
            ),
            reflection.uuid,
        )

    def _more_exist(self) -> bool:
        known = self.matching if self.filtering else self.total
        if known is None:
            return not self._all_read
        return len(self.reflections) < known

    def show_status(self) -> None:
        shown = len(self.reflections)
        status = self.query_one("#history-status", Static)
        if not shown and self._all_read and not self.filtering:
            status.update("No reflections yet. Press n to start your first one.")
        elif not shown and self._all_read:
            status.update("No reflections match the filter. Press / and change it, or clear it to see them all.")
        elif not shown:
            status.update("Loading your reflections…")
        else:
            # The count comes from its own worker, after the first rows: until then, none is shown.
            of = "" if self.total is None else f" of {self.total:,}"
            if self.filtering:
                of = "" if self.matching is None else f" of {self.matching:,}"
                if self._more_exist():
                    count = f"Oldest {shown}{of}, m for more, Home for the latest" if self.from_oldest else f"Latest {shown}{of}, m for more"
                elif self.total is not None:
                    count = f"{shown} of {reflections_phrase(self.total)}"
                else:
                    count = f"{shown} found"
            elif self._more_exist():
                count = f"Oldest {shown}{of}, m for more, Home for the latest" if self.from_oldest else f"Latest {shown}{of}, m for more"
            else:
                count = reflections_phrase(shown if self.total is None else self.total)
            colours = self.app.theme_variables
            flags = f"   {FLAG_SYMBOL} for supervision" if any(is_flagged(r) for r in self.reflections) else ""
            status.update(Text.assemble(count, "   ", legend(colours), flags))
        self.refresh_bindings()

    # Moving through the reflections ------------------------------------------------------------

    def on_history_table_wanted(self, event: HistoryTable.Wanted) -> None:
        table = self.query_one("#history", DataTable)
        if event.edge in ("first", "last"):
            to_oldest = event.edge == "last"
            if not self._more_exist() or to_oldest == self.from_oldest:
                # That end is among the rows loaded.
                table.move_cursor(row=table.row_count - 1 if to_oldest else 0)
                return
            # Straight to a page at the other end: one seek in the store, whatever lies between.
            self.from_oldest = to_oldest
            self.row_limit = min(PAGE_SIZE, FIRST_PAGE)
            self.reflections = []
            self.load(cursor=event.edge, recount=False)
            return
        # "after" goes towards the oldest, "before" towards the latest: only where rows are missing.
        if event.edge == ("before" if self.from_oldest else "after") and self._more_exist():
            self._fetch(event.then)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Read the next page before the cursor gets there, so that scrolling never waits.
        table = self.query_one("#history", DataTable)
        if not self._more_exist():
            return
        if event.cursor_row != table.cursor_row:
            return  # posted as the table was filled, before the cursor was put where it belongs
        ahead = min(LOOKAHEAD, PAGE_SIZE // 4)  # within the last quarter of a page, at most
        near = event.cursor_row < ahead if self.from_oldest else event.cursor_row >= table.row_count - ahead
        if near:
            self._fetch(None)

    def _fetch(self, then: str | None) -> None:
        if self._fetching or not self.reflections:
            return
        from reflect.store.reflections import place_of

        self._fetching = True
        edge = self.reflections[0] if self.from_oldest else self.reflections[-1]
        self._fetch_in_background(self._words_loaded, place_of(edge), self.from_oldest, self._generation, then)

    @work(thread=True, group="history-page")
    def _fetch_in_background(self, words: list[str], beyond: Any, from_oldest: bool, generation: int, then: str | None) -> None:
        from reflect.store import StoreError

        try:
            page = self._read(self.opened_store, words, beyond, PAGE_SIZE, from_oldest)
        except StoreError as error:
            self.app.call_from_thread(self.app.notify, str(error), title="Could not read your reflections", severity="warning", markup=False)
            self.app.call_from_thread(setattr, self, "_fetching", False)
            return
        self.app.call_from_thread(self._fetched, generation, page, then)

    def _fetched(self, generation: int, page: list[Reflection], then: str | None) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        table = self.query_one("#history", HistoryTable)
        if len(page) < PAGE_SIZE:
            self._all_read = True
        if self.from_oldest:
            # Newer ones go above: the table is filled again, the cursor kept on its reflection.
            page.reverse()
            row = table.cursor_row + len(page)
            self.reflections = page + self.reflections
            fill_table(table, HISTORY_COLUMNS, [self._row(reflection) for reflection in self.reflections])
            table.move_cursor(row=row)
            self.row_limit = len(self.reflections)
        else:
            self.reflections = self.reflections + page
            self.row_limit = len(self.reflections)
            for cells, key in (self._row(reflection) for reflection in page):
                table.add_row(*cells, key=key)
        self.show_status()
        if then is not None and page:
            getattr(table, f"action_{then}")()

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
        self.row_limit = min(PAGE_SIZE, FIRST_PAGE)
        self.from_oldest = False
        self.reflections = []
        self._filter_timer = self.set_timer(FILTER_DELAY, self.load)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_more":
            return self._more_exist()
        return True

    def action_show_more(self) -> None:
        self._fetch(None)

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
