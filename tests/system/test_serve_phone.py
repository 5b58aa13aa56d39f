"""The participant page on a phone in portrait (390x844), in headless Chromium: every question
answered by tapping, a note typed, and nothing on any screen cut; and a reload that brings the
same participant back rather than a new one.

Needs a Chromium, as tests/system/test_serve_browser.py does (skipped without one unless
REFLECT_REQUIRE_BROWSER is set). Screenshots of each screen are left in the test's folder.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from reflect.model import RESPONSE_ORDER, Response
from reflect.questions import default_question_set
from reflect.tui.workshop.participant import NARROW_NOTE_HINT
from reflect.workshop.store import WorkshopStore
from tests.helpers.browser import Chromium, Page, find_browser
from tests.helpers.served import Served

pytestmark = pytest.mark.system

PHONE = (390, 844)
QUESTIONS = default_question_set()
FOOTER_KEYS = ("PgUp Back", "PgDn Next", "tab Note", "? Why?", "v Read the case")


@pytest.fixture
async def chromium() -> AsyncIterator[Chromium]:
    executable = find_browser()
    if executable is None:
        reason = "no Chromium to drive: install Debian's chromium, or point REFLECT_TEST_BROWSER at one"
        if os.environ.get("REFLECT_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    browser = Chromium(executable)
    await browser.start()
    yield browser
    await browser.close()


def flowing(screen: str) -> str:
    """The screen's text as one line, so that text wrapped over rows can be looked for whole."""
    return " ".join(screen.split())


def assert_nothing_cut(screen: str, *whole: str) -> None:
    """No text ends in an ellipsis, and each of `whole` is on one row, all of it."""
    assert "…" not in screen, screen
    rows = screen.split("\n")
    for text in whole:
        assert any(text in row for row in rows), f"{text!r} is not whole on any row:\n{screen}"


def room(workshop: Path) -> tuple[list[str], dict[str, tuple[Response | None, str]]]:
    store = WorkshopStore.open(workshop)
    try:
        labels = [participant.label for participant in store.participants()]
        answers = {answer.question_key: (answer.response, answer.note) for answer in store.answers()}
    finally:
        store.close()
    return labels, answers


async def settled(page: Page, timeout: float = 10) -> str:
    """The screen once it has stopped changing for half a second: as the app starts, its footer is
    drawn again once the focus is placed, and a tap in between lands on keys being replaced."""
    last, unchanged = "", 0
    async with asyncio.timeout(timeout):
        while unchanged < 5:
            screen = await page.screen()
            unchanged = unchanged + 1 if screen == last else 0
            last = screen
            await asyncio.sleep(0.1)
    return last


async def open_on_a_phone(page: Page, served: Served) -> str:
    assert await page.open(served.local_link(), width=PHONE[0], height=PHONE[1]) == 200
    await page.wait_for_text("Answer the questions", timeout=30)
    return await settled(page)


async def test_on_a_phone_every_question_is_answered_by_tapping_and_nothing_is_cut(
    chromium: Chromium, serving: Served, workshop: Path, tmp_path: Path
) -> None:
    page = await chromium.new_page()
    screen = await open_on_a_phone(page, serving)
    columns, _rows = await page.size()
    assert columns < 60  # a phone's width: the narrow layout
    assert_nothing_cut(screen, "reflect workshop", "⏎ Answer the questions")
    await page.screenshot(tmp_path / "phone-case.png")
    await page.tap_text("⏎ Answer the questions")  # the footer's key, tapped
    chosen = [RESPONSE_ORDER[number % len(RESPONSE_ORDER)] for number in range(len(QUESTIONS))]
    for number, (question, response) in enumerate(zip(QUESTIONS.questions, chosen, strict=True), start=1):
        await page.wait_for_text(f"Question {number} of 10")
        screen = await page.wait_for_text(FOOTER_KEYS[-1])  # drawn a moment after the question
        assert_nothing_cut(
            screen, "reflect workshop", f"Question {number} of 10  ·  {question.label}",
            *(f"{choice.symbol} {choice.word}" for choice in RESPONSE_ORDER), *FOOTER_KEYS,
        )  # fmt: skip
        assert NARROW_NOTE_HINT in flowing(screen)
        if number == 6:
            await page.screenshot(tmp_path / "phone-question.png")
            await page.tap_text("? Why?")  # why this practice matters, and back with a tap
            await page.wait_for_text("Why this matters: Community")
            await page.tap_text("Why this matters")
            await page.wait_for_text("? why this matters")
        if number == len(QUESTIONS):
            await page.tap_text("what you noticed")  # the note's box
            await page.press(*"kept it short")
            await page.wait_for_text("kept it short")
        await page.tap_text(f"{response.symbol} {response.word}")
    await page.wait_for_text("Thank you")
    screen = await page.wait_for_text("q Leave")
    await page.screenshot(tmp_path / "phone-done.png")
    assert_nothing_cut(
        screen, *(f"{number:>2}. {question.label:<16} {response.symbol} {response.word}"
                  for number, (question, response) in enumerate(zip(QUESTIONS.questions, chosen, strict=True), start=1)),
        "b Change an answer", "v Read the case", "q Leave",
    )  # fmt: skip
    labels, answers = room(workshop)
    assert len(labels) == 1
    assert [answers[key][0] for key in QUESTIONS.keys] == chosen
    assert answers[QUESTIONS.keys[-1]][1] == "kept it short"


async def test_a_reload_is_the_same_participant_back_where_they_were(chromium: Chromium, serving: Served, workshop: Path) -> None:
    page = await chromium.new_page()
    await open_on_a_phone(page, serving)
    await page.press("enter")
    await page.wait_for_text("Question 1 of 10")
    await page.press("y", "p")
    await page.wait_for_text("Question 3 of 10")
    first = await page.screen()
    await page.reload()
    screen = await page.wait_for_text("Question 3 of 10", timeout=30)  # not the case again, not question 1
    label = first.split("\n")[2].split(" · ")[0].strip()
    assert label.startswith("Participant ") and label in screen
    await page.press("n")
    await page.wait_for_text("Question 4 of 10")
    labels, answers = room(workshop)
    assert labels == [label]  # one person, counted once
    assert [answers[key][0] for key in QUESTIONS.keys[:3]] == [Response.YES, Response.PARTLY, Response.NO]


async def test_escape_in_a_note_then_a_key_at_once_leaves_the_note_and_answers_in_the_browser(
    chromium: Chromium, serving: Served, workshop: Path
) -> None:
    page = await chromium.new_page()
    await open_on_a_phone(page, serving)
    await page.press("enter")
    await page.wait_for_text("Question 1 of 10")
    await page.press("tab", *"fast")
    await page.wait_for_text("fast")
    await page.press("escape", "y")  # one after the other, as fast as the browser sends them
    await page.wait_for_text("Question 2 of 10")
    _labels, answers = room(workshop)
    assert answers[QUESTIONS.keys[0]] == (Response.YES, "fast")
