"""`reflect add` and `reflect share` check for likely identifiers: nothing is saved or shared until the
practitioner says to keep the text as written (--keep-identifiers). The app's side is tests/app/test_privacy.py."""

from __future__ import annotations

from pathlib import Path

from reflect.store import open_store
from tests.helpers.running import reflect_main

NHS_NUMBER = "943 476 5919"
"""Passes the modulus 11 check."""


def stored(db_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    try:
        return store.list_reflections(), store.drafts()
    finally:
        store.close()


def test_add_saves_nothing_and_says_what_was_found_and_how_to_keep_it(db_path: Path, subprocess_env) -> None:
    result = reflect_main(
        "add", "--db", str(db_path), "--answers", "yyyyyyyyyy", "--person", "Mary Jones",
        "--note", f"3=her NHS number is {NHS_NUMBER}", "--note-what", "e-mailed mary.jones@example.org",
        env=subprocess_env,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for expected in [
        "what looks like a full name (Mary Jones) in the person code",
        f"an NHS number ({NHS_NUMBER}) in the note on question 3 (Strengths)",
        'an e-mail address (mary.jones@example.org) in "What happened?"',
        "--keep-identifiers",
        "Nothing was saved",
    ]:
        assert expected in result.stderr
    assert not db_path.exists()


def test_keep_identifiers_saves_the_reflection_as_written_with_a_reminder(db_path: Path, subprocess_env) -> None:
    result = reflect_main(
        "add", "--db", str(db_path), "--answers", "yyyyyyyyyy", "--note", f"3=NHS {NHS_NUMBER}", "--keep-identifiers",
        env=subprocess_env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Saved reflection" in result.stdout
    assert f"an NHS number ({NHS_NUMBER})" in result.stderr  # a reminder of what was kept
    (reflection,), _ = stored(db_path)
    assert reflection.answers["strengths"].note == f"NHS {NHS_NUMBER}"


def test_add_with_nothing_identifying_says_nothing_about_identifiers(db_path: Path, subprocess_env) -> None:
    result = reflect_main("add", "--db", str(db_path), "--answers", "yyyyyyyyyy", "--person", "JB-12", env=subprocess_env)
    assert result.returncode == 0
    assert result.stderr == ""


def test_share_with_notes_writes_nothing_when_a_flagged_note_may_identify_someone(db_path: Path, tmp_path: Path, subprocess_env) -> None:
    added = reflect_main(
        "add", "--db", str(db_path), "--answers", "yyyyyyyyyy", "--note", f"3=NHS {NHS_NUMBER}", "--flag-note", "3",
        "--keep-identifiers", env=subprocess_env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    bundle = tmp_path / "bundle.json"
    share = ["share", "--db", str(db_path), "--as", "Sam", "--include-notes", "--output", str(bundle), "--yes"]

    refused = reflect_main(*share, env=subprocess_env)
    assert refused.returncode == 1
    assert f"an NHS number ({NHS_NUMBER}) in a note of" in refused.stderr
    assert "--keep-identifiers" in refused.stderr and "Traceback" not in refused.stderr
    assert not bundle.exists()

    kept = reflect_main(*share, "--keep-identifiers", env=subprocess_env)
    assert kept.returncode == 0, kept.stderr
    assert NHS_NUMBER in bundle.read_text()


def test_share_without_notes_has_no_words_to_check(db_path: Path, tmp_path: Path, subprocess_env) -> None:
    reflect_main("add", "--db", str(db_path), "--answers", "yyyyyyyyyy", "--note", f"3=NHS {NHS_NUMBER}", "--flag-note", "3",
                "--keep-identifiers", env=subprocess_env)  # fmt: skip
    bundle = tmp_path / "bundle.json"
    result = reflect_main("share", "--db", str(db_path), "--as", "Sam", "--output", str(bundle), "--yes", env=subprocess_env)
    assert result.returncode == 0, result.stderr
    assert NHS_NUMBER not in bundle.read_text()
