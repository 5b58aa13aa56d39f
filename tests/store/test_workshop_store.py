"""A workshop's own database: created once, written by many participants at once, never mistaken for reflections."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from reflect.model import Response
from reflect.store import StoreError, current_revision, open_store
from reflect.workshop.store import RoomAnswer, WorkshopError, WorkshopStore, check_workshop_file
from tests.helpers.workshops import KEYS, answer_as, make_workshop


def test_a_new_workshop_holds_its_vignette_and_is_private(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db", vignette="crisis-call", workshop_id="crisis-call-1234")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    store = WorkshopStore.open(path)
    try:
        assert store.info.id == "crisis-call-1234"
        assert store.info.vignette_title == "A phone call late on a Friday"
        assert "Jordan" in store.info.vignette_text
        assert store.participants() == [] and store.answers() == []
    finally:
        store.close()


def test_a_workshop_uses_a_rollback_journal_so_it_works_from_a_shared_folder(tmp_path: Path) -> None:
    # WAL needs every process on one computer; participants may be on several, sharing the file.
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant AAAA", "yy")
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        connection.close()
    assert not (tmp_path / "room.db-wal").exists()


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "room.db"
    path.write_text("precious")
    with pytest.raises(WorkshopError, match="already exists"):
        make_workshop(path)
    assert path.read_text() == "precious"


def test_participants_get_distinct_anonymous_labels(tmp_path: Path) -> None:
    store = WorkshopStore.open(make_workshop(tmp_path / "room.db"))
    try:
        labels = {store.join() for _ in range(50)}
    finally:
        store.close()
    assert len(labels) == 50
    assert all(label.startswith("Participant ") and len(label) == len("Participant 7F3A") for label in labels)


KEY = "k" * 32  # a participant key, as a browser makes it


def test_a_participant_key_that_joined_before_is_the_same_participant(tmp_path: Path) -> None:
    store = WorkshopStore.open(make_workshop(tmp_path / "room.db"))
    try:
        first = store.join(key=KEY)
        store.answer(first, KEYS[0], Response.YES, "")
        again = store.join(key=KEY)
        other = store.join(key="o" * 32)
        assert again == first and other != first
        assert sorted(participant.label for participant in store.participants()) == sorted([first, other])
        assert store.answers_of(again) == [RoomAnswer(first, KEYS[0], Response.YES, "")]
    finally:
        store.close()


def test_the_file_keeps_only_a_hash_of_a_participant_key(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    store = WorkshopStore.open(path)
    try:
        store.join(key=KEY)
    finally:
        store.close()
    assert KEY.encode() not in path.read_bytes()
    connection = sqlite3.connect(path)
    (stored,) = connection.execute("SELECT key_hash FROM participant_key").fetchone()
    connection.close()
    assert KEY not in stored and len(stored) == 64


def test_an_answer_can_be_changed_and_cleared_and_keeps_its_note(tmp_path: Path) -> None:
    store = WorkshopStore.open(make_workshop(tmp_path / "room.db"))
    try:
        label = store.join("Participant AAAA")
        store.answer(label, KEYS[0], Response.YES, "")
        store.answer(label, KEYS[0], Response.PARTLY, "they chose the café")
        assert store.answers() == [RoomAnswer(label, KEYS[0], Response.PARTLY, "they chose the café")]
        store.answer(label, KEYS[0], None, "they chose the café")
        assert store.answers() == [RoomAnswer(label, KEYS[0], None, "they chose the café")]
    finally:
        store.close()


def test_data_version_changes_when_another_connection_writes(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    watcher = WorkshopStore.open(path)
    try:
        before = watcher.data_version()
        assert watcher.data_version() == before  # nothing new: nothing changes
        answer_as(path, "Participant BBBB", "y")
        assert watcher.data_version() != before
        assert [answer.response for answer in watcher.answers()] == [Response.YES]
    finally:
        watcher.close()


def test_a_practitioners_database_is_not_a_workshop(tmp_path: Path) -> None:
    reflections = tmp_path / "reflect.db"
    open_store(reflections).close()
    before = reflections.read_bytes()
    with pytest.raises(WorkshopError, match="practitioner's reflect database, not a workshop"):
        WorkshopStore.open(reflections)
    assert reflections.read_bytes() == before


def test_a_workshop_is_not_a_practitioners_database(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    answer_as(path, "Participant CCCC", "yyp")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="workshop's database, not a practitioner's"):
        current_revision(path)
    with pytest.raises(StoreError):
        open_store(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a workshop database"),
        (b"hello, I am a note", "not a workshop database"),
    ],
)
def test_other_files_are_refused_and_left_alone(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "other.db"
    path.write_bytes(content)
    with pytest.raises(WorkshopError, match=message):
        check_workshop_file(path)
    assert path.read_bytes() == content


def test_someone_elses_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(WorkshopError, match="not a reflect workshop"):
        check_workshop_file(path)


def test_a_missing_file_or_folder_says_how_to_make_a_workshop(tmp_path: Path) -> None:
    with pytest.raises(WorkshopError, match="reflect workshop new"):
        check_workshop_file(tmp_path / "nothing.db")
    with pytest.raises(WorkshopError, match="is a folder"):
        check_workshop_file(tmp_path)


def test_a_workshop_from_a_newer_reflect_is_refused(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(WorkshopError, match="newer version"):
        check_workshop_file(path)


def test_a_workshop_made_before_rounds_is_upgraded_when_opened_and_keeps_its_answers(tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "room.db")
    store = WorkshopStore.open(path)
    try:
        sam = store.join("Sam")
        store.answer(sam, KEYS[0], Response.YES, "a note")
    finally:
        store.close()
    # As reflect wrote it at schema version 1: the workshop, its participants and answers only.
    connection = sqlite3.connect(path)
    with connection:
        for table in ("room_round", "round_answer", "round_finished", "serving", "participant_key"):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("PRAGMA user_version = 1")
    connection.close()

    store = WorkshopStore.open(path)
    try:
        assert [room_round.number for room_round in store.rounds()] == [1]
        assert store.current_round().answering_open
        assert store.answers() == [RoomAnswer(sam, KEYS[0], Response.YES, "a note")]
        again = store.join(key="k" * 32)
        assert store.join(key="k" * 32) == again  # browsers' keys work in the upgraded file
    finally:
        store.close()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
    finally:
        connection.close()
