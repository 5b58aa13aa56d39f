"""`reflect workshop export --round N`: each round's answers on their own, the round named."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reflect.model import Response
from reflect.workshop.store import WorkshopStore
from reflect.workshop.vignettes import find_vignette
from tests.helpers.running import reflect_main
from tests.helpers.workshops import KEYS, answer_as, make_workshop


def two_rounds(path: Path) -> Path:
    make_workshop(path)
    answer_as(path, "Participant A", "yyyyyyyyyy")
    store = WorkshopStore.open(path)
    try:
        other = find_vignette("crisis-call", None)
        store.start_round(other.id, other.title, other.setting, other.text)
        store.answer("Participant A", KEYS[0], Response.NO, "", round_number=2)
    finally:
        store.close()
    return path


def test_export_writes_the_current_round_by_default_and_names_it(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    path = two_rounds(tmp_path / "room.db")
    result = reflect_main("workshop", "export", "--db", str(path), env=subprocess_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Workshop: A phone call late on a Friday, round 2\n")
    assert "| 1 | Making sense | 0 | 0 | 1 | 0 | 1 |" in result.stdout


def test_the_first_rounds_answers_are_kept_and_exported_on_their_own(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    path = two_rounds(tmp_path / "room.db")
    result = reflect_main("workshop", "export", "--db", str(path), "--round", "1", "--format", "csv", env=subprocess_env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert {row["Round"] for row in rows} == {"1"}
    assert [(row["Yes"], row["No"]) for row in rows[:1]] == [("1", "0")]


def test_a_round_the_workshop_does_not_have_gets_one_line(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    path = two_rounds(tmp_path / "room.db")
    result = reflect_main("workshop", "export", "--db", str(path), "--round", "3", env=subprocess_env)
    assert result.returncode != 0
    assert "This workshop has no round 3; it has rounds 1 to 2." in result.stderr
    assert "Traceback" not in result.stderr
