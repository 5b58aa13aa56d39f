"""A process that saves reflections as reflect does, for the tests that kill it or run several at once.

    python tests/helpers/writer.py DB PREFIX COUNT [PAUSE]

Each reflection i is first saved as a draft with some answers (as the app does while
answers are given), then saved complete with all ten answers and long notes (as the
app's ctrl+s does). After each commit it prints "draft i" or "saved i" and flushes, so
the test knows what had certainly been written before it killed the process. PAUSE: seconds to
wait after each reflection, as a person does between two (the background housekeeping runs then).
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set

QUESTIONS = default_question_set()
START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
NOTE = "A long note, so that each save takes a while to write. " * 40
DRAFT_ANSWERS = 4


def uuid_for(prefix: int, number: int) -> str:
    return f"{prefix:08x}-0000-4000-8000-{number:012d}"


def expected_note(prefix: int, number: int, key: str) -> str:
    return f"{prefix}/{number}/{key} {NOTE}"


def draft(prefix: int, number: int) -> Reflection:
    moment = START + timedelta(minutes=number)
    return Reflection(
        uuid=uuid_for(prefix, number), question_set_id=QUESTIONS.id, question_set_version=QUESTIONS.version,
        occurred_at=moment, created_at=moment, updated_at=moment, is_draft=True,
        answers={key: Answer(Response.PARTLY) for key in QUESTIONS.keys[:DRAFT_ANSWERS]},
    )  # fmt: skip


def complete(prefix: int, number: int) -> Reflection:
    reflection = draft(prefix, number)
    reflection.is_draft = False
    reflection.answers = {key: Answer(Response.YES, expected_note(prefix, number, key)) for key in QUESTIONS.keys}
    reflection.what_happened = expected_note(prefix, number, "what_happened")
    return reflection


def main() -> None:
    from reflect.store import open_store

    db_path, prefix, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    pause = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    store = open_store(db_path)
    print("ready", flush=True)
    for number in range(count):
        store.save(draft(prefix, number))
        print(f"draft {number}", flush=True)
        store.save(complete(prefix, number))
        print(f"saved {number}", flush=True)
        time.sleep(pause)
    store.close()


if __name__ == "__main__":
    main()
