"""A demo database: about six months of a fictional practitioner's reflections, for trying reflect out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def make_demo_database(folder: Path, *, reflections: int | None, seed: int, now: datetime) -> Path:
    """A demo database in `folder`, filled with made-up reflections up to `now` (the same for the same seed)."""
    from reflect.demo import practice_reflections
    from reflect.questions import default_question_set
    from reflect.store import open_store

    path = folder / "demo.db"
    store = open_store(path)
    try:
        store.save_many(practice_reflections(default_question_set(), now, count=reflections, seed=seed))
    finally:
        store.close()
    return path
