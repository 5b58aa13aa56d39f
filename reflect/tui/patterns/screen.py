"""Patterns: how a practitioner's practice looks over a period, question by question."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future, wait
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalScroll, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Input, Label, Select, Static, TabbedContent, TabPane, Tabs

from reflect.display import visible
from reflect.model import INTERACTION_KINDS, Selection
from reflect.patterns import PERIODS, TREND_GRAINS, Activity, Figures, Trend, period_bounds
from reflect.services.patterns_view import PatternsView
from reflect.tui.app_access import UsesReflectApp
from reflect.tui.messages import StoreReady
from reflect.tui.patterns.calendar import activity_words, calendar_content
from reflect.tui.patterns.grids import kind_rows, trend_rows
from reflect.tui.patterns.notes import NotesPane
from reflect.tui.tables import fill_table
from reflect.tui.widgets.footer import Footer
from reflect.tui.widgets.header import Header

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp

# The symbols match the rest of the app; the counts are as wide as their numbers.
PRACTICE_COLUMNS = [("Practice", 14), *((heading, None) for heading in ("Rate", "n", "●Yes", "◐Part", "○No", "–N/A", "·Un.", "Change"))]
FIRST_STEPS = (
    "Your patterns will appear here as you reflect. Once a practice has {min_n} or more answers "
    "(Yes, Partly or No) in the period, it shows a practice rate; until then, the answers "
    'themselves, such as "Yes 2 of 3". Strengths, practices to explore, your trend week by week, '
    "the days you reflected and how your commitments went follow as the weeks go by."
)
FIRST_PAINT_WAIT = 0.1
"""At most this long (seconds) the screen waits, before its first paint, for the figures read as it was made."""
SECTION_TITLES = {
    "practices": "Practices", "trend": "Trend", "kinds": "By kind", "activity": "Activity", "commitments": "Commitments", "notes": "Notes",
}  # fmt: skip
SECTIONS = tuple(SECTION_TITLES)
CUSTOM = "custom"


FIRST_PERIOD = "3m"
"""The period the screen opens on."""


def rehearse_first_figures(app: ReflectApp) -> None:
    """Work out the figures the screen opens on, and throw them away: the first time the store runs
    those queries in a process it prepares them (SQLAlchemy compiles each statement, SQLite reads its
    pages), about 15 of the 19 ms they take at 20,000 reflections, which the first `t` then does not
    wait for. For reflect.tui.long_lived, in a thread while the app waits for a key."""
    from reflect.services import patterns_view as service
    from reflect.store import StoreError

    store = app.store
    if store is None:
        return
    now = app.clock()
    try:
        service.patterns_view(store, app.question_set, Selection(*period_bounds(FIRST_PERIOD, now)), now, commitments_too=False)
    except StoreError:
        pass  # the screen says so when it is opened


class PatternsScreen(UsesReflectApp, Screen[None]):
    # Its styles are the screen's default CSS, read from patterns.tcss, rather than a CSS_PATH:
    # Textual takes in a screen's CSS_PATH as it is first pushed by parsing every stylesheet the
    # app holds again and restyling every widget on every screen (~55 ms of each opening of
    # Patterns), where default CSS is parsed on its own, once.
    DEFAULT_CSS = Path(__file__).with_name("patterns.tcss").read_text(encoding="utf-8")
    BINDINGS = [
        Binding("1", "period('4w')", "4 weeks", id="period_4w", show=False),
        Binding("2", "period('3m')", "3 months", id="period_3m", show=False),
        Binding("3", "period('12m')", "12 months", id="period_12m", show=False),
        Binding("4", "period('all')", "All time", id="period_all", show=False),
        Binding("5", "custom_period", "Custom period", id="period_custom", show=False),
        Binding("k", "choose('#patterns-kind')", "Kind", id="kind"),
        Binding("t", "choose('#patterns-tag')", "Tag", id="tag"),
        Binding("w", "next_grain", "Trend by", id="grain"),
        Binding("right_square_bracket", "section(1)", "Next section", key_display="]", id="next_section"),
        Binding("left_square_bracket", "section(-1)", "Previous section", key_display="[", id="previous_section", show=False),
        Binding("slash", "search_notes", "Search notes", key_display="/", id="search_notes", show=False),
        Binding("r", "report", "Report", tooltip="Write a supervision summary of this period (an HTML file)", id="report"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period = FIRST_PERIOD
        self.custom = Selection()
        """The period of one's own, carrying its days (see CustomPeriodDialog)."""
        self.grain: str | None = None
        """The trend's periods: None lets the length of the selection choose."""
        self._wanted: tuple[Selection, str | None] | None = None
        """The selection and grain whose figures are on their way; any other result is stale."""
        self._shown: PatternsView | None = None
        self._trend_legend = ""
        """The trend's legend, without the hint that a wide grid scrolls."""
        self._tag_options: list[tuple[Text, str]] = []
        self._take_in_styles()
        self._sections: TabbedContent | None = None
        self._built = {"practices"}
        """The sections whose content is mounted (the practices with the screen, each other as first shown)."""
        self._mounting: dict[str, asyncio.Task[None]] = {}
        """The sections, once mounted: the footer asks check_action about each key at every refresh, and a query each time added up."""
        self._read_ahead: tuple[Selection, Future[PatternsView]] | None = self._start_reading_ahead()

    def _take_in_styles(self) -> None:
        """Add the default CSS of the screen and of the widgets it is made of to the app's stylesheet
        at once, in the order mounting them would: each widget class new to the app, added as it
        mounts, made the stylesheet work out its rules again (once for each of 14 classes)."""
        from textual.widgets._select import SelectCurrent, SelectOverlay
        from textual.widgets._tabs import Tab, Underline

        stylesheet = self.app.stylesheet
        classes = (type(self), TabbedContent, Label, Select, Tabs, ContentSwitcher, SelectCurrent, SelectOverlay, TabPane,
                   NotesPane, Underline, HorizontalScroll, Tab, Input)  # fmt: skip
        for widget_class in classes:
            # Only the class is needed to list its CSS (and its bases'), not a widget made of it.
            for read_from, css, tie_breaker, scope in widget_class.__new__(widget_class)._get_default_css():
                stylesheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope)

    def _start_reading_ahead(self) -> tuple[Selection, Future[PatternsView]] | None:
        """Work out the figures of the first period (no kind or tag chosen yet) as the screen is made,
        before it is styled and painted, so that its first paint can have them; the commitments
        follow in the figures' worker."""
        from reflect.services import patterns_view as service

        app = self.reflect_app
        store = app.store
        if store is None:
            return None
        now = app.clock()
        selection = Selection(*period_bounds(FIRST_PERIOD, now))
        question_set = app.question_set
        ahead: Future[PatternsView] = Future()

        def read() -> None:
            # Imported here, off the UI thread, for the first paint's summary (describe_selection).
            import reflect.exchange.stats  # noqa: F401

            try:
                ahead.set_result(service.patterns_view(store, question_set, selection, now, commitments_too=False))
            except BaseException as error:  # handed to whoever takes the result
                ahead.set_exception(error)

        self.app.run_worker(read, thread=True, group="patterns-ahead")
        return selection, ahead

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(id="period-choice")
        with Horizontal(id="patterns-filters"):
            yield Label("Kind", classes="filter-label")
            yield Select(
                [(kind.label, kind.key) for kind in INTERACTION_KINDS], prompt="All kinds", id="patterns-kind", compact=True
            )
            yield Label("Tag", classes="filter-label")
            yield Select([], prompt="All tags", id="patterns-tag", compact=True)
        yield Static("Working out your patterns…", id="patterns-summary")
        with TabbedContent(id="patterns-sections"):
            with TabPane("Practices", id="practices"):
                with VerticalScroll():
                    yield DataTable(id="patterns-table", cursor_type="row", zebra_stripes=True)
                    yield Static(id="patterns-highlights")
                    yield Static(id="patterns-chime")
            # The other sections' panes start empty: their content is mounted as each is first
            # shown (see _build), as building every section's widgets was most of the time from
            # `t` to the figures painted.
            for section, title in SECTION_TITLES.items():
                if section != "practices":
                    yield TabPane(title, id=section)
        yield Footer()

    def _content_of(self, section: str) -> list[Widget]:
        """The widgets of a section other than the practices (mounted as it is first shown)."""
        if section == "trend":
            return [VerticalScroll(
                Static(id="trend-title"),
                DataTable(id="trend-grid", cursor_type="none", cell_padding=0, header_height=2, fixed_columns=1),
                Static(id="trend-legend", classes="legend"),
            )]  # fmt: skip
        if section == "kinds":
            return [VerticalScroll(
                Static(id="kinds-title"), DataTable(id="kind-grid", cursor_type="none", cell_padding=0, header_height=2, fixed_columns=1)
            )]  # fmt: skip
        if section == "activity":
            return [VerticalScroll(Static(id="activity-words"), HorizontalScroll(Static(id="activity-calendar"), id="activity-scroll"))]
        if section == "commitments":
            return [VerticalScroll(Static(id="commitments-text"), id="commitments-list")]
        if section == "notes":
            return [NotesPane(self.reflect_app.question_set, id="notes-pane")]
        raise ValueError(f"no section {section!r}")

    def _build(self, section: str) -> asyncio.Task[None] | None:
        """Mount a section's content if it is not yet (None once it is): the task mounting it, to await."""
        if section in self._built:
            return None
        if section not in self._mounting:
            self._mounting[section] = asyncio.create_task(self._mount_section(section))
        return self._mounting[section]

    async def _mount_section(self, section: str) -> None:
        await self.query_one(f"#{section}", TabPane).mount(*self._content_of(section))
        self._built.add(section)
        if self._shown is not None and self._shown.figures.reflections:
            self._fill(section, self._shown)

    def _fill(self, section: str, view: PatternsView) -> None:
        """Show `view` in one section (mounted)."""
        if section == "practices":
            self._show_practices(view.figures)
        elif section == "trend":
            self._show_trend(view.trend)
        elif section == "kinds":
            self._show_kinds(view.figures)
        elif section == "activity":
            self._show_activity(view.activity)
        elif section == "commitments":
            self._show_commitments(view)

    def on_mount(self) -> None:
        self.title = "Patterns"
        fill_table(self.query_one("#patterns-table", DataTable), PRACTICE_COLUMNS, [], fit_height=True)
        self.show_period_choice()
        self._sections = self.query_one(TabbedContent)
        self._sections.display = False
        if self._read_ahead is not None:
            self._open()  # the figures are on their way already: shown in the first paint if they come in time
        else:
            # Set the screen out first, then work: a worker sharing the interpreter while the
            # screen is laid out for the first time made that first paint twice as slow.
            self.call_after_refresh(self._open)

    def on_store_ready(self, _event: StoreReady) -> None:
        self._open()

    def _open(self) -> None:
        """The figures, and the tags in use (for the whole store: choosing a period does not change them)."""
        if self.reflect_app.store is None:
            return  # StoreReady comes when it is open
        self.load()
        # After the first paint: they change no figure, and a worker sharing the interpreter
        # while the screen is first laid out slows that paint.
        self.call_after_refresh(self._load_tags)

    # Choosing what to look at -------------------------------------------------------------

    def show_period_choice(self) -> None:
        parts: list[str | tuple[str, str]] = []
        for number, (key, (words, _)) in enumerate(PERIODS.items(), start=1):
            style = "bold reverse" if key == self.period else "dim"
            parts.extend([(f"{number} {words.removeprefix('last ')}", style), "  "])
        custom_words = "5 custom…"
        if self.period == CUSTOM:
            start, end = self.custom.start, self.custom.end
            last = end - timedelta(microseconds=1) if end is not None else None
            custom_words = f"5 {start:%d %b %Y} – {last:%d %b %Y}" if start and last else "5 custom"
        parts.append((custom_words, "bold reverse" if self.period == CUSTOM else "dim"))
        self.query_one("#period-choice", Static).update(Content.assemble(*parts))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_grain", "section", "search_notes"):
            # Nothing to move between until there are figures to show.
            return self._sections is not None and self._sections.display
        if action == "report":
            # A first run has nothing to report; an empty period still has a (kind) report to write.
            return self._shown is not None and not self._shown.figures.database_empty
        return True

    def action_report(self) -> None:
        """Write the supervision summary of what is on show (the period, and the kind or tag chosen) as an HTML file."""
        from reflect.exchange.report import period_words

        selection = self.selection()
        words = period_words(selection) if self.period == CUSTOM else PERIODS[self.period][0]
        self.reflect_app.write_report(selection, words)

    def action_period(self, period: str) -> None:
        self.period = period
        self.show_period_choice()
        self.load()

    def action_custom_period(self) -> None:
        from reflect.tui.patterns.period import CustomPeriodDialog

        start, end = self.custom.start, self.custom.end
        start_text = f"{start:%Y-%m-%d}" if start else ""
        end_text = f"{end - timedelta(microseconds=1):%Y-%m-%d}" if end else ""

        def chosen(period: Selection | None) -> None:
            if period is not None:
                self.custom = period
                self.action_period(CUSTOM)

        self.app.push_screen(CustomPeriodDialog(self.reflect_app.clock, start_text=start_text, end_text=end_text), chosen)

    def action_choose(self, select_id: str) -> None:
        select = self.query_one(select_id, Select)
        select.focus()
        select.action_show_overlay()

    def action_next_grain(self) -> None:
        current = self._shown.trend.grain if self._shown is not None else None
        self.grain = TREND_GRAINS[(TREND_GRAINS.index(current) + 1) % len(TREND_GRAINS)] if current in TREND_GRAINS else "month"
        self.query_one(TabbedContent).active = "trend"
        self.load()

    def action_section(self, step: int) -> None:
        sections = self.query_one(TabbedContent)
        if not sections.display:
            return
        position = SECTIONS.index(sections.active) if sections.active in SECTIONS else 0
        sections.active = SECTIONS[(position + step) % len(SECTIONS)]

    async def action_search_notes(self) -> None:
        sections = self.query_one(TabbedContent)
        if sections.display:
            sections.active = "notes"
            if (mounting := self._build("notes")) is not None:
                await mounting
            self.query_one(NotesPane).focus_search()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)  # Escape in the notes search leaves the search, not the screen
            return
        self.dismiss(None)

    def period_phrase(self) -> str:
        """ "in the last 3 months", "since your first reflection", "in this period"."""
        if self.period == CUSTOM:
            return "in this period"
        if PERIODS[self.period][1] is None:
            return "since your first reflection"
        return f"in the {PERIODS[self.period][0]}"

    def selection(self) -> Selection:
        now = self.reflect_app.clock()
        period = self.custom if self.period == CUSTOM else Selection(*period_bounds(self.period, now))
        kind = self.query_one("#patterns-kind", Select).value
        tag = self.query_one("#patterns-tag", Select).value
        return replace(period, kind=kind if isinstance(kind, str) else None, tag=tag if isinstance(tag, str) else None)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_trend)

    def on_select_changed(self, event: Select.Changed) -> None:
        # A Select also reports its first value as it mounts: only a new choice means new work.
        if self._wanted is not None and not self._same_choice(self._wanted[0], self.selection()):
            self.load()

    def _same_choice(self, one: Selection, other: Selection) -> bool:
        """Whether two selections are the same choice: a preset period ends "now", whenever that was."""
        if self.period != CUSTOM:
            one, other = replace(one, end=None), replace(other, end=None)
        return one == other

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is not None and (mounting := self._build(event.pane.id)) is not None:
            await mounting
        if event.pane.id == "trend":
            self.call_after_refresh(self._fit_trend)
        if event.pane.id == "notes" and self._wanted is not None:
            self.query_one(NotesPane).show_selection(self._wanted[0])

    def on_notes_pane_open(self, event: NotesPane.Open) -> None:
        from reflect.tui.screens.detail import DetailScreen

        self.app.push_screen(DetailScreen(event.uuid))

    # Working it out -------------------------------------------------------------------------

    def load(self) -> None:
        if self.reflect_app.store is None:
            return
        self.query_one("#patterns-summary", Static).update("Working out your patterns…")
        selection = self.selection()
        read_ahead, self._read_ahead = self._read_ahead, None
        ahead: Future[PatternsView] | None = None
        if read_ahead is not None and self.grain is None and self._same_choice(read_ahead[0], selection):
            selection, ahead = read_ahead  # read for this very showing
        self._wanted = (selection, self.grain)
        if ahead is not None and not ahead.done():
            # Not painted yet: waiting a moment for the figures (which the read then has the
            # interpreter to itself for) costs less than painting the screen empty and again.
            wait([ahead], timeout=FIRST_PAINT_WAIT)
        if ahead is not None and ahead.done() and ahead.exception() is None:
            # Worked out while the screen was made: shown in its first paint, without a worker's round trip.
            view = ahead.result()
            self._arrived(view)
            # The commitments after the first paint: a worker sharing the interpreter while the
            # screen is laid out for the first time made that paint twice as slow.
            self.call_after_refresh(self._commitments_of, view)
            return
        self._work_out(selection, self.grain, ahead=ahead)

    def _commitments_of(self, view: PatternsView) -> None:
        if (view.figures.selection, view.grain) == self._wanted:  # not since replaced by another choice
            self._work_out(view.figures.selection, view.grain, shown=view)

    @work(thread=True, exclusive=True, group="patterns")
    def _work_out(
        self, selection: Selection, grain: str | None, *, ahead: Future[PatternsView] | None = None, shown: PatternsView | None = None
    ) -> None:
        """The figures, trend and activity (unless `shown` already, or on their way in `ahead`), shown as
        soon as they are worked out; then the commitments, the slowest part, which follow."""
        from reflect.services import patterns_view as service
        from reflect.store import StoreError

        app = self.reflect_app
        store, question_set, now = self.opened_store, app.question_set, app.clock()
        try:
            view = shown
            if view is None:
                # The view `reflect stats` shows, assembled the one way (reflect.services.patterns_view).
                if ahead is not None:
                    view = ahead.result()
                else:
                    view = service.patterns_view(store, question_set, selection, now, grain=grain, commitments_too=False)
                app.call_from_thread(self._arrived, view)
            view = service.with_commitments(store, question_set, view)
        except StoreError as error:
            app.call_from_thread(app.notify, str(error), title="Could not work out your patterns", severity="warning", markup=False)
            return
        app.call_from_thread(self._arrived, view)

    @work(thread=True, exclusive=True, group="patterns-tags")
    def _load_tags(self) -> None:
        from reflect.store import StoreError

        try:
            tags = self.opened_store.tags_in_use()
        except StoreError:
            return  # the figures' own worker reports the problem
        self.app.call_from_thread(self._show_tags, tags)

    def _show_tags(self, tags: list[tuple[str, int]]) -> None:
        select = self.query_one("#patterns-tag", Select)
        current = select.value
        # Text, not str: a Select reads a str prompt as markup, and a tag is what was typed.
        options = [(Text(f"{visible(tag)} ({count})"), tag) for tag, count in tags]
        if options == self._tag_options:
            return  # unchanged: keep the Select (and its Changed messages) still
        self._tag_options = options
        with self.prevent(Select.Changed):
            select.set_options(options)
            if isinstance(current, str) and current in {tag for tag, _ in tags}:
                select.value = current

    def _arrived(self, view: PatternsView) -> None:
        # A slower, older piece of work (thread workers cannot be stopped) must not
        # replace the figures of the period chosen since.
        if (view.figures.selection, view.grain) != self._wanted:
            return
        if self._shown is not None and self._shown.figures is view.figures:
            # The commitments of the figures on show: only their section changes.
            self._shown = view
            if "commitments" in self._built:
                self._show_commitments(view)
            return
        self.show(view)

    # Showing it ---------------------------------------------------------------------------

    def show(self, view: PatternsView) -> None:
        from reflect.exchange.stats import describe_selection, none_selected

        self._shown = view
        result = view.figures
        summary = self.query_one("#patterns-summary", Static)
        sections = self.query_one(TabbedContent)
        sections.display = result.reflections > 0
        self.refresh_bindings()
        if result.reflections == 0:
            why = FIRST_STEPS.format(min_n=result.min_n) if result.database_empty else none_selected(result)
            summary.update(Content(describe_selection(result) + "\n\n" + why))
            return
        summary.update(Content(describe_selection(result)))
        for section in SECTIONS:
            if section in self._built:
                self._fill(section, view)
        if sections.active == "notes" and "notes" in self._built:
            self.query_one(NotesPane).show_selection(result.selection)

    def _show_practices(self, result: Figures) -> None:
        from reflect.exchange.stats import change_legend, change_words, chime_rated, named, percent, rate_legend, yes_of

        rows = []
        for question in result.questions:
            d = question.distribution
            cells = [
                question.question.label,
                # Below the minimum, the answers themselves; the columns beside them give the rest.
                percent(question.rate) if question.rate is not None else yes_of(d),
                *(str(count) for count in (d.n, d.yes, d.partly, d.no, d.not_applicable, d.unanswered)),
                change_words(question),
            ]
            # Text, never markup: DataTable reads plain strings as markup.
            rows.append(([Text(cell) for cell in cells], question.question.key))
        fill_table(self.query_one("#patterns-table", DataTable), PRACTICE_COLUMNS, rows, fit_height=True)
        highlights = [rate_legend(result.min_n)]
        if result.selection.previous() is not None:
            highlights[0] += " " + change_legend()
        if result.strengths:
            highlights.append("Strengths: " + "; ".join(named(q) for q in result.strengths) + ".")
        if result.to_explore:
            highlights.append("Practices to explore: " + "; ".join(named(q) for q in result.to_explore) + ".")
        if not (result.strengths or result.to_explore):
            highlights.append(f"Strengths and practices to explore appear once a practice has {result.min_n} or more answers.")
        self.query_one("#patterns-highlights", Static).update(Content("\n".join(highlights)))
        self.query_one("#patterns-chime", Static).update(
            Content("\n".join(["CHIME, each domain pooled over its practices:",
                                *(f"{domain}: {chime_rated(result, domain)}" for domain in result.chime)]))  # fmt: skip
        )

    def _show_trend(self, result: Trend) -> None:
        by = {"week": "week (weeks start on Monday)", "month": "month", "quarter": "quarter", "year": "year"}[result.grain]
        self.query_one("#trend-title", Static).update(
            Content(f"Practice rate by {by}. Press w for weeks, months, quarters or years.")
        )
        columns, rows = trend_rows(result, self.app.theme_variables)
        grid = self.query_one("#trend-grid", DataTable)
        fill_table(grid, columns, rows, fit_height=True)
        self._trend_legend = (
            f"Each number is that {result.grain}'s rate in percent, the deeper the shade the higher. With fewer "
            f"than {result.min_n} answers that {result.grain}, the Yes answers of n (2/3: 2 Yes of 3); blank: no answers."
        )
        self.query_one("#trend-legend", Static).update(Content(self._trend_legend))
        grid.call_after_refresh(self._fit_trend)

    def _fit_trend(self) -> None:
        """Open a grid wider than the screen on its latest periods, and say it scrolls."""
        if "trend" not in self._built:
            return  # never shown yet: done when it is
        grid = self.query_one("#trend-grid", DataTable)
        if not grid.size.width:
            return  # not laid out (its section is hidden): done when the section is shown
        wider = grid.max_scroll_x > 0
        if wider:
            grid.scroll_to(x=grid.max_scroll_x, animate=False)
        hint = " Scroll sideways for more: the latest is on the right." if wider else ""
        self.query_one("#trend-legend", Static).update(Content(self._trend_legend + hint))

    def _show_kinds(self, result: Figures) -> None:
        self.query_one("#kinds-title", Static).update(
            Content(f"Practice rate and n for each kind of interaction. Below n = {result.min_n}, the answers "
                    f"themselves (Yes 2 of 3); All practices has a rate once each practice has {result.min_n} answers.")  # fmt: skip
        )
        columns, rows = kind_rows(result, self.app.theme_variables)
        fill_table(self.query_one("#kind-grid", DataTable), columns, rows, fit_height=True)

    def _show_activity(self, found: Activity | None) -> None:
        if found is None:
            return
        self.query_one("#activity-words", Static).update(Content(activity_words(found, self.period_phrase())))
        width = self.query_one("#activity-scroll", HorizontalScroll).size.width or self.app.size.width - 6
        self.query_one("#activity-calendar", Static).update(calendar_content(found, width=width))
        scroll = self.query_one("#activity-scroll", HorizontalScroll)
        scroll.call_after_refresh(lambda: scroll.scroll_to(x=scroll.max_scroll_x, animate=False))

    def _show_commitments(self, view: PatternsView) -> None:
        from reflect.exchange.stats import follow_up_words

        found, min_n = view.commitments, view.figures.min_n
        listing = self.query_one("#commitments-text", Static)
        if not view.commitments_read:
            listing.set_class(True, "hint")
            listing.update("Reading your commitments and how the weeks after them went…")
            return
        if not found:
            listing.set_class(True, "hint")
            listing.update(
                "No commitments in this period. At the end of a reflection you can write a commitment "
                "for next time, and say which practice it is about: here you will see how that practice "
                "went in the weeks after."
            )
            return
        # One text for them all: a widget each made a year of commitments slow to show.
        entries = []
        for commitment in found:
            reflection = commitment.reflection
            lines = "\n".join(follow_up_words(commitment, min_n)) or "Not linked to a practice."
            entries.append(
                Content.assemble(
                    (f"{reflection.occurred_at:%a %d %b %Y}", "bold"), "  ", reflection.commitment.strip(), "\n", (lines, "dim")
                )
            )
        listing.set_class(False, "hint")
        listing.update(Content("\n\n").join(entries))
