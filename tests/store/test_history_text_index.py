"""History's filter through the text index: the very reflections, order and counts the plain scan finds, on either engine.

The text index (reflect.store.text_index) only finds candidates; these tests compare the filter
with it and without it (the scan every version before it ran) over a corpus written to trip it:
%, _ and \\ taken literally, quotes, accents, emoji, mixed case, and pieces of text that only
meet across two fields (or two notes, or two tags), which must not match.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reflect.model import Answer, Reflection, Response
from reflect.store import history_search
from reflect.store.reflections import place_of

BASE = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
KEYS = ("make-sense", "personal-goals", "strengths", "hope")

PIECES = [
    "100% sure", "a_b", "back\\slash", "it's", 'said "no"', "café", "CAFÉ", "Crème brûlée", "🌱 growth", "emoji🌱🌱",
    "Allotment", "ALLOTMENT", "allotment", "mixedCase", "zzq", "qqz", "abc", "def", "abcdef", "x%y", "o'brien",
    "naïve", "straße", "ÅSA", "åsa", "tab\there", "peer support", "bench", "Benchmark",
]
WORDS = [
    "100%", "0% s", "a_b", "a_", "_b", "\\", "back\\", "\\slash", "it's", "'s", '"no"', '"', "café", "caf", "afé", "crème",
    "brûlée", "🌱", "🌱 g", "emoji🌱", "🌱🌱", "allotment", "lotm", "mixedcase", "zzq", "qqz", "zzqqqz", "qzz", "abc", "cde", "abcdef",
    "cdef", "x%y", "o'b", "naï", "straße", "åsa", "asa", "peer", "support", "bench", "enchmark", "nowhere-at-all", "ab", "é",
    "zqq", "defabc", "cdefa", "zzqq", "bcd",
]


def corpus(seed: int) -> list[Reflection]:
    """Reflections whose texts, notes, tags and person codes are pieces of PIECES, some side by
    side across field boundaries (what_happened ends where so_what begins, and so on)."""
    chance = random.Random(seed)
    made = []
    for number in range(60):
        pick = lambda: chance.choice(PIECES) if chance.random() < 0.7 else ""  # noqa: E731
        reflection = Reflection(
            uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
            occurred_at=BASE + timedelta(hours=chance.randrange(30)), created_at=BASE + timedelta(minutes=number), updated_at=BASE,
            what_happened=pick(), so_what=pick(), now_what=pick(), commitment=pick(),
            person_code=chance.choice([None, "zzq", "Abc", "PC-1", "déf"]), is_draft=chance.random() < 0.1,
            tags=sorted({chance.choice(["abc", "def", "housing", "café", "zz"]) for _ in range(chance.randrange(3))}),
        )  # fmt: skip
        for key in chance.sample(KEYS, chance.randrange(len(KEYS) + 1)):
            reflection.answers[key] = Answer(response=Response.YES, note=pick())
        made.append(reflection)
    return made


def filtered(store, words: list[str], *, page: int = 7, newest_first: bool = True) -> list[str]:  # type: ignore[no-untyped-def]
    """Every reflection History's filter `words` shows, page after page (keyset paging)."""
    shown: list[str] = []
    beyond = None
    while True:
        found = store.history_page(words, beyond=beyond, limit=page, newest_first=newest_first)
        shown += [reflection.uuid for reflection in found]
        if len(found) < page:
            return shown
        beyond = place_of(found[-1])


def without_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history_search, "candidates", lambda _connection, _word: None)


def test_every_word_finds_through_the_index_what_the_scan_finds_in_the_same_order_and_count(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for seed in (1, 2):
        store.save_many(corpus(seed))
    monkeypatch.setattr(history_search, "RARE_PLACES", 10_000)  # every word through the index
    monkeypatch.setattr(history_search, "COUNT_SHARE", 10_000.0)  # every count too
    searches = [[word] for word in WORDS] + [["abc", "def"], ["café", "peer"], ["zzq", "ab"]]
    indexed = {tuple(words): (filtered(store, words), filtered(store, words, newest_first=False), store.history_count(words)) for words in searches}
    without_the_index(monkeypatch)
    scanned = {tuple(words): (filtered(store, words), filtered(store, words, newest_first=False), store.history_count(words)) for words in searches}
    assert indexed == scanned
    assert sum(1 for shown, _, _ in scanned.values() if shown) > len(searches) // 2  # most words do match something


def test_a_piece_of_text_only_across_two_fields_two_notes_or_two_tags_is_not_found(store) -> None:  # type: ignore[no-untyped-def]
    across = Reflection(
        uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
        occurred_at=BASE, created_at=BASE, updated_at=BASE, what_happened="walked to the qu", so_what="ayside",
        person_code="kx", tags=["harb", "our"],
    )  # fmt: skip
    across.answers["hope"] = Answer(response=Response.YES, note="lighth")
    across.answers["strengths"] = Answer(response=Response.YES, note="ouse keeper")
    store.save(across)
    for word in ("quayside", "harbour", "lighthouse", "ayside", "the qu", "keeper"):
        expected = 1 if word in ("ayside", "the qu", "keeper") else 0
        assert (store.history_count([word]), len(store.history_page([word], limit=5))) == (expected, expected), word


def test_the_index_follows_every_edit_and_delete_of_texts_notes_and_tags(store) -> None:  # type: ignore[no-untyped-def]
    reflection = Reflection(
        uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
        occurred_at=BASE, created_at=BASE, updated_at=BASE, what_happened="the orchard visit", tags=["riverside"],
    )  # fmt: skip
    reflection.answers["hope"] = Answer(response=Response.YES, note="planted damsons")
    store.save(reflection)
    assert [store.history_count([word]) for word in ("orchard", "riverside", "damsons")] == [1, 1, 1]
    reflection.what_happened = "the meadow visit"
    reflection.tags = ["hillside"]
    reflection.answers["hope"] = Answer(response=Response.YES, note="")
    reflection.answers["strengths"] = Answer(response=Response.YES, note="picked sloes")
    store.save(reflection)
    found = {word: len(store.history_page([word], limit=5)) for word in ("orchard", "riverside", "damsons", "meadow", "hillside", "sloes")}
    assert found == {"orchard": 0, "riverside": 0, "damsons": 0, "meadow": 1, "hillside": 1, "sloes": 1}
    store.delete(reflection.uuid)
    assert [store.history_count([word]) for word in ("meadow", "hillside", "sloes")] == [0, 0, 0]


def test_a_common_word_walks_historys_index_and_a_rare_one_is_found_through_the_text_index(store, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.store.test_history_search import plans

    monkeypatch.setattr(history_search, "RARE_PLACES", 50)  # as among a few thousand reflections
    common = [
        Reflection(
            uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
            occurred_at=BASE + timedelta(minutes=number), created_at=BASE, updated_at=BASE, what_happened=f"talked about money {number}",
        )  # fmt: skip
        for number in range(60)
    ]
    common[7].what_happened = "the allotment at last"
    store.save_many(common)
    assert store.history_count(["allotment"]) == 1 and store.history_count(["money"]) == len(common) - 1
    if not isinstance(db_path, Path):
        return  # PostgreSQL's planner has statistics of its own: EXPLAIN is looked at in the benchmark
    # Leaving out the looks into the index that estimate how rare a word is: the page's plan, then the count's.
    rare, common_plans = ([plan for plan in plans(store, db_path, [word]) if "reflection" in plan] for word in ("allotment", "money"))
    (rare_page, rare_count), common_page = rare, common_plans[0]
    assert "history_text" in rare_page and "(id=?)" in rare_page and "SCAN reflection" not in rare_page
    assert "history_text" in rare_count
    assert "history_text" not in common_page


@pytest.mark.sqlite_only("the FTS5 table and its triggers are the file's")
def test_a_file_indexes_what_its_reflections_hold_and_nothing_of_a_deleted_one(store, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    kept = corpus(3)
    store.save_many(kept)
    store.delete(kept[0].uuid)
    with sqlite3.connect(db_path) as connection:
        pieces = connection.execute("SELECT count(*) FROM history_text_key").fetchone()[0]
        indexed = connection.execute("SELECT count(*) FROM history_text").fetchone()[0]
        orphans = connection.execute("SELECT count(*) FROM history_text_key WHERE reflection_id NOT IN (SELECT id FROM reflection)").fetchone()[0]
        merging = dict(connection.execute("SELECT k, v FROM history_text_config WHERE k IN ('automerge', 'crisismerge')").fetchall())
    left = kept[1:]
    expected = sum(1 + len(r.tags) + sum(1 for answer in r.answers.values() if answer.note) for r in left)
    assert (pieces, indexed, orphans) == (expected, expected, 0)
    assert merging == {"automerge": 0, "crisismerge": 64}  # merged apart from the saves (below)


def saved_one_by_one(store, reflections: list[Reflection]) -> None:  # type: ignore[no-untyped-def]
    for reflection in reflections:
        store.save(reflection)  # a transaction each, as a person saves (each adds segments of its own)


@pytest.mark.sqlite_only("FTS5's segments are the file's")
def test_a_save_adds_its_own_segments_to_the_text_index_and_leaves_merging_them_to_the_pause_after(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Merging inside a save made one save in 300 wait 3.4 s at a million reflections (a level merged whole)."""
    from reflect.store import checkpoint, open_store
    from tests.helpers.text_index import segments_by_level

    monkeypatch.setattr(checkpoint, "IDLE_S", 600.0)  # no pause comes during the test
    monkeypatch.setattr(checkpoint, "MAX_DELAY_S", 600.0)
    store = open_store(db_path)
    try:
        store.save_many(corpus(1))
        before = segments_by_level(db_path)
        saved_one_by_one(store, corpus(2)[:6])
        during = segments_by_level(db_path)
    finally:
        store.close()
    after = segments_by_level(db_path)
    # Every level as it was but the newest, which gained a segment (or more) for each save.
    assert during[1:] == before[1:] and during[0] >= before[0] + 6
    assert sum(after) < sum(during)  # closing merges for a moment


@pytest.mark.sqlite_only("FTS5's segments are the file's")
def test_once_saves_pause_the_text_index_is_merged_in_the_background_and_finds_what_the_scan_finds(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from reflect.store import checkpoint, open_store
    from tests.helpers.text_index import segments_by_level

    monkeypatch.setattr(checkpoint, "CLOSING_MERGE_S", 0.0)  # what is merged here is the background's doing
    monkeypatch.setattr(history_search, "RARE_PLACES", 10_000)  # every word through the index
    store = open_store(db_path)
    try:
        saved_one_by_one(store, corpus(3)[:30])
        written = segments_by_level(db_path)
        deadline = time.monotonic() + 20
        while max(segments_by_level(db_path)) >= 4 and time.monotonic() < deadline:  # FTS5's usermerge: 4
            time.sleep(0.05)
        merged = segments_by_level(db_path)
        indexed = {word: filtered(store, [word]) for word in WORDS}
        without_the_index(monkeypatch)
        scanned = {word: filtered(store, [word]) for word in WORDS}
    finally:
        store.close()
    assert max(written) >= 4 and max(merged) < 4, (written, merged)
    assert indexed == scanned
    with sqlite3.connect(db_path) as connection:  # FTS5's own check of its index against the text it holds
        connection.execute("INSERT INTO history_text (history_text, rank) VALUES ('integrity-check', 1)")


@pytest.mark.sqlite_only("SQLite's write lock")
def test_a_merge_step_never_waits_for_a_save_that_holds_the_write_lock(db_path: Path) -> None:
    import time

    from reflect.store import open_store
    from reflect.store.text_index import merge_step

    store = open_store(db_path)
    store.close()
    saving = sqlite3.connect(db_path, isolation_level=None)
    merging = sqlite3.connect(db_path, isolation_level=None, timeout=5)  # were it to wait, it would wait 5 s
    try:
        saving.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        assert merge_step(merging) is None  # nothing done: the save goes first
        assert time.monotonic() - started < 2
        assert not merging.in_transaction
    finally:
        saving.execute("ROLLBACK")
        saving.close()
        merging.close()


@pytest.mark.sqlite_only("the bytes of the file")
def test_a_deleted_reflections_note_leaves_no_copy_in_the_file_the_text_index_included(db_path: Path) -> None:
    from reflect.store import open_store

    secret = "Wrenfield Cottage by the old mill race"
    reflection = Reflection(
        uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
        occurred_at=BASE, created_at=BASE, updated_at=BASE,
    )  # fmt: skip
    reflection.answers["hope"] = Answer(response=Response.YES, note=secret)
    store = open_store(db_path)
    store.save_many([reflection, *corpus(4)])
    store.close()
    with sqlite3.connect(db_path) as connection:  # the text index holds a copy of its own
        assert connection.execute("SELECT count(*) FROM history_text_content WHERE c0 = ?", (secret,)).fetchone() == (1,)
    connection.close()
    store = open_store(db_path)
    store.delete(reflection.uuid)
    store.close()
    held = b"".join(path.read_bytes() for path in db_path.parent.glob(db_path.name + "*") if path.is_file())
    assert secret.encode() not in held and b"Wrenfield" not in held


def test_on_a_server_the_trigram_indexes_serve_the_ilike_that_finds_the_candidates(store, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    if isinstance(db_path, Path):
        pytest.skip("the trigram indexes are PostgreSQL's (a file's FTS5 plan is checked above)")
    from sqlalchemy.dialects import postgresql

    from reflect.store.text_index import candidates

    store.save_many(corpus(5))
    with store.engine.connect() as connection:
        found = candidates(connection, "kingfisher")
        assert found is not None
        compiled = found.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
        connection.exec_driver_sql("SET enable_seqscan = off")  # a table this small is rightly read whole otherwise
        plan = "\n".join(str(row[0]) for row in connection.exec_driver_sql(f"EXPLAIN {compiled}"))
    # (The few tags here are read through their key: cheaper than the trigram index at this size.)
    for index in ("ix_reflection_what_happened_trgm", "ix_reflection_person_code_trgm", "ix_answer_note_trgm"):
        assert index in plan, plan


def test_the_readme_lists_the_very_trigram_indexes_the_doctor_asks_an_administrator_to_add() -> None:
    from reflect.store.text_index import POSTGRESQL_INDEXES

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name, (table, column) in POSTGRESQL_INDEXES.items():
        assert f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops);" in readme
