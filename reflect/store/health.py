"""`reflect doctor` and `reflect erase`: what the database's files are, and how healthy (standard library only)."""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reflect.recovery import recovery_files
from reflect.server_url import Location, ServerURL
from reflect.store.backup import backups_folder, backups_of, partial_backups
from reflect.store.errors import StoreError
from reflect.store.files import read_only_uri
from reflect.store.schema import HEAD_REVISION, current_revision

SIDE_FILES = ("-wal", "-shm", "-journal")
"""Files SQLite keeps beside a database: they hold its latest writes, so they belong to it."""


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report: what was looked at, whether it is fine, and what to do if not."""

    name: str
    ok: bool
    detail: str
    advice: str = ""


def database_files(db_path: Path) -> list[Path]:
    """The database and the files SQLite keeps beside it, those that exist."""
    return [path for path in (db_path, *(db_path.with_name(db_path.name + suffix) for suffix in SIDE_FILES)) if path.exists()]


def everything_of(db_path: Path) -> list[Path]:
    """Every file of the user's data for this database: what `reflect erase` removes."""
    return [*database_files(db_path), *backups_of(db_path), *partial_backups(db_path), *recovery_files(db_path)]


def removing(paths: list[Path]) -> str:
    """The command that removes `paths`, for advice."""
    return "rm " + " ".join(f"'{path}'" for path in paths)


def size_phrase(size: int) -> str:
    """A file size as people read it: "812 bytes", "3.4 MB"."""
    amount: float = size
    for unit in ("bytes", "KB", "MB", "GB"):
        if amount < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{amount:,.1f} {unit}"
        amount /= 1024
    raise AssertionError("unreachable")


def _loose(path: Path, allowed: int) -> int | None:
    """The permission bits beyond `allowed` (0600 for a file, 0700 for a folder), or None."""
    mode = stat.S_IMODE(path.stat().st_mode)
    return mode if mode & ~allowed else None


def _read_only(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(db_path), uri=True, timeout=10)  # read-only media included


def examine_server(url: ServerURL) -> list[Check]:
    """The doctor's checks of a database on a PostgreSQL server: no files to look at, so the server,
    the schema, TLS and what it holds (its backups are the server's own)."""
    from reflect.store.server import server_facts

    checks = [Check("Database", True, f"{url} (a PostgreSQL server)")]
    try:
        facts = server_facts(url)
        revision = current_revision(url)
    except StoreError as error:
        return [Check("Database", False, str(url), str(error))]
    checks.append(Check("Server", True, f"PostgreSQL {facts['version']}, connected as role {facts['role']}"))
    if revision is None:
        checks.append(Check("Schema", True, "no reflect tables yet: they are created when you first save a reflection"))
    elif revision == HEAD_REVISION:
        checks.append(Check("Schema", True, f"{revision} (current)"))
    elif facts["security"] is not None and not facts["security"]["may_upgrade"]:
        checks.append(Check(
            "Schema", False, f"{revision}, earlier than this version of reflect's ({HEAD_REVISION}), and your role may not upgrade it",
            "Ask your administrator to run `reflect org init` on this database with this version of reflect.",
        ))  # fmt: skip
    else:
        checks.append(Check("Schema", True, f"{revision}: upgraded to {HEAD_REVISION} the next time reflect opens it (one transaction)"))
    if facts["security"] is not None:
        checks.extend(_row_security(facts["role"], facts["security"]))
    in_use, tls_version = facts["tls"]
    if in_use:
        checks.append(Check("TLS", True, f"in use ({tls_version})"))
    elif facts["local"]:
        checks.append(Check("TLS", True, "not in use: the server is on this computer"))
    else:
        checks.append(Check(
            "TLS", False, "not in use: what you write crosses the network unencrypted",
            "Remove sslmode=disable (or PGSSLMODE) so that reflect requires TLS, and ask your administrator to enable it on the server.",
        ))  # fmt: skip
    if facts["counts"] is not None:
        complete, drafts = facts["counts"]
        checks.append(Check("Held", True, f"{complete:,} reflection{'' if complete == 1 else 's'} and {drafts:,} draft{'' if drafts == 1 else 's'}"))
    if revision == HEAD_REVISION:
        checks.extend(_figures(url, check_folder=False))
        checks.extend(_text_index(url))
    checks.append(Check("Backups", True, "kept by the server (pg_dump or replication), not by reflect: ask your administrator"))
    return checks


def _row_security(role: str, security: dict[str, Any]) -> list[Check]:
    """Whether each role reaches only its own rows (reflect.store.row_security), and what this role may do."""
    unsecured: list[str] = security["unsecured"]
    if not unsecured:
        rows = Check("Row-level security", True, "on for every table that holds personal data: each practitioner's role reaches only its own rows")
    elif not security["secured"]:
        # A database one person uses needs none; an organisation's is secured by `reflect org init`.
        rows = Check("Row-level security", True, "off: right for a database only you use (an organisation's administrator turns it on with `reflect org init`)")
    else:
        rows = Check(
            "Row-level security", False, f"off for {', '.join(unsecured)}: any role given these tables reads every row in them",
            "Ask your administrator to run `reflect org init` on this database with this version of reflect.",
        )  # fmt: skip
    may = ", ".join(security["privileges"]) or "nothing"
    if security["passes_by"]:
        what = f"{role} owns the tables (or is a superuser): it may {may} every row in them, whoever wrote it, and may upgrade the schema"
    else:
        upgrade = "may upgrade the schema" if security["may_upgrade"] else "may not upgrade the schema (the administrator's `reflect org init` does)"
        what = f"{role} may {may} its own rows, and {upgrade}"
    return [rows, Check("Your role", True, what)]


def examine(db_path: Location, *, check_folder: bool) -> list[Check]:
    """The doctor's checks, in the order they are reported. `check_folder`: the folder is reflect's own."""
    if isinstance(db_path, ServerURL):
        return examine_server(db_path)
    if db_path.is_symlink() and not db_path.exists():
        target = Path(os.readlink(db_path))
        return [Check(
            "Database", False, f"{db_path} is a link to {target}, which is not there",
            "If the database was moved, point the link at it again (or give its new place with --db); "
            "reflect would otherwise start a new, empty database there.",
        )]  # fmt: skip
    checks = [Check("Database", True, str(db_path))]
    if not db_path.exists():
        checks.append(Check("Schema", True, "no database yet: it is created when you first save a reflection"))
        return checks + _permissions(db_path, check_folder) + _backups(db_path)
    try:
        revision = current_revision(db_path)
    except StoreError as error:
        checks.append(Check("Schema", False, "cannot be read", str(error)))
        return checks + _permissions(db_path, check_folder)
    if revision is None or revision == HEAD_REVISION:
        checks.append(Check("Schema", True, f"{revision or HEAD_REVISION} (current)"))
    else:
        checks.append(Check("Schema", True, f"{revision}: upgraded to {HEAD_REVISION} the next time reflect opens it, after a backup"))
    checks.append(_integrity(db_path))
    if revision is None or revision == HEAD_REVISION:
        checks.extend(_figures(db_path, check_folder))
    if revision == HEAD_REVISION:
        checks.extend(_text_index(db_path))
    checks.extend(_permissions(db_path, check_folder))
    size = sum(path.stat().st_size for path in database_files(db_path))
    checks.append(Check("Size", True, size_phrase(size) + _counts(db_path)))
    checks.extend(_backups(db_path))
    if recovered := recovery_files(db_path):
        checks.append(Check(
            "Unsaved reflections", False, f"{len(recovered)} kept in recovery files beside the database",
            "Open reflect: once it can save again it puts them back as drafts for you to resume. "
            f"To throw them away instead: {removing(recovered)}",
        ))  # fmt: skip
    return checks


def _unfinished_backups(db_path: Path) -> list[Check]:
    if not (partial := partial_backups(db_path)):
        return []
    return [Check(
        "Unfinished backups", False,
        f"{len(partial)} file{'' if len(partial) == 1 else 's'} left by a backup that was stopped part-way, "
        "each perhaps a near-complete copy of your notes",
        f"They are not backups and cannot be restored from. Remove them: {removing(partial)}",
    )]  # fmt: skip


def _integrity(db_path: Path) -> Check:
    restore = (
        f"Close reflect, move {db_path.name} aside, and copy your newest backup (in {backups_folder(db_path)}) "
        "in its place; keep the damaged file in case it can be recovered."
    )
    try:
        connection = _read_only(db_path)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
        finally:
            connection.close()
    except sqlite3.Error as error:
        return Check("Integrity", False, f"could not be checked ({error})", restore)
    if problems == ["ok"]:
        return Check("Integrity", True, "ok")
    return Check("Integrity", False, "damaged: " + "; ".join(problems), restore)


ROLLUP_SPANS = ("day", "week", "month")
ROLLUP_SLOTS = 12
"""The slots of the answer code the rollup has columns for (reflect.store.tables.ROLLUP_SLOTS)."""
CODE_LETTERS = "ypnx"
"""The answer code's letters (reflect.store.derived), in the order of the rollup's columns."""


def _figures(db_path: Location, check_folder: bool) -> list[Check]:
    """Whether the answer rollup (reflect.store.rollup) adds up to what the reflections hold.

    Compared: the number of completed reflections, and how many Yes, Partly, No and Not
    applicable answers they hold in all, against the rollup's totals of each, for its days, its
    weeks and its months. One pass over the answer codes: cheap beside the figures themselves.
    The same SQL on both engines (only the parameter mark differs).
    """
    code = f"substr(responses, 1, {ROLLUP_SLOTS})"
    letters = ", ".join(f"coalesce(sum(length({code}) - length(replace({code}, '{letter}', ''))), 0)" for letter in CODE_LETTERS)
    answers = ", ".join(
        "coalesce(sum(" + " + ".join(f"{letter}{slot}" for slot in range(1, ROLLUP_SLOTS + 1)) + "), 0)" for letter in CODE_LETTERS
    )
    try:
        connection, mark, failure = _plain_connection(db_path)
    except StoreError:
        return []  # the other checks say what is wrong with the database
    try:
        try:
            if "answer_rollup" not in _tables(connection, db_path):
                return []
            # One snapshot for both sides: a save in an open window between them is no disagreement.
            connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ" if isinstance(db_path, ServerURL) else "BEGIN")
            rows = tuple(connection.execute(f"SELECT count(*), {letters} FROM reflection WHERE NOT is_draft").fetchone())
            kept = {
                span: tuple(connection.execute(
                    f"SELECT coalesce(sum(reflections), 0), {answers} FROM answer_rollup WHERE span = {mark}", (span,)
                ).fetchone())
                for span in ROLLUP_SPANS
            }  # fmt: skip
        finally:
            connection.close()
    except failure:
        return []  # the integrity check says what is wrong with the file
    if all(totals == rows for totals in kept.values()):
        return [Check("Figures", True, "the sums kept for Patterns and `reflect stats` agree with your reflections")]
    command = "reflect doctor --rebuild-figures" + ("" if check_folder else f" --db '{db_path}'")
    return [Check(
        "Figures", False, "the sums kept for Patterns and `reflect stats` no longer agree with your reflections, so some figures may be wrong",
        f"Run `{command}` to work them out again from your reflections (nothing you wrote changes).",
    )]  # fmt: skip


def _text_index(db_path: Location) -> list[Check]:
    """Whether History's filter finds a rare word through its text index (reflect.store.text_index)."""
    from reflect.store.text_index import FTS_TABLE, KEY_TABLE, POSTGRESQL_INDEXES, SQLITE_TRIGGERS

    try:
        connection, _, failure = _plain_connection(db_path)
    except StoreError:
        return []
    try:
        try:
            if isinstance(db_path, ServerURL):
                extension = connection.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone() is not None
                held = {row[0] for row in connection.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()").fetchall()}
                # Shared (reflect org init) whoever asks: its administrator, whom the policies pass
                # by, is told the same as its practitioners, not to add what org init drops.
                secured = connection.execute("SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass('reflection')").fetchone()
                shared = bool(secured and secured[0])
                whole = shared or (extension and set(POSTGRESQL_INDEXES) <= held)
            else:
                names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')").fetchall()}
                whole, shared = {FTS_TABLE, KEY_TABLE} <= names and set(SQLITE_TRIGGERS) <= names, False
        finally:
            connection.close()
    except failure:
        return []  # the other checks say what is wrong with the database
    if whole and shared:
        return [Check(
            "Text index", True, "History's filter looks for a word among each practitioner's own reflections: in a shared "
            "database row-level security keeps PostgreSQL from using a trigram index for a practitioner's role",
        )]  # fmt: skip
    if whole:
        return [Check("Text index", True, "History's filter finds a word in your texts and notes through a trigram index")]
    if isinstance(db_path, ServerURL):
        return [Check(
            "Text index", False, "pg_trgm or its indexes are missing: History's filter reads every note to find a word (right, but slow with many reflections)",
            "Ask the server's administrator to install pg_trgm in this database (`CREATE EXTENSION pg_trgm`, from PostgreSQL's "
            "contrib package) and create reflect's trigram indexes: README.md, \"History's filter\", lists the statements.",
        )]  # fmt: skip
    return [Check(
        "Text index", False, "the file's text index has been removed: History's filter reads every note to find a word (right, but slow with many reflections)",
        "Export your reflections (`reflect export`) and import them into a new database file, which has the index.",
    )]  # fmt: skip


def _plain_connection(db: Location) -> tuple[Any, str, type[Exception]]:
    """A driver connection that only reads, its parameter mark, and the error it raises."""
    if isinstance(db, ServerURL):
        import psycopg

        from reflect.store.server import connect

        return connect(db), "%s", psycopg.Error
    return _read_only(db), "?", sqlite3.Error


def _tables(connection: Any, db: Location) -> set[str]:
    if isinstance(db, ServerURL):
        query = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return {row[0] for row in connection.execute(query).fetchall()}


def is_team_database(db_path: Location) -> bool:
    """Whether the database holds a team's supervision bundles (reflect.settings.DATABASE_ROLE)."""
    try:
        connection, mark, failure = _plain_connection(db_path)
    except StoreError:
        return False
    try:
        try:
            if "store_setting" not in _tables(connection, db_path):
                return False
            row = connection.execute(f"SELECT value FROM store_setting WHERE key = {mark}", ("database_role",)).fetchone()
        finally:
            connection.close()
    except failure:
        return False
    return row is not None and row[0] == "team"


def _counts(db_path: Path) -> str:
    try:
        connection = _read_only(db_path)
        try:
            complete, drafts = connection.execute(
                "SELECT count(*) FILTER (WHERE NOT is_draft), count(*) FILTER (WHERE is_draft) FROM reflection"
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return ""
    return f", {complete:,} reflection{'' if complete == 1 else 's'} and {drafts:,} draft{'' if drafts == 1 else 's'}"


def _permissions(db_path: Path, check_folder: bool) -> list[Check]:
    too_open: list[tuple[Path, int, str]] = []
    for path in everything_of(db_path):
        if (mode := _loose(path, 0o600)) is not None:
            too_open.append((path, mode, "600"))
    folders = [backups_folder(db_path)] + ([db_path.parent] if check_folder else [])
    for folder in folders:
        if folder.is_dir() and (mode := _loose(folder, 0o700)) is not None:
            too_open.append((folder, mode, "700"))
    if not too_open:
        if check_folder or not db_path.parent.is_dir():
            return [Check("Permissions", True, "only you can read and write your data (files 0600, folders 0700)")]
        # A folder named with --db is the user's to choose (their home, a shared drive): say what it is.
        folder_mode = stat.S_IMODE(db_path.parent.stat().st_mode)
        return [Check("Permissions", True, f"only you can read and write your data (files 0600); its folder {db_path.parent} is {folder_mode:04o}")]
    detail = "; ".join(f"{path} is {mode:04o}" for path, mode, _ in too_open)
    advice = "Other users of this computer may be able to read it. Run: " + "; ".join(
        f"chmod {wanted} '{path}'" for path, _, wanted in too_open
    )
    return [Check("Permissions", False, detail, advice)]


def _backups(db_path: Path) -> list[Check]:
    backups = backups_of(db_path)
    if not backups:
        return [
            Check("Backups", True, "none yet", "Run `reflect backup` now and then, and keep a copy somewhere safe."),
            *_unfinished_backups(db_path),
        ]
    newest = backups[-1]
    taken = datetime.fromtimestamp(newest.stat().st_mtime)
    return [
        Check("Backups", True, f"{len(backups)} in {backups_folder(db_path)}, the newest {taken:%d %b %Y %H:%M} ({newest.name})"),
        *_unfinished_backups(db_path),
    ]
