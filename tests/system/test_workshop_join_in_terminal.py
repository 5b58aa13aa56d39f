"""`reflect workshop join` in real terminals, typed into as fast as people type: several at once
on one workshop file, keys arriving in one write as a fast typist's do."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reflect.model import Response
from reflect.workshop.store import WorkshopStore
from tests.helpers.terminal import Terminal
from tests.helpers.workshops import KEYS, make_workshop

pytestmark = [pytest.mark.system, pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")]

PARTICIPANTS = 4


def join(workshop: Path, env: dict[str, str]) -> Terminal:
    return Terminal(["workshop", "join", "--db", str(workshop)], env)


def notes_of(workshop: Path) -> dict[str, dict[str, str]]:
    store = WorkshopStore.open(workshop)
    try:
        notes: dict[str, dict[str, str]] = {participant.label: {} for participant in store.participants()}
        for answer in store.answers():
            notes[answer.participant][answer.question_key] = answer.note
    finally:
        store.close()
    return notes


def test_a_note_ended_with_enter_and_a_key_at_once_is_saved_and_nothing_crashes(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    workshop = make_workshop(tmp_path / "room.workshop.db")
    terminals = [join(workshop, subprocess_env) for _ in range(PARTICIPANTS)]
    for terminal in terminals:
        terminal.__enter__()
    try:
        for terminal in terminals:
            assert terminal.read_until(lambda t=terminal: t.shows("Answer the questions"), seconds=60), terminal.output[-2000:]
        for terminal in terminals:
            terminal.press("\r", pause=0)
        for terminal in terminals:
            assert terminal.read_until(lambda t=terminal: t.shows("Question 1 of 10"))
        for terminal in terminals:
            terminal.press("yyyyyyyyy", pause=0)  # questions 1 to 9, one key each
        for terminal in terminals:
            assert terminal.read_until(lambda t=terminal: t.shows("Question 10 of 10"))
        for number, terminal in enumerate(terminals):
            terminal.press("\t", pause=0.3)
            # The note, Enter, and `n` a moment later: one write, as a fast typist's keys arrive.
            terminal.press(f"felt rushed {number}\rn", pause=0)
        for terminal in terminals:
            assert terminal.read_until(lambda t=terminal: t.shows("Thank you")), terminal.output[-3000:]
            terminal.press("q", pause=0)
        for terminal in terminals:
            assert terminal.wait(20) == 0
            assert b"Traceback" not in terminal.output and b"NoMatches" not in terminal.output
    finally:
        for terminal in terminals:
            terminal.__exit__()
    notes = notes_of(workshop)
    assert len(notes) == PARTICIPANTS
    assert sorted(answers[KEYS[9]] for answers in notes.values()) == [f"felt rushed {n}" for n in range(PARTICIPANTS)]


def test_escape_in_a_note_then_a_key_at_once_leaves_the_note_and_answers(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    workshop = make_workshop(tmp_path / "room.workshop.db")
    with join(workshop, subprocess_env) as terminal:
        assert terminal.read_until(lambda: terminal.shows("Answer the questions"), seconds=60)
        terminal.press("\r", pause=0)
        assert terminal.read_until(lambda: terminal.shows("Question 1 of 10"))
        terminal.press("\t", pause=0.3)
        terminal.press("fast", pause=0.3)
        terminal.press("\x1by", pause=0)  # Escape and y in one write, as a fast typist's arrive
        assert terminal.read_until(lambda: terminal.shows("Question 2 of 10")), terminal.output[-3000:]
        terminal.press("\x11", pause=0)  # ctrl+q
        assert terminal.wait(20) == 0
    store = WorkshopStore.open(workshop)
    try:
        (answer,) = store.answers()
    finally:
        store.close()
    assert (answer.question_key, answer.note, answer.response) == (KEYS[0], "fast", Response.YES)
