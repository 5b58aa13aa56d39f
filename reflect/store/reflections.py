"""Writing, reading, finding and deleting a practitioner's reflections (drafts included)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, CursorResult, delete, func, literal, select, tuple_

from reflect.model import Reflection, Selection
from reflect.store.core import StoreCore
from reflect.store.engine import WRITE
from reflect.store.errors import SaveConflict
from reflect.store.exporting import StoredReflection, stored_page
from reflect.store.reporting import reporting_errors
from reflect.store.rollup import take_out
from reflect.store.rows import write_reflections
from reflect.store.sql import ANSWER, REFLECTION, read_setting, selected, write_setting
from reflect.store.tables import ReflectionRow

Place = tuple[datetime, datetime, str]
"""Where a reflection stands in the order History and export show: when it happened, when it
was written, its id. The id makes the order total, so that a page can start just after a place
(keyset paging) and never skip or repeat a reflection that shares its time with another."""

IN_ORDER = (REFLECTION.c.occurred_at, REFLECTION.c.created_at, REFLECTION.c.id)
"""The order of places; the index ix_reflection_history holds it (see tables.py)."""


def place_of(reflection: Reflection) -> Place:
    return (reflection.occurred_at, reflection.created_at, reflection.uuid)


def _page_query(conditions: list[Any], beyond: Place | None, limit: int, newest_first: bool) -> Any:
    """The reflections meeting `conditions`, at most `limit`, in History's order (or its
    reverse) from just beyond the place `beyond`: one seek in an index in that order."""
    order = [column.desc() for column in IN_ORDER] if newest_first else list(IN_ORDER)
    if beyond is not None:
        key = tuple_(*IN_ORDER)
        # Bound with the columns' own types, so that a time is compared as stored (in UTC).
        bound = tuple_(*(literal(value, column.type) for column, value in zip(IN_ORDER, beyond)))
        conditions = [*conditions, key < bound if newest_first else key > bound]
    return select(ReflectionRow).where(*conditions).order_by(*order).limit(limit)


IMPORT_BATCH = 400
"""Reflections imported at a time: within one `IN (...)` list (sql.IN_CHUNK)."""


def _batches(reflections: Iterable[Reflection], size: int) -> Iterator[list[Reflection]]:
    batch: list[Reflection] = []
    for reflection in reflections:
        batch.append(reflection)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class ImportCounts:
    """What importing reflections did: added (new ids), updated (a newer edit), unchanged."""

    added: int
    updated: int
    unchanged: int


class Reflections(StoreCore):
    """Reflections one at a time or in bulk: save, import, get, list, find, delete."""

    # Writing ---------------------------------------------------------------------------------

    def save(self, reflection: Reflection) -> None:
        """Write a reflection (draft or complete) in full, replacing what was stored under its id."""
        self.save_many([reflection])

    @reporting_errors
    def save_checked(self, reflection: Reflection) -> None:
        """Write a reflection only if the store holds the revision it started from.

        One never stored (revision 0) must not be there yet; one stored before must still be
        there, at `reflection.revision`. Otherwise SaveConflict carries the reflection as stored
        now (None: deleted) and nothing is written. On success `reflection.revision` is the new one.
        """
        self.check_still_the_file_opened()
        with self.engine.execution_options(**WRITE).begin() as connection:
            stored = connection.execute(select(REFLECTION.c.revision).where(REFLECTION.c.id == reflection.uuid)).scalar_one_or_none()
            if stored == (reflection.revision or None):
                write_reflections(connection, [reflection], self.slots)
                reflection.revision = (stored or 0) + 1
                return
        current = self.get(reflection.uuid)
        if current is None:
            message = "This reflection was deleted, in another window or by another program, since you opened it. Nothing was saved."
        else:
            message = "This reflection was changed in another window, or by another program, since you opened it. Nothing was saved."
        raise SaveConflict(message, current)

    @reporting_errors
    def save_many(self, reflections: Iterable[Reflection], *, batch: int = 2000) -> int:
        """Write many reflections in one transaction (an import, a generated data set); returns how many.

        Each replaces whatever was stored under its id, answers and tags included.
        """
        self.check_still_the_file_opened()
        written = 0
        with self.engine.execution_options(**WRITE).begin() as connection:
            pending: list[Reflection] = []
            for reflection in reflections:
                pending.append(reflection)
                if len(pending) >= batch:
                    written += write_reflections(connection, pending, self.slots)
                    pending = []
            written += write_reflections(connection, pending, self.slots)
        return written

    @reporting_errors
    def import_reflections(
        self, reflections: Iterable[Reflection], *, settings_if_missing: dict[str, str] | None = None,
        keep_revisions: bool = False, then: Callable[[Connection], None] | None = None,
    ) -> ImportCounts:
        """Write reflections from an export in one transaction, by id: a new id is added, a newer
        edit (a later updated_at) replaces what is stored, and anything else is left as it is.

        `settings_if_missing` are written in the same transaction, each only if not yet set.
        `keep_revisions`: each keeps its revision (a copy from another database; see write_reflections).
        `then`: more to write in the same transaction, once the reflections are (practitioner_data.CarriedRows).
        """
        self.check_still_the_file_opened()
        added = updated = unchanged = 0
        with self.engine.execution_options(**WRITE).begin() as connection:
            for key, value in (settings_if_missing or {}).items():
                if read_setting(connection, key) is None:
                    write_setting(connection, key, value)
            # A batch at a time, so that an import of any size holds one batch in memory; all
            # in the one transaction, so that a failure anywhere leaves the database as it was.
            for batch in _batches(reflections, IMPORT_BATCH):
                incoming = {reflection.uuid: reflection for reflection in batch}
                rows = connection.execute(select(REFLECTION.c.id, REFLECTION.c.updated_at).where(REFLECTION.c.id.in_(list(incoming))))
                stored: dict[str, datetime] = {row.id: row.updated_at for row in rows}
                wanted = [r for r in incoming.values() if r.uuid not in stored or r.updated_at > stored[r.uuid]]
                write_reflections(connection, wanted, self.slots, keep_revisions=keep_revisions)
                new = sum(1 for reflection in wanted if reflection.uuid not in stored)
                added, updated, unchanged = added + new, updated + len(wanted) - new, unchanged + len(incoming) - len(wanted)
            if then is not None:
                then(connection)
        return ImportCounts(added=added, updated=updated, unchanged=unchanged)

    @reporting_errors
    def delete(self, uuid: str) -> bool:
        self.check_still_the_file_opened()
        with self.engine.execution_options(**WRITE).begin() as connection:
            take_out(connection, REFLECTION.c.id == uuid)  # in the same transaction as the delete
            result = connection.execute(delete(ReflectionRow).where(REFLECTION.c.id == uuid))
        # A DML statement's result is a CursorResult; execute is typed for any statement.
        return cast(CursorResult[Any], result).rowcount > 0

    # Reading ---------------------------------------------------------------------------------

    @reporting_errors
    def get(self, uuid: str) -> Reflection | None:
        found = self._load(select(ReflectionRow).where(REFLECTION.c.id == uuid))
        return found[0] if found else None

    @reporting_errors
    def list_reflections(self, *, limit: int | None = None) -> list[Reflection]:
        """Completed reflections, the most recent interaction first."""
        query = (
            select(ReflectionRow)
            .where(REFLECTION.c.is_draft.is_(False))
            .order_by(REFLECTION.c.occurred_at.desc(), REFLECTION.c.created_at.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        return self._load(query)

    @reporting_errors
    def reflections(
        self, selection: Selection = Selection(), *, drafts: bool = False, flagged: bool = False, with_commitment: bool = False
    ) -> list[Reflection]:
        """The reflections in `selection`, in the order they happened (oldest first).

        `drafts`: unfinished ones too. `flagged`: only those flagged for supervision or with
        a flagged note. `with_commitment`: only those that made a commitment for next time.
        """
        conditions = selected(selection, drafts=drafts)
        if flagged:
            conditions.append(
                REFLECTION.c.flagged.is_(True)
                | select(ANSWER.c.reflection_id)
                .where(ANSWER.c.reflection_id == REFLECTION.c.id, ANSWER.c.flagged.is_(True))
                .exists()
            )
        if with_commitment:
            conditions.append(func.trim(REFLECTION.c.commitment) != "")
        return self._load(
            select(ReflectionRow).where(*conditions).order_by(REFLECTION.c.occurred_at, REFLECTION.c.created_at, REFLECTION.c.id)
        )

    @reporting_errors
    def reflection_page(
        self, selection: Selection = Selection(), *, drafts: bool = False, beyond: Place | None = None,
        limit: int, newest_first: bool = False,
    ) -> list[Reflection]:  # fmt: skip
        """At most `limit` reflections of `selection`, in order (oldest first, or `newest_first`),
        starting just beyond the place `beyond` in that order (None: from the start).

        Each page is one seek in the history index, however far into the reflections it lies:
        the oldest page of a million is as quick as the newest.
        """
        return self._load(_page_query(selected(selection, drafts=drafts), beyond, limit, newest_first))

    def iter_reflections(self, selection: Selection = Selection(), *, drafts: bool = False, page: int = 500) -> Iterator[Reflection]:
        """The reflections `reflections()` returns, in the same order, a page at a time: for
        an export of any size, with only one page in memory."""
        beyond: Place | None = None
        while True:
            found = self.reflection_page(selection, drafts=drafts, beyond=beyond, limit=page)
            yield from found
            if len(found) < page:
                return
            beyond = place_of(found[-1])
            del found  # before the next page is read: one page in memory, not two

    @reporting_errors
    def stored_page(
        self, selection: Selection = Selection(), *, drafts: bool = False, beyond: Place | None = None, limit: int
    ) -> list[StoredReflection]:
        """The reflections `reflection_page` gives (oldest first), as plain stored values rather than
        model objects: at most `limit`, and no more than fit in one `IN (...)` (sql.IN_CHUNK)."""
        with self.engine.connect() as connection:
            return stored_page(connection, _page_query(selected(selection, drafts=drafts), beyond, limit, False), self.slots)

    def iter_stored(self, selection: Selection = Selection(), *, drafts: bool = False, page: int = 500) -> Iterator[StoredReflection]:
        """The reflections `iter_reflections` gives, in the same order, as stored values (for an
        export, which writes each once and keeps none): a page at a time, one page in memory."""
        beyond: Place | None = None
        while True:
            found = self.stored_page(selection, drafts=drafts, beyond=beyond, limit=page)
            yield from found
            if len(found) < page:
                return
            last = found[-1]
            beyond = (last.occurred_at, last.created_at, last.uuid)
            del found, last  # before the next page is read: one page in memory, not two

    @reporting_errors
    def history_page(
        self, words: list[str], *, beyond: Place | None = None, limit: int, newest_first: bool = True,
        should_stop: Callable[[], bool] | None = None,
    ) -> list[Reflection]:  # fmt: skip
        """A page of the reflections History's filter `words` match (reflect.store.history_search
        says how), in History's order from just beyond `beyond`, as reflection_page pages them all;
        none if `should_stop` (asked now and then while looking) said to stop first."""
        from reflect.store.history_search import Stopped, stoppable, word_conditions

        with self.engine.connect() as connection:
            conditions = word_conditions(connection, words)
            # The ids first, then the reflections by id: _load runs its query again for the
            # answers and the tags, and a word looked for in every note must be looked for once.
            try:
                with stoppable(connection, should_stop):
                    ids = list(connection.scalars(_page_query(conditions, beyond, limit, newest_first).with_only_columns(REFLECTION.c.id)))
            except Stopped:
                return []
        if not ids:
            return []
        order = [column.desc() for column in IN_ORDER] if newest_first else list(IN_ORDER)
        return self._load(select(ReflectionRow).where(REFLECTION.c.id.in_(ids)).order_by(*order))

    @reporting_errors
    def history_count(self, words: list[str], *, should_stop: Callable[[], bool] | None = None) -> int | None:
        """How many reflections History's filter `words` match, counted without reading them;
        None if `should_stop` (asked now and then while counting) said to stop first."""
        from reflect.store.history_search import Stopped, stoppable, word_conditions

        with self.engine.connect() as connection:
            conditions = word_conditions(connection, words, counting=True)
            try:
                with stoppable(connection, should_stop):
                    return int(connection.execute(select(func.count()).select_from(REFLECTION).where(*conditions)).scalar_one())
            except Stopped:
                return None

    @reporting_errors
    def reflection_count(self, selection: Selection = Selection(), *, drafts: bool = False) -> int:
        """How many reflections `selection` holds, without reading them."""
        with self._session() as session:
            counted = session.execute(select(func.count()).select_from(REFLECTION).where(*selected(selection, drafts=drafts)))
            return int(counted.scalar_one())

    @reporting_errors
    def drafts(self, *, limit: int | None = None) -> list[Reflection]:
        """Unfinished reflections, the most recently touched first (the first `limit` of them, if given)."""
        return self._load(
            select(ReflectionRow)
            .where(REFLECTION.c.is_draft.is_(True))
            .order_by(REFLECTION.c.updated_at.desc(), REFLECTION.c.id)
            .limit(limit)
        )

    @reporting_errors
    def draft_count(self, *, except_uuid: str | None = None) -> int:
        """How many unfinished reflections there are (not counting `except_uuid`), without reading them."""
        conditions: list[ColumnElement[bool]] = [REFLECTION.c.is_draft.is_(True)]
        if except_uuid is not None:
            conditions.append(REFLECTION.c.id != except_uuid)
        with self._session() as session:
            return int(session.execute(select(func.count()).select_from(REFLECTION).where(*conditions)).scalar_one())

    @reporting_errors
    def find(self, prefix: str, *, limit: int = 10) -> list[str]:
        """The ids of reflections (drafts included) that start with `prefix`, such as a short id from `reflect list`."""
        cleaned = prefix.strip().lower()
        if not cleaned or any(character not in "0123456789abcdef-" for character in cleaned):
            return []
        with self._session() as session:
            return list(
                session.scalars(select(REFLECTION.c.id).where(REFLECTION.c.id.like(f"{cleaned}%")).order_by(REFLECTION.c.id).limit(limit))
            )

    @reporting_errors
    def person_codes(self) -> set[str]:
        """Every person code in the database, to keep them out of anything shared."""
        with self._session() as session:
            return set(session.scalars(select(REFLECTION.c.person_code).where(REFLECTION.c.person_code.is_not(None)).distinct()))
