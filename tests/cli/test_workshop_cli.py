"""`reflect workshop ...` and `reflect demo` on the command line, run in-process through `reflect.cli.main`."""

from __future__ import annotations

import csv
import io
import re
import stat
from pathlib import Path

import pytest

from reflect.store import open_store
from tests.helpers.running import reflect_main
from tests.helpers.workshops import answer_as, make_workshop

VIGNETTE = """---
id: night-shift-call
title: A call on the night shift
setting: Phone call
---
Robin rings at two in the morning. They cannot sleep and want to talk about their sister's visit.
"""


def data_home(env: dict[str, str]) -> Path:
    return Path(env["XDG_DATA_HOME"]) / "reflect"


# Vignettes ----------------------------------------------------------------------------------


def test_vignettes_lists_the_shipped_ones(subprocess_env: dict[str, str]) -> None:
    result = reflect_main("workshop", "vignettes", env=subprocess_env)
    assert result.returncode == 0, result.stderr
    assert "crisis-call     A phone call late on a Friday (Phone call in a crisis)" in result.stdout
    assert "reflect workshop new --vignette ID" in result.stdout


def test_vignettes_add_checks_the_file_and_keeps_it_with_the_others(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    source = tmp_path / "night.md"
    source.write_text(VIGNETTE, encoding="utf-8")
    result = reflect_main("workshop", "vignettes", "add", str(source), env=subprocess_env)
    assert result.returncode == 0, result.stderr
    assert "Added the vignette night-shift-call" in result.stdout
    kept = data_home(subprocess_env) / "vignettes" / "night-shift-call.md"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(data_home(subprocess_env).stat().st_mode) == 0o700
    listing = reflect_main("workshop", "vignettes", env=subprocess_env).stdout
    assert "night-shift-call  A call on the night shift (Phone call)  (your own)" in listing


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Just a story, no header at all, about a call in the night.", "does not start with a header"),
        (VIGNETTE.replace("setting: Phone call\n", ""), "the header has no 'setting'"),
        (VIGNETTE.replace("id: night-shift-call", "id: Night Shift"), "lower-case letters"),
        (VIGNETTE.replace("Robin rings", "\x1b]0;pwned\x07Robin rings"), "control characters"),
    ],
)
def test_a_bad_vignette_file_is_refused_with_what_is_wrong(
    tmp_path: Path, subprocess_env: dict[str, str], content: str, message: str
) -> None:
    source = tmp_path / "bad.md"
    source.write_text(content, encoding="utf-8")
    result = reflect_main("workshop", "vignettes", "add", str(source), env=subprocess_env)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (data_home(subprocess_env) / "vignettes").exists() or not any((data_home(subprocess_env) / "vignettes").iterdir())


def test_vignettes_add_without_a_file_is_a_usage_error(subprocess_env: dict[str, str]) -> None:
    result = reflect_main("workshop", "vignettes", "add", env=subprocess_env)
    assert result.returncode == 2
    assert "the following arguments are required: FILE" in result.stderr


# New, export ----------------------------------------------------------------------------


def test_new_creates_a_workshop_and_says_how_to_join(subprocess_env: dict[str, str]) -> None:
    result = reflect_main("workshop", "new", "--vignette", "crisis-call", env=subprocess_env)
    assert result.returncode == 0, result.stderr
    workshop_id = re.search(r"Workshop (crisis-call-[0-9a-f]{4}) is ready", result.stdout).group(1)  # type: ignore[union-attr]
    path = data_home(subprocess_env) / "workshops" / f"{workshop_id}.workshop.db"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700  # reflect's own data folder
    assert f"reflect workshop join --db {path}" in result.stdout
    assert f"reflect serve --workshop {workshop_id}" in result.stdout
    assert f"reflect workshop show --workshop {workshop_id}" in result.stdout
    # The practitioner's own database was never created.
    assert not (data_home(subprocess_env) / "reflect.db").exists()


def test_new_with_db_creates_the_file_there(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    path = tmp_path / "room.db"
    result = reflect_main("workshop", "new", "--vignette", "home-visit", "--db", str(path), env=subprocess_env)
    assert result.returncode == 0, result.stderr
    assert f"reflect workshop join --db {path}" in result.stdout
    assert f"reflect serve --db {path}" in result.stdout
    again = reflect_main("workshop", "new", "--vignette", "home-visit", "--db", str(path), env=subprocess_env)
    assert again.returncode == 1 and "already exists" in again.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["workshop"], 2, "the following arguments are required: ACTION"),
        (["workshop", "new"], 2, "the following arguments are required: --vignette"),
        (["workshop", "new", "--vignette", "picnic"], 2, "There is no vignette called 'picnic'"),
        (["workshop", "new", "--vignette", "home-visit", "--db", "/no/such/folder/room.db"], 1, "does not exist"),
        (["workshop", "show"], 2, "There is no workshop yet"),
        (["workshop", "show", "--workshop", "../../etc"], 2, "is not a workshop id"),
        (["workshop", "join", "--workshop", "nope-1234"], 2, "There is no workshop 'nope-1234'"),
        (["workshop", "export", "--format", "pdf"], 2, "invalid choice: 'pdf'"),
        (["workshop", "dance"], 2, "invalid choice: 'dance'"),
        (["demo", "--reflections", "0"], 2, "must be between 1 and 100,000"),
        (["demo", "--seed", "x"], 2, "'x' is not a whole number"),
    ],
)
def test_bad_arguments_get_a_message_and_a_non_zero_exit(
    subprocess_env: dict[str, str], args: list[str], code: int, message: str
) -> None:
    result = reflect_main(*args, env=subprocess_env)
    assert result.returncode == code, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_join_and_show_refuse_a_practitioners_database(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    reflections = tmp_path / "reflect.db"
    open_store(reflections).close()
    before = reflections.read_bytes()
    for action in ("join", "show", "export"):
        result = reflect_main("workshop", action, "--db", str(reflections), env=subprocess_env)
        assert result.returncode == 1
        assert "is a practitioner's reflect database, not a workshop" in result.stderr
    assert reflections.read_bytes() == before


def test_the_app_refuses_a_workshop_file(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    path = make_workshop(tmp_path / "room.db")
    for args in (["--db", str(path)], ["list", "--db", str(path)], ["add", "--answers", "yyyyyyyyyy", "--db", str(path)]):
        result = reflect_main(*args, env=subprocess_env)
        assert result.returncode == 1
        assert "is a workshop's database, not a practitioner's reflections" in result.stderr


def test_export_writes_the_rooms_answers(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant A", "yyyyyyyyyy", notes={3: "named the chef's skills"})
    answer_as(path, "Participant B", "yynyyyyyyy")
    markdown = reflect_main("workshop", "export", "--db", str(path), env=subprocess_env)
    assert markdown.returncode == 0, markdown.stderr
    assert "- 3. Strengths (disagreement 0.50, n 2)" in markdown.stdout
    assert "Participant A (Yes): named the chef's skills" in markdown.stdout
    output = tmp_path / "room.csv"
    result = reflect_main("workshop", "export", "--db", str(path), "--format", "csv", "--output", str(output), env=subprocess_env)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    assert [(row["Practice"], row["Yes"], row["No"]) for row in rows][:3] == [
        ("Making sense", "2", "0"), ("Personal goals", "2", "0"), ("Strengths", "1", "1"),
    ]  # fmt: skip


def test_the_csv_export_tells_spreadsheets_it_is_utf8(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant A", "yyyyyyyyyy")
    output = tmp_path / "room.csv"
    result = reflect_main("workshop", "export", "--db", str(path), "--format", "csv", "--output", str(output), env=subprocess_env)
    assert result.returncode == 0, result.stderr
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte order mark, as on the reflections CSV
    assert "the person’s existing strengths" in raw.decode("utf-8-sig")
    assert raw.count(b"\xef\xbb\xbf") == 1  # once, at the start, not on every row


def test_show_without_arguments_means_the_newest_workshop(subprocess_env: dict[str, str]) -> None:
    created = reflect_main("workshop", "new", "--vignette", "peer-group", env=subprocess_env)
    assert created.returncode == 0
    result = reflect_main("workshop", "export", env=subprocess_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Workshop: The Tuesday peer support group")

