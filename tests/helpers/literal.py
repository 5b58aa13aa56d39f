"""Stored text that a terminal would obey or Textual would read as markup, for the tests that show it."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.store import open_store
from tests.helpers.environment import FIXED_NOW

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


def assert_no_control_characters(text: str) -> None:
    found = CONTROL_CHARACTERS.findall(text.replace("\n", ""))
    assert not found, f"control characters on screen: {found!r}"
