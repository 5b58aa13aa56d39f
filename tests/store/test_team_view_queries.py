"""The team view asks the store a fixed number of questions whatever the size of the team.

A query per practitioner (their figures, their flagged reflections) read every reflection in the
team database each time, so `reflect team summary` grew with the square of the team: 107 s at
10,000 practitioners. The figures it shows must still be exactly what figures() gives.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import replace
from pathlib import Path

from sqlalchemy import event

from reflect.demo import demo_team
from reflect.exchange.team import team_view
from reflect.model import Selection
from reflect.patterns import figures
from reflect.questions import default_question_set
from reflect.store import Store, TeamBundle, open_store
from tests.helpers.environment import FIXED_NOW


def team_store(path: Path, practitioners: int) -> Store:
    """A team database of the demo team's bundles, copied under new practitioners up to `practitioners`."""
    store = open_store(path, team=True)
    demo = demo_team(default_question_set(), FIXED_NOW)
    bundles = []
    for number in range(practitioners):
        source = demo[number % len(demo)]
        practitioner = replace(
            source.practitioner, id=str(uuid.uuid4()), bundle_id=str(uuid.uuid4()), display_name=f"{source.practitioner.display_name} {number}"
        )
        bundles.append(TeamBundle(practitioner, [replace(copy.deepcopy(r), uuid=str(uuid.uuid4())) for r in source.reflections]))
    store.import_bundles(bundles)
    return store


def queries_for_team_view(store: Store) -> int:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        team_view(store, default_question_set())
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return len(statements)


def test_the_team_view_asks_as_many_questions_for_three_practitioners_as_for_eight(tmp_path: Path) -> None:
    small = team_store(tmp_path / "three.db", 3)
    large = team_store(tmp_path / "eight.db", 8)
    try:
        assert queries_for_team_view(small) == queries_for_team_view(large)
    finally:
        small.close()
        large.close()


def test_each_practitioners_figures_are_what_figures_gives(tmp_path: Path) -> None:
    question_set = default_question_set()
    store = team_store(tmp_path / "team.db", 5)
    try:
        view = team_view(store, question_set)
        assert len(view.practitioners) == 5
        for each in view.practitioners:
            expected = figures(store, question_set, Selection(practitioner=each.practitioner.id))
            assert each.figures == expected
            assert each.questions == expected.questions
        assert view.team == figures(store, question_set, Selection())
    finally:
        store.close()


def test_practitioners_and_bundles_counted_from_the_tallies_are_those_counted_from_the_reflections(tmp_path: Path) -> None:
    store = team_store(tmp_path / "team.db", 6)
    try:
        # One who shared a bundle without reflections: counted 0 either way.
        someone = store.practitioners()[0]
        store.import_bundles([TeamBundle(replace(someone, id=str(uuid.uuid4()), bundle_id=str(uuid.uuid4()), display_name="New"), [])])
        assert store.practitioners(store.answer_tallies()) == store.practitioners()
        assert store.bundles(store.answer_tallies()) == store.bundles()
        assert any(b.reflections == 0 for b in store.bundles()) and any(b.reflections for b in store.bundles())
        assert any(p.reflections == 0 for p in store.practitioners()) and any(p.reflections for p in store.practitioners())
    finally:
        store.close()
