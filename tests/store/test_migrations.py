"""Databases written by earlier versions of reflect open with nothing lost or changed in meaning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect.model import Answer, Response, Selection
from reflect.patterns import figures
from reflect.questions import default_question_set
from reflect.store import HEAD_REVISION, current_revision, history_search, open_store
from tests.helpers.engines import index_names, insert_rows, rows, table_names

# Each test builds its database at an earlier schema, from nothing (on PostgreSQL too).
pytestmark = pytest.mark.empty_database

QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys


def database_at(path: Path, revision: str) -> None:
    """An empty database at an earlier schema revision, made by that revision's own migration."""
    from alembic import command

    from reflect.store.engine import WRITE, make_engine
    from reflect.store.migrate import alembic_config

    if isinstance(path, Path):
        path.touch(mode=0o600)
    engine = make_engine(path)
    try:
        config = alembic_config()
        with engine.execution_options(**WRITE).begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


# What reflect 0001_initial wrote: two complete reflections (one late in the evening, an hour
# ahead of UTC, so its local day differs from its UTC day), one draft, answers with and
# without notes, tags.
REVISION_0001_ROWS = {
    "reflection": [
        ("aaaaaaaa-0000-4000-8000-000000000001", "recovery-practices", 1, "2026-03-09 23:30:00.000000", 60,
         "2026-03-10 08:00:00.000000", "2026-03-10 08:05:00.000000", "home-visit", "JB-12", 45,
         "We planned the move", "She led", "Ask about the allotment", "Let her set the agenda", 0),
        ("aaaaaaaa-0000-4000-8000-000000000002", "recovery-practices", 1, "2026-03-11 14:00:00.000000", 0,
         "2026-03-11 15:00:00.000000", "2026-03-11 15:00:00.000000", None, None, None, "", "", "", "", 0),
        ("aaaaaaaa-0000-4000-8000-000000000003", "recovery-practices", 1, "2026-03-12 10:00:00.000000", 0,
         "2026-03-12 10:30:00.000000", "2026-03-12 10:31:00.000000", "phone", None, None, "", "", "", "", 1),
    ],
    "answer": [
        ("aaaaaaaa-0000-4000-8000-000000000001", "make-sense", "yes", ""),
        ("aaaaaaaa-0000-4000-8000-000000000001", "personal-goals", "partly", "her own words"),
        ("aaaaaaaa-0000-4000-8000-000000000001", "strengths", None, "a note, no answer"),
        ("aaaaaaaa-0000-4000-8000-000000000001", "hope", "not_applicable", ""),
        ("aaaaaaaa-0000-4000-8000-000000000002", "make-sense", "no", ""),
        ("aaaaaaaa-0000-4000-8000-000000000003", "make-sense", "yes", ""),
    ],
    "reflection_tag": [
        ("aaaaaaaa-0000-4000-8000-000000000001", "housing"),
        ("aaaaaaaa-0000-4000-8000-000000000001", "peer support"),
    ],
}


@pytest.fixture
def database_0001(db_path: Path) -> Path:
    database_at(db_path, "0001_initial")
    for table, values in REVISION_0001_ROWS.items():
        insert_rows(db_path, table, values)
    return db_path


def test_a_0001_database_is_upgraded_to_the_head_keeping_every_reflection_as_it_was(database_0001: Path) -> None:
    store = open_store(database_0001)
    try:
        first = store.get("aaaaaaaa-0000-4000-8000-000000000001")
        (draft,) = store.drafts()
        listed = store.list_reflections()
    finally:
        store.close()

    assert current_revision(database_0001) == HEAD_REVISION
    assert [r.uuid[-1] for r in listed] == ["2", "1"]
    assert draft.uuid.endswith("3") and draft.response_for("make-sense") is Response.YES
    assert first is not None
    assert first.occurred_at == datetime(2026, 3, 10, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert (first.kind, first.person_code, first.duration_minutes) == ("home-visit", "JB-12", 45)
    assert first.tags == ["housing", "peer support"]
    assert first.answers == {
        "make-sense": Answer(Response.YES),
        "personal-goals": Answer(Response.PARTLY, "her own words"),
        "strengths": Answer(None, "a note, no answer"),
        "hope": Answer(Response.NOT_APPLICABLE),
    }
    assert (first.what_happened, first.so_what, first.now_what, first.commitment) == (
        "We planned the move", "She led", "Ask about the allotment", "Let her set the agenda",
    )
    # New in 0002, and nothing was flagged or linked before it existed.
    assert not first.flagged and not any(answer.flagged for answer in first.answers.values())
    assert first.commitment_questions == []


def test_an_upgraded_database_has_its_pattern_columns_filled_in_from_the_answers(database_0001: Path) -> None:
    open_store(database_0001).close()
    stored = dict(rows(database_0001, "SELECT id, responses || ' ' || occurred_day FROM reflection"))

    # y p - (a note, no answer) ... x for hope; the local day is the 10th, an hour ahead of UTC.
    assert stored["aaaaaaaa-0000-4000-8000-000000000001"] == "yp-------x 2026-03-10"
    assert stored["aaaaaaaa-0000-4000-8000-000000000002"] == "n--------- 2026-03-11"


def test_patterns_of_an_upgraded_database_count_what_0001_stored(database_0001: Path) -> None:
    store = open_store(database_0001)
    try:
        result = figures(store, QUESTIONS, Selection(), min_n=1)
    finally:
        store.close()
    make_sense = result.questions[0].distribution
    assert result.reflections == 2  # the draft is not counted
    assert (make_sense.yes, make_sense.no, make_sense.unanswered) == (1, 1, 0)
    assert result.questions[2].distribution.unanswered == 2  # a note without an answer is unanswered


def test_answer_codes_are_rebuilt_when_the_question_order_changes(db_path: Path) -> None:
    from reflect.service import new_reflection

    reflection = new_reflection(QUESTIONS, datetime(2026, 3, 10, 9, tzinfo=UTC))
    reflection.is_draft = False
    reflection.answers = {KEYS[0]: Answer(Response.YES), KEYS[-1]: Answer(Response.NO)}
    store = open_store(db_path)
    store.save(reflection)
    store.close()

    reordered = tuple(reversed(KEYS))
    store = open_store(db_path, slots=reordered)
    try:
        counts = store.response_counts(Selection())
    finally:
        store.close()
    ((code,),) = rows(db_path, "SELECT responses FROM reflection")
    assert code == "n--------y"
    assert counts == {(None, KEYS[0], "yes"): 1, (None, KEYS[-1], "no"): 1}


def test_after_an_upgrade_deleting_a_reflection_still_deletes_its_answers_and_tags(database_0001: Path) -> None:
    store = open_store(database_0001)
    try:
        if isinstance(database_0001, Path):  # SQLite's foreign keys are off while migrating: on again after
            with store.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        store.delete("aaaaaaaa-0000-4000-8000-000000000001")
    finally:
        store.close()
    left = [rows(database_0001, f"SELECT count(*) FROM {table} WHERE reflection_id LIKE '%1'")[0][0]
            for table in ("answer", "reflection_tag")]  # fmt: skip
    assert left == [0, 0]


# What reflect 0002_flags_links_and_patterns wrote: a flagged reflection with a flagged note and a
# commitment linked to two practices, its answer code and local day filled in, and the slots.
SLOTS_0002 = ",".join(KEYS)
REVISION_0002_ROWS = {
    "reflection": [
        ("bbbbbbbb-0000-4000-8000-000000000001", "recovery-practices", 1, "2026-05-09 14:00:00.000000", 60,
         "2026-05-09 15:00:00.000000", "2026-05-09 15:10:00.000000", "one-to-one", "KT-07", 30,
         "We met at the café", "He chose the topic", "Bring the leaflet", "Ask what he wants to cover", 0,
         1, "yp--------", "2026-05-09"),
        ("bbbbbbbb-0000-4000-8000-000000000002", "recovery-practices", 1, "2026-05-10 09:00:00.000000", 60,
         "2026-05-10 09:30:00.000000", "2026-05-10 09:30:00.000000", None, None, None, "", "", "", "", 0,
         0, "n---------", "2026-05-10"),
    ],
    "answer": [
        ("bbbbbbbb-0000-4000-8000-000000000001", "make-sense", "yes", "", 0),
        ("bbbbbbbb-0000-4000-8000-000000000001", "personal-goals", "partly", "he named the course", 1),
        ("bbbbbbbb-0000-4000-8000-000000000002", "make-sense", "no", "", 0),
    ],
    "reflection_tag": [("bbbbbbbb-0000-4000-8000-000000000001", "college")],
    "commitment_question": [
        ("bbbbbbbb-0000-4000-8000-000000000001", "personal-goals"),
        ("bbbbbbbb-0000-4000-8000-000000000001", "make-sense"),
    ],
    "store_setting": [("response_slots", SLOTS_0002)],
}


@pytest.fixture
def database_0002(db_path: Path) -> Path:
    database_at(db_path, "0002_flags_links_and_patterns")
    for table, values in REVISION_0002_ROWS.items():
        insert_rows(db_path, table, values)
    return db_path


def test_a_0002_database_is_upgraded_to_the_head_keeping_flags_links_and_everything_else(database_0002: Path) -> None:
    store = open_store(database_0002)
    try:
        first = store.get("bbbbbbbb-0000-4000-8000-000000000001")
        listed = store.list_reflections()
        practitioners = store.practitioners()
    finally:
        store.close()

    assert current_revision(database_0002) == HEAD_REVISION
    assert [r.uuid[-1] for r in listed] == ["2", "1"]
    assert first is not None
    assert first.occurred_at == datetime(2026, 5, 9, 15, 0, tzinfo=timezone(timedelta(hours=1)))
    assert (first.kind, first.person_code, first.duration_minutes, first.tags) == ("one-to-one", "KT-07", 30, ["college"])
    assert first.flagged
    assert first.answers == {
        "make-sense": Answer(Response.YES),
        "personal-goals": Answer(Response.PARTLY, "he named the course", flagged=True),
    }
    assert first.commitment_questions == ["make-sense", "personal-goals"]
    assert (first.what_happened, first.so_what, first.now_what, first.commitment) == (
        "We met at the café", "He chose the topic", "Bring the leaflet", "Ask what he wants to cover",
    )
    # New in 0003: a practitioner's own database has no practitioners, and no reflection belongs to one.
    assert practitioners == []
    owners = rows(database_0002, "SELECT DISTINCT practitioner_id FROM reflection")
    assert owners == [(None,)]


def test_patterns_of_a_database_upgraded_from_0002_are_unchanged(database_0002: Path) -> None:
    store = open_store(database_0002)
    try:
        result = figures(store, QUESTIONS, Selection(), min_n=1)
    finally:
        store.close()
    make_sense = result.questions[0].distribution
    assert result.reflections == 2
    assert (make_sense.yes, make_sense.no, make_sense.n) == (1, 1, 2)


def test_a_database_upgraded_from_0002_stays_a_practitioners_own(database_0002: Path) -> None:
    from reflect.store import StoreError

    open_store(database_0002).close()
    with pytest.raises(StoreError, match="own reflections, not a team's"):
        open_store(database_0002, team=True)


# What reflect 0003_team_practitioners wrote is 0002's rows with no practitioner: each reflection of
# such a database starts at revision 1, and the next write of it is revision 2.


@pytest.fixture
def database_0003(db_path: Path) -> Path:
    database_at(db_path, "0003_team_practitioners")
    for table, values in REVISION_0002_ROWS.items():
        insert_rows(db_path, table, values, REFLECTION_0002_COLUMNS if table == "reflection" else None)
    return db_path


REFLECTION_0002_COLUMNS = (
    "id", "question_set_id", "question_set_version", "occurred_at", "occurred_offset_minutes", "created_at", "updated_at",
    "kind", "person_code", "duration_minutes", "what_happened", "so_what", "now_what", "commitment", "is_draft",
    "flagged", "responses", "occurred_day",
)  # fmt: skip


def test_a_0003_database_is_upgraded_to_the_head_with_each_reflection_at_revision_one(database_0003: Path) -> None:
    store = open_store(database_0003)
    try:
        first = store.get("bbbbbbbb-0000-4000-8000-000000000001")
        assert first is not None and first.revision == 1
        first.tags = ["college", "housing"]
        store.save_checked(first)
        again = store.get(first.uuid)
    finally:
        store.close()
    assert current_revision(database_0003) == HEAD_REVISION
    assert again is not None and (again.revision, again.tags, again.person_code) == (2, ["college", "housing"], "KT-07")


# What reflect 0004_reflection_revision wrote: 0003's rows, each at revision 1. The supervision
# record's tables (0006) start empty, and every reflection is kept as it was.


@pytest.fixture
def database_0004(db_path: Path) -> Path:
    database_at(db_path, "0004_reflection_revision")
    for table, values in REVISION_0002_ROWS.items():
        insert_rows(db_path, table, values, REFLECTION_0002_COLUMNS if table == "reflection" else None)
    return db_path


# What reflect 0004_reflection_revision wrote in a team database: one bundle per practitioner, its
# details on the practitioner's row. Upgraded, that bundle is the practitioner's first of its period.

BUNDLE_0004 = "cccccccc-0000-4000-8000-000000000009"
SAM_0004 = "dddddddd-0000-4000-8000-000000000001"


@pytest.fixture
def team_database_0004(db_path: Path) -> Path:
    from reflect.store.opening import DATABASE_ROLE, TEAM_ROLE

    database_at(db_path, "0004_reflection_revision")
    insert_rows(db_path, "store_setting", [(DATABASE_ROLE, TEAM_ROLE), ("response_slots", SLOTS_0002)])
    insert_rows(db_path, "practitioner", [(
        SAM_0004, "Sam", BUNDLE_0004, "2026-11-23 16:30:00.000000", "2026-10-26 16:30:00.000000",
        "2026-11-23 16:30:00.000000", 0, 1, 0, "2026-11-24 09:00:00.000000",
    )])  # fmt: skip
    insert_rows(
        db_path, "reflection",
        [(*row[:8], None, None, "", "", "", "", *row[14:], SAM_0004) for row in REVISION_0002_ROWS["reflection"]],
        (*REFLECTION_0002_COLUMNS, "practitioner_id"),
    )  # fmt: skip
    return db_path


def test_a_0004_database_is_upgraded_to_the_head_with_an_empty_supervision_record(database_0004: Path) -> None:
    store = open_store(database_0004)
    try:
        first = store.get("bbbbbbbb-0000-4000-8000-000000000001")
        assert store.supervision_sessions("anyone") == [] and store.agreement("anyone") is None
    finally:
        store.close()
    assert current_revision(database_0004) == HEAD_REVISION
    assert first is not None and (first.revision, first.person_code) == (1, "KT-07")
    tables = table_names(database_0004)
    assert {"supervision_agreement", "supervision_session", "supervision_attendee", "supervision_discussed", "supervision_action"} <= tables


def test_a_0004_team_database_keeps_each_practitioners_bundle_as_their_first_period(team_database_0004: Path) -> None:
    store = open_store(team_database_0004, team=True)
    try:
        (bundle,) = store.bundles()
        (sam,) = store.practitioners()
    finally:
        store.close()
    assert current_revision(team_database_0004) == HEAD_REVISION
    assert (bundle.id, bundle.practitioner_id, bundle.reflections) == (BUNDLE_0004, SAM_0004, 2)
    assert bundle.period == ("2026-10-26", "2026-11-23") and (sam.display_name, sam.reflections) == ("Sam", 2)


def test_a_0004_database_gains_the_history_index_and_pages_in_the_order_it_listed(database_0004: Path) -> None:
    store = open_store(database_0004)
    try:
        listed = [reflection.uuid for reflection in store.reflections(drafts=True)]
        paged = [reflection.uuid for reflection in store.reflection_page(drafts=True, limit=100)]
    finally:
        store.close()
    indexes = index_names(database_0004, "reflection")
    assert current_revision(database_0004) == HEAD_REVISION
    assert "ix_reflection_history" in indexes
    assert paged == listed and listed


@pytest.fixture
def database_0007(db_path: Path) -> Path:
    database_at(db_path, "0007_history_index")
    for table, values in REVISION_0002_ROWS.items():
        insert_rows(db_path, table, values, REFLECTION_0002_COLUMNS if table == "reflection" else None)
    return db_path


def test_a_0007_database_gains_the_indexes_history_filters_by_kind_and_person_with(database_0007: Path) -> None:
    store = open_store(database_0007)
    try:
        listed = store.reflections()
        by_word = {}
        for reflection in listed:
            for word in filter(None, [reflection.kind, (reflection.person_code or "").lower(), *reflection.tags]):
                by_word[word] = [r.uuid for r in reversed(listed) if word in (r.kind, (r.person_code or "").lower(), *r.tags)]
        found = {word: [r.uuid for r in store.history_page([word], limit=100)] for word in by_word}
        counted = {word: store.history_count([word]) for word in by_word}
    finally:
        store.close()
    indexes = index_names(database_0007, "reflection")
    assert current_revision(database_0007) == HEAD_REVISION
    assert {"ix_reflection_kind_history", "ix_reflection_person_history"} <= indexes
    assert by_word and found == by_word and counted == {word: len(uuids) for word, uuids in by_word.items()}


# What reflect 0007_history_index wrote: 0002's rows, with their answer codes and local days, and
# no rollup yet. The upgrade fills the rollup from the codes, so the figures are as they were.


def test_a_0007_database_gains_the_answer_rollup_filled_from_its_answer_codes(database_0007: Path) -> None:
    from tests.helpers.rollup import kept_and_rebuilt

    store = open_store(database_0007)
    try:
        kept, rebuilt = kept_and_rebuilt(store)
        counts = store.counts_by_kind(Selection())
        path = store.figures_path(Selection())
    finally:
        store.close()
    assert current_revision(database_0007) == HEAD_REVISION
    assert kept == rebuilt and len(kept) == 3 * 2  # its two days (a kind each), their week, their month
    assert kept[("month", "", "2026-05-01", "one-to-one")][:9] == (1, 1, 0, 0, 0, 0, 1, 0, 0)  # Yes to the first, Partly to the second
    assert counts == (
        {("one-to-one", "make-sense", "yes"): 1, ("one-to-one", "personal-goals", "partly"): 1, (None, "make-sense", "no"): 1},
        {"one-to-one": 1, None: 1},
    )
    assert path == "the rollup"


# What reflect 0009_history_filters wrote: 0002's rows, a practitioner id among the settings, and a
# supervision agreement. The upgrade gives every row an owner: the role upgrading it on a server
# (its practitioner's own database), '' in a file; and the tables keyed by a name take the owner in.

AGREEMENT_0009 = ("dddddddd-0000-4000-8000-000000000001", "monthly", "agreed", "2026-05-01 09:00:00.000000")


@pytest.fixture
def database_0009(db_path: Path) -> Path:
    database_at(db_path, "0009_history_filters")
    for table, values in REVISION_0002_ROWS.items():
        insert_rows(db_path, table, values, REFLECTION_0002_COLUMNS if table == "reflection" else None)
    insert_rows(db_path, "store_setting", [("practitioner_id", "eeeeeeee-0000-4000-8000-000000000001")])
    insert_rows(db_path, "supervision_agreement", [AGREEMENT_0009])
    return db_path


def test_a_0009_database_gives_every_row_the_owner_that_upgraded_it(database_0009: Path) -> None:
    from sqlmodel import SQLModel

    store = open_store(database_0009)
    try:
        practitioner = store.setting("practitioner_id")
        listed = [reflection.uuid for reflection in store.reflections()]
    finally:
        store.close()
    role = "" if isinstance(database_0009, Path) else rows(database_0009, "SELECT CURRENT_USER")[0][0]
    assert current_revision(database_0009) == HEAD_REVISION
    assert practitioner == "eeeeeeee-0000-4000-8000-000000000001"
    assert len(listed) == 2
    for table in SQLModel.metadata.tables:
        held = rows(database_0009, f"SELECT DISTINCT owner FROM {table}")
        assert held in ([], [(role,)]), table
    assert rows(database_0009, "SELECT practitioner_id, frequency, owner FROM supervision_agreement") == [
        (AGREEMENT_0009[0], "monthly", role)
    ]


def test_after_0010_a_setting_of_another_role_is_never_read_as_yours_nor_replaced(database_0009: Path) -> None:
    # As a second role on one server would leave it, were nothing else to keep the two apart.
    store = open_store(database_0009)
    store.close()
    insert_rows(database_0009, "store_setting", [("display_name", "Alex Brown", "alex")], ("key", "value", "owner"))
    store = open_store(database_0009)
    try:
        before = store.setting("display_name")
        store.set_settings({"display_name": "Sam Okafor"})
        after = store.setting("display_name")
    finally:
        store.close()
    assert (before, after) == (None, "Sam Okafor")
    assert sorted(rows(database_0009, "SELECT value FROM store_setting WHERE key = 'display_name'")) == [("Alex Brown",), ("Sam Okafor",)]


# What reflect 0010_row_owners wrote: 0002's rows with their owners (and a completed reflection
# whose only trace of "leaflet" is in its text, "course" in a note and "college" in a tag). The
# upgrade builds the text index History's filter finds a rare word with, from the rows already
# there: the filter then finds through it what it found without it.


COLUMNS_BESIDE_THE_OWNER = {
    "reflection": REFLECTION_0002_COLUMNS,
    "answer": ("reflection_id", "question_key", "response", "note", "flagged"),
    "reflection_tag": ("reflection_id", "tag"),
    "commitment_question": ("reflection_id", "question_key"),
    "store_setting": ("key", "value"),
}


@pytest.fixture
def database_0010(db_path: Path) -> Path:
    database_at(db_path, "0010_row_owners")
    for table, values in REVISION_0002_ROWS.items():
        insert_rows(db_path, table, values, COLUMNS_BESIDE_THE_OWNER[table])  # the owner is the database's default
    return db_path


def test_a_0010_database_gains_the_text_index_filled_from_its_texts_notes_tags_and_person_codes(database_0010: Path) -> None:
    store = open_store(database_0010)
    try:
        with store.engine.connect() as connection:
            served = {word: history_search.candidates(connection, word) is not None for word in ("leaflet", "course", "college", "kt-07", "he")}
        found = {word: [r.uuid for r in store.history_page([word], limit=10)] for word in ("leaflet", "course", "colleg", "kt-0", "café", "nowhere")}
        counted = store.history_count(["course"])
    finally:
        store.close()
    first = "bbbbbbbb-0000-4000-8000-000000000001"
    assert current_revision(database_0010) == HEAD_REVISION
    assert served == {"leaflet": True, "course": True, "college": True, "kt-07": True, "he": False}  # under three letters: no trigram
    assert found == {"leaflet": [first], "course": [first], "colleg": [first], "kt-0": [first], "café": [first], "nowhere": []}
    assert counted == 1
    if isinstance(database_0010, Path):
        assert rows(database_0010, "SELECT count(*) FROM history_text_key") == [(2 + 1 + 1,)]  # two reflections' texts, a note, a tag
    else:
        assert "ix_answer_note_trgm" in index_names(database_0010, "answer")
        assert "ix_reflection_what_happened_trgm" in index_names(database_0010, "reflection")


@pytest.mark.sqlite_only("FTS5 is SQLite's")
def test_with_an_sqlite_that_has_no_trigram_index_a_0010_file_upgrades_and_its_filter_still_finds_every_word(
    database_0010: Path, monkeypatch
) -> None:
    import reflect.store.text_index as text_index

    monkeypatch.setattr(text_index, "sqlite_can_make_text_index", lambda connection: False)  # as SQLite before 3.34
    store = open_store(database_0010)
    try:
        found = {word: [r.uuid for r in store.history_page([word], limit=10)] for word in ("leaflet", "colleg", "café", "nowhere")}
        counted = store.history_count(["course"])
    finally:
        store.close()
    first = "bbbbbbbb-0000-4000-8000-000000000001"
    assert current_revision(database_0010) == HEAD_REVISION
    assert rows(database_0010, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'history_text%'") == [(0,)]
    assert found == {"leaflet": [first], "colleg": [first], "café": [first], "nowhere": []} and counted == 1


# What reflect 0011_history_text_index wrote: 0010's rows, and the text index its triggers kept,
# which FTS5 merged inside the saves. The upgrade leaves the merging to the pause after them.


@pytest.fixture
def database_0011(db_path: Path) -> Path:
    database_at(db_path, "0011_history_text_index")
    for table, values in REVISION_0002_ROWS.items():
        insert_rows(db_path, table, values, COLUMNS_BESIDE_THE_OWNER[table])
    return db_path


def test_a_0011_database_merges_its_text_index_apart_from_the_saves_and_finds_what_it_found(database_0011: Path) -> None:
    def merging() -> dict[str, int]:
        return dict(rows(database_0011, "SELECT k, v FROM history_text_config WHERE k IN ('automerge', 'crisismerge')"))

    if isinstance(database_0011, Path):
        assert merging() == {"automerge": 16}  # as 0011 set it: a level of sixteen merged inside a save
    store = open_store(database_0011)
    try:
        found = {word: [r.uuid for r in store.history_page([word], limit=10)] for word in ("leaflet", "course", "colleg", "nowhere")}
    finally:
        store.close()
    first = "bbbbbbbb-0000-4000-8000-000000000001"
    assert current_revision(database_0011) == HEAD_REVISION
    assert found == {"leaflet": [first], "course": [first], "colleg": [first], "nowhere": []}
    if isinstance(database_0011, Path):
        assert merging() == {"automerge": 0, "crisismerge": 64}


def test_every_revision_this_version_knows_is_tested_here() -> None:
    from reflect.store import KNOWN_REVISIONS

    # When a migration is added, add a fixture of the revision before it, with data, above.
    assert KNOWN_REVISIONS == (
        "0001_initial", "0002_flags_links_and_patterns", "0003_team_practitioners", "0004_reflection_revision",
        "0005_team_bundles_by_period",
        "0006_supervision_records",
        "0007_history_index",
        "0008_answer_rollup",
        "0009_history_filters",
        "0010_row_owners",
        "0011_history_text_index",
        "0012_text_index_merges_apart",
    )  # fmt: skip
