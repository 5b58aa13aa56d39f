"""The team view's one screen: practitioners side by side, the team's pattern, what each flagged."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from reflect.server_url import database_argument
from reflect.tui.tables import fill_table
from reflect.tui.widgets.footer import Footer
from reflect.tui.widgets.header import Header

if TYPE_CHECKING:
    from reflect.exchange.team import TeamView
    from reflect.tui.team import TeamApp


class TeamScreen(Screen[None]):
    CSS_PATH = "team.tcss"
    BINDINGS = [
        Binding("q,escape", "app.quit", "Quit", id="quit_team"),
        # Priority, so that ← → move the table sideways whatever has focus; only offered
        # (check_action) while the practitioners are wider than the screen.
        Binding("right", "sideways(1)", "More practitioners", key_display="← →", priority=True, id="team_right"),
        Binding("left", "sideways(-1)", "Back", show=False, priority=True, id="team_left"),
    ]


    @property
    def team_app(self) -> TeamApp:
        return cast("TeamApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="team-body"):
            yield Static("Opening the team database…", id="team-summary")
            yield DataTable(id="team-table", cursor_type="none", zebra_stripes=True)
            yield Static(id="team-pattern")
            yield Vertical(id="team-people")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Team view"
        self.query_one("#team-table").display = False
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sideways":
            return self._too_wide()
        return True

    def _too_wide(self) -> bool:
        table = self.query_one("#team-table", DataTable)
        return table.display and table.virtual_size.width > table.scrollable_content_region.width

    def action_sideways(self, direction: int) -> None:
        """One practitioner's column at a time; the practices and the team column stay put (fixed columns)."""
        table = self.query_one("#team-table", DataTable)
        edges, x = [0], 0
        for column in list(table.columns.values())[table.fixed_columns :]:
            x += column.get_render_width(table)
            edges.append(min(x, int(table.max_scroll_x)))
        here = round(table.scroll_x)
        if direction > 0:
            target = next((edge for edge in edges if edge > here), here)
        else:
            target = next((edge for edge in reversed(edges) if edge < here), here)
        table.scroll_to(x=target, animate=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_height)

    def _fit_height(self) -> None:
        """Every practice in sight: a row more for the sideways scrollbar when the team is wider than the screen."""
        table = self.query_one("#team-table", DataTable)
        if not table.display:
            return
        height = table.row_count + 1 + (table.scrollbar_size_horizontal if self._too_wide() else 0)
        if table.styles.height is None or table.styles.height.value != height:
            table.styles.height = height
        self.refresh_bindings()

    def load(self) -> None:
        if self.team_app.store is None:
            return
        self._work_out()

    @work(thread=True, exclusive=True, group="team")
    def _work_out(self) -> None:
        from reflect.exchange.team import team_view
        from reflect.questions import default_question_set
        from reflect.store import StoreError

        try:
            view = team_view(self.team_app.store, default_question_set())
        except StoreError as error:
            self.app.call_from_thread(
                self.app.notify, str(error), title="Could not read the team database", severity="warning", markup=False
            )
            return
        self.app.call_from_thread(self.show, view)

    def show(self, view: TeamView) -> None:
        from reflect.exchange.stats import NOT_ENOUGH, chime_rated, named
        from reflect.exchange.team import (
            TEAM_MINIMUM,
            covered_words,
            flag_summary,
            item_heading,
            item_lines,
            month_heading,
            month_table,
            rate_cell,
            shared_words,
            waiting_for_team,
        )
        from reflect.service import reflections_phrase

        summary = self.query_one("#team-summary", Static)
        table = self.query_one("#team-table", DataTable)
        people = self.query_one("#team-people", Vertical)
        people.remove_children()
        if not view.practitioners:
            summary.update(
                Content(
                    "No bundles in this team database yet.\n\nEach practitioner makes one with `reflect share`; "
                    f"collect them with `reflect team --db {database_argument(self.team_app.db_path)} import BUNDLE...`. "
                    f"The team's overall pattern appears once {TEAM_MINIMUM} practitioners have shared."
                )
            )
            table.display = False
            self.query_one("#team-pattern", Static).update("")
            return
        count = len(view.practitioners)
        summary.update(
            Content(
                f"{count} practitioner{'s' if count != 1 else ''} shared {reflections_phrase(view.reflections)}. "
                f"Each cell is a practice rate, (Yes + half of Partly) ÷ n, with its n; – is {NOT_ENOUGH}."
            )
        )
        columns = [
            ("Practice", 14),
            *((("Team", None),) if view.team else ()),
            *((_heading(p.practitioner.display_name, p.short_id), None) for p in view.practitioners),
        ]
        rows = []
        for index, question in enumerate(view.question_set.questions):
            cells = [question.label]
            if view.team:
                cells.append(rate_cell(view.team.questions[index]))
            cells.extend(rate_cell(p.questions[index]) for p in view.practitioners)
            rows.append(([Text(cell) for cell in cells], question.key))
        fill_table(table, _unique_headings(columns), rows, fit_height=True)
        table.fixed_columns = 2 if view.team else 1  # the practices, and the team's pattern beside each practitioner
        table.display = True
        self.call_after_refresh(self._fit_height)

        if view.team is None:
            pattern = Content(waiting_for_team(view))
        else:
            lines = [f"The team's pattern ({view.contributors} practitioners, {reflections_phrase(view.team.reflections)})"]
            if view.team.strengths:
                lines.append("Strengths: " + "; ".join(named(q) for q in view.team.strengths) + ".")
            if view.team.to_explore:
                lines.append("Practices to explore: " + "; ".join(named(q) for q in view.team.to_explore) + ".")
            lines.append("CHIME: " + "; ".join(f"{domain} {chime_rated(view.team, domain)}" for domain in view.team.chime) + ".")
            lines.append(covered_words(view))
            if len(view.months) > 1:
                lines.append(f"\nMonth on month (a month appears once {TEAM_MINIMUM} practitioners reflected in it):")
                lines.extend(month_table(view.team_months, [month_heading(m) for m in view.months], view.question_set, indent=""))
            pattern = Content.assemble((lines[0], "bold"), "\n", "\n".join(lines[1:]))
        self.query_one("#team-pattern", Static).update(pattern)

        widgets: list[Static] = []
        for each in view.practitioners:
            widgets.append(
                Static(Content.assemble((each.label, "bold"), f" · {shared_words(each)}"), classes="section-title person")
            )
            if len(each.months) > 1:
                table_lines = month_table(list(each.months), [m.heading for m in each.months], view.question_set, indent="")
                widgets.append(Static(Content("Month on month:\n" + "\n".join(table_lines)), classes="person-months"))
            widgets.append(Static(Content(flag_summary(each)), classes="person-flags"))
            # Every flagged item with its answers, whether or not the practitioner's words came with it.
            for item in each.flagged:
                body = "\n".join(item_lines(item, view.question_set, width=10_000))
                widgets.append(Static(Content.assemble((item_heading(item), "bold"), "\n", body), classes="flagged-item"))
        people.mount_all(widgets)


HEADING_MAX = 14
"""A name longer than this is shortened in its column heading (its flagged notes below carry it whole)."""


def _shortened(name: str) -> str:
    return name if len(name) <= HEADING_MAX else name[: HEADING_MAX - 1].rstrip() + "…"


def _heading(name: str, short_id: str | None) -> str:
    """The column heading: the name (shortened), with the short id when another has the same name."""
    return f"{_shortened(name)} {short_id}" if short_id else _shortened(name)


def _unique_headings(columns: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """Column headings are the table's keys: two practitioners with one name get "Sam", "Sam (2)"."""
    seen: dict[str, int] = {}
    unique = []
    for heading, width in columns:
        seen[heading] = seen.get(heading, 0) + 1
        unique.append((heading if seen[heading] == 1 else f"{heading} ({seen[heading]})", width))
    return unique
