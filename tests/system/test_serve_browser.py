"""`reflect serve` used as participants use it: headless Chromium opens the join link, types the
answers, and the workshop database is checked afterwards.

Needs a Chromium (Debian's `chromium`, installed by .ci/run). Without one these tests are skipped
with the reason, unless REFLECT_REQUIRE_BROWSER is set (as .ci/run sets it once it has installed
one), when a missing browser is a failure.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from reflect.model import Response
from reflect.questions import default_question_set
from reflect.workshop.store import WorkshopStore
from tests.helpers.browser import Chromium, Page, find_browser
from tests.helpers.served import Served, make_workshop, start_serve

KEYS = default_question_set().keys
LETTERS = {"y": Response.YES, "p": Response.PARTLY, "n": Response.NO, "x": Response.NOT_APPLICABLE}
VIGNETTE_TITLE = "A home visit after the move"


@pytest.fixture
async def chromium():  # type: ignore[no-untyped-def]
    executable = find_browser()
    if executable is None:
        reason = (
            "no Chromium to drive: install Debian's chromium (apt-get install chromium), as .ci/run "
            "does, or point REFLECT_TEST_BROWSER at one"
        )
        if os.environ.get("REFLECT_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    browser = Chromium(executable)
    await browser.start()
    yield browser
    await browser.close()


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    return make_workshop(tmp_path / "room.workshop.db")


@pytest.fixture
def serving(workshop: Path, tmp_path: Path, subprocess_env: dict[str, str]):  # type: ignore[no-untyped-def]
    served = start_serve("--db", str(workshop), env=subprocess_env, cwd=tmp_path)
    yield served
    served.stop()


def room(workshop: Path) -> tuple[dict[str, bool], dict[str, dict[str, Response | None]]]:
    """Who took part (and whether they finished), and each participant's answers."""
    store = WorkshopStore.open(workshop)
    try:
        participants = {p.label: p.finished for p in store.participants()}
        answers: dict[str, dict[str, Response | None]] = {label: {} for label in participants}
        for answer in store.answers():
            answers[answer.participant][answer.question_key] = answer.response
    finally:
        store.close()
    return participants, answers


async def join(page: Page, link: str) -> None:
    """Open the join link and wait for the case to be on screen."""
    assert await page.open(link) == 200
    await page.wait_for_text(VIGNETTE_TITLE, timeout=30)


async def answer_all(page: Page, letters: str) -> None:
    """Go from the case to the questions and answer each with one key, as a participant would."""
    await page.press("enter")
    await page.wait_for_text("Question 1 of 10")
    for number, letter in enumerate(letters, start=1):
        await page.press(letter)
        if number < len(letters):
            await page.wait_for_text(f"Question {number + 1} of 10")
    await page.wait_for_text("Thank you.")


async def test_a_participant_answers_in_the_browser_and_the_workshop_keeps_every_answer(
    chromium: Chromium, serving: Served, workshop: Path, tmp_path: Path
) -> None:
    page = await chromium.new_page()
    await join(page, serving.link)
    columns, rows = await page.size()
    assert columns >= 80 and rows >= 24, "the page gives the app at least a terminal's 80x24"
    await answer_all(page, "ypnxyypnxy")
    await page.screenshot(tmp_path / "done.png")

    participants, answers = room(workshop)
    assert list(participants.values()) == [True]
    (label,) = participants
    assert label.startswith("Participant ")
    assert answers[label] == {key: LETTERS[letter] for key, letter in zip(KEYS, "ypnxyypnxy")}
    assert label in await page.screen(), "the participant sees their own anonymous label"


async def test_ctrl_c_stops_serving_promptly_with_participants_connected(
    chromium: Chromium, serving: Served, workshop: Path
) -> None:
    page = await chromium.new_page()
    await join(page, serving.link)
    await page.press("enter")
    await page.wait_for_text("Question 1 of 10")
    await page.press("y", "p")
    await page.wait_for_text("Question 3 of 10")

    started = time.monotonic()
    assert serving.stop(timeout=15) == 0
    assert time.monotonic() - started < 10
    assert "Traceback" not in "".join(serving.output + serving.errors)
    _, answers = room(workshop)
    assert [list(given.values()) for given in answers.values()] == [[Response.YES, Response.PARTLY]]
    deadline = time.monotonic() + 5
    while not await page.evaluate("document.body.classList.contains('-closed')"):
        assert time.monotonic() < deadline, "the page says the session ended"
        await asyncio.sleep(0.1)


async def test_two_participants_at_once_every_answer_is_counted(chromium: Chromium, serving: Served, workshop: Path) -> None:
    pages = [await chromium.new_page() for _ in range(2)]
    await asyncio.gather(*(join(page, serving.link) for page in pages))
    choices = ["yyyyyppppp", "nxnxnxnxnx"]
    await asyncio.gather(*(answer_all(page, letters) for page, letters in zip(pages, choices)))

    participants, answers = room(workshop)
    assert len(participants) == 2 and all(participants.values())
    assert sum(len(given) for given in answers.values()) == 20
    expected = sorted(tuple(LETTERS[letter].value for letter in letters) for letters in choices)
    assert sorted(tuple(given[key].value for key in KEYS) for given in answers.values()) == expected


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
async def test_a_page_without_the_join_token_is_refused(
    host: str, chromium: Chromium, workshop: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    served = start_serve("--db", str(workshop), "--host", host, env=subprocess_env, cwd=tmp_path)
    try:
        base = f"http://127.0.0.1:{served.port}"
        page = await chromium.new_page()
        for address in (f"{base}/", f"{base}/{served.token[:-2]}/", f"{base}/{served.token}-/"):
            assert await page.open(address) == 403, address
            text = await page.evaluate("document.body.innerText")
            assert "This workshop needs its full join link" in text
            assert "Please ask the trainer for the full link" in text
        # The websocket is refused too, even when a page asks for it directly.
        outcome = await page.evaluate(
            f"""new Promise(resolve => {{
                const socket = new WebSocket("ws://127.0.0.1:{served.port}/ws?width=80&height=24");
                socket.onopen = () => resolve("open");
                socket.onerror = () => resolve("refused");
            }})"""
        )
        assert outcome == "refused"
        participants, _ = room(workshop)
        assert participants == {}, "nobody joined without the token"

        # With the token, the same browser joins.
        await join(page, served.local_link())
    finally:
        served.stop()


async def test_a_served_participant_cannot_reach_the_trainers_own_reflections(
    chromium: Chromium, workshop: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    from reflect.demo import demo_reflections
    from reflect.store import open_store
    from tests.helpers.environment import FIXED_NOW

    own = tmp_path / "trainer.db"
    reflections = demo_reflections(default_question_set(), FIXED_NOW, count=3)
    for reflection in reflections:
        reflection.person_code = "TRAINER-ONLY"
    store = open_store(own)
    store.save_many(reflections)
    store.close()
    before = own.read_bytes()

    served = start_serve("--db", str(workshop), env=subprocess_env | {"REFLECT_DB": str(own)}, cwd=tmp_path)
    try:
        page = await chromium.new_page()
        await join(page, served.link)
        seen = [await page.screen()]
        # What would lead elsewhere in the practitioner's app: history, patterns, a new reflection,
        # the command palette; then the same from the questions and from the end.
        for keys in (("h",), ("t",), ("ctrl+p",), ("escape",), ("enter", "h", "t", "ctrl+p", "escape")):
            await page.press(*keys)
            await asyncio.sleep(0.3)
            seen.append(await page.screen())
        await answer_all_from_questions(page)
        for key in ("h", "t", "ctrl+p", "n"):
            await page.press(key)
            await asyncio.sleep(0.3)
            seen.append(await page.screen())
    finally:
        served.stop()
    assert not any("TRAINER-ONLY" in screen or "History" in screen or "Patterns" in screen for screen in seen)
    assert own.read_bytes() == before


async def answer_all_from_questions(page: Page) -> None:
    """From the case or the first question (wherever the keys above left the participant)."""
    await asyncio.sleep(0.5)
    if "Question 1 of 10" not in await page.screen():
        await page.press("enter")
        await page.wait_for_text("Question 1 of 10")
    for number in range(1, 11):
        await page.press("y")
        await page.wait_for_text(f"Question {number + 1} of 10" if number < 10 else "Thank you.")
