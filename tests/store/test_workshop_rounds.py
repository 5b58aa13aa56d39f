"""A workshop's rounds: the trainer opens and closes answering, reveals the spread, starts another round."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reflect.model import Response
from reflect.workshop.store import AnsweringPaused, WorkshopStore
from reflect.workshop.vignettes import find_vignette
from tests.helpers.workshops import KEYS, answer_as, make_workshop


def open_store(path: Path) -> WorkshopStore:
    return WorkshopStore.open(path)


def test_a_new_workshop_is_on_round_one_with_answering_open_and_nothing_revealed(tmp_path: Path) -> None:
    store = open_store(make_workshop(tmp_path / "room.db"))
    try:
        room_round = store.current_round()
        assert (room_round.number, room_round.answering_open, room_round.revealed) == (1, True, False)
        assert room_round.vignette_id == store.info.vignette_id
    finally:
        store.close()


def test_while_answering_is_closed_no_answer_is_written_and_it_is_written_once_open_again(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    trainer, participant = open_store(path), open_store(path)
    try:
        label = participant.join("Participant AAAA")
        trainer.set_answering(False)
        with pytest.raises(AnsweringPaused, match="paused answering"):
            participant.answer(label, KEYS[0], Response.YES, "")
        assert trainer.answers() == []
        trainer.set_answering(True)
        participant.answer(label, KEYS[0], Response.YES, "")
        assert [answer.response for answer in trainer.answers()] == [Response.YES]
    finally:
        trainer.close()
        participant.close()


def test_revealing_is_seen_from_another_connection(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    trainer, participant = open_store(path), open_store(path)
    try:
        before = participant.data_version()
        trainer.set_revealed(True)
        assert participant.data_version() != before
        assert participant.current_round().revealed
        trainer.set_revealed(False)
        assert not participant.current_round().revealed
    finally:
        trainer.close()
        participant.close()


def test_a_second_round_keeps_the_first_rounds_answers_apart(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant AAAA", "yyyyyyyyyy")
    store = open_store(path)
    try:
        other = find_vignette("crisis-call", None)
        second = store.start_round(other.id, other.title, other.setting, other.text)
        assert (second.number, second.vignette_id, second.answering_open, second.revealed) == (2, "crisis-call", True, False)
        store.answer("Participant AAAA", KEYS[0], Response.NO, "on the second case", round_number=2)
        store.finish("Participant AAAA", round_number=2)
        assert [answer.response for answer in store.answers(2)] == [Response.NO]
        assert len(store.answers(1)) == 10 and all(answer.response is Response.YES for answer in store.answers(1))
        assert [participant.finished for participant in store.participants(2)] == [True]
        assert [room_round.number for room_round in store.rounds()] == [1, 2]
    finally:
        store.close()


def test_a_new_round_closes_the_one_before_and_answers_to_it_are_refused(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    store, late = open_store(path), open_store(path)
    try:
        late.join("Participant LATE")
        store.set_revealed(True)
        store.start_round("crisis-call", "Second", "Phone", "Text")
        store.set_answering(False)
        first, second = store.rounds()
        assert (first.answering_open, first.revealed) == (False, True)
        assert (second.answering_open, second.revealed) == (False, False)
        with pytest.raises(AnsweringPaused):
            late.answer("Participant LATE", KEYS[0], Response.YES, "", round_number=1)
        assert store.answers(1) == []
    finally:
        store.close()
        late.close()


def test_a_file_from_before_rounds_gets_the_round_tables_when_opened_and_keeps_its_answers(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant AAAA", "ypn")
    connection = sqlite3.connect(path)
    for table in ("room_round", "round_answer", "round_finished", "serving", "participant_key"):
        connection.execute(f"DROP TABLE {table}")
    connection.execute("PRAGMA user_version = 1")  # as files were before rounds
    connection.commit()
    connection.close()
    store = open_store(path)
    try:
        assert store.current_round().number == 1 and store.current_round().answering_open
        assert [answer.response for answer in store.answers()] == [Response.YES, Response.PARTLY, Response.NO]
        store.answer("Participant AAAA", KEYS[3], Response.YES, "")
        assert len(store.answers()) == 4
    finally:
        store.close()


def test_the_served_join_link_is_kept_while_its_server_runs(tmp_path: Path) -> None:
    import os

    store = open_store(make_workshop(tmp_path / "room.db"))
    try:
        assert store.serving() is None
        store.record_serving("http://192.0.2.7:8000/token/", os.getpid())
        serving = store.serving()
        assert serving is not None and serving.link == "http://192.0.2.7:8000/token/"
        store.clear_serving(os.getpid())
        assert store.serving() is None
        store.record_serving("http://192.0.2.7:8000/token/", 2**22 + 12345)  # no such process: a server long gone
        assert store.serving() is None
    finally:
        store.close()
