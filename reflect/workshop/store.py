"""A workshop's database: the vignette, the participants and their answers (all the SQL for it).

Standard-library sqlite3 rather than SQLModel: the file is small and of its own kind, a
participant's app must start quickly, and the trainer's live view polls it every second
with `PRAGMA data_version`, which only answers on one long-lived connection.

Many participants write to one file at once, each write a short BEGIN IMMEDIATE
transaction under a busy timeout; the journal is SQLite's rollback journal so that the
file also works from a shared folder (see _connect).

The file is marked as a workshop (PRAGMA application_id) and holds a `workshop` table and
no `reflection` table, so neither kind of file can be opened as the other.

A workshop runs in rounds: round 1 is on the workshop's own vignette, and the trainer may
start more, each on another vignette. The trainer opens and closes answering and reveals
the room's spread to participants, per round (`room_round`), from schema version 2; a file
of version 1 is upgraded when it is opened.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from reflect.model import Response

APPLICATION_ID = 0x52464C57  # "RFLW": a reflect workshop
SCHEMA_VERSION = 2
"""1: the workshop, its participants and their answers. 2: rounds, what the trainer opened and
revealed, the join link being served, and browsers' participant keys (a version-1 file is upgraded
when opened; a file of a newer version is refused)."""
BUSY_TIMEOUT_MS = 10_000
JOURNAL_MODE = "DELETE"
SQLITE_HEADER = b"SQLite format 3\x00"
MAX_NOTE = 2_000
"""Characters in a participant's note: enough for a thought, not for a case file."""

SCHEMA = """
CREATE TABLE workshop (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    vignette_id TEXT NOT NULL,
    vignette_title TEXT NOT NULL,
    vignette_setting TEXT NOT NULL,
    vignette_text TEXT NOT NULL,
    question_set_id TEXT NOT NULL,
    question_set_version INTEGER NOT NULL
);
CREATE TABLE participant (
    label TEXT PRIMARY KEY,
    joined_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE room_answer (
    participant TEXT NOT NULL REFERENCES participant(label),
    question_key TEXT NOT NULL,
    response TEXT,
    note TEXT NOT NULL DEFAULT '',
    answered_at TEXT NOT NULL,
    PRIMARY KEY (participant, question_key)
);
"""

PARTICIPANT_KEY_TABLE = """
CREATE TABLE IF NOT EXISTS participant_key (
    key_hash TEXT PRIMARY KEY,
    participant TEXT NOT NULL REFERENCES participant(label)
)
"""
"""A hash of each browser's participant key (reflect.workshop.identity), and whose it is (version 2)."""


ROUNDS_SCHEMA = """
CREATE TABLE IF NOT EXISTS room_round (
    number INTEGER PRIMARY KEY,
    vignette_id TEXT NOT NULL,
    vignette_title TEXT NOT NULL,
    vignette_setting TEXT NOT NULL,
    vignette_text TEXT NOT NULL,
    started_at TEXT NOT NULL,
    answering_open INTEGER NOT NULL DEFAULT 1,
    revealed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS round_answer (
    round INTEGER NOT NULL REFERENCES room_round(number),
    participant TEXT NOT NULL REFERENCES participant(label),
    question_key TEXT NOT NULL,
    response TEXT,
    note TEXT NOT NULL DEFAULT '',
    answered_at TEXT NOT NULL,
    PRIMARY KEY (round, participant, question_key)
);
CREATE TABLE IF NOT EXISTS round_finished (
    round INTEGER NOT NULL REFERENCES room_round(number),
    participant TEXT NOT NULL REFERENCES participant(label),
    finished_at TEXT NOT NULL,
    PRIMARY KEY (round, participant)
);
CREATE TABLE IF NOT EXISTS serving (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    link TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL
);
"""
"""Version 2. Round 1's answers stay in `room_answer`
and its finishes in `participant.finished_at`, where files made before rounds keep them;
rounds 2 and on are in `round_answer` and `round_finished`. `serving` holds the join link of
the `reflect serve` running now, for the trainer's view to show as a QR code."""


class WorkshopError(Exception):
    """A workshop file that cannot be used; the message says what to do."""


@dataclass(frozen=True)
class WorkshopInfo:
    id: str
    created_at: datetime
    vignette_id: str
    vignette_title: str
    vignette_setting: str
    vignette_text: str
    question_set_id: str
    question_set_version: int


@dataclass(frozen=True)
class RoomAnswer:
    """One participant's answer to one question (response None: only a note, or cleared)."""

    participant: str
    question_key: str
    response: Response | None
    note: str


@dataclass(frozen=True)
class Participant:
    label: str
    finished: bool


class AnsweringPaused(WorkshopError):
    """The trainer has closed answering in this round: the answer was not written."""


@dataclass(frozen=True)
class RoomRound:
    """One round of a workshop: its vignette, and what the trainer has opened or revealed."""

    number: int
    vignette_id: str
    vignette_title: str
    vignette_setting: str
    vignette_text: str
    answering_open: bool
    revealed: bool


@dataclass(frozen=True)
class Serving:
    """The `reflect serve` sharing this workshop: its join link and process."""

    link: str
    pid: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_workshop_file(path: Path) -> None:
    """Refuse, with a message, a path that is not a workshop database (standard library, no writes)."""
    try:
        if path.is_dir():
            raise WorkshopError(f"{path} is a folder, not a workshop file.")
        if not path.exists():
            raise WorkshopError(f"{path} does not exist. Create a workshop with `reflect workshop new`.")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise WorkshopError(f"Cannot read {path}: permission denied.") from None
    except OSError as error:
        raise WorkshopError(f"Cannot use {path}: {error.strerror}.") from None
    if header != SQLITE_HEADER:
        raise WorkshopError(f"{path} is not a workshop database (it is not an SQLite file). The file was left unchanged.")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise WorkshopError(f"{path} could not be read as a workshop ({error}). The file was left unchanged.") from None
    if application_id != APPLICATION_ID or "workshop" not in tables:
        if "reflection" in tables:
            raise WorkshopError(
                f"{path} is a practitioner's reflect database, not a workshop. "
                "Workshops have their own file: create one with `reflect workshop new`. The file was left unchanged."
            )
        raise WorkshopError(f"{path} is an SQLite database, but not a reflect workshop. The file was left unchanged.")
    if version > SCHEMA_VERSION:
        raise WorkshopError(f"{path} was made by a newer version of reflect. Upgrade reflect to open it.")


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # A rollback journal, not WAL: participants may open the file from a shared network
    # folder, and WAL needs every process on one computer (SQLite's own documentation).
    # Each write is one tiny transaction that waits its turn under the busy timeout.
    connection.execute(f"PRAGMA journal_mode = {JOURNAL_MODE}")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def create_workshop(path: Path, info: WorkshopInfo) -> None:
    """Create a new workshop file (0600) at `path`; an existing file is never touched."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise WorkshopError(f"{path} already exists; choose another file name (it was left unchanged).") from None
    except FileNotFoundError:
        raise WorkshopError(f"The folder {path.parent} does not exist. Create it first, or choose another path.") from None
    except PermissionError:
        raise WorkshopError(f"Cannot create {path}: permission denied. Choose a folder you can write to.") from None
    except OSError as error:
        raise WorkshopError(f"Cannot create {path}: {error.strerror}.") from None
    os.close(descriptor)
    try:
        connection = _connect(path)
        try:
            connection.execute("BEGIN IMMEDIATE")
            for statement in [*SCHEMA.split(";"), PARTICIPANT_KEY_TABLE]:
                if statement.strip():
                    connection.execute(statement)
            connection.execute(
                "INSERT INTO workshop VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    info.id, info.created_at.isoformat(timespec="seconds"), info.vignette_id, info.vignette_title,
                    info.vignette_setting, info.vignette_text, info.question_set_id, info.question_set_version,
                ),
            )
            _create_rounds(connection, info)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        finally:
            connection.close()
    except sqlite3.Error as error:
        path.unlink(missing_ok=True)
        raise WorkshopError(f"Could not create the workshop at {path}: {error}.") from None


def _create_rounds(connection: sqlite3.Connection, info: WorkshopInfo) -> None:
    """The round tables, and round 1 on the workshop's vignette (inside the caller's transaction)."""
    for statement in ROUNDS_SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute(
        "INSERT OR IGNORE INTO room_round (number, vignette_id, vignette_title, vignette_setting, vignette_text, started_at) "
        "VALUES (1, ?, ?, ?, ?, ?)",
        (info.vignette_id, info.vignette_title, info.vignette_setting, info.vignette_text, info.created_at.isoformat(timespec="seconds")),
    )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


class WorkshopStore:
    """One connection to a workshop file, for a participant's app or the trainer's view."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self.path = path
        self.info = self._read_info()
        self._upgrade()

    def _upgrade(self) -> None:
        """Bring a file of an older schema version up to this one (a read, and a write only then)."""
        connection = self._connection
        if connection.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                # Read again inside the transaction: another participant may have upgraded it meanwhile.
                if connection.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                    _create_rounds(connection, self.info)
                    connection.execute(PARTICIPANT_KEY_TABLE)
                    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            raise WorkshopError(f"Could not bring the workshop at {self.path} up to this version of reflect ({error}).") from None

    @classmethod
    def open(cls, path: Path) -> WorkshopStore:
        check_workshop_file(path)
        try:
            return cls(_connect(path), path)
        except sqlite3.Error as error:
            raise WorkshopError(f"Could not open the workshop at {path}: {error}.") from None

    def close(self) -> None:
        self._connection.close()

    def _read_info(self) -> WorkshopInfo:
        row = self._connection.execute(
            "SELECT id, created_at, vignette_id, vignette_title, vignette_setting, vignette_text, "
            "question_set_id, question_set_version FROM workshop"
        ).fetchone()
        if row is None:
            raise WorkshopError(f"{self.path} holds no workshop. Create one with `reflect workshop new`.")
        return WorkshopInfo(row[0], datetime.fromisoformat(row[1]), *row[2:])

    def _write(self, sql: str, parameters: tuple[object, ...]) -> int:
        """Run one write in its own short transaction; the rows it changed."""
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                changed = self._connection.execute(sql, parameters).rowcount
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            raise WorkshopError(f"Could not save to the workshop ({error}); try again in a moment.") from None
        return changed

    def join(self, label: str | None = None, *, key: str | None = None) -> str:
        """A new anonymous participant, such as "Participant 7F3A" (tests may choose the label);
        or, given a browser's participant `key` that has joined before, that same participant."""
        from reflect.workshop.identity import key_hash

        hashed = key_hash(self.info.id, key) if key is not None else None
        for _ in range(100):
            label = label or f"Participant {secrets.token_hex(2).upper()}"
            try:
                resumed = self._join_once(label, hashed)
            except sqlite3.IntegrityError:
                label = None  # that label is taken: draw another
                continue
            return resumed or label
        raise WorkshopError("The workshop has no participant labels left to give out.")

    def _join_once(self, label: str, hashed: str | None) -> str | None:
        """Add `label` (and its key's hash) in one transaction; or the label already holding that key."""
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                if hashed is not None:
                    row = connection.execute("SELECT participant FROM participant_key WHERE key_hash = ?", (hashed,)).fetchone()
                    if row is not None:
                        connection.execute("COMMIT")
                        return str(row[0])
                connection.execute("INSERT INTO participant (label, joined_at) VALUES (?, ?)", (label, _now()))
                if hashed is not None:
                    connection.execute("INSERT INTO participant_key (key_hash, participant) VALUES (?, ?)", (hashed, label))
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            raise WorkshopError(f"Could not save to the workshop ({error}); try again in a moment.") from None
        return None

    def answer(self, participant: str, question_key: str, response: Response | None, note: str, *, round_number: int = 1) -> None:
        """Record (or replace) a participant's answer and note to one question of a round.

        Raises AnsweringPaused, and writes nothing, while the trainer has answering closed: the
        check is in the same statement as the write, so no answer slips in after closing.
        """
        table, key = ("room_answer", "") if round_number == 1 else ("round_answer", "round, ")
        written = self._write(
            f"INSERT INTO {table} ({key}participant, question_key, response, note, answered_at) "
            f"SELECT {'?, ' if key else ''}?, ?, ?, ?, ? WHERE (SELECT answering_open FROM room_round WHERE number = ?) "
            f"ON CONFLICT ({key}participant, question_key) DO UPDATE SET "
            "response = excluded.response, note = excluded.note, answered_at = excluded.answered_at",
            (
                *((round_number,) if key else ()),
                participant, question_key, response.value if response else None, note[:MAX_NOTE], _now(), round_number,
            ),
        )
        if not written:
            raise AnsweringPaused("The trainer has paused answering for a moment.")

    def finish(self, participant: str, *, round_number: int = 1) -> None:
        if round_number == 1:
            self._write("UPDATE participant SET finished_at = ? WHERE label = ?", (_now(), participant))
        else:
            self._write(
                "INSERT OR IGNORE INTO round_finished (round, participant, finished_at) VALUES (?, ?, ?)",
                (round_number, participant, _now()),
            )

    def answers(self, round_number: int = 1) -> list[RoomAnswer]:
        if round_number == 1:
            rows = self._connection.execute(
                "SELECT participant, question_key, response, note FROM room_answer ORDER BY answered_at, participant"
            ).fetchall()
        else:
            rows = self._connection.execute(
                "SELECT participant, question_key, response, note FROM round_answer WHERE round = ? "
                "ORDER BY answered_at, participant",
                (round_number,),
            ).fetchall()
        return [RoomAnswer(row[0], row[1], Response(row[2]) if row[2] else None, row[3]) for row in rows]

    def answers_of(self, participant: str, round_number: int = 1) -> list[RoomAnswer]:
        """One participant's answers in a round, to resume where they were."""
        if round_number == 1:
            rows = self._connection.execute(
                "SELECT participant, question_key, response, note FROM room_answer WHERE participant = ?", (participant,)
            ).fetchall()
        else:
            rows = self._connection.execute(
                "SELECT participant, question_key, response, note FROM round_answer WHERE round = ? AND participant = ?",
                (round_number, participant),
            ).fetchall()
        return [RoomAnswer(row[0], row[1], Response(row[2]) if row[2] else None, row[3]) for row in rows]

    def participants(self, round_number: int = 1) -> list[Participant]:
        """Everyone who joined the workshop, and whether they finished this round."""
        if round_number == 1:
            rows = self._connection.execute(
                "SELECT label, finished_at IS NOT NULL FROM participant ORDER BY joined_at, label"
            ).fetchall()
        else:
            rows = self._connection.execute(
                "SELECT label, EXISTS (SELECT 1 FROM round_finished WHERE round = ? AND participant = label) "
                "FROM participant ORDER BY joined_at, label",
                (round_number,),
            ).fetchall()
        return [Participant(row[0], bool(row[1])) for row in rows]

    def rounds(self) -> list[RoomRound]:
        rows = self._connection.execute(
            "SELECT number, vignette_id, vignette_title, vignette_setting, vignette_text, answering_open, revealed "
            "FROM room_round ORDER BY number"
        ).fetchall()
        return [RoomRound(row[0], row[1], row[2], row[3], row[4], answering_open=bool(row[5]), revealed=bool(row[6])) for row in rows]

    def round_info(self, room_round: RoomRound) -> WorkshopInfo:
        """The workshop's details with that round's vignette in place of the first one's."""
        return replace(
            self.info,
            vignette_id=room_round.vignette_id,
            vignette_title=room_round.vignette_title,
            vignette_setting=room_round.vignette_setting,
            vignette_text=room_round.vignette_text,
        )

    def current_round(self) -> RoomRound:
        """The round the room is on: the latest one started."""
        return self.rounds()[-1]

    def set_answering(self, answering_open: bool) -> None:
        """Open or close answering in the current round."""
        self._write(
            "UPDATE room_round SET answering_open = ? WHERE number = (SELECT MAX(number) FROM room_round)",
            (int(answering_open),),
        )

    def set_revealed(self, revealed: bool) -> None:
        """Show (or hide again) the current round's spread to participants."""
        self._write(
            "UPDATE room_round SET revealed = ? WHERE number = (SELECT MAX(number) FROM room_round)",
            (int(revealed),),
        )

    def start_round(self, vignette_id: str, title: str, setting: str, text: str) -> RoomRound:
        """A new round on another vignette, open for answers. The round before is closed in the same
        transaction, so its answers, kept as they are, take no late arrivals."""
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                self._connection.execute("UPDATE room_round SET answering_open = 0")
                self._connection.execute(
                    "INSERT INTO room_round (number, vignette_id, vignette_title, vignette_setting, vignette_text, started_at) "
                    "SELECT MAX(number) + 1, ?, ?, ?, ?, ? FROM room_round",
                    (vignette_id, title, setting, text, _now()),
                )
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")
        except sqlite3.OperationalError as error:
            raise WorkshopError(f"Could not start the round ({error}); try again in a moment.") from None
        return self.current_round()

    def record_serving(self, link: str, pid: int) -> None:
        """Say which join link a running `reflect serve` shares (one at a time: the newest wins)."""
        self._write("INSERT OR REPLACE INTO serving (id, link, pid, started_at) VALUES (1, ?, ?, ?)", (link, pid, _now()))

    def clear_serving(self, pid: int) -> None:
        self._write("DELETE FROM serving WHERE pid = ?", (pid,))

    def serving(self) -> Serving | None:
        """The join link shared now, or None (also when its server has gone without saying so)."""
        row = self._connection.execute("SELECT link, pid FROM serving").fetchone()
        if row is None or not _pid_alive(row[1]):
            return None
        return Serving(row[0], row[1])

    def data_version(self) -> int:
        """Changes whenever another connection has committed to the file: a cheap "anything new?"."""
        version: int = self._connection.execute("PRAGMA data_version").fetchone()[0]  # sqlite3 rows are untyped
        return version
