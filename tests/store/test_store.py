"""The store: what is saved reads back exactly, and files it must not touch are left alone."""

from __future__ import annotations

import sqlite3
import stat
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.store import StoreError, open_store
from tests.helpers.engines import SQLITE_FILE, execute, rows

UTC = UTC
BASE = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
KEYS = default_question_set().keys


def make_reflection(
    *,
    occurred_at: datetime = BASE,
    answers: dict[str, Answer] | None = None,
    tags: list[str] | None = None,
    commitment: str = "",
    is_draft: bool = False,
    uuid_text: str | None = None,
) -> Reflection:
    return Reflection(
        uuid=uuid_text or str(uuid.uuid4()),
        question_set_id="recovery-practices",
        question_set_version=1,
        occurred_at=occurred_at,
        created_at=occurred_at,
        updated_at=occurred_at,
        tags=list(tags or []),
        commitment=commitment,
        answers=dict(answers or {}),
        is_draft=is_draft,
    )


# Saving and reading back -----------------------------------------------------------------


@pytest.mark.parametrize(
    "offset",
    [timedelta(hours=1), timedelta(hours=-5), timedelta(hours=5, minutes=30), timedelta(0)],
    ids=["+01:00", "-05:00", "+05:30", "+00:00"],
)
def test_saved_reflection_reads_back_with_every_field_and_its_occurred_at_offset(store, offset: timedelta) -> None:
    zone = timezone(offset)
    reflection = Reflection(
        uuid=str(uuid.uuid4()),
        question_set_id="recovery-practices",
        question_set_version=1,
        occurred_at=datetime(2026, 6, 1, 15, 0, tzinfo=zone),
        created_at=datetime(2026, 6, 1, 15, 42, 7, 123456, tzinfo=UTC),
        updated_at=datetime(2026, 6, 1, 15, 50, 1, 654321, tzinfo=UTC),
        kind="home-visit",
        person_code="JB-12",
        duration_minutes=45,
        tags=["housing", "peer support"],
        what_happened="We talked about moving flat.",
        so_what="She knows what she wants.",
        now_what="Find the housing contact.",
        commitment="Ask about the allotment.",
        answers={
            "make-sense": Answer(Response.YES),
            "personal-goals": Answer(Response.PARTLY, note="goals were mine, not hers"),
            "strengths": Answer(Response.NO),
            "community": Answer(Response.NOT_APPLICABLE),
            "hope": Answer(None, note="ran out of time to ask"),
        },
        is_draft=False,
    )
    store.save(reflection)

    loaded = store.get(reflection.uuid)

    assert loaded == reflection
    assert loaded.occurred_at.utcoffset() == offset
    assert loaded.occurred_at.hour == 15 and loaded.occurred_at.minute == 0


def test_saved_datetimes_read_back_timezone_aware(store) -> None:
    reflection = make_reflection()
    store.save(reflection)

    loaded = store.get(reflection.uuid)

    assert loaded.occurred_at.tzinfo is not None
    assert loaded.created_at.tzinfo is not None
    assert loaded.updated_at.tzinfo is not None


def test_unanswered_question_with_a_note_reads_back_with_no_response_and_its_note(store) -> None:
    reflection = make_reflection(answers={"respect": Answer(None, note="not sure")})
    store.save(reflection)

    loaded = store.get(reflection.uuid)

    assert loaded.answers == {"respect": Answer(None, note="not sure")}
    assert loaded.response_for("respect") is None


def test_unanswered_question_without_a_note_is_not_stored(store, db_path: Path) -> None:
    reflection = make_reflection(answers={"respect": Answer(), "hope": Answer(Response.YES)})
    store.save(reflection)

    assert store.get(reflection.uuid).answers == {"hope": Answer(Response.YES)}
    assert rows(db_path, "SELECT question_key FROM answer WHERE reflection_id = ?", reflection.uuid) == [("hope",)]


def test_question_never_answered_reads_back_as_no_response(store) -> None:
    reflection = make_reflection(answers={"hope": Answer(Response.YES)})
    store.save(reflection)

    assert store.get(reflection.uuid).response_for("make-sense") is None


def test_empty_kind_and_person_code_are_stored_as_none(store) -> None:
    reflection = make_reflection()
    reflection.kind = ""
    reflection.person_code = ""
    store.save(reflection)

    loaded = store.get(reflection.uuid)

    assert loaded.kind is None
    assert loaded.person_code is None


def test_get_returns_none_for_an_unknown_id(store) -> None:
    assert store.get(str(uuid.uuid4())) is None


def test_saving_again_replaces_answers_without_duplicates_and_drops_removed_ones(store, db_path: Path) -> None:
    reflection = make_reflection(
        answers={
            "make-sense": Answer(Response.YES),
            "strengths": Answer(Response.NO, note="missed it"),
            "hope": Answer(Response.PARTLY),
        }
    )
    store.save(reflection)
    reflection.answers = {"make-sense": Answer(Response.PARTLY, note="on reflection"), "respect": Answer(Response.YES)}
    store.save(reflection)

    assert store.get(reflection.uuid).answers == {
        "make-sense": Answer(Response.PARTLY, note="on reflection"),
        "respect": Answer(Response.YES),
    }
    stored_keys = rows(db_path, "SELECT question_key FROM answer WHERE reflection_id = ? ORDER BY question_key", reflection.uuid)
    assert stored_keys == [("make-sense",), ("respect",)]


def test_saving_again_replaces_tags_without_duplicates(store, db_path: Path) -> None:
    reflection = make_reflection(tags=["crisis", "housing"])
    store.save(reflection)
    reflection.tags = ["housing", "work"]
    store.save(reflection)

    assert store.get(reflection.uuid).tags == ["housing", "work"]
    stored_tags = rows(db_path, "SELECT tag FROM reflection_tag WHERE reflection_id = ? ORDER BY tag", reflection.uuid)
    assert stored_tags == [("housing",), ("work",)]


def test_saving_again_updates_the_reflection_in_place(store, db_path: Path) -> None:
    reflection = make_reflection(is_draft=True)
    store.save(reflection)
    reflection.is_draft = False
    reflection.commitment = "Follow up on Tuesday."
    store.save(reflection)

    assert rows(db_path, "SELECT count(*) FROM reflection") == [(1,)]
    loaded = store.get(reflection.uuid)
    assert loaded.is_draft is False
    assert loaded.commitment == "Follow up on Tuesday."


def test_tags_read_back_sorted(store) -> None:
    reflection = make_reflection(tags=["work", "crisis", "housing"])
    store.save(reflection)

    assert store.get(reflection.uuid).tags == ["crisis", "housing", "work"]


# Drafts ------------------------------------------------------------------------------------


def test_drafts_are_left_out_of_list_reflections(store) -> None:
    complete = make_reflection()
    draft = make_reflection(is_draft=True, occurred_at=BASE + timedelta(hours=1))
    store.save(complete)
    store.save(draft)

    assert [r.uuid for r in store.list_reflections()] == [complete.uuid]


def test_drafts_returns_only_drafts_most_recently_touched_first(store) -> None:
    store.save(make_reflection())
    older = make_reflection(is_draft=True)
    newer = make_reflection(is_draft=True)
    older.updated_at = BASE + timedelta(minutes=5)
    newer.updated_at = BASE + timedelta(minutes=10)
    store.save(older)
    store.save(newer)

    drafts = store.drafts()

    assert [r.uuid for r in drafts] == [newer.uuid, older.uuid]
    assert all(r.is_draft for r in drafts)


def test_delete_removes_the_reflection(store) -> None:
    reflection = make_reflection()
    store.save(reflection)

    assert store.delete(reflection.uuid) is True
    assert store.get(reflection.uuid) is None


def test_delete_of_an_unknown_id_reports_nothing_deleted(store) -> None:
    assert store.delete(str(uuid.uuid4())) is False


def test_delete_cascades_to_answers_and_tags_leaving_no_orphan_rows(store, db_path: Path) -> None:
    kept = make_reflection(answers={"hope": Answer(Response.YES)}, tags=["kept"])
    doomed = make_reflection(
        answers={"hope": Answer(Response.NO), "respect": Answer(None, note="a note")}, tags=["housing", "work"]
    )
    store.save(kept)
    store.save(doomed)

    store.delete(doomed.uuid)

    assert rows(db_path, "SELECT count(*) FROM answer WHERE reflection_id = ?", doomed.uuid) == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM reflection_tag WHERE reflection_id = ?", doomed.uuid) == [(0,)]
    orphans = "SELECT count(*) FROM {} WHERE reflection_id NOT IN (SELECT id FROM reflection)"
    assert rows(db_path, orphans.format("answer")) == [(0,)]
    assert rows(db_path, orphans.format("reflection_tag")) == [(0,)]
    assert store.get(kept.uuid) == kept


# Listing -----------------------------------------------------------------------------------


def test_list_reflections_puts_the_newest_interaction_first_whatever_the_saving_order(store) -> None:
    middle = make_reflection(occurred_at=BASE)
    oldest = make_reflection(occurred_at=BASE - timedelta(days=3))
    newest = make_reflection(occurred_at=BASE + timedelta(days=2))
    for reflection in (middle, oldest, newest):
        store.save(reflection)

    assert [r.uuid for r in store.list_reflections()] == [newest.uuid, middle.uuid, oldest.uuid]


def test_list_reflections_orders_by_instant_across_offsets(store) -> None:
    # 10:00 in New York is 15:00 UTC: later than 14:00 in London winter time.
    london = make_reflection(occurred_at=datetime(2026, 1, 5, 14, 0, tzinfo=UTC))
    new_york = make_reflection(occurred_at=datetime(2026, 1, 5, 10, 0, tzinfo=timezone(timedelta(hours=-5))))
    store.save(london)
    store.save(new_york)

    assert [r.uuid for r in store.list_reflections()] == [new_york.uuid, london.uuid]


def test_list_reflections_limit_keeps_only_the_newest(store) -> None:
    made = [make_reflection(occurred_at=BASE + timedelta(hours=hour)) for hour in range(5)]
    for reflection in made:
        store.save(reflection)

    assert [r.uuid for r in store.list_reflections(limit=2)] == [made[4].uuid, made[3].uuid]


def test_list_reflections_reads_back_answers_and_tags_for_each_reflection(store) -> None:
    first = make_reflection(answers={"hope": Answer(Response.YES)}, tags=["a"])
    second = make_reflection(occurred_at=BASE + timedelta(hours=1), answers={"hope": Answer(Response.NO)}, tags=["b"])
    store.save(first)
    store.save(second)

    assert store.list_reflections() == [second, first]


def test_list_reflections_is_empty_for_a_new_database(store) -> None:
    assert store.list_reflections() == []


# Commitments and the week's summary --------------------------------------------------------


def test_latest_commitment_is_the_most_recent_interaction_with_a_commitment(store) -> None:
    store.save(make_reflection(occurred_at=BASE, commitment="older commitment"))
    latest = make_reflection(occurred_at=BASE + timedelta(days=1), commitment="newer commitment")
    store.save(latest)
    store.save(make_reflection(occurred_at=BASE + timedelta(days=2), commitment=""))
    store.save(make_reflection(occurred_at=BASE + timedelta(days=3), commitment="draft commitment", is_draft=True))

    found = store.latest_commitment()

    assert found is not None
    assert found.uuid == latest.uuid
    assert found.commitment == "newer commitment"


def test_latest_commitment_is_none_without_any_commitment(store) -> None:
    store.save(make_reflection(commitment=""))

    assert store.latest_commitment() is None


def test_week_summary_counts_completed_reflections_since_the_given_time(store) -> None:
    since = BASE
    store.save(make_reflection(occurred_at=since - timedelta(days=1)))
    store.save(make_reflection(occurred_at=since))
    store.save(make_reflection(occurred_at=since + timedelta(days=2)))
    store.save(make_reflection(occurred_at=since + timedelta(days=3), is_draft=True))

    assert store.week_summary(since).reflections == 2


def test_week_summary_names_the_question_answered_yes_most_often(store) -> None:
    since = BASE
    store.save(make_reflection(answers={"hope": Answer(Response.YES), "respect": Answer(Response.YES)}))
    store.save(make_reflection(answers={"hope": Answer(Response.YES), "respect": Answer(Response.NO)}))
    store.save(make_reflection(answers={"respect": Answer(Response.PARTLY), "strengths": Answer(Response.NO)}))

    summary = store.week_summary(since)

    assert summary.yes_by_question == {"hope": 2, "respect": 1}
    assert summary.strongest(KEYS) == ("hope", 2)


def test_week_summary_ignores_yes_answers_before_the_period_and_in_drafts(store) -> None:
    since = BASE
    for _ in range(3):
        store.save(make_reflection(occurred_at=since - timedelta(days=1), answers={"respect": Answer(Response.YES)}))
        store.save(make_reflection(is_draft=True, answers={"respect": Answer(Response.YES)}))
    store.save(make_reflection(answers={"hope": Answer(Response.YES)}))

    summary = store.week_summary(since)

    assert summary.strongest(KEYS) == ("hope", 1)


def test_week_summary_breaks_a_tie_in_favour_of_the_earlier_question(store) -> None:
    store.save(make_reflection(answers={"community": Answer(Response.YES), "strengths": Answer(Response.YES)}))

    assert store.week_summary(BASE).strongest(KEYS) == ("strengths", 1)


def test_week_summary_compares_instants_whatever_the_offset_of_since(store) -> None:
    store.save(make_reflection(occurred_at=datetime(2026, 3, 10, 9, 30, tzinfo=UTC)))

    # 10:00 at +01:00 is 09:00 UTC (before it); 05:00 at -05:00 is 10:00 UTC (after it).
    assert store.week_summary(datetime(2026, 3, 10, 10, 0, tzinfo=timezone(timedelta(hours=1)))).reflections == 1
    assert store.week_summary(datetime(2026, 3, 10, 5, 0, tzinfo=timezone(timedelta(hours=-5)))).reflections == 0


def test_week_summary_of_an_empty_period_has_no_strongest_question(store) -> None:
    store.save(make_reflection(occurred_at=BASE - timedelta(days=10), answers={"hope": Answer(Response.YES)}))

    summary = store.week_summary(BASE)

    assert (summary.reflections, summary.strongest(KEYS)) == (0, None)


# The file on disk --------------------------------------------------------------------------


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_new_database_file_is_readable_and_writable_by_its_owner_only(store, db_path: Path) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_write_ahead_log_files_are_owner_only_too(store, db_path: Path) -> None:
    store.save(make_reflection())
    with store.engine.connect():
        side_files = [Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
        for side_file in side_files:
            assert side_file.exists(), side_file
            assert stat.S_IMODE(side_file.stat().st_mode) == 0o600, side_file


def test_default_location_folder_is_created_owner_only_when_missing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "nested" / "reflect" / "reflect.db"

    opened = open_store(path, create_parent=True)
    opened.close()

    assert path.is_file()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_named_path_in_a_missing_folder_is_refused_and_the_folder_not_created(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "reflect.db"

    with pytest.raises(StoreError, match="does not exist"):
        open_store(path)

    assert not path.parent.exists()


def test_a_folder_given_as_the_database_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        open_store(tmp_path)


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_store_connections_use_write_ahead_logging(store) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_store_connections_enforce_foreign_keys(store) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_every_pooled_connection_has_the_pragmas(store) -> None:
    first = store.engine.raw_connection()
    second = store.engine.raw_connection()
    try:
        assert first.driver_connection is not second.driver_connection
        for connection in (first, second):
            cursor = connection.cursor()
            assert cursor.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert cursor.execute("PRAGMA foreign_keys").fetchone() == (1,)
            cursor.close()
    finally:
        first.close()
        second.close()


def test_reopening_an_existing_database_keeps_its_reflections(db_path: Path) -> None:
    reflection = make_reflection(answers={"hope": Answer(Response.YES)}, tags=["t"])
    first = open_store(db_path)
    first.save(reflection)
    first.close()

    second = open_store(db_path)
    try:
        assert second.get(reflection.uuid) == reflection
    finally:
        second.close()


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_an_empty_existing_file_is_taken_as_a_new_database(db_path: Path) -> None:
    db_path.touch()

    opened = open_store(db_path)
    try:
        assert opened.list_reflections() == []
    finally:
        opened.close()


# Files reflect must not open ---------------------------------------------------------------


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_a_file_that_is_not_sqlite_is_refused_and_left_byte_for_byte_unchanged(db_path: Path) -> None:
    content = b"Shopping list\nmilk\neggs\n" * 100
    db_path.write_bytes(content)

    with pytest.raises(StoreError, match="not an SQLite file"):
        open_store(db_path)

    assert db_path.read_bytes() == content
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_an_sqlite_file_without_reflects_tables_is_refused_and_left_unchanged(db_path: Path) -> None:
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('soup')")
    connection.commit()
    connection.close()
    before = db_path.read_bytes()

    with pytest.raises(StoreError, match="not one of reflect's"):
        open_store(db_path)

    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_a_corrupt_file_with_an_sqlite_header_is_refused_and_left_unchanged(db_path: Path) -> None:
    content = b"SQLite format 3\x00" + b"garbage " * 600
    db_path.write_bytes(content)

    with pytest.raises(StoreError, match="could not be read as a database"):
        open_store(db_path)

    assert db_path.read_bytes() == content


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_an_sqlite_file_of_other_tables_with_an_empty_alembic_version_is_refused_and_left_unchanged(
    db_path: Path,
) -> None:
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('soup')")
    connection.commit()
    connection.close()
    before = db_path.read_bytes()

    with pytest.raises(StoreError, match="not one of reflect's"):
        open_store(db_path).close()

    assert db_path.read_bytes() == before


@pytest.mark.empty_database
def test_another_programs_alembic_database_is_refused_as_not_reflects(db_path: Path) -> None:
    execute(
        db_path,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('a1b2c3d4e5f6')",
        "CREATE TABLE recipes (name TEXT)",
    )

    with pytest.raises(StoreError, match="not one of reflect's"):
        open_store(db_path)


def _database_from_a_newer_version(db_path: Path) -> bytes:
    opened = open_store(db_path)
    opened.save(make_reflection())
    opened.close()
    execute(db_path, "UPDATE alembic_version SET version_num = '9999_future'")
    if not isinstance(db_path, Path):
        return b""
    assert not Path(f"{db_path}-wal").exists()
    return db_path.read_bytes()


def test_a_database_from_a_newer_version_is_refused_saying_so(db_path: Path) -> None:
    _database_from_a_newer_version(db_path)

    with pytest.raises(StoreError, match="newer"):
        open_store(db_path)


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_a_database_from_a_newer_version_is_left_byte_for_byte_unchanged(db_path: Path) -> None:
    before = _database_from_a_newer_version(db_path)

    with pytest.raises(StoreError):
        open_store(db_path)

    assert db_path.read_bytes() == before
    assert rows(db_path, "SELECT version_num FROM alembic_version") == [("9999_future",)]


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_store_error_messages_name_the_file(db_path: Path) -> None:
    db_path.write_bytes(b"not a database")

    with pytest.raises(StoreError) as caught:
        open_store(db_path)

    assert str(db_path) in str(caught.value)


# Schema and migrations ---------------------------------------------------------------------


def test_known_revisions_head_is_the_alembic_script_head() -> None:
    from alembic.script import ScriptDirectory

    from reflect.store import HEAD_REVISION, KNOWN_REVISIONS
    from reflect.store.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())

    assert KNOWN_REVISIONS[-1] == HEAD_REVISION == script.get_current_head()


def test_known_revisions_lists_every_migration_script_oldest_first() -> None:
    from alembic.script import ScriptDirectory

    from reflect.store import KNOWN_REVISIONS
    from reflect.store.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    oldest_first = [revision.revision for revision in script.walk_revisions()][::-1]

    assert list(KNOWN_REVISIONS) == oldest_first


def test_new_database_is_stamped_at_the_head_revision(store, db_path: Path) -> None:
    from reflect.store import HEAD_REVISION, current_revision

    assert rows(db_path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert current_revision(db_path) == HEAD_REVISION


def test_migrated_empty_database_matches_the_sqlmodel_tables_exactly(store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import reflect.store.tables  # noqa: F401  (registers the tables)
    from reflect.store.text_index import POSTGRESQL_INDEXES, SQLITE_TABLES

    def ours(_object: object, name: str | None, type_: str, _reflected: bool, _compare_to: object) -> bool:
        # The text index History's filter uses (migration 0011) is no SQLModel table: in a file an
        # FTS5 virtual table, its shadow tables and its key, kept by triggers; on a server pg_trgm
        # indexes that exist only where pg_trgm does. tests/store/test_history_text_index.py checks them.
        return not ((type_ == "table" and name in SQLITE_TABLES) or (type_ == "index" and name in POSTGRESQL_INDEXES))

    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True, "include_object": ours}
        )
        differences = compare_metadata(context, SQLModel.metadata)

    assert differences == []


# Several windows at once -------------------------------------------------------------------


def test_two_stores_on_one_file_saving_alternately_both_land(db_path: Path) -> None:
    first = open_store(db_path)
    second = open_store(db_path)
    saved = []
    try:
        for hour in range(6):
            reflection = make_reflection(occurred_at=BASE + timedelta(hours=hour), answers={"hope": Answer(Response.YES)})
            (first if hour % 2 == 0 else second).save(reflection)
            saved.append(reflection)

        expected = [r.uuid for r in reversed(saved)]
        assert [r.uuid for r in first.list_reflections()] == expected
        assert [r.uuid for r in second.list_reflections()] == expected
    finally:
        first.close()
        second.close()


def test_a_save_by_one_store_is_seen_by_another_open_on_the_same_file(db_path: Path) -> None:
    first = open_store(db_path)
    second = open_store(db_path)
    try:
        assert second.list_reflections() == []
        reflection = make_reflection(tags=["seen"])
        first.save(reflection)

        assert second.get(reflection.uuid) == reflection
    finally:
        first.close()
        second.close()


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_refusing_a_database_leaves_no_wal_or_shm_files_beside_it(db_path: Path) -> None:
    _database_from_a_newer_version(db_path)

    with pytest.raises(StoreError):
        open_store(db_path)

    assert not Path(f"{db_path}-wal").exists()
    assert not Path(f"{db_path}-shm").exists()


@pytest.mark.sqlite_only(SQLITE_FILE)
def test_a_reader_does_not_wait_for_a_writer(db_path: Path) -> None:
    """Reads begin deferred, so an open write transaction elsewhere never blocks them."""
    first = open_store(db_path)
    first.save(make_reflection())
    writer = sqlite3.connect(db_path, timeout=0.1, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert len(first.list_reflections()) == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        first.close()


def test_save_many_stores_exactly_what_saving_one_at_a_time_stores(tmp_path: Path) -> None:
    reflections = [
        make_reflection(answers={"hope": Answer(Response.YES, "a note")}, tags=["housing"]),
        make_reflection(is_draft=True, answers={"respect": Answer(None, "only a note")}),
        make_reflection(occurred_at=datetime(2026, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5)))),
    ]
    one_by_one, together = open_store(tmp_path / "one.db"), open_store(tmp_path / "many.db")
    for reflection in reflections:
        one_by_one.save(reflection)
    assert together.save_many(reflections) == 3
    assert one_by_one.list_reflections() + one_by_one.drafts() == together.list_reflections() + together.drafts()
    one_by_one.close()
    together.close()


def test_save_many_replaces_what_was_stored_under_the_same_ids(store) -> None:
    reflection = make_reflection(answers={"hope": Answer(Response.YES)}, tags=["a", "b"])
    store.save(reflection)
    reflection.answers = {"respect": Answer(Response.PARTLY)}
    reflection.tags = ["c"]

    store.save_many([reflection])

    (stored,) = store.list_reflections()
    assert stored.answers == {"respect": Answer(Response.PARTLY)}
    assert stored.tags == ["c"]


def test_save_many_with_the_same_reflection_twice_keeps_the_last(store) -> None:
    first = make_reflection(answers={"hope": Answer(Response.YES)})
    second = make_reflection(uuid_text=first.uuid, answers={"hope": Answer(Response.NO)})

    store.save_many([first, second])

    (stored,) = store.list_reflections()
    assert stored.answers == {"hope": Answer(Response.NO)}


# Flags and commitment links ---------------------------------------------------------------


def test_flags_and_the_practices_a_commitment_is_about_read_back(store) -> None:
    reflection = make_reflection(
        answers={"hope": Answer(Response.YES, "she spoke about the course", flagged=True), "respect": Answer(Response.NO)},
        commitment="Ask about the course first",
    )
    reflection.flagged = True
    reflection.commitment_questions = ["hope", "make-sense", "hope"]
    store.save(reflection)

    back = store.get(reflection.uuid)
    assert back is not None and back.flagged
    assert back.answers["hope"].flagged and not back.answers["respect"].flagged
    # In question order, each once.
    assert back.commitment_questions == ["make-sense", "hope"]


def test_a_flag_on_an_answer_without_a_note_is_not_kept(store) -> None:
    reflection = make_reflection(answers={"hope": Answer(Response.YES, "", flagged=True)})
    store.save(reflection)
    back = store.get(reflection.uuid)
    assert back is not None and not back.answers["hope"].flagged


def test_saving_again_replaces_the_commitment_links(store, db_path: Path) -> None:
    reflection = make_reflection(commitment="Leave more silence")
    reflection.commitment_questions = ["make-sense"]
    store.save(reflection)
    reflection.commitment_questions = ["respect"]
    store.save(reflection)
    assert rows(db_path, "SELECT question_key FROM commitment_question") == [("respect",)]
    store.delete(reflection.uuid)
    assert rows(db_path, "SELECT count(*) FROM commitment_question") == [(0,)]


def test_each_reflection_stores_its_local_day_and_its_answers_as_a_code(store, db_path: Path) -> None:
    late_evening = datetime(2026, 3, 10, 23, 30, tzinfo=timezone(timedelta(hours=-5)))  # 04:30 UTC on the 11th
    reflection = make_reflection(
        occurred_at=late_evening,
        answers={KEYS[0]: Answer(Response.YES), KEYS[1]: Answer(None, "a note"), KEYS[9]: Answer(Response.NOT_APPLICABLE)},
    )
    store.save(reflection)
    assert rows(db_path, "SELECT occurred_day, responses FROM reflection") == [("2026-03-10", "y--------x")]
