"""A real `reflect` process in a real terminal, killed mid-reflection: nothing answered is lost."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from reflect.model import Response
from reflect.questions import default_question_set
from reflect.store import open_store

KEYS = default_question_set().keys


def drafts_in(db_path: Path) -> list:  # type: ignore[type-arg]
    if not db_path.exists():
        return []
    store = open_store(db_path)
    try:
        return store.drafts()
    finally:
        store.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_reflection_killed_mid_way_keeps_every_answer_given_as_a_draft(db_path: Path, subprocess_env) -> None:
    from tests.helpers.terminal import reflect_in_terminal

    with reflect_in_terminal(db_path, subprocess_env) as terminal:
        # Once home says how to begin, the database is open (rather than waiting a fixed time for it).
        assert terminal.read_until(lambda: terminal.shows("begin your first reflection"), seconds=60)
        terminal.press("n", "\r", "y", "p", "n", pause=0)
        terminal.read_until(lambda: answered_in(db_path) == 3, seconds=20)
        terminal.kill()  # the terminal closes without warning

    (draft,) = drafts_in(db_path)
    assert [draft.response_for(key) for key in KEYS[:4]] == [Response.YES, Response.PARTLY, Response.NO, None]
    assert draft.is_draft


# Killed while saving, again and again -------------------------------------------------------

WRITER = Path(__file__).parents[1] / "helpers" / "writer.py"
KILL_POINTS = 30
"""Processes killed, each at a random moment while saving; the README quotes this figure."""


def everything_in(db_path: Path) -> dict[str, object]:
    store = open_store(db_path)
    try:
        return {reflection.uuid: reflection for reflection in [*store.list_reflections(), *store.drafts()]}
    finally:
        store.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_a_process_killed_at_30_moments_while_saving_leaves_each_reflection_whole_or_as_its_draft(
    db_path: Path, subprocess_env
) -> None:
    import random
    import sqlite3
    import subprocess

    from tests.helpers.writer import DRAFT_ANSWERS, expected_note, uuid_for

    chance = random.Random(6)
    for prefix in range(1, KILL_POINTS + 1):
        process = subprocess.Popen(
            [sys.executable, str(WRITER), str(db_path), str(prefix), "100000"], env=subprocess_env, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        time.sleep(chance.uniform(0.0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait()
        said = process.stdout.read().split("\n")
        process.stdout.close()
        saved = {int(line.split()[1]) for line in said if line.startswith("saved ")}
        drafted = {int(line.split()[1]) for line in said if line.startswith("draft ")}

        connection = sqlite3.connect(db_path)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        connection.close()
        found = {uuid: reflection for uuid, reflection in everything_in(db_path).items() if uuid.startswith(f"{prefix:08x}")}
        for number in saved:
            assert not found[uuid_for(prefix, number)].is_draft  # every save it reported has landed
        for number in drafted:
            assert uuid_for(prefix, number) in found
        assert len(found) <= len(drafted) + 1  # at most the one it was writing when killed
        for reflection in found.values():
            number = int(reflection.uuid.rsplit("-", 1)[1])
            if reflection.is_draft:  # the draft exactly as it was written
                assert [reflection.response_for(key) for key in KEYS] == [Response.PARTLY] * DRAFT_ANSWERS + [None] * 6
                assert reflection.what_happened == "" and all(answer.note == "" for answer in reflection.answers.values())
            else:  # or the whole reflection, never a mixture
                assert [reflection.answers[key].note for key in KEYS] == [expected_note(prefix, number, key) for key in KEYS]
                assert reflection.what_happened == expected_note(prefix, number, "what_happened")


def answered_in(db_path: Path) -> int:
    """Answers in the draft the app is writing (0 before there is one)."""
    return max((draft.answered_count for draft in drafts_in(db_path)), default=0)


APP_KEYS = ["n", "\r", "y", "p", "n", "x", "y", "y", "p", "y", "y", "y", "\x13"]  # \x13: ctrl+s
APP_ANSWERS = [Response.YES, Response.PARTLY, Response.NO, Response.NOT_APPLICABLE, Response.YES, Response.YES,
               Response.PARTLY, Response.YES, Response.YES, Response.YES]  # fmt: skip


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("kill_after", range(1, len(APP_KEYS) + 1))
def test_the_real_app_killed_after_any_key_of_a_reflection_keeps_a_prefix_of_its_answers_or_all_of_it(
    kill_after: int, db_path: Path, subprocess_env
) -> None:
    import random
    import sqlite3

    from tests.helpers.terminal import reflect_in_terminal

    with reflect_in_terminal(db_path, subprocess_env) as terminal:
        # Home says how to begin once the database is open; answers given before that are only held in
        # memory until it is, so a kill then would lose them without anything being wrong.
        assert terminal.read_until(lambda: terminal.shows("begin your first reflection"), seconds=60)
        for number, key in enumerate(APP_KEYS[: kill_after - 1], start=1):
            terminal.press(key, pause=0)
            answered = number - 2  # n and Enter first, then one answer a key
            if answered >= 1:
                # Each key before the last has been dealt with (its answer written) before the next is
                # pressed, however busy the machine: the kill below comes while the last key is handled.
                assert terminal.read_until(lambda answered=answered: answered_in(db_path) == answered, seconds=60), (number, key)
        terminal.press(APP_KEYS[kill_after - 1], pause=0)
        terminal.read(random.Random(kill_after).uniform(0.0, 0.2))
        terminal.kill()

    if not db_path.exists():
        assert kill_after <= 3  # nothing answered yet
        return
    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    store = open_store(db_path)
    try:
        found = [*store.list_reflections(), *store.drafts()]
    finally:
        store.close()
    assert len(found) <= 1
    if not found:
        assert kill_after <= 3
        return
    (reflection,) = found
    responses = [reflection.response_for(key) for key in KEYS]
    given = kill_after - 2  # answers typed before the kill
    if reflection.is_draft:
        answered = reflection.answered_count
        assert responses == APP_ANSWERS[:answered] + [None] * (10 - answered)
        assert answered >= min(given, 10) - 1  # at most the answer being written when killed is missing
    else:
        assert kill_after == len(APP_KEYS)
        assert responses == APP_ANSWERS
