"""Feedback back to the practitioner: the supervisor's comments on flagged items and the actions agreed,
written as a feedback file (0600, checked for identifiers, versioned, with a checksum) and imported by the
practitioner: comments on the reflections they are about, actions among the commitments Patterns follows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflect.exchange.bundle import bundle_json, checksum
from reflect.model import Selection
from reflect.store import open_store
from tests.cli.test_share_and_team import personal_reflections, share
from tests.helpers.cli import assert_clean_failure, make_database
from tests.helpers.running import reflect_main

FLAGGED = "00000000-0000-4000-8000-000000000003"
NOTE_FLAGGED = "00000000-0000-4000-8000-000000000005"


@pytest.fixture
def personal(tmp_path: Path) -> Path:
    database = tmp_path / "mine.db"
    make_database(database, *personal_reflections())
    return database


@pytest.fixture
def team(personal: Path, tmp_path: Path, subprocess_env) -> Path:  # type: ignore[no-untyped-def]
    share(personal, tmp_path / "sam.json", subprocess_env, "--as", "Sam Okafor", "--include-notes", "--yes")
    database = tmp_path / "team.db"
    reflect_main("team", "--db", str(database), "import", str(tmp_path / "sam.json"), env=subprocess_env)
    return database


def supervision(team: Path, env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return reflect_main("team", "--db", str(team), "supervision", *args, env=env)


@pytest.fixture
def feedback(team: Path, tmp_path: Path, subprocess_env) -> Path:  # type: ignore[no-untyped-def]
    supervision(team, subprocess_env, "record", "Sam Okafor", "--date", "2025-12-01", "--with", "Sam Okafor", "--with", "Ali Shah",
                "--comment", FLAGGED, "You stayed with the move: what helped?", "--action", "Ask about hopes at the first visit")  # fmt: skip
    output = tmp_path / "feedback.json"
    result = supervision(team, subprocess_env, "feedback", "Sam Okafor", "--output", str(output))
    assert result.returncode == 0, result.stderr
    return output


def test_the_feedback_file_holds_the_sessions_comments_and_actions_and_nothing_of_anyones_person_codes(feedback: Path) -> None:
    document = json.loads(feedback.read_text(encoding="utf-8"))

    assert feedback.stat().st_mode & 0o077 == 0
    assert (document["format"], document["format_version"]) == ("reflect-supervision-feedback", 1)
    assert document["session"] == {"day": "2025-12-01", "with": ["Sam Okafor", "Ali Shah"]}
    assert document["comments"] == [{"reflection_id": FLAGGED, "text": "You stayed with the move: what helped?"}]
    assert document["actions"] == [{"number": 1, "text": "Ask about hopes at the first visit"}]
    assert document["checksum"] == checksum(document)
    text = feedback.read_text(encoding="utf-8")
    assert "JB-12" not in text and "KT-7" not in text and "[person]" not in text


def test_the_practitioner_imports_it_and_the_comment_is_on_its_reflection(personal: Path, feedback: Path, subprocess_env) -> None:
    result = reflect_main("--db", str(personal), "feedback", "import", str(feedback), env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "From your supervision of 1 Dec 2025 (with Sam Okafor, Ali Shah): 1 comment now on the reflection it is about; "
        "1 agreed action now among your commitments.\n"
    )
    store = open_store(personal)
    try:
        (comment,) = store.comments_on(FLAGGED)
        assert store.comments_on(NOTE_FLAGGED) == []
    finally:
        store.close()
    assert comment.text == "You stayed with the move: what helped?" and comment.attendees == ["Sam Okafor", "Ali Shah"]


def test_an_agreed_action_is_a_commitment_that_patterns_follows_up(personal: Path, feedback: Path, subprocess_env) -> None:
    reflect_main("--db", str(personal), "feedback", "import", str(feedback), env=subprocess_env)

    result = reflect_main("--db", str(personal), "stats", "--from", "2025-11-01", "--to", "2025-12-31", env=subprocess_env)

    assert result.returncode == 0, result.stderr
    commitments = result.stdout.split("Commitments (latest first)")[1]
    assert "01 Dec 2025: Ask about hopes at the first visit (agreed in supervision)" in commitments
    assert commitments.index("agreed in supervision") < commitments.index("Ask about the course")  # latest first, with their own


def test_importing_the_same_feedback_twice_changes_nothing(personal: Path, feedback: Path, subprocess_env) -> None:
    reflect_main("--db", str(personal), "feedback", "import", str(feedback), env=subprocess_env)

    result = reflect_main("--db", str(personal), "feedback", "import", str(feedback), env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert "already here; nothing changed" in result.stdout
    store = open_store(personal)
    try:
        assert len(store.comments_on(FLAGGED)) == 1
        assert len(store.supervision_commitments(Selection())) == 1
    finally:
        store.close()


def resealed(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    document["checksum"] = checksum(document)
    path.write_text(bundle_json(document), encoding="utf-8")


def edited(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(bundle_json(document), encoding="utf-8")


BAD_FILES = {
    "edited after it was written": (lambda f: edited(f, lambda d: d["comments"][0].update(text="Changed")), ["checksum"]),
    "an extra field": (lambda f: resealed(f, lambda d: d["comments"][0].update(person_code="JB-12")), ["person_code"]),
    "a newer format": (lambda f: resealed(f, lambda d: d.update(format_version=2)), ["newer version"]),
    "a comment that is not on a reflection id": (lambda f: resealed(f, lambda d: d["comments"][0].update(reflection_id="JB-12")), ["not a reflection id"]),
    "a day that is not one": (lambda f: resealed(f, lambda d: d["session"].update(day="yesterday")), ["session.day"]),
    "no comment and no action": (lambda f: resealed(f, lambda d: d.update(comments=[], actions=[])), ["neither a comment nor an action"]),
    "for another journal": (lambda f: resealed(f, lambda d: d["practitioner"].update(id="11111111-1111-4111-8111-111111111111")), ["another journal"]),
    "cut short": (lambda f: f.write_text(f.read_text(encoding="utf-8")[:100], encoding="utf-8"), ["cut short"]),
}


@pytest.mark.parametrize(("damage", "fragments"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_feedback_file_is_refused_in_one_line_and_nothing_is_imported(
    damage, fragments: list[str], personal: Path, feedback: Path, subprocess_env  # type: ignore[no-untyped-def]
) -> None:
    damage(feedback)
    before = personal.read_bytes()

    result = reflect_main("--db", str(personal), "feedback", "import", str(feedback), env=subprocess_env)

    assert_clean_failure(result, 1, *fragments)
    assert personal.read_bytes() == before


def test_a_bundle_given_as_feedback_is_refused_saying_what_it_is(personal: Path, tmp_path: Path, subprocess_env) -> None:
    share(personal, tmp_path / "sam.json", subprocess_env, "--as", "Sam", "--yes")

    result = reflect_main("--db", str(personal), "feedback", "import", str(tmp_path / "sam.json"), env=subprocess_env)

    assert_clean_failure(result, 1, "is a supervision bundle")


def test_words_that_may_identify_someone_are_not_written_without_keep_identifiers(team: Path, tmp_path: Path, subprocess_env) -> None:
    supervision(team, subprocess_env, "record", "Sam Okafor", "--date", "2025-12-01", "--with", "Sam",
                "--comment", FLAGGED, "Call them on 07700 900123 first")  # fmt: skip
    output = tmp_path / "feedback.json"

    refused = supervision(team, subprocess_env, "feedback", "Sam Okafor", "--output", str(output))
    kept = supervision(team, subprocess_env, "feedback", "Sam Okafor", "--output", str(output), "--keep-identifiers")

    assert_clean_failure(refused, 1, "a phone number (07700 900123)", "--keep-identifiers")
    assert kept.returncode == 0 and output.exists()


def test_a_comment_on_a_reflection_no_longer_in_the_journal_is_left_out_and_said(personal: Path, feedback: Path, subprocess_env) -> None:
    store = open_store(personal)
    try:
        store.delete(FLAGGED)
    finally:
        store.close()

    result = reflect_main("--db", str(personal), "feedback", "import", str(feedback), env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert "1 agreed action now among your commitments" in result.stdout
    assert "1 comment is about a reflection no longer in this journal" in result.stderr


SUPERVISOR_PROBLEMS = {
    "no session yet": ([], ["No session with Sam Okafor"]),
    "no session on that day": (["--date", "2025-11-11"], ["on 11 Nov 2025"]),
}


@pytest.mark.parametrize(("extra", "fragments"), SUPERVISOR_PROBLEMS.values(), ids=SUPERVISOR_PROBLEMS.keys())
def test_feedback_with_nothing_to_send_is_refused_and_no_file_written(
    extra: list[str], fragments: list[str], team: Path, tmp_path: Path, subprocess_env
) -> None:
    output = tmp_path / "feedback.json"

    result = supervision(team, subprocess_env, "feedback", "Sam Okafor", "--output", str(output), *extra)

    assert_clean_failure(result, 2, *fragments, "Nothing was written")
    assert not output.exists()


def test_a_session_with_no_comment_or_action_has_no_feedback_to_send(team: Path, tmp_path: Path, subprocess_env) -> None:
    supervision(team, subprocess_env, "record", "Sam Okafor", "--date", "2025-12-01", "--with", "Sam")

    result = supervision(team, subprocess_env, "feedback", "Sam Okafor", "--output", str(tmp_path / "f.json"))

    assert_clean_failure(result, 2, "no comment and no action")
