"""`reflect revalidation`: the reflections written up as reflective accounts and when, against the NMC's
five in the three years to the revalidation date given once, and the reflective discussion form's fields."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reflect.store import open_store
from tests.cli.test_report import hand_worked
from tests.helpers.cli import assert_clean_failure, make_database
from tests.helpers.running import reflect_main

FLAGGED = "00000000-0000-4000-8000-000000000003"
OTHER = "00000000-0000-4000-8000-000000000004"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    db = tmp_path / "r.db"
    make_database(db, *hand_worked())
    return db


def tracker(database: Path, env: dict[str, str], *extra: str):  # type: ignore[no-untyped-def]
    return reflect_main("--db", str(database), "revalidation", *extra, env=env)


def test_an_account_written_with_report_revalidation_is_counted_with_its_day_and_themes(database: Path, subprocess_env) -> None:
    written = reflect_main("report", "--db", str(database), "--revalidation", FLAGGED, "--theme", "people", "--format", "text", env=subprocess_env)
    assert written.returncode == 0, written.stderr

    result = tracker(database, subprocess_env, "--date", "2027-06-30")

    assert result.returncode == 0, result.stderr
    assert "Your revalidation date: 30 Jun 2027" in result.stdout and "this cycle began 1 Jul 2024" in result.stdout
    assert "Reflective accounts written in this cycle: 1 of the 5 the NMC asks for." in result.stdout
    assert f"Home visit, November 2025 (reflection {FLAGGED[:8]}) · Prioritise people" in result.stdout
    assert "4 more to write" in result.stdout


def test_the_revalidation_date_is_given_once_and_remembered(database: Path, subprocess_env) -> None:
    tracker(database, subprocess_env, "--date", "2027-06-30")

    result = tracker(database, subprocess_env)

    assert "Your revalidation date: 30 Jun 2027" in result.stdout


def test_without_a_revalidation_date_it_says_how_to_give_one(database: Path, subprocess_env) -> None:
    result = tracker(database, subprocess_env)

    assert result.returncode == 0, result.stderr
    assert "No revalidation date given yet" in result.stdout and "--date" in result.stdout
    assert "5 more to write" in result.stdout


def test_a_reflection_written_up_twice_counts_once(database: Path, subprocess_env) -> None:
    for _ in range(2):
        reflect_main("report", "--db", str(database), "--revalidation", FLAGGED, "--format", "text", env=subprocess_env)
    reflect_main("report", "--db", str(database), "--revalidation", OTHER, "--format", "text", env=subprocess_env)

    result = tracker(database, subprocess_env, "--date", "2027-06-30")

    assert "Reflective accounts written in this cycle: 2 of the 5" in result.stdout


def test_accounts_written_before_the_cycle_began_count_for_the_one_before(database: Path, subprocess_env) -> None:
    store = open_store(database)
    try:
        store.note_account_written(FLAGGED, [], datetime(2023, 5, 1, 12, tzinfo=UTC))
        store.note_account_written(OTHER, ["safety"], datetime(2025, 1, 10, 12, tzinfo=UTC))
    finally:
        store.close()

    result = tracker(database, subprocess_env, "--date", "2027-06-30")

    assert "Reflective accounts written in this cycle: 1 of the 5" in result.stdout
    assert "10 Jan 2025" in result.stdout and "(and 1 written before this cycle began" in result.stdout


def test_five_accounts_are_all_the_nmc_asks_for(database: Path, subprocess_env) -> None:
    store = open_store(database)
    try:
        for reflection in hand_worked()[:5]:
            store.note_account_written(reflection.uuid, [], datetime(2025, 12, 1, 12, tzinfo=UTC))
    finally:
        store.close()

    result = tracker(database, subprocess_env, "--date", "2027-06-30")

    assert "5 of the 5" in result.stdout and "That is all the NMC asks for" in result.stdout


def test_the_discussion_form_lists_its_fields_blank_and_the_accounts_of_the_cycle(database: Path, subprocess_env) -> None:
    reflect_main("report", "--db", str(database), "--revalidation", FLAGGED, "--format", "text", env=subprocess_env)

    result = tracker(database, subprocess_env, "--discussion-form")

    assert result.returncode == 0, result.stderr
    for field in ("Your NMC Pin:", "Name of the NMC registrant you had the discussion with:", "Their NMC Pin:", "Date of the discussion:"):
        assert f"{field}\n\n" in result.stdout
    assert f"(reflection {FLAGGED[:8]})" in result.stdout
    assert "sends nothing anywhere" in result.stdout


BAD = {
    "not a day": (["--date", "June 2027"], ["'June 2027'", "2027-06-30"]),
    "before revalidation began": (["--date", "2015-01-01"], ["April 2016"]),
    "too far away": (["--date", "2099-01-01"], ["more than 3 years away"]),
}


@pytest.mark.parametrize(("args", "fragments"), BAD.values(), ids=BAD.keys())
def test_a_date_that_cannot_be_a_revalidation_date_is_refused_and_nothing_changed(
    args: list[str], fragments: list[str], database: Path, subprocess_env
) -> None:
    tracker(database, subprocess_env, "--date", "2027-06-30")

    result = tracker(database, subprocess_env, *args)

    assert_clean_failure(result, 2, *fragments)
    assert "Your revalidation date: 30 Jun 2027" in tracker(database, subprocess_env).stdout


def test_a_missing_database_is_refused_and_not_made(tmp_path: Path, subprocess_env) -> None:
    result = tracker(tmp_path / "none.db", subprocess_env)

    assert_clean_failure(result, 1, "no database")
    assert not (tmp_path / "none.db").exists()
