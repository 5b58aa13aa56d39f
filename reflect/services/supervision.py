"""A supervisor's record of supervision: the agreement with each practitioner, each session held
(who was there, which bundle and flagged items were discussed, the actions agreed) and, at the next
session, how each action went. Kept in the team database.

Everything given is checked here before anything is written; a problem raises SupervisionProblem
with one sentence for the supervisor, and nothing is stored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from reflect.model import Practitioner, Reflection, Selection
from reflect.services.team import ID_PREFIX_MIN

if TYPE_CHECKING:
    from reflect.store import Store
    from reflect.store.supervision import AgreedAction, Agreement, SupervisionSession

NAME_MAX = 60
"""As long as a name a practitioner shares under."""
TEXT_MAX = 1000
"""An action, an outcome or an agreement's terms: a few sentences, not a document."""
SHORT_ID = 8
"""How many characters of an id are shown."""


class SupervisionProblem(ValueError):
    """Something given for the record cannot be used; the message says what, and nothing was written."""


def find_practitioner(store: Store, given: str) -> Practitioner:
    """The practitioner `given` names: their name (or its start, such as "Sam"), their id or its start."""
    from reflect.services.team import find_practitioner as find

    return find(store, given, by_start_of_name=True).practitioner


def checked_text(value: str, what: str, *, limit: int = TEXT_MAX) -> str:
    """`value` trimmed, or SupervisionProblem if it is empty, too long or holds control characters."""
    text = value.strip()
    if not text:
        raise SupervisionProblem(f"{what} is empty.")
    if len(text) > limit:
        raise SupervisionProblem(f"{what} is {len(text)} characters long; keep it to {limit}.")
    if not all(character.isprintable() or character == "\n" for character in text):
        raise SupervisionProblem(f"{what} holds control characters; write it as plain words.")
    return text


def note_agreement(store: Store, given: str, *, frequency: str, confidentiality: str, now: datetime) -> tuple[Practitioner, Agreement]:
    """Note (or replace) the supervision agreement's frequency and confidentiality terms for a practitioner."""
    from reflect.store.supervision import Agreement

    practitioner = find_practitioner(store, given)
    agreement = Agreement(
        practitioner.id, checked_text(frequency, "The frequency"), checked_text(confidentiality, "The confidentiality terms"), now
    )
    store.note_agreement(agreement)
    return practitioner, agreement


def flagged_items(store: Store, practitioner: Practitioner) -> list[Reflection]:
    """The practitioner's flagged reflections (or with a flagged note) in the team database, oldest first."""
    return store.reflections(Selection(practitioner=practitioner.id), flagged=True)


def unique_prefixes(identifiers: list[str], minimum: int = SHORT_ID) -> dict[str, str]:
    """Each id's shortest start (of at least `minimum` characters) that no other of them shares."""
    shortest: dict[str, str] = {}
    for identifier in identifiers:
        length = minimum
        while length < len(identifier) and any(other != identifier and other.startswith(identifier[:length]) for other in identifiers):
            length += 1
        shortest[identifier] = identifier[:length]
    return shortest


@dataclass(frozen=True)
class RecordedSession:
    practitioner: Practitioner
    session: SupervisionSession
    numbers: list[int]
    """The numbers the new actions were given (a later session names them by these)."""


def record_session(
    store: Store, given: str, *, held_on: date, attendees: list[str], discussed: list[str], actions: list[str],
    outcomes: list[tuple[str, str]], today: date, now: datetime, comments: list[tuple[str, str]] | None = None,
) -> RecordedSession:  # fmt: skip
    """Record a session with the practitioner `given`; `outcomes` are (action number, how it went) for earlier actions.

    `comments` are (flagged reflection id or its start, the supervisor's comment): each reflection
    commented on is counted as discussed too.
    """
    from reflect.store.supervision import DiscussedItem, NewSession

    practitioner = find_practitioner(store, given)
    if held_on > today:
        raise SupervisionProblem(f"{held_on.day} {held_on:%b %Y} is still to come: record a session once it has been held.")
    names = [checked_text(name, "A name given with --with", limit=NAME_MAX) for name in attendees]
    if not names:
        raise SupervisionProblem('Say who was there with --with, once for each person, such as --with "Sam Okafor".')
    lowered = [" ".join(name.split()).lower() for name in names]
    if len(set(lowered)) != len(lowered):
        raise SupervisionProblem("The same name is given twice with --with.")
    items = {reflection.uuid: reflection for reflection in flagged_items(store, practitioner)}
    chosen: list[DiscussedItem] = []
    commented: dict[str, str] = {}
    for wanted, words in comments or []:
        reflection = _flagged_item(items, wanted, practitioner)
        if reflection.uuid in commented:
            raise SupervisionProblem(f"Two comments are given on {wanted.strip()!r}; put them in one.")
        commented[reflection.uuid] = checked_text(words, "A comment given with --comment")
    for wanted in [*discussed, *(wanted for wanted, _ in comments or [])]:
        reflection = _flagged_item(items, wanted, practitioner)
        if all(item.reflection_id != reflection.uuid for item in chosen):
            chosen.append(DiscussedItem(reflection.uuid, reflection.occurred_at.date().isoformat(), reflection.kind))
    agreed = [checked_text(action, "An action given with --action") for action in actions]
    sessions = store.supervision_sessions(practitioner.id)
    open_numbers = {action.number for action in open_actions(sessions)}
    known = {action.number for session in sessions for action in session.actions}
    went: dict[int, str] = {}
    for number_text, outcome in outcomes:
        number = _action_number(number_text)
        if number not in known:
            raise SupervisionProblem(f"{practitioner.display_name} has no action {number}; `supervision show` lists their actions.")
        if number not in open_numbers:
            raise SupervisionProblem(f"How action {number} went is already recorded.")
        if number in went:
            raise SupervisionProblem(f"How action {number} went is given twice.")
        went[number] = checked_text(outcome, f"How action {number} went")
    new = NewSession(
        id=str(uuid.uuid4()), practitioner_id=practitioner.id, held_on=held_on, bundle_id=practitioner.bundle_id,
        attendees=names, discussed=chosen, actions=agreed, outcomes=went, recorded_at=now, comments=commented,
    )  # fmt: skip
    numbers = store.record_session(new)
    recorded = next(session for session in store.supervision_sessions(practitioner.id) if session.id == new.id)
    return RecordedSession(practitioner, recorded, numbers)


def _flagged_item(items: dict[str, Reflection], wanted: str, practitioner: Practitioner) -> Reflection:
    given = wanted.strip().lower()
    matching = [reflection for identifier, reflection in items.items() if identifier == given] or (
        [reflection for identifier, reflection in items.items() if identifier.startswith(given)] if len(given) >= ID_PREFIX_MIN else []
    )
    if len(matching) == 1:
        return matching[0]
    if matching:
        raise SupervisionProblem(f"{wanted.strip()!r} is the start of more than one flagged reflection's id; give more of it.")
    raise SupervisionProblem(
        f"{practitioner.display_name} has no flagged reflection with an id starting {wanted.strip()!r}; "
        "`supervision show` lists them."
    )


def _action_number(text: str) -> int:
    cleaned = text.strip().lstrip("#").removeprefix("A").removeprefix("a")
    if not cleaned.isdigit() or not cleaned.isascii():
        raise SupervisionProblem(f"{text.strip()!r} is not an action number; give the number `supervision show` lists, such as 2.")
    return int(cleaned)


def open_actions(sessions: list[SupervisionSession]) -> list[AgreedAction]:
    """The actions agreed whose outcome is not yet recorded, in the order they were agreed."""
    return [action for session in sessions for action in session.actions if action.outcome is None]


@dataclass(frozen=True)
class SupervisionRecord:
    """Everything recorded of a practitioner's supervision, for listing and printing."""

    practitioner: Practitioner
    agreement: Agreement | None
    sessions: list[SupervisionSession]
    open_actions: list[AgreedAction]
    flagged: list[Reflection]
    """Flagged items in the bundle held now, for the supervisor to name with --discussed."""
    flagged_ids: dict[str, str]
    """Each flagged item's id as shown: the shortest start of it that names it alone."""
    discussed_ids: set[str]
    written_at: datetime


def supervision_record(store: Store, given: str, *, now: datetime) -> SupervisionRecord:
    practitioner = find_practitioner(store, given)
    sessions = store.supervision_sessions(practitioner.id)
    flagged = flagged_items(store, practitioner)
    return SupervisionRecord(
        practitioner, store.agreement(practitioner.id), sessions, open_actions(sessions), flagged,
        unique_prefixes([reflection.uuid for reflection in flagged]),
        {item.reflection_id for session in sessions for item in session.discussed}, now,
    )  # fmt: skip
