"""Making workshops for tests: a workshop file on a shipped vignette, and answers written into it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from reflect.model import Response
from reflect.questions import default_question_set
from reflect.workshop.store import WorkshopInfo, WorkshopStore, create_workshop
from reflect.workshop.vignettes import find_vignette

KEYS = default_question_set().keys
LETTERS = {"y": Response.YES, "p": Response.PARTLY, "n": Response.NO, "x": Response.NOT_APPLICABLE, ".": None}


def make_workshop(path: Path, vignette: str = "community-cafe", workshop_id: str = "community-cafe-0a1b") -> Path:
    question_set = default_question_set()
    found = find_vignette(vignette, None)
    create_workshop(
        path,
        WorkshopInfo(
            id=workshop_id,
            created_at=datetime(2026, 11, 23, 14, 0, tzinfo=UTC),
            vignette_id=found.id,
            vignette_title=found.title,
            vignette_setting=found.setting,
            vignette_text=found.text,
            question_set_id=question_set.id,
            question_set_version=question_set.version,
        ),
    )
    return path


def answer_as(path: Path, label: str, letters: str, notes: dict[int, str] | None = None, *, finish: bool = True) -> None:
    """One participant, from another connection, answering in question order ("yypn..."; "." skips)."""
    store = WorkshopStore.open(path)
    try:
        store.join(label)
        for index, letter in enumerate(letters):
            note = (notes or {}).get(index + 1, "")
            if LETTERS[letter] is not None or note:
                store.answer(label, KEYS[index], LETTERS[letter], note)
        if finish:
            store.finish(label)
    finally:
        store.close()
