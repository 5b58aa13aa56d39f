"""The text index History's filter finds a rare word with, kept by the database itself.

History's filter looks for a word anywhere in a reflection's four texts, its person code, its
tags and its answers' notes (reflect.store.history_search). No B-tree index serves a piece of
text in the middle of a field, so each engine has its own trigram index, built by migration
0011_history_text_index and kept by the database on every write, whichever path made it (a save,
an edit, a delete, an import, a copy, a migration):

- SQLite: an FTS5 table with the trigram tokenizer (`history_text`), one row for each piece of
  text (a reflection's texts and person code together, each note, each tag), and beside it
  `history_text_key`, which says whose piece each row is. Triggers on `reflection`, `answer` and
  `reflection_tag` keep both. The key's own INTEGER PRIMARY KEY is the FTS row's id: a
  reflection's implicit rowid is no key to lean on, as VACUUM may renumber it. The FTS table keeps
  its own copy of the text (an external-content table would need a single content table, and the
  pieces come from three); a deleted piece's row is deleted with it (and overwritten, as every
  deleted row is: secure_delete), and its trigrams leave the index's segments as FTS5 merges them.
  Those merges are kept off the saves (migration 0012_text_index_merges_apart): a save only adds
  its own small segments (one for each statement that writes a piece), and
  reflect.store.checkpoint merges them in short steps of their own once writes pause (merge_step).
- PostgreSQL: pg_trgm GIN indexes (gin_trgm_ops) on the same columns, which serve the very same
  ILIKE. CREATE EXTENSION needs a privilege a practitioner's role may lack (pg_trgm is a trusted
  extension: the database's owner may create it): the migration creates it when it can, and
  otherwise the filter stays correct, unindexed (`reflect org init` creates it, and `reflect
  doctor` says when the indexes are missing). In a shared database, where row-level security
  limits each role to its own rows, PostgreSQL cannot use them for a practitioner
  (limited_by_row_security says why): there the filter walks the role's own reflections, and no
  trigram index is kept, as it would only cost every save its upkeep.

The index only finds candidates: the filter still checks each one with the very condition it
checks without the index, so the results are the same whichever way they were found.
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any

from sqlalchemy import CompoundSelect, Select, column, func, literal_column, or_, select, table, text, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

FTS_TABLE = "history_text"
KEY_TABLE = "history_text_key"
SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
SQLITE_TABLES = (KEY_TABLE, FTS_TABLE, *(FTS_TABLE + suffix for suffix in SHADOW_SUFFIXES))
"""Every table the text index adds to a file: none of them is one of reflect's SQLModel tables."""

TRIGRAM = 3
"""The shortest word a trigram index can find: a shorter one is looked for row by row."""
AUTOMERGE_0011 = 16
"""FTS5's automerge as 0011 set it: how many segments of one level waited before a save merged them
(its default is 4). That kept merging off most saves but not all: with FTS5's crisismerge at its
default, also 16, a level that reached 16 was merged whole inside one save, and at a million
reflections the upper levels are large (one save in 300 waited 3.4 s). 0012 sets what follows."""
AUTOMERGE = 0
"""No merging inside a write's own transaction (0012): merge_step does it, apart."""
CRISISMERGE = 64
"""A level merged whole inside a write only when this many segments wait in it (FTS5's default is
16): a safeguard for a long stream of writes with no pause for merge_step, never reached otherwise."""
MERGE_PAGES = 32
"""About how many pages one merge_step writes: a few milliseconds, all a save that comes meanwhile
waits (measured at 20,000 reflections: 3-4 ms a step; at 50,000, median 4-5 ms, worst 12-21 ms)."""

_TEXTS = "coalesce({p}.what_happened, '') || char(10) || coalesce({p}.so_what, '') || char(10) || coalesce({p}.now_what, '') || char(10) || coalesce({p}.commitment, '') || char(10) || coalesce({p}.person_code, '')"  # noqa: E501


def _texts(prefix: str) -> str:
    return _TEXTS.format(p=prefix)


def _add_piece(reflection_id: str, part: str, body: str) -> str:
    return (
        f"INSERT INTO {KEY_TABLE} (reflection_id, part) VALUES ({reflection_id}, {part}); "
        f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (last_insert_rowid(), {body});"
    )


def _drop_piece(reflection_id: str, part: str) -> str:
    where = f"reflection_id = {reflection_id} AND part = {part}"
    return f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id FROM {KEY_TABLE} WHERE {where}); DELETE FROM {KEY_TABLE} WHERE {where};"


WHOLE = "''"
NOTE_NEW = "'n:' || new.question_key"
NOTE_OLD = "'n:' || old.question_key"
TAG_NEW = "'t:' || new.tag"
TAG_OLD = "'t:' || old.tag"
_TEXT_COLUMNS = ("what_happened", "so_what", "now_what", "commitment", "person_code")

SQLITE_CREATE = (
    f"CREATE TABLE {KEY_TABLE} (id INTEGER PRIMARY KEY, reflection_id VARCHAR(36) NOT NULL, part TEXT NOT NULL, UNIQUE (reflection_id, part))",
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(body, tokenize='trigram')",
    # FTS5 merges its segments as it is written, in the writer's transaction: merging once sixteen
    # are waiting at a level (rather than its default, four) keeps that work off most saves (at a
    # million reflections, 300 saves: p95 from 20 to 5 ms; the merges that remain show in the p99).
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('automerge', {AUTOMERGE_0011})",
    # A reflection's texts and person code: the piece named ''.
    f"CREATE TRIGGER history_text_reflection_added AFTER INSERT ON reflection BEGIN {_add_piece('new.id', WHOLE, _texts('new'))} END",
    "CREATE TRIGGER history_text_reflection_changed AFTER UPDATE ON reflection WHEN "
    + " OR ".join(f"old.{column} IS NOT new.{column}" for column in (*_TEXT_COLUMNS, "id"))
    + f" BEGIN {_drop_piece('old.id', WHOLE)} {_add_piece('new.id', WHOLE, _texts('new'))} END",
    f"CREATE TRIGGER history_text_reflection_deleted AFTER DELETE ON reflection BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id FROM {KEY_TABLE} WHERE reflection_id = old.id); "
    f"DELETE FROM {KEY_TABLE} WHERE reflection_id = old.id; END",
    # A note: the piece named 'n:' and its question (an empty note is no piece).
    f"CREATE TRIGGER history_text_note_added AFTER INSERT ON answer WHEN new.note <> '' BEGIN "
    f"{_add_piece('new.reflection_id', NOTE_NEW, 'new.note')} END",
    f"CREATE TRIGGER history_text_note_changed AFTER UPDATE ON answer WHEN old.note IS NOT new.note "
    f"OR old.question_key IS NOT new.question_key OR old.reflection_id IS NOT new.reflection_id BEGIN "
    f"{_drop_piece('old.reflection_id', NOTE_OLD)} "
    f"INSERT INTO {KEY_TABLE} (reflection_id, part) SELECT new.reflection_id, 'n:' || new.question_key WHERE new.note <> ''; "
    f"INSERT INTO {FTS_TABLE} (rowid, body) SELECT last_insert_rowid(), new.note WHERE new.note <> ''; END",
    f"CREATE TRIGGER history_text_note_deleted AFTER DELETE ON answer WHEN old.note <> '' BEGIN "
    f"{_drop_piece('old.reflection_id', NOTE_OLD)} END",
    # A tag: the piece named 't:' and the tag.
    f"CREATE TRIGGER history_text_tag_added AFTER INSERT ON reflection_tag BEGIN {_add_piece('new.reflection_id', TAG_NEW, 'new.tag')} END",
    f"CREATE TRIGGER history_text_tag_changed AFTER UPDATE ON reflection_tag WHEN old.tag IS NOT new.tag OR old.reflection_id IS NOT new.reflection_id "
    f"BEGIN {_drop_piece('old.reflection_id', TAG_OLD)} {_add_piece('new.reflection_id', TAG_NEW, 'new.tag')} END",
    f"CREATE TRIGGER history_text_tag_deleted AFTER DELETE ON reflection_tag BEGIN {_drop_piece('old.reflection_id', TAG_OLD)} END",
)
"""The statements that add the text index to a file (migration 0011_history_text_index)."""

SQLITE_FILL = (
    f"INSERT INTO {KEY_TABLE} (reflection_id, part) SELECT id, '' FROM reflection",
    f"INSERT INTO {KEY_TABLE} (reflection_id, part) SELECT reflection_id, 'n:' || question_key FROM answer WHERE note <> ''",
    f"INSERT INTO {KEY_TABLE} (reflection_id, part) SELECT reflection_id, 't:' || tag FROM reflection_tag",
    f"INSERT INTO {FTS_TABLE} (rowid, body) SELECT k.id, {_texts('r')} FROM {KEY_TABLE} k JOIN reflection r ON r.id = k.reflection_id WHERE k.part = ''",
    f"INSERT INTO {FTS_TABLE} (rowid, body) SELECT k.id, a.note FROM {KEY_TABLE} k "
    "JOIN answer a ON a.reflection_id = k.reflection_id AND k.part = 'n:' || a.question_key",
    f"INSERT INTO {FTS_TABLE} (rowid, body) SELECT k.id, t.tag FROM {KEY_TABLE} k "
    "JOIN reflection_tag t ON t.reflection_id = k.reflection_id AND k.part = 't:' || t.tag",
)
"""The statements that fill the index from the rows a file already holds."""

_FINDS_TEXT_INDEX = f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{FTS_TABLE}'"

SQLITE_MERGES_APART = (
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('automerge', {AUTOMERGE})",
    f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('crisismerge', {CRISISMERGE})",
)
"""The settings that keep FTS5's merging out of the writes (migration 0012_text_index_merges_apart)."""


def merge_step(connection: sqlite3.Connection) -> bool | None:
    """One short step of merging the text index's segments, in a write transaction of its own that
    never waits for the write lock: True if it merged something (there may be more to do), False
    if there was nothing to merge, None if a writer held the lock (nothing was done).

    `connection` is a plain sqlite3 connection in autocommit mode with secure_delete on, so that
    the pages a merge frees (deleted notes among them) are overwritten as every deleted row is.
    """
    try:
        connection.execute("PRAGMA busy_timeout = 0")  # whatever the connection's own timeout
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return None  # a writer holds the lock (a save): it goes first
    try:
        before = connection.total_changes
        # A positive number of pages: only levels with at least 'usermerge' (4) segments are merged.
        connection.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('merge', {MERGE_PAGES})")
        merged = connection.total_changes - before >= 2  # as FTS5 documents: less than 2, nothing to merge
        connection.execute("COMMIT")
    except sqlite3.Error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        return False
    return merged


def sqlite_file_has_text_index(connection: sqlite3.Connection) -> bool:
    """As sqlite_has_text_index, on a plain sqlite3 connection."""
    return connection.execute(_FINDS_TEXT_INDEX).fetchone() is not None


SQLITE_TRIGGERS = tuple(statement.split()[2] for statement in SQLITE_CREATE if statement.startswith("CREATE TRIGGER"))

POSTGRESQL_INDEXES = {
    "ix_reflection_what_happened_trgm": ("reflection", "what_happened"),
    "ix_reflection_so_what_trgm": ("reflection", "so_what"),
    "ix_reflection_now_what_trgm": ("reflection", "now_what"),
    "ix_reflection_commitment_trgm": ("reflection", "commitment"),
    "ix_reflection_person_code_trgm": ("reflection", "person_code"),
    "ix_answer_note_trgm": ("answer", "note"),
    "ix_reflection_tag_trgm": ("reflection_tag", "tag"),
}
"""The pg_trgm indexes that serve History's filter on a server, by name: table and column."""


def postgresql_trigrams_available(connection: Connection) -> bool:
    """Whether pg_trgm is installed in this database (its operator class is what the indexes need)."""
    return connection.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first() is not None


def create_postgresql_extension(connection: Connection) -> bool:
    """Install pg_trgm if this role may (in a savepoint, so that a refusal spoils nothing); whether it is there now."""
    if postgresql_trigrams_available(connection):
        return True
    if connection.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first() is None:
        return False
    savepoint = connection.begin_nested()
    try:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except Exception:  # noqa: BLE001  (a role without the privilege: the filter stays correct, unindexed)
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def create_postgresql_indexes(connection: Connection) -> None:
    """The trigram indexes History's filter uses, those not there yet (pg_trgm must be installed)."""
    for name, (on, of) in POSTGRESQL_INDEXES.items():
        connection.execute(text(f'CREATE INDEX IF NOT EXISTS {name} ON "{on}" USING gin ("{of}" gin_trgm_ops)'))


def missing_postgresql_indexes(connection: Connection) -> list[str]:
    """The trigram indexes History's filter would use that this server database lacks."""
    present = {row[0] for row in connection.execute(text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"))}
    return [name for name in POSTGRESQL_INDEXES if name not in present]


def row_security_on(connection: Connection) -> bool:
    """Whether row-level security is on for reflections (a shared database: `reflect org init`)."""
    return bool(connection.execute(text("SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass('reflection')")).scalar())


def limited_by_row_security(connection: Connection) -> bool:
    """Whether row-level security limits this role to its own rows (a shared database, `reflect org init`).

    Then no trigram index can serve its ILIKE: the policy's `owner = current_user` is checked first,
    and PostgreSQL lets a condition that is not marked leakproof (ILIKE is not) into an index scan
    only after it. Looking through every practitioner's notes in the table for candidates would read
    them all; walking the role's own reflections in History's order (an index led by the owner)
    reads its own alone, as every version before did.
    """
    limited = connection.execute(text(
        "SELECT c.relrowsecurity AND NOT (r.rolsuper OR r.rolbypassrls OR pg_has_role(current_user, c.relowner, 'USAGE')) "
        "FROM pg_class c, pg_roles r WHERE c.oid = to_regclass('reflection') AND r.rolname = current_user"
    )).scalar()  # fmt: skip
    return bool(limited)


def sqlite_can_make_text_index(connection: Connection) -> bool:
    """Whether this SQLite has FTS5 and its trigram tokenizer (SQLite 3.34 or later, built with FTS5:
    not every Python's is). Without them a file keeps no text index and the filter reads row by row."""
    try:
        connection.exec_driver_sql("CREATE VIRTUAL TABLE temp.reflect_trigram_probe USING fts5(body, tokenize='trigram')")
    except DBAPIError:
        return False
    connection.exec_driver_sql("DROP TABLE temp.reflect_trigram_probe")
    return True


def sqlite_has_text_index(connection: Connection) -> bool:
    """Whether this file has the FTS5 text index (every file at 0011 or later does, where its SQLite could make it)."""
    return connection.exec_driver_sql(_FINDS_TEXT_INDEX).first() is not None


def fts_phrase(word: str) -> str:
    """`word` as an FTS5 query for that piece of text anywhere (a phrase: its quotes doubled)."""
    return '"' + word.replace('"', '""') + '"'


def _tables() -> tuple[Any, Any]:
    key = table(KEY_TABLE, column("id"), column("reflection_id"))
    fts = table(FTS_TABLE, column("rowid"))
    return key, fts


def candidates(connection: Connection, word: str) -> Select[Any] | CompoundSelect | None:
    """The ids of the reflections whose texts, person code, notes or tags may hold `word`, found
    through the text index; None when no index can serve it (a word shorter than a trigram, or a
    server database without pg_trgm's indexes). Every reflection that holds it is among them."""
    if len(word) < TRIGRAM:
        return None
    pattern = like_pattern(word)
    if connection.dialect.name == "sqlite":
        if not sqlite_has_text_index(connection):
            return None
        key, fts = _tables()
        found = select(fts.c.rowid).where(literal_column(FTS_TABLE).op("MATCH")(fts_phrase(word)))
        return select(key.c.reflection_id).where(key.c.id.in_(found))
    if missing_postgresql_indexes(connection) or limited_by_row_security(connection):
        return None
    from reflect.store.sql import ANSWER, REFLECTION, TAG

    texts = [REFLECTION.c[column].ilike(pattern, escape="\\") for column in _TEXT_COLUMNS]
    return union_all(
        select(REFLECTION.c.id).where(or_(*texts)),
        select(ANSWER.c.reflection_id).where(ANSWER.c.note.ilike(pattern, escape="\\")),
        select(TAG.c.reflection_id).where(TAG.c.tag.like(pattern, escape="\\")),
    )


RARE_FACTOR = 50
"""How many rows History's first page holds (reflect.tui.screens.history.FIRST_PAGE), for rare_cap."""


def rare_cap(connection: Connection) -> int:
    """Below how many places a word is rare enough to find through the text index rather than by
    walking History's index, for a database this size (read cheaply: the key's highest id in a
    file, the planner's row count on a server).

    Through the index each candidate costs a look-up and a check; walking, a page of a word in a
    fraction f of the rows reads RARE_FACTOR / f rows. The two meet near sqrt(RARE_FACTOR * rows):
    measured on a file of a million reflections, a word in 1,000, 3,000, 10,000 and 30,000 of them
    took 28, 44, 134 and 325 ms through the index against 1,281, 455, 139 and 58 ms walking.
    """
    return max(int(math.sqrt(RARE_FACTOR * estimated_rows(connection))), RARE_FACTOR)


def estimated_rows(connection: Connection) -> float:
    """About how many rows the text index covers: the key's highest id in a file (pieces of text,
    two or three a reflection), the planner's count of reflections on a server; read without counting."""
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(f"SELECT max(id) FROM {KEY_TABLE}").scalar()
    else:
        rows = connection.execute(text("SELECT reltuples FROM pg_class WHERE oid = to_regclass('reflection')")).scalar()
    return max(float(rows or 0), 0.0)


COUNT_SHARE = 0.1
"""A count goes through the text index only for a word in fewer than this share of its rows (a
file's pieces of text, a server's reflections): for a commoner one, reading every candidate and
then each reflection took longer than the scan, and on a small database it competed with painting
the first rows. Measured: 20,000 reflections in a file, a word in 70% of them 171 ms against 103 ms,
in 15% 73 against 338 ms; a million, 17 s against 25 s and 4.6 s against 34 s; 200,000 on a
server, 1.8 s against 0.5 s, 0.7 against 0.5 s, and a word in none 20 ms against 0.4 s."""


def is_rare(connection: Connection, word: str, cap: int | None = None) -> bool:
    """Whether `word` is in fewer than `cap` (or rare_cap's) places: a cheap estimate, for the filter
    to choose how to find it. In a file the text index's own count, looking no further than the cap;
    on a server the planner's estimate of the candidates (counting them would read every trigram
    index once more before the page reads them again)."""
    cap = rare_cap(connection) if cap is None else cap
    if connection.dialect.name == "sqlite":
        _, fts = _tables()
        places = select(fts.c.rowid).where(literal_column(FTS_TABLE).op("MATCH")(fts_phrase(word))).limit(cap)
        return int(connection.execute(select(func.count()).select_from(places.subquery())).scalar_one()) < cap
    found = candidates(connection, word)
    assert found is not None
    compiled = found.compile(dialect=connection.dialect)
    plan: Any = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled.string}", compiled.params).scalar()
    return float(plan[0]["Plan"]["Plan Rows"]) < cap


def like_pattern(word: str) -> str:
    """`word` as a LIKE pattern for a piece of text anywhere, its own % and _ taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
