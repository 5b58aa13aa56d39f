"""Reflections read a page at a time (History, export): the pages, one after another, are the whole list."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.model import Reflection
from reflect.store.reflections import place_of

BASE = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def reflection(minutes: int, written: int, *, offset_hours: int = 0, draft: bool = False) -> Reflection:
    """A reflection `minutes` after BASE (many share one), written `written` minutes after it."""
    moment = (BASE + timedelta(minutes=minutes)).astimezone(timezone(timedelta(hours=offset_hours)))
    return Reflection(
        uuid=str(uuid.uuid4()), question_set_id="recovery-practices", question_set_version=1,
        occurred_at=moment, created_at=BASE + timedelta(minutes=written), updated_at=BASE, is_draft=draft,
    )  # fmt: skip


# Few distinct minutes, so that many reflections share their occurred_at (and some their created_at too).
reflections_sets = st.lists(
    st.builds(
        reflection,
        st.integers(0, 4),
        st.integers(0, 2),
        offset_hours=st.sampled_from([-5, 0, 1, 13]),
        draft=st.booleans(),
    ),
    max_size=40,
)


def pages(store, *, limit: int, newest_first: bool, drafts: bool) -> list[list[str]]:  # type: ignore[no-untyped-def]
    found: list[list[str]] = []
    beyond = None
    while True:
        page = store.reflection_page(drafts=drafts, beyond=beyond, limit=limit, newest_first=newest_first)
        assert len(page) <= limit
        if not page:
            return found
        found.append([r.uuid for r in page])
        beyond = place_of(page[-1])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reflections_sets, st.integers(1, 7), st.booleans())
def test_pages_one_after_another_are_the_full_ordered_list_ties_included(
    store, reflections: list[Reflection], limit: int, drafts: bool  # type: ignore[no-untyped-def]
) -> None:
    # One database for every example (opening one runs the migrations): emptied first.
    for held in store.reflections(drafts=True):
        store.delete(held.uuid)
    store.save_many(reflections)
    oldest_first = [r.uuid for r in store.reflections(drafts=drafts)]
    assert [u for page in pages(store, limit=limit, newest_first=False, drafts=drafts) for u in page] == oldest_first
    newest = [u for page in pages(store, limit=limit, newest_first=True, drafts=drafts) for u in page]
    assert newest == oldest_first[::-1]
    assert [r.uuid for r in store.iter_reflections(drafts=drafts, page=limit)] == oldest_first
    assert store.reflection_count(drafts=drafts) == len(oldest_first)


def test_history_newest_first_keeps_the_order_the_list_had(store) -> None:  # type: ignore[no-untyped-def]
    store.save_many([reflection(minutes, minutes % 3) for minutes in range(30)])
    assert [r.uuid for r in store.reflection_page(limit=100, newest_first=True)] == [r.uuid for r in store.list_reflections()]


def plan(db_path: Path, sql: str) -> str:
    with sqlite3.connect(db_path) as connection:
        return " ".join(str(row[-1]) for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", ("x", "x", "x")))


@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN; PostgreSQL's planner chooses by its statistics")
def test_a_page_far_into_the_reflections_is_a_seek_in_an_index_never_a_sort_of_them_all(store, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    store.save_many([reflection(minutes, 0) for minutes in range(50)])
    page = "(occurred_at, created_at, id) > (?, ?, ?) ORDER BY occurred_at, created_at, id LIMIT 300"
    # Export (drafts too): the history index, in its order.
    everything = plan(db_path, f"SELECT id FROM reflection WHERE {page}")
    assert "ix_reflection_history" in everything and "TEMP B-TREE" not in everything
    # History (completed ones): an index in occurred_at order; at most reflections of one instant are sorted.
    completed = plan(db_path, f"SELECT id FROM reflection WHERE is_draft = 0 AND {page}")
    assert "SEARCH" in completed and ("TEMP B-TREE" not in completed or "RIGHT PART" in completed)
