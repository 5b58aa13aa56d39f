"""The supervision summary made from the app: r on Patterns, or the command palette, writes the period on show
and says where. (`reflect report` itself, and the summary's figures, are tests/cli/test_report.py.)"""

from __future__ import annotations

from pathlib import Path


async def test_r_on_patterns_writes_the_summary_of_the_period_on_show_and_says_where(make_app, db_path, tmp_path: Path) -> None:
    from reflect.tui.settle import settled
    from tests.helpers.app import seed_demo, wait_for_store

    seed_demo(db_path)
    app = make_app()
    shown: list[str] = []
    app.notify = lambda message, **_options: shown.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t", "4", "r")  # all time
        await settled(pilot)
    path = app.last_report
    assert path is not None and path.parent == tmp_path / "data" / "reflect" / "reports"
    assert path.name == "supervision-summary-all-time-to-2026-11-23.html"
    assert path.stat().st_mode & 0o777 == 0o600
    text = path.read_text(encoding="utf-8")
    assert "all time · 12 reflections" in text and "<svg" in text
    assert any(str(path) in message and "12 reflections over all time" in message for message in shown)


async def test_the_palette_writes_the_summary_of_the_last_four_weeks(make_app, db_path) -> None:
    from reflect.tui.settle import settled
    from tests.helpers.app import seed_demo, wait_for_store

    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("ctrl+p", *"Supervision report")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settled(pilot)
    assert app.last_report is not None
    assert app.last_report.name == "supervision-summary-2026-10-26-to-2026-11-23.html"
    assert "26 Oct 2026 to 23 Nov 2026" in app.last_report.read_text(encoding="utf-8")


async def test_r_on_a_period_of_ones_own_writes_that_period_named_after_its_last_day(make_app, db_path) -> None:
    from reflect.tui.settle import settled
    from tests.helpers.app import seed_demo, wait_for_store

    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t", "5", *"2026-11-01", "enter", *"2026-11-15", "enter")
        await settled(pilot)
        await pilot.press("r")
        await settled(pilot)
    assert app.last_report is not None
    assert app.last_report.name == "supervision-summary-2026-11-01-to-2026-11-15.html"
    assert "1 Nov 2026 to 15 Nov 2026" in app.last_report.read_text(encoding="utf-8")


async def test_r_on_patterns_narrowed_to_a_kind_writes_that_kind_and_says_so(make_app, db_path) -> None:
    from reflect.tui.settle import settled
    from tests.helpers.app import seed_demo, wait_for_store

    seed_demo(db_path)
    app = make_app()
    shown: list[str] = []
    app.notify = lambda message, **_options: shown.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t", "4", "k", "down", "down", "enter")  # all time, home visits only
        await settled(pilot)
        await pilot.press("r")
        await settled(pilot)
    path = app.last_report
    assert path is not None and path.name == "supervision-summary-home-visit-all-time-to-2026-11-23.html"
    text = path.read_text(encoding="utf-8")
    assert "Only home visit reflections." in text and "12 reflections" not in text
    assert any("Only home visit reflections." in message and str(path) in message for message in shown)
