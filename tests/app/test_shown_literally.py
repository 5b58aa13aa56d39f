"""What a practitioner writes is shown as written, on every screen: never read as markup, never sent to the terminal
as a command. (The command line: tests/cli/test_shown_literally.py; a real terminal: tests/system/test_terminal_output.py.)

A note may hold `[bold]`, `[@click=app.quit]` or a terminal escape sequence (pasted from
somewhere, or imported). Every screen and every command shows such text literally; an
escape sequence is shown with its escape character as a visible symbol (␛) and never
reaches the terminal, where it could retitle the window, recolour the screen or worse.
"""

from __future__ import annotations

from textual import events

from reflect.store import open_store
from reflect.tui.screens.detail import DetailScreen
from reflect.tui.screens.summary import SummaryScreen
from tests.helpers.app import open_history, wait_for_store
from tests.helpers.literal import (
    COLOUR_SEQUENCE,
    HOSTILE,
    MARKUP_BOLD,
    MARKUP_QUIT,
    assert_no_control_characters,
    seed,
)


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """The characters on screen now, line by line, as the terminal would be asked to show them."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())  # noqa: SLF001


async def paste(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Paste into the focused field, as a terminal delivers a paste."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


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
