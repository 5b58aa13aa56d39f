"""Headless waits and filled tables: what tests and screenshots rely on before looking at the screen."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from reflect.tui.settle import settled
from tests.helpers.app import wait_for_store


class TableApp(App[None]):
    store = object()  # settled waits for a store; this app has nothing to open

    def compose(self) -> ComposeResult:
        yield DataTable()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Tags")
        table.add_row("family, peer support")


async def test_settled_waits_until_a_table_has_measured_its_new_rows() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.fill()
        table = app.query_one(DataTable)
        assert table._require_update_dimensions  # measured only when the table is next idle
        await settled(pilot)
        assert not table._require_update_dimensions
        assert table.columns[table.ordered_columns[0].key].get_render_width(table) >= len("family, peer support")


async def test_a_filled_table_is_as_wide_as_its_cells_before_it_is_ever_idle() -> None:
    from reflect.tui.tables import fill_table

    app = TableApp()
    async with app.run_test(size=(80, 24)):
        table = app.query_one(DataTable)
        fill_table(table, [("When", 5), ("Tags", None)], [(("today", "family, peer support"), "a"), (("now", "x"), "b")])
        # Painting now must not cut the tags short: the widths are fixed, not measured later.
        assert [column.width for column in table.ordered_columns] == [5, len("family, peer support")]
        assert not any(column.auto_width for column in table.ordered_columns)
        assert table.row_count == 2


async def test_settled_waits_for_a_screen_whose_figures_are_slow_to_arrive(make_app, db_path, monkeypatch) -> None:
    import time

    import reflect.services.patterns_view as patterns_service
    from tests.helpers.app import seed_demo

    work_out = patterns_service.patterns_view

    def slowly(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return work_out(*args, **kwargs)

    monkeypatch.setattr(patterns_service, "patterns_view", slowly)
    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("t")
        await settled(pilot)
        table = app.screen.query_one("#patterns-table", DataTable)
        assert table.row_count == 10 and table.size.height == 11


async def test_a_table_filled_to_fit_is_as_tall_as_its_rows_before_it_is_ever_idle() -> None:
    from reflect.tui.tables import fill_table

    app = TableApp()
    async with app.run_test(size=(80, 24)):
        table = app.query_one(DataTable)
        fill_table(table, [("Practice", None)], [((f"row {n}",), str(n)) for n in range(4)], fit_height=True)
        # A layout made now, before the table has measured its rows, still gives it room.
        assert table.styles.height is not None and table.styles.height.value == 5


async def test_a_title_set_while_a_screen_is_taken_down_does_not_stop_the_app(make_app) -> None:
    from textual.widgets._header import HeaderTitle

    from reflect.tui.widgets.header import Header

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        # As in the moment a screen is replaced or the app closes: the header's children are gone
        # and its title changes. Textual's own Header stopped the app there (NoMatches, HeaderTitle).
        await app.screen.query_one(Header).query_one(HeaderTitle).remove()
        app.screen.sub_title = "changed meanwhile"
        await pilot.pause()
        assert app.is_running
