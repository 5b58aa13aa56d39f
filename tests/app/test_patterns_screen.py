"""The Patterns screen, driven from the keyboard: what it shows against what the store holds."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

from textual.widgets import DataTable, Input, Select, TabbedContent

from reflect.model import INTERACTION_KINDS, Answer, Response, Selection
from reflect.patterns import activity, figures, trend
from reflect.questions import default_question_set
from reflect.service import new_reflection
from reflect.services.care import rebuild_figures
from reflect.store import open_store
from reflect.tui.patterns import PatternsScreen
from reflect.tui.patterns.period import CustomPeriodDialog
from reflect.tui.screens.detail import DetailScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.settle import settled
from tests.helpers.app import seed_demo, wait_for_store
from tests.helpers.environment import FIXED_NOW

QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys


def text_of(widget) -> str:  # type: ignore[no-untyped-def]
    return str(widget.render())


async def open_patterns(pilot, *keys: str) -> PatternsScreen:  # type: ignore[no-untyped-def]
    await wait_for_store(pilot)
    await pilot.press("t", *keys)
    await settled(pilot)
    (screen,) = [screen for screen in pilot.app.screen_stack if isinstance(screen, PatternsScreen)]
    return screen


def stored_figures(db_path, selection: Selection = Selection()):  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        return figures(store, QUESTIONS, selection)
    finally:
        store.close()


async def test_patterns_show_each_practice_with_its_rate_and_n(make_app, db_path) -> None:
    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot, "4")  # all time
        table = screen.query_one("#patterns-table", DataTable)
        assert table.row_count == 10
        expected = stored_figures(db_path)
        for question in expected.questions:
            row = [str(cell) for cell in table.get_row(question.question.key)]
            assert row[1] == (f"{question.rate * 100:.0f}%" if question.rate is not None else "–")
            assert row[2:8] == [str(count) for count in (question.distribution.n, question.distribution.yes,
                                                         question.distribution.partly, question.distribution.no,
                                                         question.distribution.not_applicable,
                                                         question.distribution.unanswered)]  # fmt: skip
        assert "12 reflections" in text_of(screen.query_one("#patterns-summary"))
        highlights = text_of(screen.query_one("#patterns-highlights"))
        assert "Strengths: " in highlights and "n=" in highlights


async def test_patterns_of_an_empty_database_encourage_rather_than_show_zeros(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot)
        assert "Your patterns will appear here as you reflect" in text_of(screen.query_one("#patterns-summary"))
        assert not screen.query_one("#patterns-sections").display
        await pilot.press("right_square_bracket", "w", "slash")  # sections, grain and search: nothing to show, no error
        await settled(pilot)
        assert not screen.query_one("#patterns-sections").display


async def test_patterns_can_be_narrowed_to_one_kind_from_the_keyboard(make_app, db_path) -> None:
    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot, "4", "k", "down", "down", "enter")  # the second kind in the list
        assert screen.query_one("#patterns-kind", Select).value == "home-visit"
        assert "(home visit)" in text_of(screen.query_one("#patterns-summary"))
        expected = stored_figures(db_path, Selection(kind="home-visit"))
        assert f"{expected.reflections} reflection" in text_of(screen.query_one("#patterns-summary"))


async def test_patterns_can_be_narrowed_to_one_tag_from_the_keyboard(make_app, db_path) -> None:
    reflections = seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot, "4")
        options = [tag for tag in sorted({tag for r in reflections for tag in r.tags})]
        most_used = max(options, key=lambda tag: (sum(tag in r.tags for r in reflections), -options.index(tag)))
        await pilot.press("t", "down", "enter")  # the most used tag comes first
        await settled(pilot)
        assert screen.query_one("#patterns-tag", Select).value == most_used
        summary = text_of(screen.query_one("#patterns-summary"))
        assert f"tagged '{most_used}'" in summary
        assert f"{sum(most_used in r.tags for r in reflections)} reflection" in summary


async def test_patterns_show_a_stored_kind_literally_never_as_markup(make_app, db_path) -> None:
    seed_demo(db_path)
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE reflection SET kind = '[/]oops'")
    connection.commit()
    connection.close()
    rebuild_figures(db_path)  # changed behind the store's back: the sums it keeps are worked out again
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot, "4", *["right_square_bracket"] * 2)  # all time, by kind
        kinds = screen.query_one("#kind-grid", DataTable)
        assert kinds.ordered_columns[1].label.plain.startswith("[/]oops")


async def test_patterns_of_a_period_with_none_say_so_rather_than_welcome(make_app, db_path) -> None:
    reflections = seed_demo(db_path)
    unused = next(kind.key for kind in INTERACTION_KINDS if kind.key not in {r.kind for r in reflections})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot)
        screen.query_one("#patterns-kind", Select).value = unused
        await settled(pilot)
        summary = text_of(screen.query_one("#patterns-summary"))
        assert "0 reflections" in summary and "No reflections match this period, this kind" in summary
        assert "Your patterns will appear here" not in summary


async def test_a_period_of_ones_own_is_typed_in_a_dialog(make_app, db_path) -> None:
    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot, "5")
        assert isinstance(app.screen, CustomPeriodDialog)
        await pilot.press(*"2026-11-01", "enter", *"2026-11-15", "enter")
        await settled(pilot)
        assert app.screen is screen
        summary = text_of(screen.query_one("#patterns-summary"))
        assert summary.startswith("From 01 Nov 2026 to 15 Nov 2026")
        start = FIXED_NOW.replace(day=1, hour=0, minute=30) - timedelta(minutes=30)
        expected = stored_figures(db_path, Selection(start=start, end=start + timedelta(days=15)))
        assert f"{expected.reflections} reflection" in summary
        assert "01 Nov 2026 – 15 Nov 2026" in text_of(screen.query_one("#period-choice"))


async def test_a_period_that_cannot_be_read_is_explained_and_escape_keeps_the_old_one(make_app, db_path) -> None:
    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot)
        before = text_of(screen.query_one("#patterns-summary"))
        await pilot.press("5", *"someday", "enter", "enter")
        assert isinstance(app.screen, CustomPeriodDialog)
        assert "Could not read 'someday' as a time" in text_of(app.screen.query_one("#period-problem"))
        await pilot.press("escape")
        await settled(pilot)
        assert app.screen is screen and text_of(screen.query_one("#patterns-summary")) == before


async def test_a_mistyped_period_puts_the_cursor_back_in_the_field_at_fault(make_app, db_path) -> None:
    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot)
        await pilot.press("5", *"next tuesday", "enter", "enter")
        dialog = app.screen
        assert isinstance(dialog, CustomPeriodDialog)
        problem = text_of(dialog.query_one("#period-problem"))
        assert "From" in problem and "future" in problem and "interaction" not in problem
        assert app.focused is dialog.query_one("#period-from")

        await pilot.press("ctrl+u", *"3 weeks ago", "enter", *"someday", "enter")
        assert "Could not read 'someday'" in text_of(dialog.query_one("#period-problem"))
        assert app.focused is dialog.query_one("#period-to")

        await pilot.press("ctrl+u", *"1 week ago", "enter")
        await settled(pilot)
        assert app.screen is screen
        assert text_of(screen.query_one("#patterns-summary")).startswith("From ")


async def test_the_trend_shows_each_practice_period_by_period(make_app, db_path) -> None:
    seed_demo(db_path, count=30)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot, "right_square_bracket")
        assert screen.query_one(TabbedContent).active == "trend"
        store = open_store(db_path)
        expected = trend(store, QUESTIONS, screen.selection(), FIXED_NOW)
        store.close()
        grid = screen.query_one("#trend-grid", DataTable)
        assert len(grid.ordered_columns) == 1 + len(expected.periods)
        (_, cells), *_ = expected.questions
        shown = [str(cell).strip() for cell in grid.get_row(KEYS[0])[1:]]
        wanted = [f"{d.rate(expected.min_n) * 100:.0f}" if d.rate(expected.min_n) is not None else f"{d.yes}/{d.n}" if d.n else ""
                  for d in cells]  # fmt: skip
        assert shown == wanted and any(wanted)
        assert f"by {expected.grain}" in text_of(screen.query_one("#trend-title"))

        await pilot.press("w")
        await settled(pilot)
        shown = screen._shown
        assert shown is not None and shown.trend.grain != expected.grain


async def test_a_trend_wider_than_the_screen_opens_on_the_latest_and_says_so(make_app, db_path) -> None:
    seed_demo(db_path, count=30)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot, "right_square_bracket")
        grid = screen.query_one("#trend-grid", DataTable)
        while screen._shown is not None and screen._shown.trend.grain != "week":
            await pilot.press("w")
            await settled(pilot)
        assert grid.max_scroll_x > 0 and grid.scroll_x == grid.max_scroll_x
        assert "Scroll sideways" in text_of(screen.query_one("#trend-legend"))

        while screen._shown is not None and screen._shown.trend.grain != "year":
            await pilot.press("w")
            await settled(pilot)
        assert grid.max_scroll_x == 0
        assert "Scroll sideways" not in text_of(screen.query_one("#trend-legend"))


async def test_activity_and_commitments_have_sections_of_their_own(make_app, db_path) -> None:
    reflections = seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_patterns(pilot, "4")
        screen.query_one(TabbedContent).active = "activity"
        await settled(pilot)
        store = open_store(db_path)
        days = activity(store, Selection(), FIXED_NOW)
        store.close()
        assert days is not None
        assert f"You reflected on {days.active_days} days since your first reflection" in text_of(screen.query_one("#activity-words"))
        calendar = text_of(screen.query_one("#activity-calendar"))
        assert calendar.count("▪") + calendar.count("■") + calendar.count("█") >= days.active_days

        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert screen.query_one(TabbedContent).active == "commitments"
        listed = text_of(screen.query_one("#commitments-text"))
        latest = max((r for r in reflections if r.commitment), key=lambda r: r.occurred_at)
        assert latest.commitment in listed
        first_practice = QUESTIONS.by_key(latest.commitment_questions[0])
        assert first_practice is not None and f"{first_practice.label}: 4 weeks before" in listed


async def test_notes_are_searched_and_open_their_reflection(make_app, db_path) -> None:
    seed_demo(db_path)
    store = open_store(db_path)
    special = new_reflection(QUESTIONS, FIXED_NOW - timedelta(days=3))
    special.is_draft = False
    special.answers = {KEYS[4]: Answer(Response.YES, "She asked about volunteering at the [b]library[/b]")}
    store.save(special)
    store.close()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_patterns(pilot, "slash")
        assert screen.query_one(TabbedContent).active == "notes"
        assert isinstance(app.focused, Input)
        await pilot.press(*"volunteer")
        await pilot.pause(0.3)
        await settled(pilot)
        table = screen.query_one("#notes-table", DataTable)
        assert table.row_count == 1
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[1] == QUESTIONS.questions[4].label
        assert row[2] == "She asked about volunteering at the [b]library[/b]"  # shown as typed, never as markup
        await pilot.press("enter")  # leaves the search for the list
        await pilot.press("enter")  # opens the reflection
        await settled(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.uuid == special.uuid


async def test_escape_leaves_the_notes_search_first_and_then_the_screen(make_app, db_path) -> None:
    seed_demo(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_patterns(pilot, "slash")
        await pilot.press("escape")
        assert app.screen is screen and not isinstance(app.focused, Input)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_screen_says_it_is_working_while_figures_are_worked_out(make_app, db_path, monkeypatch) -> None:
    import reflect.services.patterns_view as patterns_service

    seed_demo(db_path)
    work_out = patterns_service.patterns_view
    go_on = threading.Event()

    def slowly(*args, **kwargs):  # type: ignore[no-untyped-def]
        go_on.wait(timeout=10)
        return work_out(*args, **kwargs)

    monkeypatch.setattr(patterns_service, "patterns_view", slowly)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t")
        await pilot.pause(0.1)
        assert text_of(app.screen.query_one("#patterns-summary")) == "Working out your patterns…"
        await pilot.press("2")  # the screen still takes keys while it works
        assert app.screen.period == "3m"
        go_on.set()
        await settled(pilot)
        assert "reflections" in text_of(app.screen.query_one("#patterns-summary"))
