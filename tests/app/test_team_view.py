"""The team view (`reflect team --db TEAM.db`), driven with Pilot and pictured at 80x24 and 120x36."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from reflect.demo import demo_team
from reflect.questions import default_question_set
from reflect.store import TeamBundle, open_store
from reflect.tui.settle import settled
from reflect.tui.team import TeamApp
from tests.helpers.environment import FIXED_NOW

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


def seed_team(path: Path, practitioners: int) -> None:
    store = open_store(path, team=True)
    try:
        bundles = demo_team(default_question_set(), FIXED_NOW, practitioners=practitioners)
        store.import_bundles([TeamBundle(b.practitioner, b.reflections) for b in bundles])
    finally:
        store.close()


@pytest.fixture
def make_team_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    def build(practitioners: int) -> TeamApp:
        path = tmp_path / "team.db"
        seed_team(path, practitioners)
        return TeamApp(db_path=path, settings_path=tmp_path / "config" / "settings.json", cursor_blink=False)

    return build


def shown_keys(app: TeamApp) -> list[str]:
    """The keys the footer offers."""
    return sorted(key for key, active in app.screen.active_bindings.items() if active.binding.show)


def column_headings(app: TeamApp) -> list[str]:
    table = app.screen.query_one("#team-table", DataTable)
    return [str(column.label) for column in table.columns.values()]


async def test_three_practitioners_side_by_side_with_the_team_column_first(make_team_app) -> None:
    app = make_team_app(3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert column_headings(app) == ["Practice", "Team", "Alex", "Jo", "Sam"]
        table = app.screen.query_one("#team-table", DataTable)
        for row in range(table.row_count):
            assert all(" n=" in str(cell) for cell in table.get_row_at(row)[1:])
        pattern = str(app.screen.query_one("#team-pattern").render())
        assert "The team's pattern (3 practitioners, 37 reflections)" in pattern and "Strengths:" in pattern


async def test_with_two_practitioners_there_is_no_team_column_and_it_says_why(make_team_app) -> None:
    app = make_team_app(2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert column_headings(app) == ["Practice", "Alex", "Sam"]
        pattern = str(app.screen.query_one("#team-pattern").render())
        assert "at least 3 practitioners" in pattern and "(2 so far)" in pattern


async def test_each_practitioners_flags_are_shown_and_words_only_where_shared(make_team_app) -> None:
    app = make_team_app(3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        people = [str(widget.render()) for widget in app.screen.query("#team-people Static")]
    text = "\n".join(people)
    sam = text.split("Sam ·")[1]
    alex = text.split("Alex ·")[1].split("Jo ·")[0]
    assert "I noticed I wanted to fix things rather than listen." in sam
    assert "⚑ Flagged for supervision" in alex and "Their words were not included in this bundle" in alex


async def test_an_empty_team_database_explains_how_to_fill_it(tmp_path: Path) -> None:
    open_store(tmp_path / "team.db", team=True).close()
    app = TeamApp(db_path=tmp_path / "team.db", settings_path=tmp_path / "settings.json", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        summary = str(app.screen.query_one("#team-summary").render())
        assert "No bundles in this team database yet" in summary and "reflect team --db" in summary
        assert not app.screen.query_one("#team-table").display


async def test_q_closes_the_team_view(make_team_app) -> None:
    app = make_team_app(1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_practitioners_own_database_is_refused_with_a_message(tmp_path: Path, db_path: Path) -> None:
    from tests.helpers.app import seed_demo

    seed_demo(db_path)
    app = TeamApp(db_path=db_path, settings_path=tmp_path / "settings.json", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            if app.failure:
                break
            await pilot.pause(0.02)
    assert app.failure is not None and "own reflections, not a team's" in app.failure


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("practitioners", [pytest.param(3, id="three"), pytest.param(2, id="two"), pytest.param(0, id="empty")])
def test_team_view_appearance(practitioners: int, size: tuple[int, int], snap_compare, make_team_app) -> None:
    async def reach(pilot) -> None:  # type: ignore[no-untyped-def]
        await settled(pilot)

    assert snap_compare(make_team_app(practitioners), terminal_size=size, run_before=reach)


def seed_many(path: Path, names: list[str], ids: list[str] | None = None) -> None:
    """A team of len(names) practitioners, each with a week of the demo's reflections (under `ids` if given)."""
    import uuid

    from reflect.demo import demo_reflections
    from reflect.exchange.bundle import make_bundle, parse_bundle

    questions = default_question_set()
    store = open_store(path, team=True)
    try:
        for number, name in enumerate(names):
            made = demo_reflections(questions, FIXED_NOW, count=8, seed=40 + number)
            practitioner_id = ids[number] if ids else str(uuid.UUID(int=number + 1, version=4))
            document = make_bundle(made, questions, practitioner_id=practitioner_id, name=name,
                                   start=None, end=FIXED_NOW, include_notes=False, person_codes=set(), now=FIXED_NOW)  # fmt: skip
            read = parse_bundle(document, name)
            store.import_bundles([TeamBundle(read.practitioner, read.reflections)])
    finally:
        store.close()


SIX = ["Sam Okafor", "Alex", "Jo", "Priya Raman", "Chris", "Morgan Lee-Hughes"]


async def test_a_team_wider_than_the_screen_scrolls_sideways_and_keeps_every_practice_in_sight(tmp_path: Path) -> None:
    seed_many(tmp_path / "team.db", SIX)
    app = TeamApp(db_path=tmp_path / "team.db", settings_path=tmp_path / "settings.json", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        table = app.screen.query_one("#team-table", DataTable)
        # All ten practices and the heading stay visible above the sideways scrollbar.
        assert table.scrollable_content_region.height == 11
        assert table.max_scroll_x > 0 and table.fixed_columns == 2  # Practice and Team
        # A long name is shortened in the heading (the full name heads their flagged notes below).
        assert "Morgan Lee-Hu…" in column_headings(app)
        assert shown_keys(app) == ["escape", "q", "right"]
        await pilot.press("right", "right")
        await settled(pilot)
        assert table.scroll_x > 0
        await pilot.press("left", "left")
        await settled(pilot)
        assert table.scroll_x == 0


async def test_a_team_that_fits_has_no_sideways_key_in_the_footer(make_team_app) -> None:
    app = make_team_app(3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        table = app.screen.query_one("#team-table", DataTable)
        assert table.max_scroll_x == 0 and table.scrollable_content_region.height == 11
        assert shown_keys(app) == ["escape", "q"]


def test_team_view_wider_than_the_screen(snap_compare, tmp_path: Path) -> None:
    seed_many(tmp_path / "team.db", SIX)
    app = TeamApp(db_path=tmp_path / "team.db", settings_path=tmp_path / "settings.json", cursor_blink=False)

    async def reach(pilot) -> None:  # type: ignore[no-untyped-def]
        await settled(pilot)
        await pilot.press("right")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=reach)


async def test_flagged_items_without_words_are_shown_with_their_answers(make_team_app) -> None:
    app = make_team_app(3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        people = [str(widget.render()) for widget in app.screen.query("#team-people Static")]
    alex = "\n".join(people).split("Alex ·")[1].split("Jo ·")[0]
    # Alex shared no words: each flagged item is there all the same, with its day, kind and answers.
    assert "· reflection" in alex and "Answers: Making sense " in alex
    assert "· note on " in alex and "Answered " in alex


async def test_two_practitioners_with_one_name_are_told_apart_by_a_short_id(tmp_path: Path) -> None:
    ids = ["3f2a9c11-0000-4000-8000-000000000001", "3f2a9d22-0000-4000-8000-000000000002", "81bd0733-0000-4000-8000-000000000003"]
    seed_many(tmp_path / "team.db", ["Sam Okafor", "Sam Okafor", "Jo"], ids)
    app = TeamApp(db_path=tmp_path / "team.db", settings_path=tmp_path / "settings.json", cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        headings = column_headings(app)
        people = "\n".join(str(widget.render()) for widget in app.screen.query("#team-people Static.person"))
    # Six characters of the id, more where two ids start alike; none beside a name no one else has.
    assert headings == ["Practice", "Team", "Jo", "Sam Okafor 3f2a9c", "Sam Okafor 3f2a9d"]
    assert "Sam Okafor (3f2a9c) ·" in people and "Sam Okafor (3f2a9d) ·" in people and "Jo ·" in people


async def test_month_on_month_is_shown_for_the_team_and_each_practitioner_with_the_periods_pooled(make_team_app) -> None:
    app = make_team_app(3)  # the demo's four weeks run from October into November
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        pattern = str(app.screen.query_one("#team-pattern").render())
        months = [str(widget.render()) for widget in app.screen.query("#team-people .person-months")]
    assert "Periods pooled: 26 Oct 2026 to 23 Nov 2026." in pattern
    assert "Month on month" in pattern and "Oct 2026" in pattern and "Nov 2026" in pattern
    # Two of the three reflected in both months; the third's one month has nothing to compare.
    assert len(months) == 2 and all("Oct 2026" in each and " n=" in each for each in months)
