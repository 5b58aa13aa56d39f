"""Hostile input at every entry point: a clear error, or stored and shown exactly as given."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import wait_for_store
from textual import events
from textual.widgets import Input, TextArea

from reflect.cli import main
from reflect.when import WhenError, parse_when

NOW = datetime(2026, 11, 23, 16, 30, tzinfo=timezone.utc)
ALL_YES = "yyyyyyyyyy"


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`reflect` in this process (for what no real process can be given: NUL, ten megabytes)."""
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


async def paste(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Paste into the focused field, as a terminal delivers a paste."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


# Text too long to be a reflection ----------------------------------------------------------


def test_a_text_of_100_000_characters_is_refused_naming_the_limit(db_path: Path, subprocess_env) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reflect", "add", "--db", str(db_path), "--answers", ALL_YES, "--note-what", "x" * 100_000],
        env=subprocess_env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode == 2, result.stderr
    assert "--note-what" in result.stderr and "20,000" in result.stderr
    assert not db_path.exists()


def test_ten_megabytes_of_note_is_refused_at_once(db_path: Path, capsys) -> None:
    started = time.monotonic()
    code, out, err = run_main(["add", "--db", str(db_path), "--answers", ALL_YES, "--note", "3=" + "x" * 10_000_000], capsys)

    assert code == 2 and out == ""
    assert "--note 3" in err and "20,000" in err
    assert time.monotonic() - started < 5


async def test_pasting_ten_megabytes_into_a_note_is_refused_with_a_message_and_the_note_kept(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "tab")
        note = app.screen.query_one("#note", Input)
        await pilot.press("o", "k")
        await paste(pilot, "x" * 10_000_000)
        assert note.value == "ok"
        assert any("Nothing was pasted" in str(n.message) for n in app._notifications)  # noqa: SLF001


async def test_pasting_more_than_a_field_holds_into_what_happened_is_refused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", *["pagedown"] * 10)
        field = app.screen.query_one("#what-happened", TextArea)
        assert app.focused is field
        await paste(pilot, "x" * 200_000)
        assert field.text == ""


async def test_pasting_several_lines_into_a_one_line_note_keeps_every_line_joined_by_spaces(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "tab")
        await paste(pilot, "first line\nsecond line\r\nthird")
        assert app.screen.query_one("#note", Input).value == "first line second line third"


# Times that are not times ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["a", "an", "a a"])
def test_a_word_that_is_not_a_time_is_refused_rather_than_read_as_the_first_of_the_month(text: str) -> None:
    with pytest.raises(WhenError):
        parse_when(text, NOW)


def test_a_time_thousands_of_characters_long_is_refused_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(WhenError, match="too long"):
        parse_when("yesterday " * 1_000_000, NOW)
    assert time.monotonic() - started < 1


# The store: anything valid is kept exactly; anything else refused with a message ---------


def test_text_that_is_not_valid_unicode_is_refused_by_the_store_with_a_message_not_an_exception(store, db_path: Path) -> None:
    from reflect.model import Reflection
    from reflect.store import StoreError

    reflection = Reflection(
        uuid="ffffffff-0000-4000-8000-000000000001", question_set_id="recovery-practices", question_set_version=1,
        occurred_at=NOW, created_at=NOW, updated_at=NOW, what_happened="half \ud800 a pair",
    )  # fmt: skip

    with pytest.raises(StoreError, match="not valid text"):
        store.save(reflection)
    assert store.get(reflection.uuid) is None
