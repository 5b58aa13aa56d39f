"""Checkpointing the write-ahead log off the save path: in a background thread once writes pause, and on close.

SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so now and then
one save a person waits for also copied the whole log into the database (897 ms on a million
reflections). reflect turns it off for its own connections (see engine.py) and checkpoints here
instead: PASSIVE, on a short-lived connection of its own, so that it never waits for a reader or
a writer and never holds them up. The log stays bounded: a checkpoint follows each burst of
writes within MAX_DELAY_S, and the store checkpoints once more when it closes. Durability is
untouched: a save is durable when its commit is in the log, as before.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from reflect.store.files import file_identity

IDLE_S = 0.5
"""Checkpoint once no write has come for this long..."""
MAX_DELAY_S = 2.0
"""...or at the latest this long after the first write not yet checkpointed, so that a steady
stream of writes (an import, a long session of edits) cannot grow the log without bound."""


def checkpoint(path: Path, identity: tuple[int, int] | None) -> None:
    """One PASSIVE checkpoint of the database at `path`, if it is still the file that was written."""
    if identity is None or file_identity(path) != identity:
        return  # erased or replaced since (`reflect erase`, a restore): leave whatever is there alone
    if not os.path.exists(f"{path}-wal") or os.path.getsize(f"{path}-wal") == 0:
        return
    try:
        # mode=rw: never create a database where there is none.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=0, check_same_thread=False)
    except sqlite3.Error:
        return
    try:
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:
        pass  # only housekeeping: the next checkpoint, or the store closing, catches up
    finally:
        connection.close()


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
            checkpoint(self.path, identity)

    def close(self) -> None:
        """Stop checkpointing in the background, and checkpoint what is left (if anything was written)."""
        with self._lock:
            self._closed = True
            thread = self._thread
            identity = self._identity
            self._wake.notify_all()
        if thread is not None and thread is not threading.current_thread():
            # Waited for however long it takes (a PASSIVE checkpoint never waits on a lock, only on
            # copying): once the store is closed its files may be moved or erased, and a checkpoint
            # still running then would lose what it had not yet copied.
            thread.join()
        checkpoint(self.path, identity)
