"""What History's filter words mean as conditions in SQL, for the store to page and count with.

Each word must match (the words together narrow). A word that names a kind of interaction, a
tag or a person code picks exactly those reflections, and an index finds them
(migration 0009_history_filters): the kind and the person code lead indexes in History's order,
so a page of them is one seek; tags have their own index. "flagged" (or "supervision") picks the
reflections flagged for supervision. Any other word is looked for as a piece of text, in any
case, in the reflection's texts and notes, its tags, person code and kind, and its date
(2026, 2026-03, 2026-03-05, or a month's name): `ILIKE '%word%'`, which SQLAlchemy writes as
lower() LIKE lower() on SQLite and as ILIKE on PostgreSQL.

No B-tree index can serve a piece of text in the middle of a field: a word of three letters or
more is found through the text index (reflect.store.text_index: an FTS5 trigram table in a file,
pg_trgm GIN indexes on a server), which gives the reflections that may hold it; each is then
checked with the very ILIKE condition above, so the results are exactly those of the scan. The
index serves a count (unless the word is in a good share of the reflections:
text_index.COUNT_SHARE), and a page when the word is rare (in fewer than RARE_PLACES places,
a cheap estimate, scaled to the database's size): a page of a common word is found sooner by walking History's index,
newest first, where a page of its matches comes within a few hundred rows. A word shorter than
three letters cannot use a trigram index and keeps that walk (short words match many rows, so a
page fills fast); so does a word that is part of a kind's name or a date (those match through
columns the text index does not hold), and any word where no index is there to serve it (a server
without pg_trgm, or a shared database, where row-level security keeps PostgreSQL from using it).
"""

from __future__ import annotations

import calendar
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from reflect.model import INTERACTION_KINDS
from reflect.store.sql import ANSWER, REFLECTION, TAG
from reflect.store.text_index import COUNT_SHARE, candidates, estimated_rows, is_rare, like_pattern

FLAGGED_WORDS = ("flagged", "supervision")
TEXTS = (REFLECTION.c.what_happened, REFLECTION.c.so_what, REFLECTION.c.now_what, REFLECTION.c.commitment)
_DATE_PIECE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MONTHS = [name.lower() for name in calendar.month_name[1:]]


_pattern = like_pattern

RARE_PLACES: int | None = None
"""A word the text index holds in fewer places than this is found through the index; a commoner
one by walking History's index, where a page of its matches comes sooner. None: as many as suit
the database's size (text_index.rare_cap: about 7,000 places among a million reflections)."""


def _kind_named(word: str) -> str | None:
    """The kind `word` names whole (its key or its label, in any case), if any."""
    for kind in INTERACTION_KINDS:
        if word in (kind.key, kind.label.lower(), kind.key.replace("-", " ")):
            return kind.key
    return None


def _only_in_texts(word: str) -> bool:
    """Whether `word` can match only through the texts, notes, tags and person code (not a kind's
    name, nor a date), so that the text index finds every reflection it matches."""
    in_a_kind = any(word in kind.label.lower() or word in kind.key for kind in INTERACTION_KINDS)
    in_a_month = len(word) >= 3 and any(name.startswith(word) for name in _MONTHS)
    return not (in_a_kind or in_a_month or _DATE_PIECE.match(word))


def _found_through_the_index(connection: Connection, word: str, *, counting: bool) -> tuple[ColumnElement[bool], bool]:
    """_text_condition(word), with the reflections to check taken from the text index when it
    can find them all and it is the quicker way: for a count, unless the word is in COUNT_SHARE
    of the rows or more, and for a page when the word is
    rare (a page of a common word is found sooner by walking History's index); and whether it was."""
    exact = _text_condition(word)
    if not _only_in_texts(word):
        return exact, False
    found = candidates(connection, word)
    if found is None:
        return exact, False
    if counting:
        if not is_rare(connection, word, int(COUNT_SHARE * max(estimated_rows(connection), 1.0)) + 1):
            return exact, False
    elif not is_rare(connection, word, RARE_PLACES):
        return exact, False
    return and_(REFLECTION.c.id.in_(found), exact), True


def _text_condition(word: str) -> ColumnElement[bool]:
    pattern = _pattern(word)
    branches: list[ColumnElement[bool]] = [column.ilike(pattern, escape="\\") for column in TEXTS]
    branches.append(REFLECTION.c.person_code.ilike(pattern, escape="\\"))
    branches.append(select(TAG.c.reflection_id).where(TAG.c.reflection_id == REFLECTION.c.id, TAG.c.tag.like(pattern, escape="\\")).exists())
    branches.append(
        select(ANSWER.c.reflection_id).where(ANSWER.c.reflection_id == REFLECTION.c.id, ANSWER.c.note.ilike(pattern, escape="\\")).exists()
    )
    kinds = [kind.key for kind in INTERACTION_KINDS if word in kind.label.lower() or word in kind.key]
    if kinds:
        branches.append(REFLECTION.c.kind.in_(kinds))
    if _DATE_PIECE.match(word):
        branches.append(REFLECTION.c.occurred_day.like(f"{word}%"))
    months = [number for number, name in enumerate(_MONTHS, start=1) if len(word) >= 3 and name.startswith(word)]
    if months:
        branches.append(or_(*(REFLECTION.c.occurred_day.like(f"____-{number:02d}-%") for number in months)))
    return or_(*branches)


STOP_CHECK_STEPS = 20_000
"""SQLite's virtual machine steps between two looks at whether a query should stop (well under a millisecond)."""
STOP_CHECK_S = 0.02
"""On PostgreSQL, how often a query's watcher looks at whether it should stop."""


class Stopped(Exception):
    """A query was ended early because what it was for is no longer wanted."""


@contextmanager
def stoppable(connection: Connection, should_stop: Callable[[], bool] | None) -> Iterator[None]:
    """Let `should_stop` end a query run on `connection` early (a count over a million
    reflections for a word that is no longer wanted), raising Stopped: on SQLite through its
    progress handler, which makes the query fail as interrupted; on PostgreSQL through the
    driver's cancel, sent by a watcher thread (the server then ends the query)."""
    if should_stop is None:
        yield
        return
    if should_stop():
        raise Stopped
    raw: Any = connection.connection.driver_connection
    on_sqlite = connection.dialect.name == "sqlite"
    done = threading.Event()
    if on_sqlite:
        raw.set_progress_handler(lambda: int(should_stop()), STOP_CHECK_STEPS)
    else:
        def watch() -> None:
            while not done.wait(STOP_CHECK_S):
                if should_stop():
                    raw.cancel_safe()
                    return

        watcher = threading.Thread(target=watch, name="reflect-query-watcher", daemon=True)
        watcher.start()
    try:
        yield
    except OperationalError:
        if should_stop():
            raise Stopped from None
        raise
    finally:
        done.set()
        if on_sqlite:
            raw.set_progress_handler(None, 0)
        else:
            watcher.join()


def word_conditions(connection: Connection, words: list[str], *, counting: bool = False) -> list[Any]:
    """The conditions on REFLECTION for the completed reflections History's filter `words`
    (lower-cased, one word each) match: to page through in History's order, or (`counting`) to count.

    A tag is checked row by row as History's index is walked in order (a page of a common tag
    is found within a few hundred rows), but counted from the tag's own index. In a count the
    draft check is written so that no index serves it: else SQLite (which keeps no statistics
    here) would walk every completed reflection by the index led by is_draft rather than seek
    the kind's, the person's or the tag's; so it is in a page of a word found through the text
    index, whose few candidates are looked up by id and sorted.
    """
    conditions: list[Any] = []
    through_the_text_index = False
    for word in words:
        if word in FLAGGED_WORDS:
            conditions.append(
                REFLECTION.c.flagged.is_(True)
                | select(ANSWER.c.reflection_id).where(ANSWER.c.reflection_id == REFLECTION.c.id, ANSWER.c.flagged.is_(True)).exists()
            )
            continue
        named: list[ColumnElement[bool]] = []
        kind = _kind_named(word)
        if kind is not None:
            named.append(REFLECTION.c.kind == kind)
        # One seek each in an index to learn whether the word is a tag or a person code.
        if connection.execute(select(TAG.c.tag).where(TAG.c.tag == word).limit(1)).first() is not None:
            if counting:
                named.append(REFLECTION.c.id.in_(select(TAG.c.reflection_id).where(TAG.c.tag == word)))
            else:
                named.append(select(TAG.c.reflection_id).where(TAG.c.reflection_id == REFLECTION.c.id, TAG.c.tag == word).exists())
        if connection.execute(select(REFLECTION.c.id).where(func.lower(REFLECTION.c.person_code) == word).limit(1)).first() is not None:
            named.append(func.lower(REFLECTION.c.person_code) == word)
        if named:
            conditions.append(or_(*named) if len(named) > 1 else named[0])
        else:
            condition, indexed = _found_through_the_index(connection, word, counting=counting)
            conditions.append(condition)
            through_the_text_index = through_the_text_index or indexed
    if (counting or through_the_text_index) and conditions:
        return [func.coalesce(REFLECTION.c.is_draft, false()).is_(False), *conditions]
    return [REFLECTION.c.is_draft.is_(False), *conditions]
