"""History's filter in the store: a kind, a tag or a person code found through an index, any other word anywhere, counted without reading the rows."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from reflect.model import Answer, Reflection, Response
from reflect.store.reflections import place_of

BASE = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def made(number: int, *, kind: str | None = None, person: str | None = None, tags: list[str] | None = None, text: str = "", note: str = "") -> Reflection:
    reflection = Reflection(
        uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
        occurred_at=BASE + timedelta(hours=number), created_at=BASE, updated_at=BASE,
        kind=kind, person_code=person, tags=tags or [], what_happened=text,
    )  # fmt: skip
    if note:
        reflection.answers["hope"] = Answer(response=Response.YES, note=note)
    return reflection


def seeded(store) -> list[Reflection]:  # type: ignore[no-untyped-def]
    """Forty reflections of mixed kinds, people and tags; newest first, as History lists them."""
    kinds = ["phone", "home-visit", "group", None]
    reflections = [
        made(number, kind=kinds[number % 4], person=f"P-{number % 5}", tags=["housing"] if number % 3 == 0 else ["benefits"], text=f"talked {number}")
        for number in range(40)
    ]
    reflections.append(made(40, text="She mentioned her ALLOTMENT", note="peer support group"))
    store.save_many(reflections)
    return sorted(reflections, key=place_of, reverse=True)


def test_a_kind_a_tag_or_a_person_code_picks_exactly_those_newest_first(store) -> None:  # type: ignore[no-untyped-def]
    listed = seeded(store)
    assert [r.uuid for r in store.history_page(["phone"], limit=100)] == [r.uuid for r in listed if r.kind == "phone"]
    assert [r.uuid for r in store.history_page(["housing"], limit=100)] == [r.uuid for r in listed if "housing" in r.tags]
    assert [r.uuid for r in store.history_page(["p-3"], limit=100)] == [r.uuid for r in listed if r.person_code == "P-3"]
    both = [r.uuid for r in listed if r.kind == "phone" and "housing" in r.tags]
    assert [r.uuid for r in store.history_page(["phone", "housing"], limit=100)] == both
    assert store.history_count(["phone", "housing"]) == len(both) and both


def test_any_other_word_is_found_anywhere_in_any_case(store) -> None:  # type: ignore[no-untyped-def]
    listed = seeded(store)
    allotment = [r.uuid for r in listed if "allotment" in r.what_happened.lower()]
    assert [r.uuid for r in store.history_page(["allotment"], limit=100)] == allotment
    assert [r.uuid for r in store.history_page(["peer"], limit=100)] == allotment  # in a note
    assert store.history_count(["visit"]) == sum(1 for r in listed if r.kind == "home-visit")  # a piece of a kind's name
    assert store.history_count(["march"]) == len(listed)  # a month's name
    assert store.history_count(["100%"]) == 0  # % and _ are taken literally


def test_the_filtered_pages_one_after_another_are_the_whole_match(store) -> None:  # type: ignore[no-untyped-def]
    listed = seeded(store)
    wanted = [r.uuid for r in listed if "benefits" in r.tags]
    pages: list[str] = []
    beyond = None
    while True:
        page = store.history_page(["benefits"], beyond=beyond, limit=4)
        pages += [r.uuid for r in page]
        if len(page) < 4:
            break
        beyond = place_of(page[-1])
    assert pages == wanted
    oldest = store.history_page(["benefits"], limit=4, newest_first=False)
    assert [r.uuid for r in oldest] == wanted[::-1][:4]


def plans(store, db_path: Path, words: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """What SQLite does for each statement the page and the count of `words` run."""
    statements: list[tuple[str, object]] = []

    def seen(_connection, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        page = statement.startswith("SELECT reflection.id \nFROM reflection") and "ORDER BY" in statement and "LIMIT" in statement
        if page or statement.startswith("SELECT count("):
            statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        store.history_page(words, limit=50)
        store.history_count(words)
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    with sqlite3.connect(db_path) as connection:
        return [" ".join(str(row[-1]) for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", parameters)) for sql, parameters in statements]  # type: ignore[arg-type]


@pytest.mark.sqlite_only("the plan is SQLite's EXPLAIN QUERY PLAN; PostgreSQL's planner rightly scans a table this small whatever its indexes")
def test_a_kind_a_tag_or_a_person_is_an_indexed_query_never_a_scan_of_every_reflection(store, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeded(store)
    page, count = plans(store, db_path, ["phone"])
    assert "ix_reflection_kind_history" in page and "TEMP B-TREE" not in page
    assert "ix_reflection_kind_history" in count
    page, count = plans(store, db_path, ["p-3"])
    assert "ix_reflection_person_history" in page and "ix_reflection_person_history" in count
    page, count = plans(store, db_path, ["housing"])
    assert "ix_reflection_tag" in count and "SCAN reflection" not in count
    for plan in plans(store, db_path, ["phone"]) + plans(store, db_path, ["p-3"]) + [count]:
        assert "SCAN reflection " not in plan + " "


def test_a_count_no_longer_wanted_stops_early_and_says_so(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reflect.store import history_search

    seeded(store)
    monkeypatch.setattr(history_search, "STOP_CHECK_STEPS", 1)  # look at once, however few the rows
    assert store.history_count(["talked"], should_stop=lambda: True) is None
    assert store.history_count(["talked"], should_stop=lambda: False) == 40
    assert store.history_count(["talked"]) == 40


def test_a_long_query_no_longer_wanted_is_ended_by_the_database_on_either_engine(store) -> None:  # type: ignore[no-untyped-def]
    import time

    from reflect.store.history_search import Stopped, stoppable

    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c"
    asked = time.monotonic()
    with store.engine.connect() as connection, pytest.raises(Stopped), stoppable(connection, lambda: time.monotonic() - asked > 0.2):
        connection.exec_driver_sql(endless)
    assert time.monotonic() - asked < 5
