"""The Patterns screen in a practitioner's first weeks: the answers themselves where there are too
few for a rate, legends that say exactly when a rate is shown, and the view assembled as `reflect
stats` assembles it."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, TabbedContent

from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.tui.patterns import PatternsScreen
from reflect.tui.settle import settled
from tests.helpers.app import wait_for_store
from tests.helpers.cli import make_database
from tests.helpers.environment import FIXED_NOW

QUESTIONS = default_question_set()
Y, P = Response.YES, Response.PARTLY


def reflection(days_ago: float, ident: int, responses: list[Response], kind: str = "phone") -> Reflection:
    moment = FIXED_NOW - timedelta(days=days_ago)
    return Reflection(
        uuid=f"00000000-0000-4000-8000-{ident:012d}", question_set_id=QUESTIONS.id, question_set_version=QUESTIONS.version,
        occurred_at=moment, created_at=moment, updated_at=moment, kind=kind,
        answers={key: Answer(response) for key, response in zip(QUESTIONS.keys, responses)},
    )  # fmt: skip


def three_reflections(db_path) -> None:  # type: ignore[no-untyped-def]
    make_database(
        db_path,
        reflection(3, 1, [Y] * 10),
        reflection(2.9, 2, [Y] * 10, kind="home-visit"),
        reflection(2, 3, [P] + [Y] * 9),
    )


def text_of(widget) -> str:  # type: ignore[no-untyped-def]
    return str(widget.render())


async def open_patterns(pilot, *keys: str) -> PatternsScreen:  # type: ignore[no-untyped-def]
    await wait_for_store(pilot)
    await pilot.press("t", *keys)
    await settled(pilot)
    (screen,) = [screen for screen in pilot.app.screen_stack if isinstance(screen, PatternsScreen)]
    return screen


async def test_the_first_weeks_show_the_answers_rather_than_a_dash(make_app, db_path) -> None:
    three_reflections(db_path)
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot)
        table = screen.query_one("#patterns-table", DataTable)
        assert str(table.get_row("make-sense")[1]) == "Yes 2 of 3"
        assert str(table.get_row("hope")[1]) == "Yes 3 of 3"
        highlights = text_of(screen.query_one("#patterns-highlights"))
        assert "5 or more" in highlights and "n = the Yes, Partly and No answers" in highlights
        chime = text_of(screen.query_one("#patterns-chime"))
        assert "– (n=" not in chime and "until each of its" in chime
        screen.query_one(TabbedContent).active = "kinds"
        await settled(pilot)
        kinds = screen.query_one("#kind-grid", DataTable)
        pooled = [str(cell) for cell in kinds.get_row("all")[1:]]
        assert not any("%" in cell for cell in pooled), pooled
        assert "–" not in "".join(str(cell) for row in range(kinds.row_count) for cell in kinds.get_row_at(row)[1:])


async def test_a_period_with_nothing_before_it_says_nothing_of_a_change(make_app, db_path) -> None:
    three_reflections(db_path)
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot, "4")  # all time
        assert "Change" not in text_of(screen.query_one("#patterns-highlights"))
        screen.query_one(TabbedContent).active = "activity"
        await settled(pilot)
        words = text_of(screen.query_one("#activity-words"))
        assert words.startswith("You reflected on 2 days") and " of the " not in words


async def test_activity_names_the_period_it_counts(make_app, db_path) -> None:
    three_reflections(db_path)
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot)  # the last 3 months
        screen.query_one(TabbedContent).active = "activity"
        await settled(pilot)
        assert text_of(screen.query_one("#activity-words")).startswith("You reflected on 2 days in the last 3 months")


async def test_the_screen_assembles_its_view_as_stats_does(make_app, db_path, monkeypatch) -> None:
    from reflect.services import patterns_view as service

    three_reflections(db_path)
    calls = []
    real = service.patterns_view

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "patterns_view", recorded)
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot)
        assert calls, "the screen worked out its own view"
        assert isinstance(screen._shown, service.PatternsView)


async def test_the_first_run_says_what_the_figures_will_show_as_they_do(make_app) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot)
        summary = " ".join(text_of(screen.query_one("#patterns-summary")).split())
        assert "not enough reflections yet" not in summary
        assert "the answers themselves" in summary and "5 or more" in summary


async def test_the_trend_shows_the_answers_where_a_period_has_too_few(make_app, db_path) -> None:
    three_reflections(db_path)
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot, "right_square_bracket")
        grid = screen.query_one("#trend-grid", DataTable)
        shown = [str(cell).strip() for cell in grid.get_row("make-sense")[1:]]
        assert "·" not in shown and any("/" in cell for cell in shown), shown
        assert "2/3: 2 Yes of 3" in text_of(screen.query_one("#trend-legend"))
