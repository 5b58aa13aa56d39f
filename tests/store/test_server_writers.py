"""On a PostgreSQL server, writers take turns as they do on SQLite (BEGIN IMMEDIATE): a save that reads
the revision it checks waits for any other write in progress, so two windows can never both save from
the same revision."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import text

from reflect.server_url import ServerURL
from reflect.store import SaveConflict, open_store
from reflect.store.engine import WRITE
from tests.store.test_store_revisions import a_reflection, copy_of

WAIT_LIMIT_S = 20


def until(condition: Callable[[], bool]) -> None:
    """Wait until `condition` holds (it is observed, never assumed after a fixed time)."""
    deadline = time.monotonic() + WAIT_LIMIT_S
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.01)


def waiting_for_the_writers_lock(url: ServerURL) -> int:
    from tests.helpers.engines import rows

    return rows(url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")[0][0]


def test_a_save_waits_for_another_writers_transaction_and_then_sees_its_revision(postgres_url_at_head: str) -> None:
    url = ServerURL(postgres_url_at_head)
    first, second = open_store(url), open_store(url)
    try:
        reflection = a_reflection()
        first.save_checked(reflection)
        window_b = copy_of(reflection)
        window_b.what_happened = "from window B"
        outcome: list[object] = []
        # Window A is mid-save: its write transaction (and so the writers' lock) is open, and it has
        # written the next revision but not yet committed it.
        with first.engine.execution_options(**WRITE).begin() as window_a:
            window_a.execute(
                text("UPDATE reflection SET revision = 2, what_happened = 'from window A' WHERE id = :id"), {"id": reflection.uuid}
            )
            saving = threading.Thread(target=lambda: outcome.append(_saved(second, window_b)))
            saving.start()
            until(lambda: waiting_for_the_writers_lock(url) == 1)  # window B waits its turn...
            assert outcome == []
        saving.join(WAIT_LIMIT_S)
        assert isinstance(outcome[0], SaveConflict)  # ...then reads A's revision, and is refused rather than overwriting it
        stored = first.get(reflection.uuid)
        assert stored is not None and (stored.what_happened, stored.revision) == ("from window A", 2)
    finally:
        first.close()
        second.close()


def _saved(store, reflection) -> object:  # type: ignore[no-untyped-def]
    try:
        return store.save_checked(reflection)
    except SaveConflict as conflict:
        return conflict


@pytest.mark.parametrize("writers", [8])
def test_many_writers_at_once_each_land_every_save(postgres_url_at_head: str, writers: int) -> None:
    url = ServerURL(postgres_url_at_head)
    stores = [open_store(url) for _ in range(writers)]
    made = [[a_reflection() for _ in range(5)] for _ in stores]
    try:
        threads = [threading.Thread(target=lambda s=store, mine=mine: [s.save_checked(r) for r in mine]) for store, mine in zip(stores, made)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT_LIMIT_S)
        assert {r.uuid for r in stores[0].reflections(drafts=True)} == {r.uuid for mine in made for r in mine}
    finally:
        for store in stores:
            store.close()
