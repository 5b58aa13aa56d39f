"""A team database's supervision record: agreements, sessions and the actions agreed at them.

Each session is written whole in one transaction, with how earlier actions went; what is read
back is plain data (the dataclasses below) for the services to check and the front ends to word.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select, update

from reflect.store.core import StoreCore
from reflect.store.dialect import upsert_into
from reflect.store.engine import WRITE
from reflect.store.reporting import reporting_errors
from reflect.store.sql import core_table
from reflect.store.supervision_tables import (
    SupervisionActionRow,
    SupervisionAgreementRow,
    SupervisionAttendeeRow,
    SupervisionCommentRow,
    SupervisionDiscussedRow,
    SupervisionSessionRow,
)
from reflect.store.tables import OWNER

AGREEMENT = core_table(SupervisionAgreementRow)
SESSION = core_table(SupervisionSessionRow)
ATTENDEE = core_table(SupervisionAttendeeRow)
DISCUSSED = core_table(SupervisionDiscussedRow)
ACTION = core_table(SupervisionActionRow)
COMMENT = core_table(SupervisionCommentRow)


@dataclass(frozen=True)
class Agreement:
    """A supervision agreement's terms for one practitioner."""

    practitioner_id: str
    frequency: str
    confidentiality: str
    noted_at: datetime


@dataclass(frozen=True)
class DiscussedItem:
    """A flagged reflection discussed, with its day (or week's Monday) and kind as they were then."""

    reflection_id: str
    day: str
    kind: str | None


@dataclass(frozen=True)
class AgreedAction:
    """An action agreed at a session; `outcome` is how it went, recorded at a later session (`reviewed_on`)."""

    number: int
    text: str
    outcome: str | None = None
    reviewed_on: date | None = None


@dataclass(frozen=True)
class SupervisionSession:
    """One session as recorded."""

    id: str
    practitioner_id: str
    held_on: date
    bundle_id: str | None
    attendees: list[str]
    discussed: list[DiscussedItem]
    actions: list[AgreedAction]
    """The actions agreed at this session."""
    reviewed: list[AgreedAction] = field(default_factory=list)
    """Actions of earlier sessions whose outcome was recorded at this one."""
    comments: dict[str, str] = field(default_factory=dict)
    """The supervisor's comments on flagged reflections, by reflection id."""


@dataclass(frozen=True)
class NewSession:
    """A session to record: `outcomes` says, by action number, how earlier actions went."""

    id: str
    practitioner_id: str
    held_on: date
    bundle_id: str | None
    attendees: list[str]
    discussed: list[DiscussedItem]
    actions: list[str]
    outcomes: dict[int, str]
    recorded_at: datetime
    comments: dict[str, str] = field(default_factory=dict)


class Supervision(StoreCore):
    """The supervision record of a team database."""

    @reporting_errors
    def agreement(self, practitioner_id: str) -> Agreement | None:
        with self._session() as session:
            row = session.execute(select(AGREEMENT).where(AGREEMENT.c.practitioner_id == practitioner_id)).first()
        return None if row is None else Agreement(row.practitioner_id, row.frequency, row.confidentiality, row.noted_at)

    @reporting_errors
    def note_agreement(self, agreement: Agreement) -> None:
        """Keep a practitioner's agreement, replacing the one noted before."""
        values = {"frequency": agreement.frequency, "confidentiality": agreement.confidentiality, "noted_at": agreement.noted_at}
        with self.engine.execution_options(**WRITE).begin() as connection:
            upsert = upsert_into(connection, AGREEMENT).values(practitioner_id=agreement.practitioner_id, **values)
            connection.execute(upsert.on_conflict_do_update(index_elements=["practitioner_id", OWNER], set_=values))

    @reporting_errors
    def record_session(self, new: NewSession) -> list[int]:
        """Write a session whole, with how earlier actions went; the numbers given to its actions."""
        with self.engine.execution_options(**WRITE).begin() as connection:
            last = connection.execute(
                select(func.coalesce(func.max(ACTION.c.number), 0))
                .select_from(ACTION.join(SESSION, SESSION.c.id == ACTION.c.session_id))
                .where(SESSION.c.practitioner_id == new.practitioner_id)
            ).scalar_one()
            connection.execute(
                SESSION.insert().values(
                    id=new.id, practitioner_id=new.practitioner_id, held_on=new.held_on.isoformat(), bundle_id=new.bundle_id,
                    recorded_at=new.recorded_at,
                )
            )  # fmt: skip
            if new.attendees:
                connection.execute(ATTENDEE.insert(), [{"session_id": new.id, "position": n, "name": name} for n, name in enumerate(new.attendees)])
            if new.discussed:
                connection.execute(
                    DISCUSSED.insert(),
                    [{"session_id": new.id, "reflection_id": item.reflection_id, "day": item.day, "kind": item.kind} for item in new.discussed],
                )
            if new.comments:
                connection.execute(
                    COMMENT.insert(), [{"session_id": new.id, "reflection_id": key, "text": text} for key, text in new.comments.items()]
                )
            numbers = list(range(last + 1, last + 1 + len(new.actions)))
            if new.actions:
                connection.execute(
                    ACTION.insert(),
                    [{"id": f"{new.id[:24]}{number:012d}", "session_id": new.id, "number": number, "text": text}
                     for number, text in zip(numbers, new.actions)],
                )  # fmt: skip
            earlier = select(SESSION.c.id).where(SESSION.c.practitioner_id == new.practitioner_id, SESSION.c.id != new.id)
            for number, outcome in new.outcomes.items():
                connection.execute(
                    update(ACTION)
                    .where(ACTION.c.number == number, ACTION.c.session_id.in_(earlier))
                    .values(outcome=outcome, reviewed_in=new.id)
                )
        return numbers

    @reporting_errors
    def supervision_sessions(self, practitioner_id: str) -> list[SupervisionSession]:
        """A practitioner's sessions, oldest first, each with who was there, what was discussed and the actions."""
        with self._session() as session:
            rows = session.execute(
                select(SESSION).where(SESSION.c.practitioner_id == practitioner_id).order_by(SESSION.c.held_on, SESSION.c.recorded_at)
            ).all()
            ids = select(SESSION.c.id).where(SESSION.c.practitioner_id == practitioner_id)
            attendees: dict[str, list[str]] = defaultdict(list)
            for session_id, name in session.execute(
                select(ATTENDEE.c.session_id, ATTENDEE.c.name).where(ATTENDEE.c.session_id.in_(ids)).order_by(ATTENDEE.c.position)
            ):
                attendees[session_id].append(name)
            discussed: dict[str, list[DiscussedItem]] = defaultdict(list)
            for row in session.execute(
                select(DISCUSSED).where(DISCUSSED.c.session_id.in_(ids)).order_by(DISCUSSED.c.day, DISCUSSED.c.reflection_id)
            ):
                discussed[row.session_id].append(DiscussedItem(row.reflection_id, row.day, row.kind))
            action_rows = session.execute(select(ACTION).where(ACTION.c.session_id.in_(ids)).order_by(ACTION.c.number)).all()
            comments: dict[str, dict[str, str]] = defaultdict(dict)
            for row in session.execute(select(COMMENT).where(COMMENT.c.session_id.in_(ids)).order_by(COMMENT.c.reflection_id)):
                comments[row.session_id][row.reflection_id] = row.text
        held_on = {row.id: date.fromisoformat(row.held_on) for row in rows}
        actions: dict[str, list[AgreedAction]] = defaultdict(list)
        reviewed: dict[str, list[AgreedAction]] = defaultdict(list)
        for row in action_rows:
            action = AgreedAction(row.number, row.text, row.outcome, held_on.get(row.reviewed_in) if row.reviewed_in else None)
            actions[row.session_id].append(action)
            if row.reviewed_in:
                reviewed[row.reviewed_in].append(action)
        return [
            SupervisionSession(
                row.id, row.practitioner_id, held_on[row.id], row.bundle_id, attendees[row.id], discussed[row.id],
                actions[row.id], reviewed[row.id], comments[row.id],
            )  # fmt: skip
            for row in rows
        ]
