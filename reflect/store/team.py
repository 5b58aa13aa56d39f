"""Team databases: the practitioners whose supervision bundles are held (by period), storing a bundle,
removing a practitioner, and their answers month by month."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, delete, func, select, text, update

from reflect.model import Answer, Practitioner, Reflection, Response, Selection
from reflect.store.aggregates import Aggregates
from reflect.store.core import reflection_from_row
from reflect.store.derived import CODE_LETTERS
from reflect.store.dialect import on_postgresql, upsert_into
from reflect.store.engine import WRITE
from reflect.store.errors import StoreError
from reflect.store.reporting import reporting_errors
from reflect.store.rollup import take_out
from reflect.store.rows import write_reflections
from reflect.store.sql import ANSWER, PRACTITIONER, REFLECTION, RESPONSES, TEAM_BUNDLE, chunks, selected
from reflect.store.tables import OWNER, ConnectingRole

__all__ = ["AnswerTallies", "BundleConflict", "HeldBundle", "Practitioner", "Team", "TeamBundle"]


FLAGGED_NOTES = "SELECT reflection_id, question_key, response, note FROM answer WHERE flagged = :yes"
"""flagged_as_shown's flagged notes, in no order (else SQLite walks the primary key's index and
looks up every answer row)."""

FLAGGED_REFLECTIONS = (
    "SELECT id, practitioner_id, question_set_id, question_set_version, occurred_at, occurred_offset_minutes,"
    " created_at, updated_at, kind, person_code, duration_minutes, what_happened, so_what, now_what, commitment,"
    " flagged, responses FROM reflection{through}"
    " WHERE is_draft = :no AND (flagged = :yes OR id IN (SELECT reflection_id FROM answer WHERE flagged = :yes))"
    " ORDER BY occurred_at, created_at, id"
)
"""flagged_as_shown's completed reflections that are flagged or have a flagged note, oldest first."""

TALLIED = (
    "SELECT practitioner_id, substr(occurred_day, 1, 7), responses, bundle_id FROM reflection{through}"
    " WHERE is_draft = :no AND practitioner_id IS NOT NULL"
)
"""answer_tallies' rows: each completed reflection's practitioner, month, answer code and bundle.
SQLite reads the table through: the patterns index holds neither practitioner nor bundle, so
walking it looked up every row besides."""


def in_utc(moment: datetime | str) -> datetime:
    """A datetime column's value as the driver gives it (SQLite: its text; PostgreSQL: without its
    zone) as the aware UTC datetime SQLAlchemy's column type would have made of it."""
    found = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


@dataclass(frozen=True)
class TeamBundle:
    """A practitioner's supervision bundle, ready to be stored in a team database."""

    practitioner: Practitioner
    reflections: list[Reflection]


@dataclass(frozen=True)
class HeldBundle:
    """One bundle a team database holds: whose, which period, and how many of its reflections."""

    id: str
    practitioner_id: str
    created_at: datetime
    period_start: datetime | None
    period_end: datetime
    includes_notes: bool
    reflections: int
    """Its reflections as held (one shared again in a newer bundle counts there instead)."""

    @property
    def period(self) -> tuple[str | None, str]:
        """The days it covers, which say whether two bundles are of the same period."""
        return same_period(self.period_start, self.period_end)


@dataclass(frozen=True)
class AnswerTallies:
    """Each practitioner's answers month by month, as flat tallies.

    A tally is a list of numbers: the reflections, then for each slot in turn how many answered
    Yes, Partly, No and Not applicable (CODE_LETTERS' order). Flat, because a large team has tens of
    thousands of months and a dict of tuples for each was a good part of the team view's time.
    """

    slots: tuple[str, ...]
    monthly: dict[tuple[str, str], list[int]]
    """Per (practitioner id, month as "2026-11"): that month's tally."""
    by_practitioner: dict[str, list[int]]
    """Per practitioner id: the tally of all their months."""
    by_bundle: dict[str, int]
    """Per bundle id: how many of the completed reflections came with that bundle."""

    def offsets(self, keys: list[str]) -> list[int | None]:
        """Where each question key's four counts start in a tally (None: no slot for it)."""
        width = len(CODE_LETTERS)
        position = {key: 1 + index * width for index, key in enumerate(self.slots)}
        return [position.get(key) for key in keys]


def same_period(start: datetime | None, end: datetime) -> tuple[str | None, str]:
    """A period as the days of its ends (in UTC): equal for the same period shared again another day."""
    return (start.astimezone(UTC).date().isoformat() if start else None, end.astimezone(UTC).date().isoformat())


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back datetimes without their zone; reflect stores them in UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


class BundleConflict(StoreError):
    """A bundle holds reflections that the team database already has under another practitioner."""

    def __init__(self, practitioner: Practitioner, other_name: str, count: int) -> None:
        super().__init__(f"{count} of its reflections are already in the team database, in {other_name}'s bundle")
        self.practitioner = practitioner
        self.other_name = other_name
        self.count = count


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


class Team(Aggregates):
    """The practitioners and bundles of a team database."""

    @reporting_errors
    def bundles(self, tallies: AnswerTallies | None = None, *, of: str | None = None) -> list[HeldBundle]:
        """Every bundle held (`of`: only that practitioner's), by practitioner and then by period, oldest first.

        Each bundle's completed reflections are counted from `tallies` when given (answer_tallies
        has just counted them), rather than by grouping every reflection again.
        """
        order = (TEAM_BUNDLE.c.practitioner_id, TEAM_BUNDLE.c.period_end, TEAM_BUNDLE.c.created_at)
        whose = [TEAM_BUNDLE.c.practitioner_id == of] if of is not None else []
        with self._session() as session:
            if tallies is not None:
                held = session.execute(select(TEAM_BUNDLE).where(*whose).order_by(*order)).all()
                rows = [(row, tallies.by_bundle.get(row.id, 0)) for row in held]
            else:
                counts = (
                    select(REFLECTION.c.bundle_id, func.count().label("reflections"))
                    .where(REFLECTION.c.is_draft.is_(False), *([REFLECTION.c.practitioner_id == of] if of is not None else []))
                    .group_by(REFLECTION.c.bundle_id)
                    .subquery()
                )
                found = session.execute(
                    select(TEAM_BUNDLE, func.coalesce(counts.c.reflections, 0))
                    .outerjoin(counts, counts.c.bundle_id == TEAM_BUNDLE.c.id)
                    .where(*whose)
                    .order_by(*order)
                ).all()
                rows = [(row, row[-1]) for row in found]
        return [
            HeldBundle(row.id, row.practitioner_id, _aware(row.created_at) or row.created_at, _aware(row.period_start),
                       _aware(row.period_end) or row.period_end, row.includes_notes, count)  # fmt: skip
            for row, count in rows
        ]

    @reporting_errors
    def answer_tallies(self) -> AnswerTallies:
        """In a team database, per (practitioner id, month): how many completed reflections, and how
        many gave each response to each question (see AnswerTallies). One pass over the answer codes.

        Read row by row and tallied here rather than summed by SQLite forty columns at a time (the
        grouped sums and a row object per month of every practitioner were most of `reflect team
        summary`'s time on a large team), or grouped by code first (nearly every reflection has a
        code of its own, so the grouping sorted them all for nothing).
        """
        with self.engine.connect() as connection:
            no, through = (False, "") if on_postgresql(connection) else (0, " NOT INDEXED")
            rows = connection.execute(text(TALLIED.format(through=through)), {"no": no}).all()
        letters = {letter: index for index, letter in enumerate(CODE_LETTERS.values())}
        width = len(letters)
        size = 1 + width * len(self.slots)
        monthly: dict[tuple[str, str], list[int]] = {}
        overall: dict[str, list[int]] = {}
        by_bundle: dict[str, int] = {}
        # Where each distinct answer code counts in a tally, worked out once: most codes recur.
        places: dict[str, list[int]] = {}
        for owner, when, code, bundle in rows:
            if bundle is not None:
                by_bundle[bundle] = by_bundle.get(bundle, 0) + 1
            tally = monthly.get((owner, when))
            if tally is None:
                tally = monthly[(owner, when)] = [0] * size
            total = overall.get(owner)
            if total is None:
                total = overall[owner] = [0] * size
            tally[0] += 1
            total[0] += 1
            where = places.get(code)
            if where is None:
                # As substr(responses, slot, 1) = letter: a code shorter than the slots counts nothing there.
                where = places[code] = [
                    1 + at * width + letters[letter] for at, letter in enumerate(code[: len(self.slots)]) if letter in letters
                ]
            for index in where:
                tally[index] += 1
                total[index] += 1
        return AnswerTallies(self.slots, monthly, overall, by_bundle)

    @reporting_errors
    def practitioners(self, tallies: AnswerTallies | None = None) -> list[Practitioner]:
        """The practitioners whose bundles a team database holds, by display name.

        Their completed reflections are counted from `tallies` when given (answer_tallies has
        just counted them), rather than by grouping every reflection again.
        """
        if tallies is not None:
            with self._session() as session:
                rows = session.execute(select(PRACTITIONER).order_by(func.lower(PRACTITIONER.c.display_name), PRACTITIONER.c.id)).all()
            counted = tallies.by_practitioner
            return [_practitioner(row, counted[row.id][0] if row.id in counted else 0) for row in rows]
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

    @reporting_errors
    def flagged_by_practitioner(self) -> dict[str | None, list[Reflection]]:
        """In a team database: each practitioner's completed reflections flagged for supervision or with a
        flagged note, oldest first, keyed by practitioner id (those with none are left out).

        A fixed number of queries for the whole team: the flagged reflections in one query (the flagged
        notes found in one scan of the answers), then their answers, tags and links each in one query
        over the list of their ids (one parameter), read as plain rows (loading them a chunk of ids at a
        time through _load was most of the time on a large team).
        """
        flagged_notes = select(ANSWER.c.reflection_id).where(ANSWER.c.flagged.is_(True))
        with self._session() as session:
            rows = session.execute(
                select(*REFLECTION.columns)
                .where(*selected(Selection()), REFLECTION.c.flagged.is_(True) | REFLECTION.c.id.in_(flagged_notes))
                .order_by(REFLECTION.c.occurred_at, REFLECTION.c.created_at, REFLECTION.c.id)
            ).all()
            if not rows:
                return {}
            # The same transaction, so the answers are of exactly these reflections.
            connection = session.connection()
            driver = connection.connection.driver_connection
            cursor: Any = driver.cursor()  # type: ignore[union-attr]  # an open connection always has its driver's
            # One parameter for the whole list of ids: a JSON array SQLite reads with json_each, or
            # an array PostgreSQL compares with = ANY.
            if on_postgresql(connection):
                ids: Any = [row.id for row in rows]
                among = "reflection_id = ANY(%s)"
            else:
                ids = json.dumps([row.id for row in rows])
                among = "reflection_id IN (SELECT value FROM json_each(?))"
            answers: dict[str, dict[str, Answer]] = defaultdict(dict)
            cursor.execute(f"SELECT reflection_id, question_key, response, note, flagged FROM answer WHERE {among}", (ids,))
            for reflection_id, key, response, note, flagged in cursor.fetchall():
                answers[reflection_id][key] = Answer(RESPONSES[response] if response else None, note, bool(flagged))
            tags: dict[str, list[str]] = defaultdict(list)
            cursor.execute(f"SELECT reflection_id, tag FROM reflection_tag WHERE {among} ORDER BY tag", (ids,))
            for reflection_id, tag in cursor.fetchall():
                tags[reflection_id].append(tag)
            links: dict[str, list[str]] = defaultdict(list)
            cursor.execute(f"SELECT reflection_id, question_key FROM commitment_question WHERE {among}", (ids,))
            for reflection_id, key in cursor.fetchall():
                links[reflection_id].append(key)
            cursor.close()
        found: dict[str | None, list[Reflection]] = defaultdict(list)
        for row in rows:  # oldest first, so each practitioner's are oldest first
            found[row.practitioner_id].append(reflection_from_row(row, answers, tags, links, self.slots))
        return dict(found)

    @reporting_errors
    def flagged_as_shown(self) -> dict[str | None, list[Reflection]]:
        """What flagged_by_practitioner gives, read only as far as the team view shows it: each
        reflection with every response (from its answer code, as the team's figures are counted)
        and its flagged notes, but none of its other notes, its tags or its commitment links.

        Reading every answer row of every flagged reflection, and building an Answer for each,
        was half of `reflect team summary`'s time on a large team; the flagged answers are a
        tenth of them, found in one scan.
        """
        with self.engine.connect() as connection:
            # Hand-written SQL, whose values come as the driver gives them: SQLAlchemy's processing
            # of each value (the datetimes of every row) was a good part of the time here. And so
            # that SQLite reads the table through rather than look up each row from an index.
            yes, no = (True, False) if on_postgresql(connection) else (1, 0)
            through = "" if on_postgresql(connection) else " NOT INDEXED"
            notes: dict[str, dict[str, Answer]] = defaultdict(dict)
            for reflection_id, key, response, note in connection.execute(text(FLAGGED_NOTES), {"yes": yes}).all():
                notes[reflection_id][key] = Answer(RESPONSES[response] if response else None, note, True)
            rows = connection.execute(text(FLAGGED_REFLECTIONS.format(through=through)), {"yes": yes, "no": no}).all()
        slots = self.slots
        by_letter = {letter: response for response, letter in CODE_LETTERS.items()}
        # Many reflections share an answer code: each is read once (a fresh Answer each time all the same).
        decoded: dict[str, list[tuple[str, Response]]] = {}
        clocks: dict[int, timezone] = {}
        found: dict[str | None, list[Reflection]] = defaultdict(list)
        for (uuid, owner, set_id, set_version, occurred, offset, created, updated, kind, person, minutes,
             what_happened, so_what, now_what, commitment, flagged, code) in rows:  # fmt: skip
            given = decoded.get(code)
            if given is None:
                given = decoded[code] = [(key, by_letter[letter]) for key, letter in zip(slots, code) if letter in by_letter]
            answers = {key: Answer(response) for key, response in given}
            if uuid in notes:
                answers.update(notes[uuid])
            clock = clocks.get(offset)
            if clock is None:
                clock = clocks[offset] = timezone(timedelta(minutes=offset))
            found[owner].append(  # oldest first, so each practitioner's are oldest first
                Reflection(
                    uuid=uuid, question_set_id=set_id, question_set_version=set_version,
                    occurred_at=in_utc(occurred).astimezone(clock), created_at=in_utc(created), updated_at=in_utc(updated),
                    kind=kind, person_code=person, duration_minutes=minutes, what_happened=what_happened, so_what=so_what,
                    now_what=now_what, commitment=commitment, answers=answers, is_draft=False, flagged=bool(flagged),
                )  # fmt: skip
            )
        return dict(found)

    @reporting_errors
    def import_bundles(self, bundles: list[TeamBundle]) -> list[tuple[Practitioner, str]]:
        """Store supervision bundles in one transaction; what happened to each, in order.

        Each practitioner's bundles are kept by period: "added" (a new practitioner), "added period"
        (a period not held for them yet), "replaced" (a newer bundle of a period held), "already
        here" (this very bundle) or "older" (the one held for that period is newer: left as it is).
        A reflection shared in two of a practitioner's bundles is held once, as the newer bundle has it.
        Raises BundleConflict, with nothing written, if a bundle's reflections are already held
        under another practitioner.
        """
        outcomes: list[tuple[Practitioner, str]] = []
        now = datetime.now(UTC)
        with self.engine.execution_options(**WRITE).begin() as connection:
            for bundle in bundles:
                incoming = bundle.practitioner
                if connection.execute(select(TEAM_BUNDLE.c.id).where(TEAM_BUNDLE.c.id == incoming.bundle_id)).first():
                    outcomes.append((incoming, "already here"))
                    continue
                held = connection.execute(select(PRACTITIONER).where(PRACTITIONER.c.id == incoming.id)).first()
                period = same_period(incoming.period_start, incoming.period_end)
                same = [
                    row for row in connection.execute(select(TEAM_BUNDLE).where(TEAM_BUNDLE.c.practitioner_id == incoming.id))
                    if same_period(_aware(row.period_start), _aware(row.period_end) or row.period_end) == period
                ]
                if any((_aware(row.created_at) or row.created_at) >= incoming.bundle_created_at for row in same):
                    outcomes.append((incoming, "older"))
                    continue
                self._check_no_one_elses(connection, bundle)
                for row in same:  # the bundle of this period it replaces
                    take_out(connection, REFLECTION.c.bundle_id == row.id)
                    connection.execute(delete(REFLECTION).where(REFLECTION.c.bundle_id == row.id))
                    connection.execute(delete(TEAM_BUNDLE).where(TEAM_BUNDLE.c.id == row.id))
                self._store_practitioner(connection, incoming, held, now)
                connection.execute(
                    TEAM_BUNDLE.insert().values(
                        id=incoming.bundle_id, practitioner_id=incoming.id, created_at=incoming.bundle_created_at,
                        period_start=incoming.period_start, period_end=incoming.period_end, includes_notes=incoming.includes_notes,
                        flagged_reflections=incoming.flagged_reflections, flagged_notes=incoming.flagged_notes, imported_at=now,
                    )
                )  # fmt: skip
                kept = self._newer_elsewhere(connection, bundle)
                fresh = [reflection for reflection in bundle.reflections if reflection.uuid not in kept]
                for start in range(0, len(fresh), 2000):
                    part = fresh[start : start + 2000]
                    write_reflections(connection, part, self.slots, incoming.id)
                    for ids in chunks([reflection.uuid for reflection in part]):
                        connection.execute(update(REFLECTION).where(REFLECTION.c.id.in_(ids)).values(bundle_id=incoming.bundle_id))
                if held is None:
                    outcomes.append((incoming, "added"))
                else:
                    outcomes.append((incoming, "replaced" if same else "added period"))
        return outcomes

    @staticmethod
    def _store_practitioner(connection: Connection, incoming: Practitioner, held: Any, now: datetime) -> None:
        """The practitioner's row: their name and latest bundle's details, from the newest bundle of theirs."""
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
        if held is not None and (_aware(held.bundle_created_at) or held.bundle_created_at) > incoming.bundle_created_at:
            return  # an older period arriving late: the newest bundle's details stay
        upsert = upsert_into(connection, PRACTITIONER).values(**values)
        connection.execute(upsert.on_conflict_do_update(index_elements=["id"], set_=values))

    @staticmethod
    def _newer_elsewhere(connection: Connection, bundle: TeamBundle) -> set[str]:
        """The ids of this bundle's reflections already held from a newer bundle of the same practitioner."""
        ids = [reflection.uuid for reflection in bundle.reflections]
        newer: set[str] = set()
        for chunk in chunks(ids):
            newer.update(
                connection.execute(
                    select(REFLECTION.c.id)
                    .join(TEAM_BUNDLE, TEAM_BUNDLE.c.id == REFLECTION.c.bundle_id)
                    .where(REFLECTION.c.id.in_(chunk), TEAM_BUNDLE.c.created_at > bundle.practitioner.bundle_created_at)
                ).scalars()
            )
        return newer

    @staticmethod
    def _check_no_one_elses(connection: Connection, bundle: TeamBundle) -> None:
        ids = [reflection.uuid for reflection in bundle.reflections]
        others: dict[str | None, int] = defaultdict(int)
        for chunk in chunks(ids):
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

    @reporting_errors
    def withdraw_bundles(self, practitioner_id: str, bundle_ids: list[str]) -> int:
        """Take these bundles of one practitioner, and the reflections held from them, out of a team
        database in one transaction; how many reflections went.

        Every statement names the practitioner, so a bundle id of someone else's is never touched,
        and nothing but their own rows is read (as a database role restricted to its own rows
        allows). Their row goes with their last bundle; while bundles of theirs remain, it takes
        the details of the newest of them, as importing it last would have left it.
        """
        theirs = TEAM_BUNDLE.c.practitioner_id == practitioner_id
        with self.engine.execution_options(**WRITE).begin() as connection:
            going = connection.execute(select(TEAM_BUNDLE.c.id).where(theirs, TEAM_BUNDLE.c.id.in_(bundle_ids))).scalars().all()
            if not going:
                return 0
            held = (REFLECTION.c.practitioner_id == practitioner_id) & REFLECTION.c.bundle_id.in_(going)
            take_out(connection, held)
            removed = connection.execute(delete(REFLECTION).where(held)).rowcount
            connection.execute(delete(TEAM_BUNDLE).where(theirs, TEAM_BUNDLE.c.id.in_(going)))
            newest = connection.execute(
                select(TEAM_BUNDLE).where(theirs).order_by(TEAM_BUNDLE.c.created_at.desc(), TEAM_BUNDLE.c.id).limit(1)
            ).first()
            if newest is None:
                connection.execute(delete(PRACTITIONER).where(PRACTITIONER.c.id == practitioner_id))
            else:
                connection.execute(
                    update(PRACTITIONER).where(PRACTITIONER.c.id == practitioner_id).values(
                        bundle_id=newest.id, bundle_created_at=newest.created_at, period_start=newest.period_start,
                        period_end=newest.period_end, includes_notes=newest.includes_notes,
                        flagged_reflections=newest.flagged_reflections, flagged_notes=newest.flagged_notes,
                        imported_at=newest.imported_at,
                    )
                )  # fmt: skip
        return int(removed)

    @reporting_errors
    def remove_practitioner(self, practitioner_id: str) -> bool:
        """Take a practitioner and every reflection of theirs out of a team database; False if none was taken.

        On a shared server a role takes out only what it wrote (row-level security): a supervisor who
        reads a team member's bundles may not remove them, and nothing at all is written then (the
        answer rollup's sums are not touched either).
        """
        with self.engine.execution_options(**WRITE).begin() as connection:
            owned = select(PRACTITIONER.c.id).where(PRACTITIONER.c.id == practitioner_id, PRACTITIONER.c[OWNER] == ConnectingRole())
            if connection.execute(owned).first() is None:
                return False
            take_out(connection, REFLECTION.c.practitioner_id == practitioner_id)
            connection.execute(delete(REFLECTION).where(REFLECTION.c.practitioner_id == practitioner_id))
            connection.execute(delete(TEAM_BUNDLE).where(TEAM_BUNDLE.c.practitioner_id == practitioner_id))
            removed = connection.execute(delete(PRACTITIONER).where(PRACTITIONER.c.id == practitioner_id))
        return removed.rowcount > 0
