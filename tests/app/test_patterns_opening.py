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
