"""The Journal: saving, finishing, deleting and recovering a practitioner's reflections, as every front end does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reflect.model import Answer, Response
from reflect.paths import local_file_for
from reflect.questions import default_question_set
from reflect.recovery import read_recovery, recovery_files, write_recovery
from reflect.service import new_reflection
from reflect.services.journal import Journal, keep_unsaved
from reflect.store import Store, StoreError, open_store

QUESTIONS = default_question_set()
STARTED = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LATER = STARTED + timedelta(minutes=20)
FULL = "Could not use reflect.db: database or disk is full"


@pytest.fixture
def journal(db_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    yield Journal(store, db_path)
    store.close()


def answered(now: datetime = STARTED):  # type: ignore[no-untyped-def]
    reflection = new_reflection(QUESTIONS, now)
    reflection.answers[QUESTIONS.keys[0]] = Answer(Response.YES, "she chose the plan")
    return reflection


def refuse_every_save(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self, reflections, **_options):  # type: ignore[no-untyped-def]
        raise StoreError(FULL)

    monkeypatch.setattr(Store, "save_many", full)
    monkeypatch.setattr(Store, "save_checked", full)  # the one-reflection save the app and add use


def test_saving_a_draft_keeps_it_as_a_draft_dated_now(journal: Journal) -> None:
    reflection = answered()
    assert journal.save_draft(reflection, LATER).ok
    (draft,) = journal.drafts()
    assert draft.uuid == reflection.uuid and draft.is_draft
    assert draft.updated_at == LATER and draft.created_at == STARTED
    assert journal.store.list_reflections() == []  # not yet among the finished ones


def test_finishing_a_draft_dates_it_as_written_now(journal: Journal) -> None:
    reflection = answered()
    journal.save_draft(reflection, STARTED + timedelta(minutes=5))
    assert journal.finish(reflection, LATER).ok
    assert journal.drafts() == []
    stored = journal.store.get(reflection.uuid)
    assert stored is not None and not stored.is_draft
    assert stored.created_at == LATER and stored.updated_at == LATER


def test_finishing_an_edit_keeps_when_it_was_written(journal: Journal) -> None:
    reflection = answered()
    journal.finish(reflection, STARTED)
    edited = journal.store.get(reflection.uuid)
    assert edited is not None
    edited.commitment = "ask what matters to them first"
    assert journal.finish(edited, LATER).ok
    stored = journal.store.get(reflection.uuid)
    assert stored is not None
    assert stored.created_at == STARTED and stored.updated_at == LATER
    assert stored.commitment == "ask what matters to them first"


def test_a_refused_save_is_kept_in_a_recovery_file_and_leaves_the_reflection_as_it_was(
    journal: Journal, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reflection = answered()
    before = (reflection.is_draft, reflection.created_at, reflection.updated_at)
    refuse_every_save(monkeypatch)
    saved = journal.finish(reflection, LATER)
    assert not saved.ok and saved.problem == FULL
    assert (reflection.is_draft, reflection.created_at, reflection.updated_at) == before
    assert saved.kept_in is not None and recovery_files(local_file_for(db_path)) == [saved.kept_in]
    assert saved.kept_in.name in saved.where_kept
    kept = read_recovery(saved.kept_in)
    assert kept is not None and kept.answers == reflection.answers


def test_a_save_that_succeeds_removes_an_older_recovery_file(journal: Journal, db_path: Path) -> None:
    reflection = answered()
    write_recovery(local_file_for(db_path), reflection)
    assert journal.save_draft(reflection, LATER).ok
    assert recovery_files(local_file_for(db_path)) == []


def test_recover_unsaved_puts_kept_reflections_back_as_drafts_and_removes_their_files(
    journal: Journal, db_path: Path
) -> None:
    first, second = answered(), answered(STARTED + timedelta(hours=1))
    second.is_draft = False  # a finished reflection that could not be saved comes back as a draft too
    assert len(keep_unsaved(db_path, [first, second])) == 2
    (local_file_for(db_path).parent / f"{local_file_for(db_path).stem}-broken.recovered.json").write_text("not json")
    assert journal.recover_unsaved() == 2
    assert {draft.uuid for draft in journal.drafts()} == {first.uuid, second.uuid}
    assert [path.name for path in recovery_files(local_file_for(db_path))] == [f"{local_file_for(db_path).stem}-broken.recovered.json"]


def test_drafts_can_leave_out_the_one_open_now(journal: Journal) -> None:
    open_now, waiting = answered(), answered(STARTED - timedelta(days=1))
    journal.save_draft(open_now, LATER)
    journal.save_draft(waiting, LATER)
    assert [draft.uuid for draft in journal.drafts(except_uuid=open_now.uuid)] == [waiting.uuid]


def test_deleting_removes_a_draft(journal: Journal) -> None:
    reflection = answered()
    journal.save_draft(reflection, LATER)
    assert journal.delete(reflection.uuid)
    assert journal.drafts() == []
