"""A database on read-only media (a CD, a locked stick, a read-only share): the commands that only read it work,
and a backup onto such media says why it cannot, in one line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers.cli import assert_clean_failure, make_database, reflection_at
from tests.helpers.read_only import read_only_view
from tests.helpers.running import reflect_main

WHEN = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
UUID = "dddddddd-0000-4000-8000-000000000001"


@pytest.fixture
def media(tmp_path: Path) -> Path:
    """A folder holding a closed reflect database with one reflection, seen read-only."""
    source = tmp_path / "media"
    source.mkdir()
    make_database(source / "reflect.db", reflection_at(WHEN, UUID))
    with read_only_view(source, tmp_path / "read-only") as view:
        yield view


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["list"], UUID[:8]),
        (["stats"], "1 reflection"),
        (["export", "--format", "json"], UUID),
        (["report"], "Supervision summary"),
        (["questions"], "hope"),
        (["doctor"], "Integrity: ok"),
    ],
)
def test_a_database_on_read_only_media_can_be_read(command: list[str], expected: str, media: Path, subprocess_env) -> None:
    db = media / "reflect.db"
    result = reflect_main(*command, "--db", str(db), env=subprocess_env)
    assert "Traceback" not in result.stderr
    assert expected in result.stdout, result.stdout + result.stderr
    assert sorted(path.name for path in media.iterdir()) == ["reflect.db"]  # nothing written there


def test_doctor_on_read_only_media_checks_the_database_and_says_it_is_read_only(media: Path, subprocess_env) -> None:
    result = reflect_main("doctor", "--db", str(media / "reflect.db"), env=subprocess_env)
    assert "Integrity: ok" in result.stdout
    assert "1 reflection and 0 drafts" in result.stdout


def test_a_backup_into_a_read_only_folder_says_so_in_one_line(media: Path, subprocess_env, tmp_path: Path) -> None:
    # Without --output the copy goes into a backups folder beside the database, which cannot be made here.
    result = reflect_main("backup", "--db", str(media / "reflect.db"), env=subprocess_env)
    assert_clean_failure(result, 1, "read-only")
    own = tmp_path / "own.db"
    make_database(own, reflection_at(WHEN, UUID))
    onto = reflect_main("backup", "--db", str(own), "--output", str(media / "copy.db"), env=subprocess_env)
    assert_clean_failure(onto, 1, "read-only")
    assert sorted(path.name for path in media.iterdir()) == ["reflect.db"]  # nothing written there


def test_a_backup_onto_a_place_that_can_never_be_written_says_so_in_one_line(tmp_path: Path, subprocess_env) -> None:
    own = tmp_path / "own.db"
    make_database(own, reflection_at(WHEN, UUID))
    for place in ("/proc/copy.db", "/sys/copy.db"):
        if Path(place).parent.is_dir():
            assert_clean_failure(reflect_main("backup", "--db", str(own), "--output", place, env=subprocess_env), 1, "could not back up")
