"""The room's spread per question, how much it disagrees (worked by hand), and its exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from reflect.model import Response
from reflect.questions import default_question_set
from reflect.workshop.export import room_csv, room_markdown, write_private
from reflect.workshop.room import disagreement, discussion_starters, room_spread
from reflect.workshop.store import RoomAnswer, WorkshopStore
from tests.helpers.workshops import answer_as, make_workshop

Y, P, N, X = Response.YES, Response.PARTLY, Response.NO, Response.NOT_APPLICABLE
QUESTIONS = default_question_set()


def counts(yes: int = 0, partly: int = 0, no: int = 0, na: int = 0) -> dict[Response, int]:
    return {Y: yes, P: partly, N: no, X: na}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (counts(), None),  # nobody answered: no figure at all
        (counts(yes=7), 0.0),  # everyone agrees
        (counts(yes=1), 0.0),
        (counts(yes=2, no=2), 0.5),  # an even split between two answers
        (counts(yes=3, partly=1), 0.25),
        (counts(yes=2, partly=2, no=2, na=2), 0.75),  # as split as four answers can be
        (counts(yes=4, partly=3, no=1), 0.5),  # 1 - 4/8
        (counts(partly=1, na=2), 1 / 3),  # Not applicable is an answer of its own
    ],
)
def test_disagreement_is_one_minus_the_share_of_the_most_common_answer(given, expected) -> None:  # type: ignore[no-untyped-def]
    if expected is None:
        assert disagreement(given) is None
    else:
        assert disagreement(given) == pytest.approx(expected)


def test_the_spread_counts_each_participants_answer_and_keeps_notes() -> None:
    answers = [
        RoomAnswer("Participant A", "make-sense", Y, ""),
        RoomAnswer("Participant B", "make-sense", N, "I talked over her"),
        RoomAnswer("Participant C", "make-sense", Y, "  "),
        RoomAnswer("Participant A", "hope", None, "only a note"),
        RoomAnswer("Participant A", "not-a-question", Y, ""),
    ]
    spreads = room_spread(QUESTIONS, answers)
    assert [spread.number for spread in spreads] == list(range(1, 11))
    first, hope = spreads[0], spreads[-1]
    assert first.counts == counts(yes=2, no=1) and first.n == 3
    assert first.disagreement == pytest.approx(1 / 3)
    assert [(note.participant, note.response, note.text) for note in first.notes] == [("Participant B", N, "I talked over her")]
    assert hope.n == 0 and hope.disagreement is None
    assert [note.text for note in hope.notes] == ["only a note"]


def test_discussion_starters_are_the_most_disputed_questions_most_disputed_first() -> None:
    # Question 1: 2 Yes, 2 No (0.5). Question 2: 3 Yes, 1 Partly (0.25). Question 3: all Yes (0).
    # Question 4: 1 Yes, 1 Partly, 1 No, 1 N/A (0.75). Question 5: one answer only (cannot disagree).
    # Question 6: 2 Partly, 2 N/A (0.5, tied with question 1, so after it).
    rows = {1: "yynn", 2: "yyyp", 3: "yyyy", 4: "ypnx", 5: "p...", 6: "ppxx"}
    answers = [
        RoomAnswer(f"Participant {person}", QUESTIONS.keys[number - 1], {"y": Y, "p": P, "n": N, "x": X}[letter], "")
        for number, letters in rows.items()
        for person, letter in enumerate(letters)
        if letter != "."
    ]
    spreads = room_spread(QUESTIONS, answers)
    assert [spread.number for spread in discussion_starters(spreads)] == [4, 1, 6]
    assert [spread.number for spread in discussion_starters(spreads, limit=10)] == [4, 1, 6, 2]


def test_a_room_that_agrees_has_no_discussion_starters() -> None:
    answers = [RoomAnswer(f"Participant {person}", key, Y, "") for person in range(3) for key in QUESTIONS.keys]
    assert discussion_starters(room_spread(QUESTIONS, answers)) == []


def test_the_csv_has_a_row_per_question_with_counts_and_disagreement(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant A", "yyyyyyyyyy")
    answer_as(path, "Participant B", "ynyyyyyyyx")
    store = WorkshopStore.open(path)
    try:
        spreads, participants, info = room_spread(QUESTIONS, store.answers()), store.participants(), store.info
    finally:
        store.close()
    text = room_csv(info, spreads, participants, QUESTIONS)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 10
    assert rows[0] == {
        "Number": "1", "Practice": "Making sense",
        "Question": "Did I actively listen to help the person to make sense of their mental health problems?",
        "Yes": "2", "Partly": "0", "No": "0", "Not applicable": "0", "Answered": "2", "Disagreement": "0.00",
    }  # fmt: skip
    assert (rows[1]["Yes"], rows[1]["No"], rows[1]["Disagreement"]) == ("1", "1", "0.50")
    assert (rows[9]["Yes"], rows[9]["Not applicable"], rows[9]["Disagreement"]) == ("1", "1", "0.50")


def test_the_markdown_names_the_starters_and_quotes_notes_literally(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant A", "yy", notes={2: "Asked *what* matters [link](http://x) <b>"})
    answer_as(path, "Participant B", "yp")
    store = WorkshopStore.open(path)
    try:
        text = room_markdown(store.info, room_spread(QUESTIONS, store.answers()), store.participants(), QUESTIONS)
    finally:
        store.close()
    assert text.startswith("# Workshop: A first meeting at the community café\n")
    assert "2 joined, 2 finished" in text
    assert "## Where the room differs most\n\n- 2. Personal goals (disagreement 0.50, n 2)" in text
    assert "| 1 | Making sense | 2 | 0 | 0 | 0 | 2 | 0.00 |" in text
    assert r"- Participant A (Yes): Asked \*what\* matters \[link\](http://x) \<b\>" in text


def test_exports_are_written_for_the_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "room.csv"
    target.write_text("old")
    target.chmod(0o644)
    write_private(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o600
