"""Everyday command-line input read as it was meant: nothing empty saved, nothing taken for an option,
every key the help points to shown, and no traceback whatever the locale or time zone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.store import open_store
from tests.helpers.environment import isolated_env


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_add_with_nothing_answered_and_nothing_written_saves_nothing_and_says_so(tmp_path: Path, capsys) -> None:
    db = tmp_path / "reflect.db"
    code, _out, err = run_main(["add", "--db", str(db), "--answers", ".........."], capsys)
    assert code == 2
    assert "Nothing to save" in err and "Traceback" not in err
    assert not db.exists() or open_store(db).list_reflections() == []


def test_a_note_that_starts_with_a_minus_sign_is_text_not_an_option(tmp_path: Path, capsys) -> None:
    db = tmp_path / "reflect.db"
    code, _out, err = run_main(["add", "--db", str(db), "--answers", "y,y,y,y,y,y,y,y,y,y", "--note-now-what", "-2+3", "--json"], capsys)
    assert code == 0, err
    store = open_store(db)
    try:
        assert store.list_reflections()[0].now_what == "-2+3"
    finally:
        store.close()


def test_reflect_questions_shows_each_key_that_add_about_and_its_help_accept(capsys) -> None:
    from reflect.questions import default_question_set

    code, out, _err = run_main(["questions"], capsys)
    assert code == 0
    for question in default_question_set().questions:
        assert question.key in out


@pytest.mark.parametrize("environment", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}])
@pytest.mark.parametrize("command", [["list"], ["stats"], ["questions"], ["report"], ["export", "--format", "csv"], ["export"]])
def test_commands_print_in_a_locale_that_cannot_show_every_character(command: list[str], environment: dict[str, str], tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    db = tmp_path / "reflect.db"
    subprocess.run(
        [sys.executable, "-m", "reflect", "add", "--db", str(db), "--answers", "y,y,y,y,y,y,y,y,y,y", "--note", "1=the person’s café plan"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    env.update(environment)
    done = subprocess.run([sys.executable, "-m", "reflect", "--db", str(db), *command], env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    if command[0] == "export":
        assert "person’s café".encode() in done.stdout  # data is written as UTF-8, whatever the locale


@pytest.mark.parametrize("command", [["add", "--answers", "y,y,y,y,y,y,y,y,y,y"], ["stats"], ["list"]])
def test_a_time_zone_beyond_a_day_gives_one_clear_line(command: list[str], tmp_path: Path) -> None:
    env = isolated_env(tmp_path) | {"TZ": "UTC+25"}
    done = subprocess.run([sys.executable, "-m", "reflect", "--db", str(tmp_path / "r.db"), *command], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and "TZ='UTC+25'" in done.stderr and "Traceback" not in done.stderr
