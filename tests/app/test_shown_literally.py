"""What a practitioner writes is shown as written: never read as markup, never sent to the terminal as a command.

A note may hold `[bold]`, `[@click=app.quit]` or a terminal escape sequence (pasted from
somewhere, or imported). Every screen and every command shows such text literally; an
escape sequence is shown with its escape character as a visible symbol (␛) and never
reaches the terminal, where it could retitle the window, recolour the screen or worse.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from tests.helpers.environment import FIXED_NOW
from tests.helpers.app import open_history, wait_for_store
from tests.helpers.terminal import reflect_in_terminal
from tests.helpers.running import reflect_main
from textual import events

from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.store import open_store
from reflect.tui.detail import DetailScreen
from reflect.tui.summary import SummaryScreen

QUESTIONS = default_question_set()
TITLE_SEQUENCE = "\x1b]2;reflect-pwned\x07"
"""Sets the terminal window's title, if a terminal is ever sent it."""
COLOUR_SEQUENCE = "\x1b[38;5;196m"
C1_INTRODUCER = "\x9b"
"""The one-character form of ESC [, which some terminals also obey."""
MARKUP_QUIT = "[@click=app.quit]quit[/]"
MARKUP_BOLD = "[bold]loud[/bold]"

HOSTILE = Reflection(
    uuid="eeeeeeee-0000-4000-8000-000000000001",
    question_set_id=QUESTIONS.id,
    question_set_version=QUESTIONS.version,
    occurred_at=FIXED_NOW - timedelta(hours=2),
    created_at=FIXED_NOW - timedelta(hours=1),
    updated_at=FIXED_NOW - timedelta(hours=1),
    kind="one-to-one",
    person_code=f"{TITLE_SEQUENCE}[b]P",
    tags=[f"{COLOUR_SEQUENCE}red", "[@click=app.quit]"],  # as stored: sorted
    what_happened=f"{MARKUP_BOLD} {TITLE_SEQUENCE} $accent",
    so_what=f"{COLOUR_SEQUENCE}REDTEXT{C1_INTRODUCER}2J",
    now_what="[link=https://example.org]a link[/link]",
    commitment=f"{MARKUP_QUIT} next time",
    answers={"strengths": Answer(Response.YES, f"{MARKUP_BOLD} {COLOUR_SEQUENCE}REDNOTE")},
)
RAW_SEQUENCES = [TITLE_SEQUENCE.rstrip("\x07"), COLOUR_SEQUENCE + "REDTEXT", COLOUR_SEQUENCE + "REDNOTE", C1_INTRODUCER]
"""What must never reach a terminal (the bell at the end of the title sequence is dropped by Rich)."""
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def seed(db_path: Path) -> None:
    store = open_store(db_path)
    try:
        store.save(HOSTILE)
    finally:
        store.close()


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """The characters on screen now, line by line, as the terminal would be asked to show them."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())  # noqa: SLF001


async def paste(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Paste into the focused field, as a terminal delivers a paste."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def assert_no_control_characters(text: str) -> None:
    found = CONTROL_CHARACTERS.findall(text.replace("\n", ""))
    assert not found, f"control characters on screen: {found!r}"


# The real program in a terminal ------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_escape_sequences_in_stored_text_never_reach_the_terminal(db_path: Path, subprocess_env) -> None:
    seed(db_path)
    with reflect_in_terminal(db_path, subprocess_env) as terminal:
        assert terminal.read_until(lambda: terminal.shows("Recent reflections"))
        terminal.press("h", pause=1.5)  # history: person code and tags in the table
        terminal.press("\r", pause=1.5)  # the reflection in full: every text
        assert terminal.alive()
        output = bytes(terminal.output)

    for sequence in RAW_SEQUENCES:
        assert sequence.encode() not in output, f"{sequence!r} reached the terminal"
    assert "␛]2;reflect-pwned".encode() in output  # shown, harmlessly


# Every screen ------------------------------------------------------------------------------


async def test_home_shows_the_commitment_and_person_code_literally_and_a_click_on_them_does_nothing(make_app, db_path) -> None:
    seed(db_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        text = screen_text(app)
        assert MARKUP_QUIT in text
        assert "␛]2;reflect-pwned␇[b]P" in text
        assert_no_control_characters(text)
        commitment = app.screen.query_one("#commitment")
        await pilot.click(commitment, offset=(2, 1))
        await pilot.pause()
        assert app.is_running


async def test_history_shows_person_codes_and_tags_literally(make_app, db_path) -> None:
    seed(db_path)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_store(pilot)
        await open_history(pilot)
        text = screen_text(app)
        assert "[@click=app.quit]" in text
        assert "␛[38;5;196mred" in text
        assert_no_control_characters(text)


async def test_patterns_shows_tags_and_notes_literally(make_app, db_path) -> None:
    seed(db_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("t")
        await wait_for_store(pilot)
        await pilot.press("t")  # the tag filter, opened
        await wait_for_store(pilot)
        text = screen_text(app)
        assert "[@click=app.quit] (1)" in text
        assert "␛[38;5;196mred (1)" in text
        assert_no_control_characters(text)


async def test_a_reflection_read_in_full_shows_every_text_literally(make_app, db_path) -> None:
    seed(db_path)
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await wait_for_store(pilot)
        app.push_screen(DetailScreen(HOSTILE.uuid))
        await wait_for_store(pilot)
        text = screen_text(app)
        for expected in [MARKUP_BOLD, "␛]2;reflect-pwned", "$accent", "␛[38;5;196mREDTEXT", "[link=https://example.org]a link[/link]",
                         MARKUP_QUIT, "␛[38;5;196mREDNOTE"]:  # fmt: skip
            assert expected in text
        assert_no_control_characters(text)


async def test_text_pasted_into_a_reflection_is_stored_exactly_and_the_summary_shows_it_literally(make_app, db_path) -> None:
    app = make_app()
    commitment = f"{MARKUP_QUIT} {COLOUR_SEQUENCE}soon"
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
        await paste(pilot, HOSTILE.what_happened)
        app.screen.query_one("#commitment").focus()
        await paste(pilot, commitment)
        await pilot.press("ctrl+s")
        await wait_for_store(pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert f"{MARKUP_QUIT} ␛[38;5;196msoon" in text
        assert_no_control_characters(text)

    store = open_store(db_path)
    (saved,) = store.list_reflections()
    store.close()
    assert saved.commitment == commitment
    assert saved.what_happened == HOSTILE.what_happened


async def test_editing_a_reflection_shows_no_control_characters_and_keeps_its_text_unchanged(make_app, db_path) -> None:
    seed(db_path)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for_store(pilot)
        app.push_screen(DetailScreen(HOSTILE.uuid))
        await wait_for_store(pilot)
        await pilot.press("e")
        await wait_for_store(pilot)
        assert_no_control_characters(screen_text(app))
        await pilot.press("ctrl+s")
        await wait_for_store(pilot)

    store = open_store(db_path)
    saved = store.get(HOSTILE.uuid)
    store.close()
    assert saved is not None
    assert (saved.person_code, saved.tags, saved.what_happened, saved.so_what, saved.commitment) == (
        HOSTILE.person_code, HOSTILE.tags, HOSTILE.what_happened, HOSTILE.so_what, HOSTILE.commitment,
    )  # fmt: skip


# The command line --------------------------------------------------------------------------




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


