"""Housekeeping off the save path, in a background thread once writes pause and on close: the text
index's merges and the write-ahead log's checkpoint.

SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so now and then
one save a person waits for also copied the whole log into the database (897 ms on a million
reflections). reflect turns it off for its own connections (see engine.py) and checkpoints here
instead: PASSIVE, on a short-lived connection of its own, so that it never waits for a reader or
a writer and never holds them up. The log stays bounded: a checkpoint follows each burst of
writes within MAX_DELAY_S, and the store checkpoints once more when it closes. Durability is
untouched: a save is durable when its commit is in the log, as before.

The same pause merges the text index's segments (reflect.store.text_index.merge_step), which
FTS5 would otherwise do inside whichever save came at the wrong moment (3.4 s at a million
reflections): in steps of a few milliseconds, each its own transaction, until there is nothing
left to merge or this store begins to write again, so that a save waits at most for one step. A
step never waits for the write lock, and leaves a gap as long as itself before the next, so that
another window's save, waiting for the lock, gets it between two steps.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from reflect.store.files import file_identity

IDLE_S = 0.5
"""Checkpoint once no write has come for this long..."""
MAX_DELAY_S = 2.0
"""...or at the latest this long after the first write not yet checkpointed, so that a steady
stream of writes (an import, a long session of edits) cannot grow the log without bound."""


CLOSING_MERGE_S = 0.03
"""How long closing the store goes on merging the text index (a `reflect add` waits for it)."""


def tidy(path: Path, identity: tuple[int, int] | None, stop: Callable[[], bool], *, merge_for_s: float | None = None) -> None:
    """Merge the text index's segments until `stop()` says a write came (or merge_for_s is up, or
    nothing is left to merge), then one PASSIVE checkpoint; while the file at `path` is still the
    one that was written."""

    def replaced() -> bool:
        # Erased or replaced since (`reflect erase`, a restore by hand): leave whatever is there
        # alone. Looked at before each step too: a merge written into a file no longer there would
        # leave its log beside the new one, under the name the new one reads its own log from.
        return identity is None or file_identity(path) != identity

    if replaced():
        return
    try:
        # mode=rw: never create a database where there is none. isolation_level None: each
        # statement as it is, with merge_step's own transactions.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=0, isolation_level=None, check_same_thread=False)
    except sqlite3.Error:
        return
    try:
        _merge(connection, lambda: stop() or replaced(), merge_for_s)
        if not replaced() and os.path.exists(f"{path}-wal") and os.path.getsize(f"{path}-wal") > 0:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:
        pass  # only housekeeping: the next pause, or the store closing, catches up
    finally:
        connection.close()


BUSY_PAUSE_S = 0.01
"""How long merging waits when a save (of another window) holds the write lock, before trying again..."""
BUSY_TRIES = 20
"""...and how many times, before leaving the rest to the next pause."""


def _merge(connection: sqlite3.Connection, stop: Callable[[], bool], for_s: float | None) -> None:
    from reflect.store.text_index import merge_step, sqlite_file_has_text_index

    if not sqlite_file_has_text_index(connection):
        return  # a workshop's file, or an SQLite without FTS5's trigrams
    # The pages a merge frees may hold a deleted note: overwritten, as every deleted row is.
    connection.execute("PRAGMA secure_delete = ON")
    # As the store's own connections: a commit is durable once in the log, not synced as it is
    # made (with the write lock held). Unlike theirs, this connection checkpoints the log after
    # its own commits (SQLite's automatic checkpoint, made explicit): no save waits for this
    # thread, and a long merge would otherwise grow the log by tens of megabytes.
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA wal_autocheckpoint = 1000")
    until = None if for_s is None else time.monotonic() + for_s
    busy = 0
    first = True
    while True:
        # One step even while writes go on (this comes MAX_DELAY_S into a long stream of them),
        # so that the merging keeps up with a long session of edits.
        if not first and (stop() or (until is not None and time.monotonic() >= until)):
            return
        first = False
        started = time.monotonic()
        merged = merge_step(connection)
        if merged is None:  # a save holds the write lock: it goes first
            busy += 1
            if busy > BUSY_TRIES:
                return
            time.sleep(BUSY_PAUSE_S)
            continue
        if not merged:
            return  # nothing left to merge
        # SQLite's busy handler has a writer in another process sleep and try again (after 1, 2,
        # 5, 10 ms...): a gap as long as the step lets it in rather than the next step.
        time.sleep(max(time.monotonic() - started, 0.001))


class Checkpointer:
    """Checkpoints one database's log in the background after its writes, and once more on close."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._identity = file_identity(path)
        """Which file is checkpointed (None until there is one): a replaced or erased one is left alone."""
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending = 0
        self._first_pending = 0.0
        self._last_write = 0.0
        self._thread: threading.Thread | None = None
        self._closed = False
        self._written = False
        self._begun = 0
        """Write transactions this store has begun (merging stops for the first that begins)."""

    def writing(self) -> None:
        """A write transaction is beginning (it will wait for the lock a merge step holds, no longer)."""
        with self._lock:
            self._begun += 1

    def wrote(self) -> None:
        """A write transaction is committing: checkpoint once writes pause."""
        with self._lock:
            if self._closed:
                return
            if self._identity is None:
                self._identity = file_identity(self.path)
            now = time.monotonic()
            if not self._pending:
                self._first_pending = now
            self._pending += 1
            self._written = True
            self._last_write = now
            if self._thread is None:
                # The thread lasts as long as a burst of writes, so an idle store holds none.
                self._thread = threading.Thread(target=self._run, name="reflect-checkpoint", daemon=True)
                self._thread.start()
            else:
                self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._lock:
                while True:
                    if self._closed or not self._pending:
                        self._thread = None
                        return
                    now = time.monotonic()
                    due = min(self._last_write + IDLE_S, self._first_pending + MAX_DELAY_S)
                    if now >= due:
                        break
                    self._wake.wait(due - now)
                self._pending = 0
                identity = self._identity
                begun = self._begun
            tidy(self.path, identity, functools.partial(self._writes_since, begun))

    def _writes_since(self, begun: int) -> bool:
        """Whether this store has begun to write since `begun` writes, or is closing (merging yields)."""
        with self._lock:
            return self._begun != begun or self._closed

    def close(self) -> None:
        """Stop the housekeeping in the background, and do what is left (if this store wrote anything)."""
        with self._lock:
            self._closed = True
            thread = self._thread
            identity = self._identity
            written = self._written
            self._wake.notify_all()
        if thread is not None and thread is not threading.current_thread():
            # Waited for however long it takes (a PASSIVE checkpoint never waits on a lock, only on
            # copying): once the store is closed its files may be moved or erased, and a checkpoint
            # still running then would lose what it had not yet copied.
            thread.join()
        if written:
            tidy(self.path, identity, lambda: False, merge_for_s=CLOSING_MERGE_S)
