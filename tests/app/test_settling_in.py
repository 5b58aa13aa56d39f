"""Once open and waiting for a key, the program settles in (reflect.tui.long_lived): it imports the
Patterns and History screens' modules in a thread, then sets aside from Python's cycle collector
what it holds (a full collection walking Textual's, SQLAlchemy's and the styles' objects was most
of the time from `t` to the Patterns figures). An app made for a test does neither, or each test's
garbage would be kept for good."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.tui.settle import settled


@pytest.fixture
def collector_restored() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


async def test_the_app_as_the_program_runs_it_sets_aside_what_it_holds_once_open(make_app, collector_restored) -> None:
    app = make_app(long_lived=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert gc.get_freeze_count() == 0  # not before the database layer is in
        await settled(pilot)
        assert gc.get_freeze_count() > 0


async def test_an_app_made_for_a_test_leaves_the_collector_as_it_is(make_app, collector_restored) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert gc.get_freeze_count() == 0


def test_reflect_and_reflect_new_make_the_app_as_the_program_runs_it(monkeypatch, tmp_path: Path) -> None:
    import reflect.cli.reflections as reflections

    made = []
    monkeypatch.setattr(reflections, "run_until_closed", lambda app: made.append(app) or 0)
    assert main(["--db", str(tmp_path / "reflect.db")]) == 0
    assert main(["new", "--db", str(tmp_path / "reflect.db")]) == 0
    assert [app.long_lived for app in made] == [True, True]


async def test_a_failure_while_settling_in_leaves_the_app_running_and_the_collector_as_it_is(
    make_app, collector_restored, monkeypatch
) -> None:
    import reflect.tui.patterns.screen as patterns

    def broken(app) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("something unforeseen in the figures")

    monkeypatch.setattr(patterns, "rehearse_first_figures", broken)
    app = make_app(long_lived=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert app.is_running and gc.get_freeze_count() == 0
        await pilot.press("t")
        await settled(pilot)
        assert type(app.screen).__name__ == "PatternsScreen"
