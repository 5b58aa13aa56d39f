"""What the command-line tests share: databases made beforehand, and how a clean failure looks."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

from reflect.model import Answer, Reflection, Response

ALL_YES = ",".join(["y"] * 10)


def stored(db: Path) -> list[Reflection]:
    from reflect.store import open_store

    opened = open_store(db)
    try:
        return opened.list_reflections()
    finally:
        opened.close()


def make_database(db: Path, *reflections: Reflection) -> bytes:
    """A closed reflect database holding `reflections`; returns its bytes."""
    from reflect.store import open_store

    opened = open_store(db)
    try:
        opened.save_many(reflections)
    finally:
        opened.close()
    assert not Path(f"{db}-wal").exists()
    return db.read_bytes()


def reflection_at(occurred_at: datetime, uuid_text: str) -> Reflection:
    return Reflection(
        uuid=uuid_text,
        question_set_id="recovery-practices",
        question_set_version=1,
        occurred_at=occurred_at,
        created_at=occurred_at,
        updated_at=occurred_at,
        answers={"hope": Answer(Response.YES)},
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> str:
    """Exit `code`, nothing on stdout, no traceback, one message line naming the problem; returns it."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    # argparse's own errors put a usage block first (indented when wrapped); the message is one line.
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith(("usage:", " "))]
    assert len(lines) == 1, result.stderr
    message = lines[0]
    assert message.startswith("reflect")
    for fragment in fragments:
        assert fragment.lower() in message.lower(), message
    return message
