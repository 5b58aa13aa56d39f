"""Every write is a revision: a save from an older revision, or of a deleted reflection, is refused."""

from __future__ import annotations

import dataclasses
from datetime import UTC
from pathlib import Path

import pytest

from reflect.model import Answer, Response
from reflect.questions import default_question_set
from reflect.services.journal import Journal
from reflect.store import SaveConflict, StoreError, open_store
from tests.helpers.engines import SQLITE_FILE


def a_reflection():  # type: ignore[no-untyped-def]
    from datetime import datetime

    from reflect.service import new_reflection

    reflection = new_reflection(default_question_set(), datetime(2026, 11, 20, 10, tzinfo=UTC))
    reflection.answers = {"making-sense": Answer(Response.YES)}
    return reflection


def copy_of(reflection):  # type: ignore[no-untyped-def]
    return dataclasses.replace(reflection, answers=dict(reflection.answers), tags=list(reflection.tags))


def test_a_new_reflection_is_revision_one_and_each_checked_save_the_next(store) -> None:  # type: ignore[no-untyped-def]
    reflection = a_reflection()
    store.save_checked(reflection)
    assert reflection.revision == 1 and store.get(reflection.uuid).revision == 1
    reflection.person_code = "AA-1"
    store.save_checked(reflection)
    assert reflection.revision == 2 and store.get(reflection.uuid).revision == 2


def test_a_save_from_an_older_revision_is_refused_with_what_is_stored_now_and_writes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    reflection = a_reflection()
    store.save_checked(reflection)
    window_a, window_b = store.get(reflection.uuid), store.get(reflection.uuid)
    window_a.person_code = "AA-1"
    store.save_checked(window_a)
    window_b.tags = ["housing"]
    with pytest.raises(SaveConflict, match="changed in another window") as conflict:
        store.save_checked(window_b)
    assert conflict.value.current is not None and conflict.value.current.person_code == "AA-1"
    stored = store.get(reflection.uuid)
    assert (stored.person_code, stored.tags) == ("AA-1", [])


def test_saving_a_reflection_deleted_meanwhile_is_refused_and_it_does_not_come_back(store) -> None:  # type: ignore[no-untyped-def]
    reflection = a_reflection()
    store.save_checked(reflection)
    still_open = store.get(reflection.uuid)
    store.delete(reflection.uuid)
    still_open.tags = ["housing"]
    with pytest.raises(SaveConflict, match="deleted") as conflict:
        store.save_checked(still_open)
    assert conflict.value.current is None
    assert store.get(reflection.uuid) is None


def test_a_reflection_never_stored_cannot_overwrite_one_with_its_id(store) -> None:  # type: ignore[no-untyped-def]
    reflection = a_reflection()
    store.save_checked(copy_of(reflection))
    with pytest.raises(SaveConflict):
        store.save_checked(reflection)


def test_an_import_is_a_new_revision_so_an_edit_opened_before_it_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    reflection = a_reflection()
    store.save_checked(reflection)
    opened = store.get(reflection.uuid)
    newer = copy_of(reflection)
    newer.updated_at += timedelta(hours=1)
    newer.person_code = "ZZ-9"
    store.import_reflections([newer])
    with pytest.raises(SaveConflict):
        store.save_checked(opened)


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_a_write_to_a_database_erased_since_it_was_opened_is_refused_not_claimed(db_path: Path) -> None:
    store = open_store(db_path)
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        with pytest.raises(StoreError, match="erased or replaced"):
            store.save_checked(a_reflection())
        with pytest.raises(StoreError, match="erased or replaced"):
            store.save(a_reflection())
    finally:
        store.close()


def test_the_journal_reports_a_conflict_with_the_stored_version_and_keeps_no_recovery_file(store, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from reflect.paths import local_file_for
    from reflect.recovery import recovery_files

    journal = Journal(store, db_path)
    reflection = a_reflection()
    assert journal.finish(reflection, datetime(2026, 11, 20, 11, tzinfo=UTC)).ok
    other = store.get(reflection.uuid)
    other.person_code = "AA-1"
    assert journal.finish(other, datetime(2026, 11, 20, 12, tzinfo=UTC)).ok
    reflection.tags = ["housing"]
    saved = journal.finish(reflection, datetime(2026, 11, 20, 13, tzinfo=UTC))
    assert not saved.ok and saved.conflict is not None and saved.conflict.current.person_code == "AA-1"
    assert recovery_files(local_file_for(db_path)) == []
