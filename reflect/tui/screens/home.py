"""Home: start a reflection, the last commitment, this week at a glance, recent reflections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reflect.server_url import ServerURL
from reflect.tui.app_access import UsesReflectApp
from reflect.tui.messages import StoreReady
from reflect.tui.widgets.footer import Footer
from reflect.tui.widgets.header import Header

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.widgets import DataTable

    from reflect.model import Reflection
    from reflect.server_url import Location

# What shows the data (reflect.service, the question set, the table helpers) is imported with the
# data, once the store has opened: the first paint needs only the widgets above.

RECENT_COUNT = 6
RECENT_COLUMNS = [("When", None), ("Kind", None), ("Person", None), ("Answers", None)]



def welcome(where: Location) -> Content:
    """The first run's welcome, saying truly where what is written is kept: a file here, or a server."""
    if isinstance(where, ServerURL):
        server = f" at {where.host}" if where.host and not where.host.startswith("/") else ""
        kept = f"Everything you write is kept on your organisation's PostgreSQL server{server}, not on this computer."
    else:
        kept = "Everything you write stays on this computer."
    return Content.assemble(
        ("Welcome to reflect.\n\n", "bold"),
        "After each interaction with someone you support, take a minute to ask yourself ten "
        '"Did I..." questions: was my practice supporting their recovery?\n',
        "Over the weeks you will see the practices that come naturally to you, and the ones worth exploring.\n",
        kept,
    )


DEMO_BANNER = Content.assemble(
    ("Demo data: ", "bold"),
    "a fictional practitioner's reflections, made up to try reflect. Nobody in it is real; "
    "it is removed when you quit.",
)


class HomeScreen(UsesReflectApp, Screen[None]):
    BINDINGS = [
        # A priority binding acts as the key arrives, so the keys typed straight after it
        # are held for the reflection it opens (see ReflectApp.hold_keys), not left here.
        Binding("n", "app.new_reflection", "New reflection", id="new", priority=True),
        Binding("h", "app.history", "History", id="history"),
        Binding("t", "app.patterns", "Patterns", id="patterns"),
        Binding("r", "resume_draft", "Resume draft", id="resume"),
        Binding("q", "app.quit", "Quit", id="quit_home"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume_draft":
            draft_line = self.query("#draft-line")
            return bool(draft_line) and draft_line.first().display
        return True

    def action_resume_draft(self) -> None:
        self.reflect_app.action_resume_draft()

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="home-body"):
            if getattr(self.app, "demo", False):
                yield Static(DEMO_BANNER, id="demo-banner")
            yield Static("Opening your reflections…", id="week-line")
            # The welcome, the waiting draft, the commitment and the recent reflections are mounted
            # with the first data (see _mount_the_data_parts), off the path to the first paint.
            yield Static("Press n to start a new reflection.", id="start-hint")
        yield Footer()

    def _mount_the_data_parts(self) -> None:
        """The parts only data fills, hidden until it shows them, around the lines composed first."""
        if self.query("#welcome"):
            return

        def hidden(widget: Widget) -> Widget:
            widget.display = False
            return widget

        body = self.query_one("#home-body", VerticalScroll)
        body.mount(hidden(Static(welcome(self.reflect_app.db_path), id="welcome")), before="#week-line")
        parts = [Static(id="draft-line"), Static(id="commitment"), Vertical(id="recent-box")]
        body.mount_all([hidden(part) for part in parts], before="#start-hint")

    def on_store_ready(self, _event: StoreReady) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Also on first showing, when the store may still be opening (StoreReady follows).
        self.reload()

    def reload(self) -> None:
        from reflect.store import StoreError

        if self.reflect_app.store is None:
            return
        try:
            self._show_data()
        except StoreError as error:
            self.app.notify(str(error), title="Could not read your reflections", severity="warning", markup=False)

    def _show_data(self) -> None:
        from reflect.display import visible
        from reflect.service import reflections_phrase
        from reflect.tui.render import friendly_when, start_of_week

        self._mount_the_data_parts()
        store = self.opened_store
        now = self.reflect_app.clock()
        question_set = self.reflect_app.question_set
        recent = store.list_reflections(limit=RECENT_COUNT)
        first_run = not recent
        self.query_one("#welcome").display = first_run
        self.query_one("#recent-box").display = not first_run
        self.query_one("#start-hint", Static).update(
            "Press n to begin your first reflection."
            if first_run
            else "Press n to start a new reflection, h for your history, t for your patterns."
        )

        week = store.week_summary(start_of_week(now))
        if week.reflections == 0:
            line = ""
        else:
            line = f"This week: {reflections_phrase(week.reflections)}"
            strongest = week.strongest(question_set.keys)
            question = question_set.by_key(strongest[0]) if strongest else None
            if strongest and question is not None:
                line += f" · most often practised: {question.label} (Yes in {strongest[1]} of {week.reflections})"
        week_line = self.query_one("#week-line", Static)
        week_line.update(Content(line))
        week_line.display = bool(line)

        commitment = store.latest_commitment()
        box = self.query_one("#commitment", Static)
        box.display = commitment is not None
        if commitment is not None:
            box.update(
                Content.assemble(
                    ("Your commitment from last time", "bold"),
                    f" ({friendly_when(commitment.occurred_at, now)})\n",
                    visible(commitment.commitment.strip()),
                )
            )
        self._fill_table(recent)
        self._show_drafts()
        self.refresh_bindings()

    def _show_drafts(self) -> None:
        from reflect.tui.render import friendly_when

        waiting = self.reflect_app.waiting_drafts()
        line = self.query_one("#draft-line", Static)
        line.display = waiting.newest is not None
        if (newest := waiting.newest) is not None:
            more = f" (and {waiting.count - 1:,} more)" if waiting.count > 1 else ""
            line.update(
                Content.assemble(
                    ("An unfinished reflection is waiting", "bold"),
                    f"{more}: from {friendly_when(newest.occurred_at, self.reflect_app.clock())}, "
                    f"{newest.answered_count} of {len(self.reflect_app.question_set)} answered. Press r to resume it.",
                )
            )

    def _recent_table(self) -> DataTable[Any]:
        from textual.widgets import DataTable

        box = self.query_one("#recent-box", Vertical)
        tables = box.query(DataTable)
        if tables:
            return tables.first()
        table: DataTable[Any] = DataTable(id="recent", cursor_type="row", zebra_stripes=False)
        box.mount_all([Static("Recent reflections", classes="section-title"), table, Static(id="legend")])
        table.focus()  # so Enter opens the highlighted reflection
        return table

    def _fill_table(self, reflections: list[Reflection]) -> None:
        from rich.text import Text

        from reflect.display import visible
        from reflect.tui.render import answers_glance, friendly_when, legend
        from reflect.tui.tables import fill_table

        if not reflections:
            return
        now = self.reflect_app.clock()
        colours = self.app.theme_variables
        question_set = self.reflect_app.question_set
        rows = [
            (
                (
                    friendly_when(reflection.occurred_at, now),
                    Text(visible(reflection.kind_label) or "–"),
                    Text(visible(reflection.person_code or "")),
                    answers_glance(reflection, question_set, colours),
                ),
                reflection.uuid,
            )
            for reflection in reflections
        ]
        fill_table(self._recent_table(), RECENT_COLUMNS, rows, fit_height=True)
        self.query_one("#legend", Static).update(legend(colours))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from reflect.tui.screens.detail import DetailScreen

        if event.row_key.value:
            self.app.push_screen(DetailScreen(event.row_key.value))
