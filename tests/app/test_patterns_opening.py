"""Opening the Patterns screen quickly: its figures in its first paint, the commitments after."""

from __future__ import annotations

import threading

from reflect.tui.patterns import PatternsScreen
from reflect.tui.settle import settled
from tests.helpers.app import seed_demo, wait_for_store


def text_of(widget) -> str:  # type: ignore[no-untyped-def]
    return str(widget.render())


def test_the_patterns_styles_are_default_css_not_a_css_path_that_restyles_every_screen() -> None:
    # A screen's CSS_PATH makes Textual parse every stylesheet again and restyle every widget as it is pushed.
    assert not PatternsScreen.CSS_PATH
    assert "#patterns-summary" in PatternsScreen.DEFAULT_CSS


async def test_the_first_paint_of_the_screen_has_its_figures_worked_out_once(make_app, db_path, monkeypatch) -> None:
    import reflect.services.patterns_view as service

    seed_demo(db_path)
    calls = []
    real = service.patterns_view

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "patterns_view", recorded)
    figures_at_paint: list[bool] = []
    paint = PatternsScreen._compositor_refresh

    def stamped(screen: PatternsScreen) -> None:
        figures_at_paint.append(screen._shown is not None)
        paint(screen)

    monkeypatch.setattr(PatternsScreen, "_compositor_refresh", stamped)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t")
        await settled(pilot)
        assert figures_at_paint and figures_at_paint[0], "the screen was painted first without its figures"
        assert len(calls) == 1, "the figures were worked out more than once on opening"


async def test_the_figures_are_shown_before_the_commitments_which_follow(make_app, db_path, monkeypatch) -> None:
    import reflect.services.patterns_view as service

    seed_demo(db_path)
    real = service.with_commitments
    go_on = threading.Event()

    def slowly(*args, **kwargs):  # type: ignore[no-untyped-def]
        go_on.wait(timeout=10)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "with_commitments", slowly)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t", "4")  # all time: every commitment the demo has
        screen = app.screen
        assert isinstance(screen, PatternsScreen)
        for _ in range(200):
            if screen._shown is not None:
                break
            await pilot.pause(0.01)
        assert "reflections" in text_of(screen.query_one("#patterns-summary"))
        await pilot.press(*["right_square_bracket"] * 4)  # to the commitments
        for _ in range(200):
            if screen.query("#commitments-text"):
                break
            await pilot.pause(0.01)
        assert text_of(screen.query_one("#commitments-text")).startswith("Reading your commitments")
        go_on.set()
        await settled(pilot)
        listed = text_of(screen.query_one("#commitments-text"))
        assert not listed.startswith("Reading") and "No commitments" not in listed


async def test_opening_the_screen_works_out_the_app_s_style_rules_once_not_once_per_new_widget(make_app, db_path, monkeypatch) -> None:
    from textual.css.stylesheet import Stylesheet

    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await settled(pilot)
        parses = []
        parse = Stylesheet.parse

        def counted(stylesheet: Stylesheet) -> None:
            parses.append(stylesheet)
            parse(stylesheet)

        monkeypatch.setattr(Stylesheet, "parse", counted)
        await pilot.press("t")
        await settled(pilot)
        assert isinstance(app.screen, PatternsScreen)
        assert len(parses) <= 1, f"the stylesheet was parsed {len(parses)} times as the screen opened"


HIDDEN_SECTIONS = {"trend": "#trend-grid", "kinds": "#kind-grid", "activity": "#activity-calendar",
                   "commitments": "#commitments-text", "notes": "#notes-pane"}  # fmt: skip


async def test_the_sections_not_on_show_are_not_built_until_first_shown(make_app, db_path) -> None:
    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, PatternsScreen) and screen._shown is not None
        assert screen.query("#patterns-table"), "the practices are built with the screen"
        built = [section for section, widget in HIDDEN_SECTIONS.items() if screen.query(widget)]
        assert not built, f"sections built before they were shown: {built}"


async def test_showing_a_section_builds_it_with_the_figures_on_show(make_app, db_path) -> None:
    from textual.widgets import DataTable, TabbedContent

    from reflect.patterns import trend
    from reflect.questions import default_question_set
    from reflect.store import open_store
    from tests.helpers.environment import FIXED_NOW

    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t", "4")  # all time
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, PatternsScreen)
        sections = screen.query_one(TabbedContent)
        store = open_store(db_path)
        try:
            expected = trend(store, default_question_set(), screen.selection(), FIXED_NOW)
        finally:
            store.close()
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert sections.active == "trend"
        grid = screen.query_one("#trend-grid", DataTable)
        assert grid.row_count >= 10 and len(grid.ordered_columns) == 1 + len(expected.periods)
        assert f"by {expected.grain}" in text_of(screen.query_one("#trend-title"))
        await pilot.press("right_square_bracket")
        await settled(pilot)
        kinds = screen.query_one("#kind-grid", DataTable)
        assert sections.active == "kinds" and kinds.row_count > 0 and len(kinds.ordered_columns) > 1
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert text_of(screen.query_one("#activity-words")).startswith("You reflected on")
        await pilot.press("right_square_bracket")
        await settled(pilot)
        listed = text_of(screen.query_one("#commitments-text"))
        assert not listed.startswith("Reading") and "No commitments" not in listed
        await pilot.press("slash")  # the notes, their search focused
        await settled(pilot)
        assert sections.active == "notes" and app.focused is screen.query_one("#notes-search")
        assert screen.query_one("#notes-table", DataTable).row_count > 0


async def test_a_section_once_built_follows_new_figures(make_app, db_path) -> None:
    from textual.widgets import DataTable

    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t", "4", "right_square_bracket")  # all time, the trend
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, PatternsScreen) and screen._shown is not None
        grid = screen.query_one("#trend-grid", DataTable)
        before = (screen._shown.trend.grain, len(grid.ordered_columns))
        for _ in range(4):  # the trend by weeks, the shortest periods
            if screen._shown.trend.grain == "week":
                break
            await pilot.press("w")
            await settled(pilot)
        assert screen.query_one("#trend-grid", DataTable) is grid, "built once, not again"
        grain, periods = screen._shown.trend.grain, len(screen._shown.trend.periods)
        assert grain != before[0] and len(grid.ordered_columns) == 1 + periods != before[1]
