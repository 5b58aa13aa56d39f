"""Flagging a reflection, or one answer's note, to bring to supervision with `reflect add` (--flag, --flag-note).
Flagging in the app is tests/app/test_flagging.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reflect.store import open_store
from tests.helpers.cli import ALL_YES, assert_clean_failure, make_database, reflection_at
from tests.helpers.running import reflect_main

NOTE_KEY = "lived-experience"  # question 4


def stored(db_path: Path, uuid: str | None = None):  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        return store.get(uuid) if uuid else (store.list_reflections() + store.drafts())
    finally:
        store.close()


def test_add_flag_flags_the_reflection_and_says_so(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "r.db"
    result = reflect_main("add", "--db", str(db), "--answers", ALL_YES, "--flag", env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert "Flagged for supervision." in result.stdout
    (reflection,) = stored(db)
    assert reflection.flagged


def test_add_flag_note_flags_that_questions_note(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "r.db"
    result = reflect_main(
        "add", "--db", str(db), "--answers", ALL_YES, "--note", "4=too much of my story", "--note", "5=fine",
        "--flag-note", "4", env=subprocess_env,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "1 note flagged for supervision" in result.stdout
    (reflection,) = stored(db)
    assert reflection.answers[NOTE_KEY].flagged and not reflection.answers["beyond-sick-role"].flagged
    assert not reflection.flagged


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--flag-note", "4"], ["--flag-note 4", "no note", "--note 4=TEXT"]),
        (["--flag-note", "11"], ["--flag-note '11'", "1-10"]),
        (["--flag-note", "four"], ["--flag-note 'four'"]),
    ],
    ids=["no note", "no such question", "not a number"],
)
def test_add_flag_note_that_cannot_be_flagged_exits_2_and_changes_nothing(
    args: list[str], fragments: list[str], tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    db = tmp_path / "r.db"
    before = make_database(db, reflection_at(datetime(2020, 5, 1, 9, 0, tzinfo=UTC), "11111111-0000-4000-8000-000000000001"))

    result = reflect_main("add", "--db", str(db), "--answers", ALL_YES, *args, env=subprocess_env)

    assert_clean_failure(result, 2, *fragments)
    assert db.read_bytes() == before
