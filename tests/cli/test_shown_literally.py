"""The command line shows what a practitioner wrote as written: escape sequences never reach the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.literal import C1_INTRODUCER, COLOUR_SEQUENCE, HOSTILE, TITLE_SEQUENCE, assert_no_control_characters, seed
from tests.helpers.running import reflect_main


def test_list_shows_a_person_code_with_an_escape_sequence_harmlessly(db_path: Path, subprocess_env) -> None:
    seed(db_path)

    result = reflect_main("list", "--db", str(db_path), env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert_no_control_characters(result.stdout)
    assert "␛]2;reflect-pwned␇[b]P" in result.stdout


def test_list_json_escapes_every_control_character_and_keeps_the_text(db_path: Path, subprocess_env) -> None:
    seed(db_path)

    result = reflect_main("list", "--json", "--db", str(db_path), env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert_no_control_characters(result.stdout)
    (listed,) = json.loads(result.stdout)
    assert listed["texts"]["so_what"] == HOSTILE.so_what
    assert listed["person_code"] == HOSTILE.person_code


def test_add_confirms_a_person_code_with_an_escape_sequence_harmlessly(db_path: Path, subprocess_env) -> None:
    result = reflect_main(
        "add", "--db", str(db_path), "--answers", "yyyyyyyyyy", "--person", f"{COLOUR_SEQUENCE}P{C1_INTRODUCER}",
        env=subprocess_env,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert_no_control_characters(result.stdout)
    assert "␛[38;5;196mP" in result.stdout


def test_an_error_naming_a_path_with_an_escape_sequence_shows_it_harmlessly(tmp_path: Path, subprocess_env) -> None:
    path = tmp_path / f"{TITLE_SEQUENCE}missing" / "reflect.db"

    result = reflect_main("add", "--db", str(path), "--answers", "yyyyyyyyyy", env=subprocess_env)

    assert result.returncode == 1
    assert_no_control_characters(result.stderr)
    assert "␛]2;reflect-pwned" in result.stderr


def test_when_text_that_cannot_be_read_is_quoted_harmlessly(db_path: Path, subprocess_env) -> None:
    result = reflect_main("add", "--db", str(db_path), "--answers", "yyyyyyyyyy", "--when", f"{TITLE_SEQUENCE}x", env=subprocess_env)

    assert result.returncode == 2
    assert_no_control_characters(result.stderr)


