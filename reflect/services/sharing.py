"""Sharing with a supervisor: a supervision bundle of a period, made only with the practitioner's say-so.

A bundle holds the practitioner's chosen name and, for each reflection, its day, kind, answers
and what was flagged; with notes included, the flagged notes and texts too, and nothing else
written. The use case is in three steps, so that a front end can show what the bundle will hold
and ask before anything is written or remembered: `prepare_bundle`, then, once the practitioner
agrees, `bundle_text` (a file) or `submit_bundle` (straight into a team database), and
`remember_sharer`.

Straight into a team database, a bundle goes the way a file does when the supervisor imports it
(reflect.services.team.import_bundles, the one use case for both): the same checks, the same
replacing of the practitioner's earlier bundle of the period. `bundles_to_withdraw` and then
`withdraw` take the practitioner's own bundles out again, found by the practitioner id their
database remembers (`sharer_id`): they name nobody else's, so they work as well where the database
lets each role see its own rows only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from reflect.model import Selection
from reflect.questions import QuestionSet
from reflect.settings import DISPLAY_NAME, PRACTITIONER_ID

if TYPE_CHECKING:
    from reflect.exchange.bundle import ReadBundle
    from reflect.services.team import BundleOutcome
    from reflect.store import HeldBundle, Store

IDENTIFIERS_LISTED = 5
"""How many possible identifiers a refusal names before "and N more"."""


class NoName(Exception):
    """No name was given to share under, and none was remembered from before."""


class NothingToShare(Exception):
    """The period holds no reflections."""

    def __init__(self, period: str) -> None:
        super().__init__(period)
        self.period = period
        """The period in words, such as "the 4 weeks to 30 Nov 2026"."""


@dataclass(frozen=True)
class PreparedBundle:
    """A bundle made but not yet written, with what the practitioner should see before agreeing."""

    document: dict[str, Any]
    name: str
    practitioner_id: str
    period: str
    """The period in words."""
    identifiers: list[str] = field(default_factory=list)
    """What in its notes may identify someone, each as "KIND (TEXT) in a note of DAY"."""

    def description(self) -> list[str]:
        """What the bundle holds, line by line, as the practitioner is told before it is written."""
        from reflect.exchange.bundle import describe

        return describe(self.document, self.period)

    def identifiers_listed(self) -> str:
        """The possible identifiers in one line: the first few, then how many more."""
        found = self.identifiers
        more = len(found) - IDENTIFIERS_LISTED
        return "; ".join(found[:IDENTIFIERS_LISTED]) + (f"; and {more} more" if more > 0 else "")


def prepare_bundle(
    store: Store, question_set: QuestionSet, *, period: Selection, name: str | None, include_notes: bool, now: datetime,
    by_week: bool = False,
) -> PreparedBundle:  # fmt: skip
    """The bundle of `period` (up to `now` if open-ended) under `name` (else the name shared under before); NoName, NothingToShare.

    `by_week` shares only the week of each reflection (its Monday), not its day.
    """
    from reflect.exchange.bundle import make_bundle
    from reflect.exchange.report import period_words

    name = name or store.setting(DISPLAY_NAME)
    if name is None:
        raise NoName()
    practitioner_id = store.setting(PRACTITIONER_ID) or str(uuid.uuid4())
    selection = period if period.end is not None else replace(period, end=now)
    reflections = store.reflections(selection)
    if not reflections:
        raise NothingToShare(period_words(selection))
    document = make_bundle(
        reflections, question_set, practitioner_id=practitioner_id, name=name, start=selection.start, end=selection.end or now,
        include_notes=include_notes, person_codes=store.person_codes(), now=now, dated_by="week" if by_week else "day",
    )  # fmt: skip
    return PreparedBundle(
        document, name, practitioner_id, period_words(selection), identifiers=identifiers_in_bundle(document, today=now.date())
    )


def identifiers_in_bundle(document: dict[str, Any], *, today: date) -> list[str]:
    """What in a bundle's words may identify someone (an NHS number, a phone number, ...), each with its day."""
    from reflect.privacy import find_identifiers

    found = []
    for record in document["reflections"]:
        when = f"the week of {record['week']}" if "week" in record else record["day"]
        for text in [*(record.get("notes") or {}).values(), *(record.get("texts") or {}).values()]:
            found += [f"{item.kind.description} ({item.text}) in a note of {when}" for item in find_identifiers(text, today=today)]
    return found


def remember_sharer(store: Store, prepared: PreparedBundle) -> None:
    """Keep the name and the practitioner id for next time: only once the practitioner has agreed to share,
    so that a refused bundle changes nothing."""
    store.set_settings({PRACTITIONER_ID: prepared.practitioner_id, DISPLAY_NAME: prepared.name})


def bundle_text(prepared: PreparedBundle) -> str:
    """The bundle as the file holds it."""
    from reflect.exchange.bundle import bundle_json

    return bundle_json(prepared.document)


SUBMITTED = "your bundle"
"""What a bundle shared straight into a team database is called where a file's name would be."""


def submitted_bundle(prepared: PreparedBundle) -> ReadBundle:
    """The bundle as a supervisor's import reads it from a file: written out and read back, checked whole."""
    import json

    from reflect.exchange.bundle import parse_bundle

    return parse_bundle(json.loads(bundle_text(prepared)), SUBMITTED)


def submit_bundle(team: Store, prepared: PreparedBundle) -> BundleOutcome:
    """Store the bundle in the team database, all or nothing, as `reflect team import` does a file:
    what became of it ("added", "replaced", ...). ConflictingBundle if its reflections are someone else's."""
    from reflect.services.team import import_bundles

    (outcome,) = import_bundles(team, [submitted_bundle(prepared)])
    return outcome


class NeverShared(Exception):
    """The practitioner's database has no practitioner id: nothing was ever shared from it."""


class NothingToWithdraw(Exception):
    """The team database holds no bundle of theirs for the period (or none at all)."""

    def __init__(self, held: list[HeldBundle]) -> None:
        super().__init__(len(held))
        self.held = held
        """The bundles of theirs it does hold (of other periods), oldest first."""


@dataclass(frozen=True)
class Withdrawn:
    """The bundles taken out of the team database, oldest first, and how many reflections went with them."""

    bundles: list[HeldBundle]
    reflections: int


def sharer_id(store: Store) -> str:
    """The practitioner id this database shares under; NeverShared if it has never shared."""
    found = store.setting(PRACTITIONER_ID)
    if not found:
        raise NeverShared()
    return found


def bundles_of_period(held: list[HeldBundle], period: Selection, *, now: datetime) -> list[HeldBundle]:
    """Those of `held` for the same period as `period` (up to `now` if open-ended), as sharing it again would replace."""
    from reflect.store.team import same_period

    wanted = same_period(period.start, period.end or now)
    return [bundle for bundle in held if bundle.period == wanted]


def bundle_it_replaces(team: Store, prepared: PreparedBundle) -> HeldBundle | None:
    """The practitioner's bundle of the same period that submitting `prepared` would replace, if the team database holds one."""
    practitioner = submitted_bundle(prepared).practitioner
    period = Selection(start=practitioner.period_start, end=practitioner.period_end)
    same = bundles_of_period(team.bundles(of=prepared.practitioner_id), period, now=practitioner.period_end)
    return same[-1] if same else None


def bundles_to_withdraw(team: Store, practitioner_id: str, *, period: Selection | None, now: datetime) -> list[HeldBundle]:
    """The practitioner's own bundles of `period` (up to `now` if open-ended; None: every one of
    theirs) that the team database holds, oldest first; NothingToWithdraw if there are none."""
    held = team.bundles(of=practitioner_id)
    going = held if period is None else bundles_of_period(held, period, now=now)
    if not going:
        raise NothingToWithdraw(held)
    return going


def withdraw(team: Store, practitioner_id: str, bundles: list[HeldBundle]) -> Withdrawn:
    """Take those bundles of the practitioner's, with their reflections, out of the team database in one transaction."""
    removed = team.withdraw_bundles(practitioner_id, [bundle.id for bundle in bundles])
    return Withdrawn(bundles, removed)
