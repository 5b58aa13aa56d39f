"""Patterns: how a practitioner's practice looks over a period, question by question."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Select, Static

from reflect.model import INTERACTION_KINDS, KIND_LABELS, Selection
from reflect.patterns import PERIODS, Distribution, Figures, figures, period_bounds
from reflect.tui.app import StoreReady
from reflect.tui.tables import fill_table

# The symbols match the rest of the app; the counts are as wide as their numbers.
PRACTICE_COLUMNS = [("Practice", 14), *((heading, None) for heading in ("Rate", "n", "●Yes", "◐Part", "○No", "–N/A", "·Un.", "Change"))]
KIND_COLUMNS = [("Kind", 20), ("Reflections", None), ("Rate", None), ("n", None)]
FIRST_STEPS = (
    "Your patterns will appear here as you reflect. Once a practice has {min_n} answers "
    "(Yes, Partly or No) in the period, it shows a practice rate; until then it says "
    '"not enough reflections yet". Strengths, practices to explore and how your practice '
    "changes over time follow as the weeks go by."
)


class PatternsScreen(Screen[None]):
    CSS_PATH = "patterns.tcss"
    BINDINGS = [
        Binding("1", "period('4w')", "4 weeks", id="period_4w", show=False),
        Binding("2", "period('3m')", "3 months", id="period_3m", show=False),
        Binding("3", "period('12m')", "12 months", id="period_12m", show=False),
        Binding("4", "period('all')", "All time", id="period_all", show=False),
        Binding("k", "choose_kind", "Kind", id="kind"),
        Binding("r", "report", "Supervision report", id="report"),
        Binding("escape", "app.pop_screen", "Back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period = "3m"
        self._wanted: Selection | None = None
        """The selection whose figures are on their way; any other result is stale."""
        self._any_reflections = False
        """Whether there is anything to report (a first run has nothing)."""

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Horizontal(id="patterns-controls"):
            yield Static(id="period-choice")
            yield Select(
                [(kind.label, kind.key) for kind in INTERACTION_KINDS],
                prompt="All kinds",
                id="patterns-kind",
                compact=True,
            )
        with VerticalScroll(id="patterns-body"):
            yield Static("Working out your patterns…", id="patterns-summary")
            yield DataTable(id="patterns-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="patterns-highlights")
            yield Static(id="patterns-chime")
            yield Static("By kind of interaction", classes="section-title", id="kinds-title")
            yield DataTable(id="patterns-kinds", cursor_type="none")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Patterns"
        self.show_period_choice()
        self.load()

    def on_store_ready(self, _event: StoreReady) -> None:
        self.load()

    def show_period_choice(self) -> None:
        parts: list[str | tuple[str, str]] = []
        for number, (key, (words, _)) in enumerate(PERIODS.items(), start=1):
            style = "bold reverse" if key == self.period else "dim"
            parts.extend([(f"{number} {words.removeprefix('last ')}", style), "  "])
        self.query_one("#period-choice", Static).update(Content.assemble(*parts))

    def action_period(self, period: str) -> None:
        self.period = period
        self.show_period_choice()
        self.load()

    def action_choose_kind(self) -> None:
        select = self.query_one("#patterns-kind", Select)
        select.focus()
        select.action_show_overlay()

    def _chosen_kind(self) -> str | None:
        kind = self.query_one("#patterns-kind", Select).value
        return kind if isinstance(kind, str) else None

    def on_select_changed(self, _event: Select.Changed) -> None:
        # The Select also reports its first value as it mounts: only a new kind means new work.
        if self._wanted is None or self._wanted.kind != self._chosen_kind():
            self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "report":
            return self._any_reflections
        return True

    def action_report(self) -> None:
        """Write the supervision summary of the period on show (all kinds) as an HTML file."""
        start, end = period_bounds(self.period, self.app.clock())  # type: ignore[attr-defined]
        self.app.write_report(Selection(start=start, end=end), PERIODS[self.period][0])  # type: ignore[attr-defined]

    def load(self) -> None:
        if self.app.store is None:  # type: ignore[attr-defined]
            return
        self.query_one("#patterns-summary", Static).update("Working out your patterns…")
        start, end = period_bounds(self.period, self.app.clock())  # type: ignore[attr-defined]
        self._wanted = Selection(start=start, end=end, kind=self._chosen_kind())
        self._work_out(self._wanted)

    @work(thread=True, exclusive=True, group="patterns")
    def _work_out(self, selection: Selection) -> None:
        from reflect.store import StoreError

        try:
            result = figures(self.app.store, self.app.question_set, selection)  # type: ignore[attr-defined]
        except StoreError as error:
            self.app.call_from_thread(
                self.app.notify, str(error), title="Could not work out your patterns", severity="warning", markup=False
            )
            return
        self.app.call_from_thread(self._arrived, result)

    def _arrived(self, result: Figures) -> None:
        # A slower, older piece of work (thread workers cannot be stopped) must not
        # replace the figures of the period chosen since.
        if result.selection == self._wanted:
            self.show(result)

    def show(self, result: Figures) -> None:
        from reflect.exchange.stats import change_words, chime_rated, describe_selection, named, none_selected, percent

        summary = self.query_one("#patterns-summary", Static)
        table = self.query_one("#patterns-table", DataTable)
        kinds = self.query_one("#patterns-kinds", DataTable)
        empty = result.reflections == 0
        self._any_reflections = not result.database_empty
        self.refresh_bindings()
        for widget_id in ("#patterns-table", "#patterns-highlights", "#patterns-chime", "#kinds-title", "#patterns-kinds"):
            self.query_one(widget_id).display = not empty
        if empty:
            why = FIRST_STEPS.format(min_n=result.min_n) if result.database_empty else none_selected(result)
            summary.update(Content(describe_selection(result) + "\n\n" + why))
            return
        summary.update(
            Content(
                describe_selection(result)
                + f"\nRate = (Yes + half of Partly) ÷ n, n = Yes + Partly + No;"
                f" – is not enough reflections yet (n below {result.min_n})."
            )
        )
        rows = []
        for question in result.questions:
            d = question.distribution
            cells = [
                question.question.label,
                percent(question.rate) if question.rate is not None else "–",
                *(str(count) for count in (d.n, d.yes, d.partly, d.no, d.not_applicable, d.unanswered)),
                change_words(question),
            ]
            # Text, never markup: DataTable reads plain strings as markup.
            rows.append(([Text(cell) for cell in cells], question.question.key))
        fill_table(table, PRACTICE_COLUMNS, rows, fit_height=True)
        highlights = []
        if result.strengths:
            highlights.append("Strengths: " + "; ".join(named(q) for q in result.strengths) + ".")
        if result.to_explore:
            highlights.append("Practices to explore: " + "; ".join(named(q) for q in result.to_explore) + ".")
        if not highlights:
            highlights.append("Strengths and practices to explore appear once a practice has enough answers.")
        self.query_one("#patterns-highlights", Static).update(Content("\n".join(highlights)))
        self.query_one("#patterns-chime", Static).update(
            Content("CHIME: " + "; ".join(f"{domain} {chime_rated(result, domain)}" for domain in result.chime))
        )
        kind_rows = []
        for kind, questions in result.by_kind.items():
            total = sum((q.distribution for q in questions), start=Distribution())
            rate = total.rate(result.min_n)
            cells = [
                KIND_LABELS.get(kind or "", kind or "") if kind else "Kind not given",
                str(result.reflections_by_kind.get(kind, 0)),
                percent(rate) if rate is not None else "–",
                str(total.n),
            ]
            kind_rows.append(([Text(cell) for cell in cells], kind or ""))
        fill_table(kinds, KIND_COLUMNS, kind_rows, fit_height=True)
