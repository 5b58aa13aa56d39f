"""The functions the rest of reflect calls to read and write reflections. All SQL lives here."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, Integer, String, cast, delete, func, insert, literal, select, union_all
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session

from reflect.model import Answer, Note, Practitioner, Reflection, Response, Selection
from reflect.store.derived import CODE_LETTERS, decode_responses, encode_responses, local_day, refresh_derived, stored_slots
from reflect.store.engine import WRITE, make_engine
from reflect.store.files import prepare_file
from reflect.store.errors import StoreError
from reflect.store.schema import HEAD_REVISION, current_revision
from reflect.store.tables import AnswerRow, CommitmentQuestionRow, PractitionerRow, ReflectionRow, StoreSettingRow, TagRow


P = ParamSpec("P")
R = TypeVar("R")
REFLECTION = ReflectionRow.__table__
ANSWER = AnswerRow.__table__
TAG = TagRow.__table__
COMMITMENT_QUESTION = CommitmentQuestionRow.__table__
PRACTITIONER = PractitionerRow.__table__
SETTING = StoreSettingRow.__table__
RESPONSES = {response.value: response for response in Response}
ROLE_SETTING = "database_role"
TEAM_ROLE = "team"
"""A team database says so in store_setting; a practitioner's own database has no role set."""
IN_CHUNK = 500
"""Ids per `IN (...)` list, well inside SQLite's limit on parameters."""


@dataclass(frozen=True)
class ImportCounts:
    """What importing reflections did: added (new ids), updated (a newer edit), unchanged."""

    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class TeamBundle:
    """A practitioner's supervision bundle, ready to be stored in a team database."""

    practitioner: Practitioner
    reflections: list[Reflection]


class BundleConflict(StoreError):
    """A bundle holds reflections that the team database already has under another practitioner."""

    def __init__(self, practitioner: Practitioner, other_name: str, count: int) -> None:
        super().__init__(f"{count} of its reflections are already in the team database, in {other_name}'s bundle")
        self.practitioner = practitioner
        self.other_name = other_name
        self.count = count


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), IN_CHUNK):
        yield items[start : start + IN_CHUNK]


def _read_setting(connection: Connection, key: str) -> str | None:
    return connection.execute(select(SETTING.c.value).where(SETTING.c.key == key)).scalar_one_or_none()


def _write_setting(connection: Connection, key: str, value: str) -> None:
    upsert = sqlite_insert(SETTING).values(key=key, value=value)
    connection.execute(upsert.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def _existing_tables(connection: Connection) -> set[str]:
    return set(connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars())


NOTE_TEXTS = ("what_happened", "so_what", "now_what", "commitment")
"""A reflection's own free texts, as `Note.source` names them."""
GRAINS = ("day", "week", "month", "quarter", "year")


def _period_start(grain: str) -> Any:
    """SQL for the first local day (YYYY-MM-DD) of the day, week (from Monday), month, quarter
    or year that each reflection happened in."""
    day = REFLECTION.c.occurred_day
    if grain == "day":
        return day
    if grain == "week":
        return func.date(day, "-6 days", "weekday 1", type_=String)
    if grain == "month":
        return func.substr(day, 1, 8, type_=String) + "01"
    if grain == "quarter":
        month = cast(func.substr(day, 6, 2), Integer)
        return func.substr(day, 1, 5, type_=String) + func.printf("%02d-01", (month - 1) // 3 * 3 + 1, type_=String)
    if grain == "year":
        return func.substr(day, 1, 5, type_=String) + "01-01"
    raise ValueError(f"unknown grain {grain!r}; use one of {', '.join(GRAINS)}")


def _selected(selection: Selection, *, drafts: bool = False) -> list[Any]:
    """The conditions for the reflections in `selection`: completed ones only, unless `drafts`."""
    conditions: list[Any] = [] if drafts else [REFLECTION.c.is_draft.is_(False)]
    if selection.start is not None:
        conditions.append(REFLECTION.c.occurred_at >= selection.start)
    if selection.end is not None:
        conditions.append(REFLECTION.c.occurred_at < selection.end)
    if selection.kind is not None:
        conditions.append(REFLECTION.c.kind == selection.kind)
    if selection.tag is not None:
        conditions.append(
            select(TAG.c.reflection_id)
            .where(TAG.c.reflection_id == REFLECTION.c.id, TAG.c.tag == selection.tag)
            .exists()
        )
    if selection.practitioner is not None:
        conditions.append(REFLECTION.c.practitioner_id == selection.practitioner)
    return conditions


Rows = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]


def _row_values(reflection: Reflection, slots: tuple[str, ...], practitioner_id: str | None = None) -> Rows:
    """The reflection, answer, tag and commitment-link rows that store `reflection`."""
    offset_minutes = _offset_minutes(reflection.occurred_at)
    reflection_row = {
        "id": reflection.uuid,
        "question_set_id": reflection.question_set_id,
        "question_set_version": reflection.question_set_version,
        "occurred_at": reflection.occurred_at,
        "occurred_offset_minutes": offset_minutes,
        "created_at": reflection.created_at,
        "updated_at": reflection.updated_at,
        "kind": reflection.kind or None,
        "person_code": reflection.person_code or None,
        "duration_minutes": reflection.duration_minutes,
        "what_happened": reflection.what_happened,
        "so_what": reflection.so_what,
        "now_what": reflection.now_what,
        "commitment": reflection.commitment,
        "is_draft": reflection.is_draft,
        "flagged": reflection.flagged,
        "responses": encode_responses(reflection.answers, slots),
        "occurred_day": local_day(reflection.occurred_at, offset_minutes),
        "practitioner_id": practitioner_id,
    }
    answer_rows = [
        {
            "reflection_id": reflection.uuid,
            "question_key": key,
            "response": answer.response.value if answer.response else None,
            "note": answer.note,
            "flagged": answer.flagged and bool(answer.note.strip()),
        }
        for key, answer in reflection.answers.items()
        if not answer.is_empty
    ]
    tag_rows = [{"reflection_id": reflection.uuid, "tag": tag} for tag in reflection.tags]
    link_rows = [{"reflection_id": reflection.uuid, "question_key": key} for key in dict.fromkeys(reflection.commitment_questions)]
    return reflection_row, answer_rows, tag_rows, link_rows


def _write(
    connection: Connection, reflections: list[Reflection], slots: tuple[str, ...], practitioner_id: str | None = None
) -> int:
    """Upsert the reflection rows and replace their answers, tags and commitment links."""
    if not reflections:
        return 0
    latest = {reflection.uuid: reflection for reflection in reflections}  # the same id twice: the last wins
    rows = [_row_values(reflection, slots, practitioner_id) for reflection in latest.values()]
    ids = [row[0]["id"] for row in rows]
    upsert = sqlite_insert(REFLECTION)
    updated_columns = {column.name: upsert.excluded[column.name] for column in REFLECTION.columns if column.name != "id"}
    connection.execute(upsert.on_conflict_do_update(index_elements=["id"], set_=updated_columns), [row[0] for row in rows])
    connection.execute(delete(ANSWER).where(ANSWER.c.reflection_id.in_(ids)))
    connection.execute(delete(TAG).where(TAG.c.reflection_id.in_(ids)))
    connection.execute(delete(COMMITMENT_QUESTION).where(COMMITMENT_QUESTION.c.reflection_id.in_(ids)))
    for table, index in ((ANSWER, 1), (TAG, 2), (COMMITMENT_QUESTION, 3)):
        children = [child for row in rows for child in row[index]]
        if children:
            connection.execute(insert(table), children)
    return len(rows)


def _practitioner(row: Any, reflections: int) -> Practitioner:
    return Practitioner(
        id=row.id,
        display_name=row.display_name,
        bundle_id=row.bundle_id,
        bundle_created_at=row.bundle_created_at,
        period_start=row.period_start,
        period_end=row.period_end,
        includes_notes=row.includes_notes,
        reflections=reflections,
        flagged_reflections=row.flagged_reflections,
        flagged_notes=row.flagged_notes,
        imported_at=row.imported_at,
    )


def _in_slot_order(keys: list[str], slots: tuple[str, ...]) -> list[str]:
    """Question keys in question order (any the questions no longer have, last)."""
    position = {key: index for index, key in enumerate(slots)}
    return sorted(keys, key=lambda key: (position.get(key, len(position)), key))


def _in_offset(moment: datetime, offset_minutes: int) -> datetime:
    return moment.astimezone(timezone(timedelta(minutes=offset_minutes)))


def _offset_minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


@dataclass(frozen=True)
class WeekSummary:
    reflections: int
    yes_by_question: dict[str, int]
    """How many times each question was answered Yes (questions with none are left out)."""

    def strongest(self, question_order: list[str]) -> tuple[str, int] | None:
        """The question answered Yes most often, ties going to the earlier question; None if none."""
        if not self.yes_by_question:
            return None
        position = {key: index for index, key in enumerate(question_order)}
        key = min(self.yes_by_question, key=lambda k: (-self.yes_by_question[k], position.get(k, len(position)), k))
        return key, self.yes_by_question[key]


PLAIN_REASONS = {
    "database or disk is full": "the disk is full. Free some space",
    "attempt to write a readonly database": "the file is read-only. Check its permissions (reflect doctor says how)",
    "database is locked": "another program kept it busy for too long. Close other reflect windows",
    "disk I/O error": "the disk reported an error. Check the disk, and run reflect doctor",
    "database disk image is malformed": "the file is damaged. Run reflect doctor to see how to restore a backup",
}
"""SQLite's messages, and what they mean for the practitioner."""


def _explained(path: Path, reason: str) -> str:
    for message, plain in PLAIN_REASONS.items():
        if message in reason:
            return f"Could not save to {path}: {plain}, then try again. Nothing was changed in the database."
    return f"Could not use {path}: {reason}"


def _reporting_errors(method: Callable[P, R]) -> Callable[P, R]:
    """Turn a database failure (locked, disk full, unreadable) or text SQLite cannot take into a StoreError."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except SQLAlchemyError as error:
            store = args[0]
            raise StoreError(_explained(store.path, str(getattr(error, "orig", error)))) from None  # type: ignore[attr-defined]
        except UnicodeEncodeError:
            raise StoreError("The reflection holds characters that are not valid text, so nothing was written. Retype them.") from None

    return wrapper


class Store:
    """A reflect database, opened and at the current schema."""

    def __init__(self, engine: Engine, path: Path, slots: tuple[str, ...]) -> None:
        self.engine = engine
        self.path = path
        self.slots = slots
        """The question keys, in order, that each reflection's answer code is written for."""
        self._sum_columns: tuple[tuple[str, ...], list[Any]] | None = None

    @classmethod
    def open(
        cls, path: Path, *, create_parent: bool = False, slots: tuple[str, ...] | None = None, team: bool = False
    ) -> Store:
        """Open a practitioner's own database, or (`team`) a team database of supervision bundles.

        Each refuses the other kind before changing anything; an empty database can become either.
        """
        if slots is None:
            from reflect.questions import default_question_set

            slots = tuple(default_question_set().keys)
        path = Path(path)
        revision = current_revision(path)
        prepare_file(path, create_parent=create_parent)
        if revision is not None and revision != HEAD_REVISION:
            # An earlier schema: keep a copy as it was before it is upgraded.
            from reflect.store.backup import automatic_backup

            automatic_backup(path, revision)
        engine = make_engine(path)
        try:
            becomes_team = cls._check_role(engine, path, team=team)
            if revision != HEAD_REVISION:
                from reflect.store.migrate import upgrade_to_head

                upgrade_to_head(engine)
            # Also reports a locked or unreadable file now, not mid-reflection.
            with engine.connect() as connection:
                current = stored_slots(connection) == ",".join(slots)
            if not current or becomes_team:
                with engine.execution_options(**WRITE).begin() as connection:
                    refresh_derived(connection, slots)
                    if becomes_team:
                        _write_setting(connection, ROLE_SETTING, TEAM_ROLE)
        except OperationalError as error:
            engine.dispose()
            raise StoreError(f"Could not open {path}: {error.orig}. Is another program holding it?") from None
        except StoreError:
            engine.dispose()
            raise
        return cls(engine, path, slots)

    @staticmethod
    def _check_role(engine: Engine, path: Path, *, team: bool) -> bool:
        """Refuse the wrong kind of database before it is touched; True if it is to become a team's."""
        with engine.connect() as connection:
            tables = _existing_tables(connection)
            role = _read_setting(connection, ROLE_SETTING) if "store_setting" in tables else None
            has_reflections = "reflection" in tables and bool(
                connection.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM reflection)").scalar()
            )
        if role == TEAM_ROLE and not team:
            raise StoreError(
                f"{path} is a team database of supervision bundles, not your own reflections. "
                f"Open it with `reflect team --db {path}`; it was left unchanged."
            )
        if team and role != TEAM_ROLE:
            if has_reflections:
                raise StoreError(
                    f"{path} holds a practitioner's own reflections, not a team's. Give the team database a "
                    "file of its own, such as --db team.db; this one was left unchanged."
                )
            return True
        return False

    def close(self) -> None:
        self.engine.dispose()

    def _session(self, *, writes: bool = False) -> Session:
        bind = self.engine.execution_options(**WRITE) if writes else self.engine
        return Session(bind, expire_on_commit=False)

    # Writing ---------------------------------------------------------------------------------

    def save(self, reflection: Reflection) -> None:
        """Write a reflection (draft or complete) in full, replacing what was stored under its id."""
        self.save_many([reflection])

    @_reporting_errors
    def save_many(self, reflections: Iterable[Reflection], *, batch: int = 2000) -> int:
        """Write many reflections in one transaction (an import, a generated data set); returns how many.

        Each replaces whatever was stored under its id, answers and tags included.
        """
        written = 0
        with self.engine.execution_options(**WRITE).begin() as connection:
            pending: list[Reflection] = []
            for reflection in reflections:
                pending.append(reflection)
                if len(pending) >= batch:
                    written += _write(connection, pending, self.slots)
                    pending = []
            written += _write(connection, pending, self.slots)
        return written

    @_reporting_errors
    def import_reflections(
        self, reflections: Iterable[Reflection], *, settings_if_missing: dict[str, str] | None = None
    ) -> ImportCounts:
        """Write reflections from an export in one transaction, by id: a new id is added, a newer
        edit (a later updated_at) replaces what is stored, and anything else is left as it is.

        `settings_if_missing` are written in the same transaction, each only if not yet set.
        """
        incoming = {reflection.uuid: reflection for reflection in reflections}
        with self.engine.execution_options(**WRITE).begin() as connection:
            for key, value in (settings_if_missing or {}).items():
                if _read_setting(connection, key) is None:
                    _write_setting(connection, key, value)
            stored: dict[str, datetime] = {}
            for chunk in _chunks(list(incoming)):
                rows = connection.execute(select(REFLECTION.c.id, REFLECTION.c.updated_at).where(REFLECTION.c.id.in_(chunk)))
                stored.update({row.id: row.updated_at for row in rows})
            wanted = [r for r in incoming.values() if r.uuid not in stored or r.updated_at > stored[r.uuid]]
            for start in range(0, len(wanted), 2000):
                _write(connection, wanted[start : start + 2000], self.slots)
        added = sum(1 for reflection in wanted if reflection.uuid not in stored)
        return ImportCounts(added=added, updated=len(wanted) - added, unchanged=len(incoming) - len(wanted))

    @_reporting_errors
    def setting(self, key: str) -> str | None:
        """A fact about this database file kept in store_setting (such as the practitioner id)."""
        with self.engine.connect() as connection:
            return _read_setting(connection, key)

    @_reporting_errors
    def set_settings(self, values: dict[str, str]) -> None:
        with self.engine.execution_options(**WRITE).begin() as connection:
            for key, value in values.items():
                _write_setting(connection, key, value)

    @_reporting_errors
    def delete(self, uuid: str) -> bool:
        with self._session(writes=True) as session, session.begin():
            result = session.execute(delete(ReflectionRow).where(ReflectionRow.id == uuid))
        return result.rowcount > 0

    # Reading ---------------------------------------------------------------------------------

    @_reporting_errors
    def get(self, uuid: str) -> Reflection | None:
        found = self._load(select(ReflectionRow).where(ReflectionRow.id == uuid))
        return found[0] if found else None

    @_reporting_errors
    def list_reflections(self, *, limit: int | None = None) -> list[Reflection]:
        """Completed reflections, the most recent interaction first."""
        query = (
            select(ReflectionRow)
            .where(ReflectionRow.is_draft.is_(False))
            .order_by(ReflectionRow.occurred_at.desc(), ReflectionRow.created_at.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        return self._load(query)

    @_reporting_errors
    def reflections(
        self, selection: Selection = Selection(), *, drafts: bool = False, flagged: bool = False, with_commitment: bool = False
    ) -> list[Reflection]:
        """The reflections in `selection`, in the order they happened (oldest first).

        `drafts`: unfinished ones too. `flagged`: only those flagged for supervision or with
        a flagged note. `with_commitment`: only those that made a commitment for next time.
        """
        conditions = _selected(selection, drafts=drafts)
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

    @_reporting_errors
    def answer_timeline(self, selection: Selection) -> list[tuple[str, datetime, dict[str, Response | None]]]:
        """Each completed reflection in `selection`, oldest first: its id, when, and its answers by key.

        Read from the answer codes alone, so that following a commitment through months of
        reflections never loads their notes.
        """
        with self._session() as session:
            rows = session.execute(
                select(REFLECTION.c.id, REFLECTION.c.occurred_at, REFLECTION.c.occurred_offset_minutes, REFLECTION.c.responses)
                .where(*_selected(selection))
                .order_by(REFLECTION.c.occurred_at, REFLECTION.c.created_at, REFLECTION.c.id)
            ).all()
        return [(row.id, _in_offset(row.occurred_at, row.occurred_offset_minutes), decode_responses(row.responses, self.slots)) for row in rows]

    @_reporting_errors
    def find(self, prefix: str, *, limit: int = 10) -> list[str]:
        """The ids of reflections (drafts included) that start with `prefix`, such as a short id from `reflect list`."""
        cleaned = prefix.strip().lower()
        if not cleaned or any(character not in "0123456789abcdef-" for character in cleaned):
            return []
        with self._session() as session:
            return list(
                session.scalars(select(REFLECTION.c.id).where(REFLECTION.c.id.like(f"{cleaned}%")).order_by(REFLECTION.c.id).limit(limit))
            )

    @_reporting_errors
    def person_codes(self) -> set[str]:
        """Every person code in the database, to keep them out of anything shared."""
        with self._session() as session:
            return set(session.scalars(select(REFLECTION.c.person_code).where(REFLECTION.c.person_code.is_not(None)).distinct()))

    # Team databases -----------------------------------------------------------------------------

    @_reporting_errors
    def practitioners(self) -> list[Practitioner]:
        """The practitioners whose bundles a team database holds, by display name."""
        counts = (
            select(REFLECTION.c.practitioner_id, func.count().label("reflections"))
            .where(REFLECTION.c.is_draft.is_(False))
            .group_by(REFLECTION.c.practitioner_id)
            .subquery()
        )
        with self._session() as session:
            rows = session.execute(
                select(PRACTITIONER, func.coalesce(counts.c.reflections, 0))
                .outerjoin(counts, counts.c.practitioner_id == PRACTITIONER.c.id)
                .order_by(func.lower(PRACTITIONER.c.display_name), PRACTITIONER.c.id)
            ).all()
        return [_practitioner(row, row[-1]) for row in rows]

    @_reporting_errors
    def import_bundles(self, bundles: list[TeamBundle]) -> list[tuple[Practitioner, str]]:
        """Store supervision bundles in one transaction; what happened to each, in order.

        "added" (a new practitioner), "replaced" (a newer bundle than the one held),
        "already here" (this very bundle) or "older" (the one held is newer: left as it is).
        Raises BundleConflict, with nothing written, if a bundle's reflections are already
        held under another practitioner.
        """
        outcomes: list[tuple[Practitioner, str]] = []
        now = datetime.now(timezone.utc)
        with self.engine.execution_options(**WRITE).begin() as connection:
            for bundle in bundles:
                incoming = bundle.practitioner
                held = connection.execute(select(PRACTITIONER).where(PRACTITIONER.c.id == incoming.id)).first()
                if held is not None and held.bundle_id == incoming.bundle_id:
                    outcomes.append((incoming, "already here"))
                    continue
                if held is not None and held.bundle_created_at >= incoming.bundle_created_at:
                    outcomes.append((incoming, "older"))
                    continue
                self._check_no_one_elses(connection, bundle)
                connection.execute(delete(REFLECTION).where(REFLECTION.c.practitioner_id == incoming.id))
                values = {
                    "id": incoming.id,
                    "display_name": incoming.display_name,
                    "bundle_id": incoming.bundle_id,
                    "bundle_created_at": incoming.bundle_created_at,
                    "period_start": incoming.period_start,
                    "period_end": incoming.period_end,
                    "includes_notes": incoming.includes_notes,
                    "flagged_reflections": incoming.flagged_reflections,
                    "flagged_notes": incoming.flagged_notes,
                    "imported_at": now,
                }
                upsert = sqlite_insert(PRACTITIONER).values(**values)
                connection.execute(upsert.on_conflict_do_update(index_elements=["id"], set_=values))
                for start in range(0, len(bundle.reflections), 2000):
                    _write(connection, bundle.reflections[start : start + 2000], self.slots, incoming.id)
                outcomes.append((incoming, "added" if held is None else "replaced"))
        return outcomes

    @staticmethod
    def _check_no_one_elses(connection: Connection, bundle: TeamBundle) -> None:
        ids = [reflection.uuid for reflection in bundle.reflections]
        others: dict[str | None, int] = defaultdict(int)
        for chunk in _chunks(ids):
            for owner, count in connection.execute(
                select(REFLECTION.c.practitioner_id, func.count())
                .where(REFLECTION.c.id.in_(chunk), REFLECTION.c.practitioner_id.is_distinct_from(bundle.practitioner.id))
                .group_by(REFLECTION.c.practitioner_id)
            ):
                others[owner] += count
        if others:
            owner, count = next(iter(others.items()))
            name = connection.execute(select(PRACTITIONER.c.display_name).where(PRACTITIONER.c.id == owner)).scalar_one_or_none()
            raise BundleConflict(bundle.practitioner, name or "someone else", sum(others.values()))

    @_reporting_errors
    def remove_practitioner(self, practitioner_id: str) -> bool:
        """Take a practitioner and every reflection of theirs out of a team database."""
        with self.engine.execution_options(**WRITE).begin() as connection:
            connection.execute(delete(REFLECTION).where(REFLECTION.c.practitioner_id == practitioner_id))
            removed = connection.execute(delete(PRACTITIONER).where(PRACTITIONER.c.id == practitioner_id))
        return removed.rowcount > 0

    @_reporting_errors
    def drafts(self) -> list[Reflection]:
        """Unfinished reflections, the most recently touched first."""
        return self._load(
            select(ReflectionRow).where(ReflectionRow.is_draft.is_(True)).order_by(ReflectionRow.updated_at.desc())
        )

    # Aggregates for patterns ------------------------------------------------------------------

    @_reporting_errors
    def count_reflections(self, selection: Selection) -> dict[str | None, int]:
        """Completed reflections in `selection`, counted by interaction kind (None: no kind given)."""
        with self._session() as session:
            rows = session.execute(
                select(REFLECTION.c.kind, func.count()).where(*_selected(selection)).group_by(REFLECTION.c.kind)
            ).all()
        return {kind: count for kind, count in rows}

    @_reporting_errors
    def response_counts(self, selection: Selection) -> dict[tuple[str | None, str, str], int]:
        """How often each response was given, keyed by (kind, question key, response).

        Questions left unanswered have no entry: "unanswered" is the number of reflections
        less the answers given. Summed from each reflection's answer code in one pass over
        the patterns index, never joined from the answer rows.
        """
        counts, _ = self._code_sums(selection, REFLECTION.c.kind)
        return counts

    @_reporting_errors
    def counts_by_kind(self, selection: Selection) -> tuple[dict[tuple[str | None, str, str], int], dict[str | None, int]]:
        """response_counts and count_reflections together, from one pass over the patterns index."""
        return self._code_sums(selection, REFLECTION.c.kind)

    @_reporting_errors
    def responses_by_period(
        self, selection: Selection, grain: str
    ) -> dict[str, tuple[int, dict[str, tuple[int, int, int, int]]]]:
        """Per period of `grain` (day, week, month, quarter or year), named by its first local
        day (YYYY-MM-DD): how many reflections there were, and per question key how many
        answered Yes, Partly, No and Not applicable. Periods without reflections are left out."""
        slots = self.slots
        letters = len(CODE_LETTERS)
        with self._session() as session:
            rows = session.execute(
                select(_period_start(grain), func.count(), *self._code_sum_columns())
                .where(*_selected(selection))
                .group_by(_period_start(grain))
            ).all()
        # Kept as rows of numbers, not a dict entry per number: a ten-year weekly grid is 20,000 of them.
        return {
            period: (count, {key: tuple(totals[i * letters : (i + 1) * letters]) for i, key in enumerate(slots)})  # type: ignore[misc]
            for period, count, *totals in rows
        }

    def _code_sum_columns(self) -> list[Any]:
        """sum(response letter at slot = letter) for each slot and letter, built once per set of slots
        (building forty SQL expressions took longer than SQLite's sums on a year of reflections)."""
        if self._sum_columns is None or self._sum_columns[0] != self.slots:
            columns = [
                func.sum(func.substr(REFLECTION.c.responses, position, 1) == letter, type_=Integer)
                for position in range(1, len(self.slots) + 1)
                for letter in CODE_LETTERS.values()
            ]
            self._sum_columns = (self.slots, columns)
        return self._sum_columns[1]

    def _code_sums(self, selection: Selection, group: Any) -> tuple[dict[tuple[Any, str, str], int], dict[Any, int]]:
        """Per group: how many reflections gave each response to each question, and how many there were."""
        with self._session() as session:
            rows = session.execute(
                select(group, func.count(), *self._code_sum_columns()).where(*_selected(selection)).group_by(group)
            ).all()
        counts: dict[tuple[Any, str, str], int] = {}
        reflections: dict[Any, int] = {}
        columns = [(key, response.value) for key in self.slots for response in CODE_LETTERS]
        for group_value, count, *totals in rows:
            reflections[group_value] = count
            for (key, response), total in zip(columns, totals):
                if total:
                    counts[(group_value, key, response)] = total
        return counts, reflections

    @_reporting_errors
    def reflections_by_day(self, selection: Selection) -> dict[str, int]:
        """Completed reflections in `selection` per local day (YYYY-MM-DD); days with none are left out."""
        day = REFLECTION.c.occurred_day
        with self._session() as session:
            rows = session.execute(select(day, func.count()).where(*_selected(selection)).group_by(day)).all()
        return {found: count for found, count in rows}

    @_reporting_errors
    def first_day(self, selection: Selection = Selection()) -> str | None:
        """The local day of the earliest completed reflection in `selection` (YYYY-MM-DD), if any."""
        with self._session() as session:
            # The earliest by time, found at one end of the index, not by reading every day.
            return session.scalar(
                select(REFLECTION.c.occurred_day).where(*_selected(selection)).order_by(REFLECTION.c.occurred_at).limit(1)
            )

    @_reporting_errors
    def tags_in_use(self) -> list[tuple[str, int]]:
        """Every tag on a completed reflection, with how many carry it, most used first."""
        with self._session() as session:
            rows = session.execute(
                select(TAG.c.tag, func.count())
                .join(REFLECTION, REFLECTION.c.id == TAG.c.reflection_id)
                .where(REFLECTION.c.is_draft.is_(False))
                .group_by(TAG.c.tag)
                .order_by(func.count().desc(), TAG.c.tag)
            ).all()
        return [(tag, count) for tag, count in rows]

    @_reporting_errors
    def commitments(self, selection: Selection, *, limit: int | None = None) -> list[Reflection]:
        """Completed reflections in `selection` that made a commitment for next time, latest first."""
        query = (
            select(ReflectionRow)
            .where(*_selected(selection), REFLECTION.c.commitment != "")
            .order_by(REFLECTION.c.occurred_at.desc())
        )
        return self._load(query.limit(limit) if limit is not None else query)

    @_reporting_errors
    def notes(
        self, selection: Selection, *, source: str | None = None, words: Iterable[str] = (), limit: int | None = None
    ) -> list[Note]:
        """The free text of completed reflections in `selection`, latest first.

        `source`: only one question's notes (its key), or one of the reflection's own texts
        (what_happened, so_what, now_what, commitment). `words`: only texts containing every
        one of them, in any case.
        """
        parts = []
        if source is None or source not in NOTE_TEXTS:
            answer_notes = select(
                REFLECTION.c.id, REFLECTION.c.occurred_at, REFLECTION.c.occurred_offset_minutes,
                ANSWER.c.question_key.label("source"), ANSWER.c.note.label("text"), ANSWER.c.flagged,
            ).join(REFLECTION, REFLECTION.c.id == ANSWER.c.reflection_id).where(*_selected(selection), ANSWER.c.note != "")
            if source is not None:
                answer_notes = answer_notes.where(ANSWER.c.question_key == source)
            parts.append(answer_notes)
        for column in NOTE_TEXTS:
            if source is None or source == column:
                parts.append(
                    select(
                        REFLECTION.c.id, REFLECTION.c.occurred_at, REFLECTION.c.occurred_offset_minutes,
                        literal(column).label("source"), REFLECTION.c[column].label("text"), literal(False).label("flagged"),
                    ).where(*_selected(selection), REFLECTION.c[column] != "")
                )
        combined = union_all(*parts).subquery()
        query = select(combined)
        for word in words:
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(combined.c.text.ilike(pattern, escape="\\"))
        query = query.order_by(combined.c.occurred_at.desc(), combined.c.id, combined.c.source)
        if limit is not None:
            query = query.limit(limit)
        with self._session() as session:
            rows = session.execute(query).all()
        return [
            Note(
                reflection_uuid=row.id,
                occurred_at=_in_offset(row.occurred_at, row.occurred_offset_minutes),
                source=row.source,
                text=row.text,
                flagged=bool(row.flagged),
            )
            for row in rows
        ]

    @_reporting_errors
    def latest_commitment(self) -> Reflection | None:
        """The most recent completed reflection that made a commitment for next time."""
        found = self._load(
            select(ReflectionRow)
            .where(ReflectionRow.is_draft.is_(False), ReflectionRow.commitment != "")
            .order_by(ReflectionRow.occurred_at.desc())
            .limit(1)
        )
        return found[0] if found else None

    @_reporting_errors
    def week_summary(self, since: datetime) -> WeekSummary:
        """How many reflections since `since`, and the practice answered Yes most often in them."""
        with self._session() as session:
            reflections = session.scalar(
                select(func.count())
                .select_from(ReflectionRow)
                .where(ReflectionRow.is_draft.is_(False), ReflectionRow.occurred_at >= since)
            )
            yes_counts = session.execute(
                select(AnswerRow.question_key, func.count())
                .join(ReflectionRow, ReflectionRow.id == AnswerRow.reflection_id)
                .where(
                    ReflectionRow.is_draft.is_(False),
                    ReflectionRow.occurred_at >= since,
                    AnswerRow.response == Response.YES.value,
                )
                .group_by(AnswerRow.question_key)
            ).all()
        return WeekSummary(reflections=reflections or 0, yes_by_question={key: count for key, count in yes_counts})

    def _load(self, query) -> list[Reflection]:  # type: ignore[no-untyped-def]
        """Run a select of reflection rows and build them, answers and tags included.

        Plain rows (SQLAlchemy Core), not ORM objects: building 20,000 reflections with
        200,000 answers must take a fraction of a second, not many seconds.
        """
        with self._session() as session:
            rows = session.execute(query.with_only_columns(*REFLECTION.columns)).all()
            if not rows:
                return []
            # Answers and tags of exactly the reflections selected, found by the same query.
            selected_ids = select(query.with_only_columns(REFLECTION.c.id).subquery().c.id)
            answers: dict[str, dict[str, Answer]] = defaultdict(dict)
            tags: dict[str, list[str]] = defaultdict(list)
            links: dict[str, list[str]] = defaultdict(list)
            answer_rows = session.execute(
                select(ANSWER.c.reflection_id, ANSWER.c.question_key, ANSWER.c.response, ANSWER.c.note, ANSWER.c.flagged).where(
                    ANSWER.c.reflection_id.in_(selected_ids)
                )
            ).all()
            tag_rows = session.execute(
                select(TAG.c.reflection_id, TAG.c.tag).where(TAG.c.reflection_id.in_(selected_ids)).order_by(TAG.c.tag)
            ).all()
            link_rows = session.execute(
                select(COMMITMENT_QUESTION.c.reflection_id, COMMITMENT_QUESTION.c.question_key).where(
                    COMMITMENT_QUESTION.c.reflection_id.in_(selected_ids)
                )
            ).all()
            for reflection_id, key, response, note, flagged in answer_rows:
                answers[reflection_id][key] = Answer(RESPONSES[response] if response else None, note, flagged)
            for reflection_id, tag in tag_rows:
                tags[reflection_id].append(tag)
            for reflection_id, key in link_rows:
                links[reflection_id].append(key)
        return [
            Reflection(
                uuid=row.id,
                question_set_id=row.question_set_id,
                question_set_version=row.question_set_version,
                occurred_at=_in_offset(row.occurred_at, row.occurred_offset_minutes),
                created_at=row.created_at,
                updated_at=row.updated_at,
                kind=row.kind,
                person_code=row.person_code,
                duration_minutes=row.duration_minutes,
                tags=tags.get(row.id, []),
                what_happened=row.what_happened,
                so_what=row.so_what,
                now_what=row.now_what,
                commitment=row.commitment,
                answers=answers.get(row.id, {}),
                is_draft=row.is_draft,
                flagged=row.flagged,
                commitment_questions=_in_slot_order(links.get(row.id, []), self.slots),
            )
            for row in rows
        ]
