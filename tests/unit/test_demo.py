"""`reflect demo`: a fictional practitioner with patterns worth finding, in a folder that goes away."""

from __future__ import annotations

import stat
from collections import Counter
from pathlib import Path

import pytest

from reflect.demo import GROWTH_COMMITMENT, practice_reflections
from reflect.model import Reflection, Response
from reflect.questions import default_question_set
from tests.helpers.environment import FIXED_NOW

QUESTIONS = default_question_set()


def rate(reflections: list[Reflection], key: str) -> float:
    counts = Counter(reflection.response_for(key) for reflection in reflections)
    n = counts[Response.YES] + counts[Response.PARTLY] + counts[Response.NO]
    return (counts[Response.YES] + counts[Response.PARTLY] / 2) / n


@pytest.fixture(scope="module")
def practice() -> list[Reflection]:
    return practice_reflections(QUESTIONS, FIXED_NOW)


def test_about_six_months_of_weekday_reflections_newest_first(practice: list[Reflection]) -> None:
    assert 120 <= len(practice) <= 140
    span = practice[0].occurred_at - practice[-1].occurred_at
    assert 170 <= span.days <= 185
    assert [reflection.occurred_at for reflection in practice] == sorted((r.occurred_at for r in practice), reverse=True)
    assert all(reflection.occurred_at <= FIXED_NOW and reflection.occurred_at.weekday() < 5 for reflection in practice)
    assert len({reflection.uuid for reflection in practice}) == len(practice)


def test_the_same_seed_gives_the_same_practitioner() -> None:
    first, again = practice_reflections(QUESTIONS, FIXED_NOW, seed=4), practice_reflections(QUESTIONS, FIXED_NOW, seed=4)
    assert first == again
    assert practice_reflections(QUESTIONS, FIXED_NOW, seed=5) != first
    assert len(practice_reflections(QUESTIONS, FIXED_NOW, count=500)) == 500


def test_shared_stories_grow_after_the_commitment_linked_to_them(practice: list[Reflection]) -> None:
    committed = [reflection for reflection in practice if reflection.commitment == GROWTH_COMMITMENT[0]]
    assert len(committed) == 1 and committed[0].commitment_questions == GROWTH_COMMITMENT[1]
    before = [reflection for reflection in practice if reflection.occurred_at < committed[0].occurred_at]
    after = [reflection for reflection in practice if reflection.occurred_at > committed[0].occurred_at]
    assert rate(after, "lived-experience") - rate(before, "lived-experience") > 0.2


def test_community_differs_by_kind_of_interaction(practice: list[Reflection]) -> None:
    out_and_about = [reflection for reflection in practice if reflection.kind in ("home-visit", "community")]
    on_the_phone = [reflection for reflection in practice if reflection.kind in ("phone", "crisis")]
    assert rate(out_and_about, "community") - rate(on_the_phone, "community") > 0.25


def test_some_reflections_and_notes_are_flagged_and_commitments_are_linked(practice: list[Reflection]) -> None:
    assert any(reflection.flagged for reflection in practice)
    flagged_notes = [answer for reflection in practice for answer in reflection.answers.values() if answer.flagged]
    assert flagged_notes and all(answer.note for answer in flagged_notes)
    commitments = [reflection for reflection in practice if reflection.commitment]
    assert len(commitments) >= 8 and all(reflection.commitment_questions for reflection in commitments)


def test_the_demo_runs_in_a_private_throwaway_folder_and_never_opens_your_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reflect.cli import main
    from reflect.paths import data_dir
    from reflect.store import open_store
    from reflect.tui.app import ReflectApp

    seen: dict[str, object] = {}

    def run(app: ReflectApp) -> None:  # instead of showing the app: look at what it was given
        seen.update(
            path=app.db_path, demo=app.demo, settings=app.settings_path,
            mode=stat.S_IMODE(app.db_path.parent.stat().st_mode),
        )  # fmt: skip
        store = open_store(app.db_path)
        try:
            seen["count"] = len(store.list_reflections())
        finally:
            store.close()

    monkeypatch.setattr(ReflectApp, "run", run)
    assert main(["demo", "--reflections", "30", "--seed", "2"]) == 0
    assert seen["demo"] is True and seen["count"] == 30 and seen["mode"] == 0o700
    folder = Path(seen["path"]).parent  # type: ignore[arg-type]
    assert Path(seen["settings"]).parent == folder  # type: ignore[arg-type]
    assert not folder.exists()  # removed at exit
    assert not data_dir().exists()  # the user's own data folder was never made, let alone opened
    assert "The demo data has been removed" in capsys.readouterr().out

