"""Hostile text pasted into the app: every text into each field, and a handful through the whole app.

Every text of tests/helpers/hostile.py's corpus is pasted into each field in one app session, and what the
field shows, what the reflection on screen takes from it and how the context step reads it are checked for
each. What is saved, and how the flow moves on or explains, is then checked through the whole app (paste,
Enter, ctrl+s, back home) for a handful of texts that stand for the rest: that path does not depend on
the text once the field holds it, and sending all fifty texts through it took minutes.
"""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from pathlib import Path

from textual import events
from textual.widgets import Input, TextArea

from reflect.model import Answer, Reflection
from reflect.questions import default_question_set
from reflect.service import InputError, check_duration, check_person_code, check_tags
from reflect.store import open_store
from reflect.when import WhenError, parse_when
from tests.helpers.app import wait_for_store
from tests.helpers.environment import FIXED_NOW
from tests.helpers.hostile import Hostile, texts

KEYS = default_question_set().keys


async def paste(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Paste into the focused field, as a terminal delivers a paste."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def stored(db_path: Path) -> list[Reflection]:
    if not db_path.exists():
        return []
    opened = open_store(db_path)
    try:
        return opened.list_reflections()
    finally:
        opened.close()


# Too much, or several lines, pasted ---------------------------------------------------------


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


# Notes and what happened -------------------------------------------------------------------

LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def as_one_line(text: str) -> str:
    """What a one-line field holds after the paste: several lines joined with spaces."""
    lines = text.splitlines()
    return " ".join(lines) if len(lines) > 1 else (lines[0] if lines else "")


def as_lines(text: str) -> str:
    """What a text area holds after the paste: any line break (\\r\\n, \\v, U+2028, ...) a new line."""
    return LINE_BREAKS.sub("\n", text)


APP_TEXTS = [hostile for hostile in texts() if len(hostile.text) <= 20_000 or hostile.name == "ten megabytes"]

THROUGH_THE_WHOLE_APP = {
    "spaces", "every C0 control", "ANSI clear screen", "Textual click action", "right-to-left override",
    "line and paragraph separators", "emoji sequences", "at the length limit", "lone surrogate", "ten megabytes",
}  # fmt: skip
"""Texts that stand for the rest on the whole path: nothing much, controls, escapes, markup, direction,
line breaks, wide characters, the length limit, and the two the paste itself refuses."""
HANDFUL = [hostile for hostile in APP_TEXTS if hostile.name in THROUGH_THE_WHOLE_APP]


def shown_after_pasting(hostile: Hostile) -> tuple[str, str]:
    """What the note and what-happened fields show once `hostile` is pasted into each."""
    if not hostile.is_valid_text:
        return ("", "")  # refused by the paste itself
    return (as_one_line(hostile.text), as_lines(hostile.text))


def test_the_handful_stands_for_every_kind_of_text() -> None:
    assert len(HANDFUL) == len(THROUGH_THE_WHOLE_APP)


async def test_every_hostile_text_pasted_into_a_note_and_what_happened_shows_it_and_the_reflection_takes_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "tab")  # question 1 answered; question 2's note
        flow = app.screen
        note = flow.query_one("#note", Input)
        what_happened = flow.query_one("#what-happened", TextArea)
        for hostile in APP_TEXTS:
            note.value = ""
            note.focus()
            await paste(pilot, hostile.text)
            shown_note = note.value
            what_happened.text = ""
            what_happened.focus()
            await paste(pilot, hostile.text)
            shown = (shown_note, what_happened.text)
            assert shown == shown_after_pasting(hostile), hostile.name
            assert flow.collect(quiet=True), hostile.name  # as moving on or saving does
            taken = (flow.reflection.answers.get(KEYS[1], Answer()).note, flow.reflection.what_happened)
            assert taken == shown, hostile.name
        assert app.is_running


async def test_a_handful_of_hostile_texts_pasted_into_a_note_and_what_happened_are_saved_as_the_field_shows_them(make_app, db_path) -> None:
    ticks = itertools.count()
    app = make_app(clock=lambda: FIXED_NOW + timedelta(seconds=next(ticks)))  # each reflection its own time, to tell them apart
    expected: list[tuple[str, str, str]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        for hostile in HANDFUL:
            await pilot.press("n", "enter", "y", "tab")  # question 1 answered; question 2's note
            await paste(pilot, hostile.text)
            note = app.screen.query_one("#note", Input).value
            await pilot.press(*["pagedown"] * 10)
            await paste(pilot, hostile.text)
            what_happened = app.screen.query_one("#what-happened", TextArea).text
            assert (note, what_happened) == shown_after_pasting(hostile), hostile.name
            await pilot.press("ctrl+s")
            await wait_for_store(pilot)
            await pilot.press("enter")  # home again
            expected.append((hostile.name, note, what_happened))
        assert app.is_running

    by_name = {name: (note, what) for name, note, what in expected}
    saved = sorted(stored(db_path), key=lambda reflection: reflection.created_at)
    assert len(saved) == len(HANDFUL)
    for reflection, hostile in zip(saved, HANDFUL):
        note = reflection.answers.get(KEYS[1], Answer()).note
        note_shown, what_happened_shown = by_name[hostile.name]
        # A note of nothing but spaces on an unanswered question is no answer at all, so is not kept.
        assert (note, reflection.what_happened) == (note_shown if note_shown.strip() else "", what_happened_shown), hostile.name


# The context fields: when, person code, tags, duration --------------------------------------

CONTEXT_FIELDS = {
    "when": lambda text: parse_when(text, FIXED_NOW) if text.strip() else None,
    "person": check_person_code,
    "tags": check_tags,
    "duration": check_duration,
}


def read_back(flow, field_id: str):  # type: ignore[no-untyped-def]
    return {"when": flow.reflection.occurred_at, "person": flow.reflection.person_code,
            "tags": flow.reflection.tags, "duration": flow.reflection.duration_minutes}[field_id]  # fmt: skip


def explanation(flow, field_id: str) -> str:  # type: ignore[no-untyped-def]
    return str(flow.query_one("#when-hint" if field_id == "when" else "#context-error").render())


async def test_every_hostile_text_pasted_into_each_context_field_is_read_or_explained(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n")
        await wait_for_store(pilot)
        flow = app.screen
        for hostile in APP_TEXTS:
            if not hostile.is_valid_text:
                continue  # refused by the paste itself (tested above)
            for field_id, check in CONTEXT_FIELDS.items():
                for other in CONTEXT_FIELDS:
                    flow.query_one(f"#{other}", Input).value = ""
                field = flow.query_one(f"#{field_id}", Input)
                field.focus()
                await paste(pilot, hostile.text)
                typed = field.value
                try:
                    expected = check(typed)
                except (InputError, WhenError):
                    # What Enter does first: read the fields; this one cannot be read, so the flow stays, saying why.
                    assert not flow.collect(quiet=False), (hostile.name, field_id)
                    await pilot.pause()
                    assert app.focused is field
                    shown = explanation(flow, field_id)
                    assert shown.strip() and len(shown) < 400, (hostile.name, field_id)
                    continue
                assert flow.collect(quiet=False), (hostile.name, field_id)
                assert read_back(flow, field_id) == (FIXED_NOW if field_id == "when" and expected is None else expected)
        assert flow.position == 0
        assert app.is_running


async def test_a_handful_of_hostile_texts_pasted_into_the_context_fields_move_on_as_read_or_are_explained(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n")
        await wait_for_store(pilot)
        flow = app.screen
        for hostile in HANDFUL:
            if not hostile.is_valid_text:
                continue  # refused by the paste itself (tested above)
            for field_id, check in CONTEXT_FIELDS.items():
                for other in CONTEXT_FIELDS:
                    flow.query_one(f"#{other}", Input).value = ""
                field = flow.query_one(f"#{field_id}", Input)
                field.focus()
                await paste(pilot, hostile.text)
                typed = field.value
                await pilot.press("enter")
                await pilot.pause()
                try:
                    expected = check(typed)
                except (InputError, WhenError):
                    assert flow.position == 0, (hostile.name, field_id)  # stays, saying why
                    assert app.focused is field
                    shown = explanation(flow, field_id)
                    assert shown.strip() and len(shown) < 400, (hostile.name, field_id)
                    continue
                assert flow.position == 1, (hostile.name, field_id)
                assert read_back(flow, field_id) == (FIXED_NOW if field_id == "when" and expected is None else expected)
                await pilot.press("pageup")
                await pilot.pause()
                assert flow.position == 0
        assert app.is_running
