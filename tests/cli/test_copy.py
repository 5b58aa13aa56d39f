"""`reflect copy --to DEST`: a practitioner's reflections moved whole between databases, a file and a
server either way round; all or nothing, idempotent, never into the wrong kind of database or another
practitioner's, and never touching the source."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from reflect.model import Answer, Reflection, Response, Selection
from reflect.server_url import Location, ServerURL
from reflect.settings import DISPLAY_NAME, PRACTITIONER_ID, REVALIDATION_DATE
from reflect.store import open_store
from tests.cli.test_postgresql_location import a_closed_port
from tests.helpers.cli import assert_clean_failure
from tests.helpers.environment import FIXED_NOW
from tests.helpers.running import reflect_main

PRACTITIONER = "6f1c2a0e-5a7b-4c1d-9e2f-0a1b2c3d4e5f"


def rich_reflections() -> list[Reflection]:
    """Demo reflections with every field worth carrying: drafts, flags, notes alone, links, offsets, tags."""
    from reflect.demo import demo_reflections
    from reflect.questions import default_question_set

    reflections = [copy.deepcopy(r) for r in demo_reflections(default_question_set(), FIXED_NOW, count=9)]
    first, second, third = reflections[:3]
    first.flagged = True
    first.answers["hope"] = Answer(Response.NO, "She talked about giving up; worth talking through", flagged=True)
    first.commitment, first.commitment_questions = "Ask what hope looks like to her", ["hope", "make-sense"]
    first.tags = ["housing", "first-visit"]
    second.occurred_at = second.occurred_at.astimezone(timezone(timedelta(hours=-5, minutes=-30)))
    second.answers["respect"] = Answer(None, "a note without an answer")
    second.so_what, second.now_what, second.person_code, second.duration_minutes = "It meant a lot", "Keep going", "JD-17", 45
    third.is_draft = True
    return reflections


def fill(db: Location, reflections: list[Reflection], settings: dict[str, str] | None = None, *, edits: int = 0) -> None:
    """A practitioner's database holding `reflections` (the first saved `edits` more times: a later revision)."""
    store = open_store(db)
    try:
        store.save_many(reflections)
        for _ in range(edits):
            store.save(reflections[0])
        if settings:
            store.set_settings(settings)
    finally:
        store.close()


def held(db: Location) -> tuple[list[dict[str, Any]], dict[str, str | None]]:
    """Every reflection (drafts too) field by field, the offset of its time included, and the practitioner's settings."""
    store = open_store(db)
    try:
        reflections = [
            {**dataclasses.asdict(r), "offset": r.occurred_at.utcoffset()} for r in sorted(store.iter_reflections(drafts=True), key=lambda r: r.uuid)
        ]
        return reflections, {key: store.setting(key) for key in (PRACTITIONER_ID, DISPLAY_NAME, REVALIDATION_DATE)}
    finally:
        store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def elsewhere(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Another database to copy into: a file, or a database of its own on the test server."""
    if request.param == "sqlite":
        yield str(tmp_path / "elsewhere.db")
    else:
        yield request.getfixturevalue("postgres_url")


def as_location(given: str) -> Location:
    return ServerURL(given) if given.startswith("postgresql") else Path(given)


OWN_SETTINGS = {PRACTITIONER_ID: PRACTITIONER, DISPLAY_NAME: "Sam", REVALIDATION_DATE: "2027-03-31"}


def test_reflections_copied_from_a_file_to_a_server_and_back_arrive_whole_field_by_field(
    subprocess_env: dict[str, str], postgres_url: str, tmp_path: Path
) -> None:
    laptop, back = tmp_path / "laptop.db", tmp_path / "back.db"
    fill(laptop, rich_reflections(), OWN_SETTINGS, edits=2)
    to_server = reflect_main("copy", "--db", str(laptop), "--to", postgres_url, env=subprocess_env)
    assert to_server.returncode == 0, to_server.stderr
    assert "Copied 9 reflections (1 of them unfinished)" in to_server.stdout and "9 added" in to_server.stdout
    assert "your practitioner id, the name you share as, your revalidation date" in to_server.stdout
    to_file = reflect_main("copy", "--db", postgres_url, "--to", str(back), env=subprocess_env)
    assert to_file.returncode == 0, to_file.stderr
    original = held(laptop)
    assert held(ServerURL(postgres_url)) == original
    assert held(back) == original
    assert max(r["revision"] for r in original[0]) == 3  # the one saved again twice: its revision carried as it is


def test_copying_again_adds_and_changes_nothing_and_says_so(subprocess_env: dict[str, str], elsewhere: str, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.db"
    fill(laptop, rich_reflections(), OWN_SETTINGS)
    assert reflect_main("copy", "--db", str(laptop), "--to", elsewhere, env=subprocess_env).returncode == 0
    after_first = held(as_location(elsewhere))
    again = reflect_main("copy", "--db", str(laptop), "--to", elsewhere, env=subprocess_env)
    assert again.returncode == 0, again.stderr
    assert "Nothing new to copy: all 9 reflections were already in" in again.stdout
    assert "Also copied" not in again.stdout
    assert held(as_location(elsewhere)) == after_first


def test_a_copy_says_the_source_is_unchanged_and_how_to_erase_it_last(subprocess_env: dict[str, str], elsewhere: str, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.db"
    fill(laptop, rich_reflections())
    before = laptop.read_bytes()
    copied = reflect_main("copy", "--db", str(laptop), "--to", elsewhere, env=subprocess_env)
    assert copied.returncode == 0, copied.stderr
    assert copied.stdout.splitlines()[-1].endswith(f"reflect --db {laptop} erase")
    assert laptop.read_bytes() == before


def test_feedback_from_supervision_and_revalidation_accounts_come_too_once(subprocess_env: dict[str, str], elsewhere: str, tmp_path: Path) -> None:
    from reflect.store.feedback import ReceivedFeedback

    laptop = tmp_path / "laptop.db"
    reflections = rich_reflections()
    fill(laptop, reflections)
    store = open_store(laptop)
    try:
        store.note_account_written(reflections[0].uuid, ["people", "safety"], FIXED_NOW)
        store.import_feedback(
            ReceivedFeedback(
                id="f0e1d2c3-0000-4000-8000-000000000001", held_on=FIXED_NOW.date(), attendees=["Ali", "Sam"],
                comments={reflections[1].uuid: "Good that you asked her first"}, actions=[(1, "Try the hope question")],
                received_at=FIXED_NOW,
            )
        )  # fmt: skip
    finally:
        store.close()
    accounts, comments, actions = carried(laptop)
    assert accounts and any(comments.values()) and actions
    copied = reflect_main("copy", "--db", str(laptop), "--to", elsewhere, env=subprocess_env)
    assert copied.returncode == 0, copied.stderr
    assert "Also copied: 1 feedback from supervision, 1 revalidation account noted." in copied.stdout
    assert carried(as_location(elsewhere)) == carried(laptop)
    again = reflect_main("copy", "--db", str(laptop), "--to", elsewhere, env=subprocess_env)
    assert "Also copied" not in again.stdout
    assert carried(as_location(elsewhere)) == carried(laptop)


def carried(db: Location) -> tuple[Any, ...]:
    """The feedback, its comments and actions, and the revalidation accounts, as the practitioner reads them."""
    store = open_store(db)
    try:
        accounts = [(a.reflection_id, a.themes, a.written_at) for a in store.accounts_written()]
        comments = {r.uuid: [(c.text, c.held_on) for c in store.comments_on(r.uuid)] for r in store.iter_reflections(drafts=True)}
        commitments = [(r.uuid, r.commitment) for r in store.supervision_commitments(Selection())]
        return accounts, comments, commitments
    finally:
        store.close()


def test_a_newer_edit_in_the_source_replaces_the_older_one_in_the_destination(
    subprocess_env: dict[str, str], elsewhere: str, tmp_path: Path
) -> None:
    laptop = tmp_path / "laptop.db"
    reflections = rich_reflections()
    fill(as_location(elsewhere), reflections)
    newer = copy.deepcopy(reflections[4])
    newer.what_happened, newer.updated_at = "Rewritten later", newer.updated_at + timedelta(hours=1)
    fill(laptop, [*reflections[:4], newer, *reflections[5:]])
    copied = reflect_main("copy", "--db", str(laptop), "--to", elsewhere, env=subprocess_env)
    assert copied.returncode == 0, copied.stderr
    assert "0 added; 1 replaced by a newer edit; 8 already there" in copied.stdout
    assert [r["what_happened"] for r in held(as_location(elsewhere))[0] if r["uuid"] == newer.uuid] == ["Rewritten later"]


def test_a_failure_part_way_leaves_the_destination_exactly_as_it_was(
    subprocess_env: dict[str, str], elsewhere: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reflect.store.reflections as reflections_module

    laptop = tmp_path / "laptop.db"
    reflections = rich_reflections()
    fill(laptop, reflections, OWN_SETTINGS)
    fill(as_location(elsewhere), reflections[:2])
    before = held(as_location(elsewhere))
    real_write, calls = reflections_module.write_reflections, []

    def failing_after_half(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) > 2:  # two batches of three written, then the disk fills
            raise OperationalError("INSERT INTO reflection", {}, Exception("database or disk is full"))
        return real_write(*args, **kwargs)

    monkeypatch.setattr(reflections_module, "IMPORT_BATCH", 3)
    monkeypatch.setattr(reflections_module, "write_reflections", failing_after_half)
    failed = reflect_main("copy", "--db", str(laptop), "--to", elsewhere, env=subprocess_env)
    assert_clean_failure(failed, 1, "disk is full")
    assert len(calls) == 3
    monkeypatch.undo()
    assert held(as_location(elsewhere)) == before


def test_a_new_destination_file_is_not_left_behind_when_the_copy_fails(
    subprocess_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reflect.store.reflections as reflections_module

    laptop, new = tmp_path / "laptop.db", tmp_path / "new.db"
    fill(laptop, rich_reflections())

    def failing(*args: Any, **kwargs: Any) -> int:
        raise OperationalError("INSERT INTO reflection", {}, Exception("database or disk is full"))

    monkeypatch.setattr(reflections_module, "write_reflections", failing)
    assert_clean_failure(reflect_main("copy", "--db", str(laptop), "--to", str(new), env=subprocess_env), 1, "disk is full")
    assert not new.exists() and not Path(f"{new}-wal").exists()


def test_a_team_database_is_refused_as_destination_and_as_source_and_left_unchanged(
    subprocess_env: dict[str, str], elsewhere: str, tmp_path: Path
) -> None:
    laptop = tmp_path / "laptop.db"
    fill(laptop, rich_reflections())
    open_store(as_location(elsewhere), team=True).close()
    into_team = reflect_main("copy", "--db", str(laptop), "--to", elsewhere, env=subprocess_env)
    assert_clean_failure(into_team, 1, "is a team database", "left unchanged")
    from_team = reflect_main("copy", "--db", elsewhere, "--to", str(tmp_path / "mine.db"), env=subprocess_env)
    assert_clean_failure(from_team, 1, "is a team database", "left unchanged")
    team = open_store(as_location(elsewhere), team=True)
    try:
        assert team.reflection_count(drafts=True) == 0
    finally:
        team.close()
    assert not (tmp_path / "mine.db").exists()


def test_a_destination_with_another_practitioners_reflections_is_refused_unless_mixing_is_asked_for(
    subprocess_env: dict[str, str], elsewhere: str, tmp_path: Path
) -> None:
    laptop = tmp_path / "laptop.db"
    reflections = rich_reflections()
    fill(laptop, reflections[:4], OWN_SETTINGS)
    fill(as_location(elsewhere), reflections[4:], {PRACTITIONER_ID: "0c9b8a7d-1111-4222-8333-944455556666", DISPLAY_NAME: "Alex"})
    before = held(as_location(elsewhere))
    refused = reflect_main("copy", "--db", str(laptop), "--to", elsewhere, env=subprocess_env)
    assert_clean_failure(refused, 1, "another practitioner", "nothing was copied", "--mix-practitioners")
    assert held(as_location(elsewhere)) == before
    mixed = reflect_main("copy", "--db", str(laptop), "--to", elsewhere, "--mix-practitioners", env=subprocess_env)
    assert mixed.returncode == 0 and "4 added" in mixed.stdout, mixed.stderr
    assert held(as_location(elsewhere))[1][DISPLAY_NAME] == "Alex"  # theirs kept: yours only fill what is missing


def test_a_server_that_cannot_be_reached_gets_one_line_with_the_password_masked(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.db"
    fill(laptop, rich_reflections())
    url = f"postgresql://ana:s3cret@127.0.0.1:{a_closed_port()}/reflect"
    failed = reflect_main("copy", "--db", str(laptop), "--to", url, env=subprocess_env)
    message = assert_clean_failure(failed, 1, "postgresql://ana:***@127.0.0.1", "Connection refused")
    assert "s3cret" not in message + failed.stdout


@pytest.mark.parametrize(
    ("to", "code", "fragment"),
    [
        ("postgres://host/reflect", 2, "a server's URL starts postgresql://"),
        ("no-such-folder/copy.db", 1, "does not exist"),
        ("", 2, "Give the database to copy into with --to"),
        ("laptop.db", 2, "the database the reflections are in already"),
        ("./laptop.db", 2, "the database the reflections are in already"),
        ("gone\x1b[2J/copy.db", 1, "does not exist"),
    ],
)
def test_a_destination_that_cannot_be_used_gets_one_line_and_a_failing_exit(
    subprocess_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, to: str, code: int, fragment: str
) -> None:
    monkeypatch.chdir(tmp_path)
    fill(tmp_path / "laptop.db", rich_reflections()[:1])
    message = assert_clean_failure(reflect_main("copy", "--db", "laptop.db", "--to", to, env=subprocess_env), code, fragment)
    assert "\x1b" not in message  # shown, never obeyed by the terminal


def test_copying_from_a_database_that_is_not_there_says_so_and_makes_nothing(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    failed = reflect_main("copy", "--db", str(tmp_path / "missing.db"), "--to", str(tmp_path / "copy.db"), env=subprocess_env)
    assert_clean_failure(failed, 1, "nothing to copy")
    assert not (tmp_path / "missing.db").exists() and not (tmp_path / "copy.db").exists()


def test_a_database_on_read_only_media_is_copied_from_without_writing_there(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    from tests.helpers.read_only import read_only_view

    source = tmp_path / "stick"
    source.mkdir()
    fill(source / "reflect.db", rich_reflections())
    with read_only_view(source, tmp_path / "read-only") as media:
        copied = reflect_main("copy", "--db", str(media / "reflect.db"), "--to", str(tmp_path / "copy.db"), env=subprocess_env)
        assert copied.returncode == 0, copied.stderr
        assert sorted(path.name for path in media.iterdir()) == ["reflect.db"]  # nothing written there
    assert held(tmp_path / "copy.db") == held(source / "reflect.db")


def test_a_copy_to_a_server_names_it_with_the_password_masked(subprocess_env: dict[str, str], postgres_url: str, tmp_path: Path) -> None:
    scheme, rest = postgres_url.split("://", 1)
    user, server = rest.split("@", 1)
    with_password = f"{scheme}://{user}:s3cret@{server}"  # the test server trusts loopback: the password is not asked for
    laptop = tmp_path / "laptop.db"
    fill(laptop, rich_reflections())
    copied = reflect_main("copy", "--db", str(laptop), "--to", with_password, env=subprocess_env)
    assert copied.returncode == 0, copied.stderr
    assert f"to {scheme}://{user}:***@{server}" in copied.stdout and "s3cret" not in copied.stdout + copied.stderr
