"""A supervisor's team database: collecting the bundles practitioners shared, and taking one out.

Bundles are read and checked whole before any is stored, then stored together (all or none);
what became of each is returned as data for the front end to word.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from reflect.model import Practitioner
from reflect.questions import QuestionSet

if TYPE_CHECKING:
    from reflect.exchange.bundle import ReadBundle
    from reflect.store import HeldBundle, Store


def read_bundles(names: Iterable[str]) -> list[ReadBundle]:
    """The bundle files, each checked, oldest first; raises FileProblem for the first one that is not a bundle."""
    from reflect.exchange.bundle import read_bundle

    bundles = [read_bundle(name) for name in names]
    # Oldest first, so that of two bundles from one practitioner the newer is the one kept.
    bundles.sort(key=lambda bundle: bundle.practitioner.bundle_created_at)
    return bundles


@dataclass(frozen=True)
class BundleOutcome:
    """What importing one bundle did."""

    bundle: ReadBundle
    practitioner: Practitioner
    outcome: str
    """"added" (a new practitioner), "added period" (a period of theirs not held yet), "replaced" (newer
    than the one held for the same period), "already here", or "older" (than the one held for that
    period, which stays)."""
    before: HeldBundle | None
    """The bundle of the same period held before this one, if any (the one a "replaced" replaces)."""
    periods: int = 1
    """How many periods of theirs the team database holds now."""
    short_id: str | None = None
    """The start of their id, when another practitioner in the team database has the same name."""
    namesakes: tuple[str, ...] = ()
    """The short ids of the others who go by the same name."""

    @property
    def label(self) -> str:
        name = self.practitioner.display_name
        return f"{name} ({self.short_id})" if self.short_id else name


class ConflictingBundle(Exception):
    """A bundle's reflections are already in the team database under another practitioner: nothing was imported."""

    def __init__(self, source: str, count: int, other_name: str) -> None:
        super().__init__(source)
        self.source = source
        """The bundle's file, as given."""
        self.count = count
        self.other_name = other_name


def import_bundles(store: Store, bundles: list[ReadBundle]) -> list[BundleOutcome]:
    """Store the bundles (as read_bundles ordered them) in one transaction; what became of each, in order."""
    from reflect.store import BundleConflict, HeldBundle, TeamBundle
    from reflect.store.team import same_period

    held = {(b.practitioner_id, b.period): b for b in store.bundles()}
    try:
        stored = store.import_bundles([TeamBundle(b.practitioner, b.reflections) for b in bundles])
    except BundleConflict as conflict:
        source = next(b.name for b in bundles if b.practitioner is conflict.practitioner)
        raise ConflictingBundle(source, conflict.count, conflict.other_name) from None
    from reflect.exchange.team import short_ids

    everyone = store.practitioners()
    shortened = short_ids(everyone)
    periods: dict[str, int] = {}
    for each in store.bundles():
        periods[each.practitioner_id] = periods.get(each.practitioner_id, 0) + 1
    outcomes = []
    for bundle, (practitioner, outcome) in zip(bundles, stored):
        period = same_period(practitioner.period_start, practitioner.period_end)
        before = held.get((practitioner.id, period))
        if outcome in ("added", "added period", "replaced"):  # a later bundle of the same import replaces this one
            held[(practitioner.id, period)] = HeldBundle(
                practitioner.bundle_id, practitioner.id, practitioner.bundle_created_at, practitioner.period_start,
                practitioner.period_end, practitioner.includes_notes, len(bundle.reflections),
            )  # fmt: skip
        namesakes = tuple(
            shortened[p.id] for p in everyone
            if p.id != practitioner.id and p.id in shortened and p.display_name.casefold() == practitioner.display_name.casefold()
        )  # fmt: skip
        outcomes.append(
            BundleOutcome(bundle, practitioner, outcome, before, periods.get(practitioner.id, 1), shortened.get(practitioner.id), namesakes)
        )
    return outcomes


class PractitionerNotFound(LookupError):
    """No practitioner, or more than one, in the team database goes by the name given."""

    def __init__(self, given: str, *, several: bool, candidates: tuple[tuple[str, str], ...] = (), by_id: bool = False) -> None:
        super().__init__(given)
        self.given = given
        self.several = several
        self.by_id = by_id
        """Whether what was given was taken as the start of an id (no name matched it)."""
        self.candidates = candidates
        """When several match: each one's name and the short id the team summary shows beside it."""


ID_PREFIX_MIN = 4
"""The fewest characters of an id that `team remove` takes as its start (fewer would match by chance)."""


@dataclass(frozen=True)
class Removed:
    """The practitioner taken out, and the short id that told them apart from a namesake (if any)."""

    practitioner: Practitioner
    short_id: str | None

    @property
    def label(self) -> str:
        name = self.practitioner.display_name
        return f"{name} ({self.short_id})" if self.short_id else name


@dataclass(frozen=True)
class Found:
    """The practitioner a name or id given stands for, and the short id that tells them from a namesake."""

    practitioner: Practitioner
    short_id: str | None


def find_practitioner(store: Store, given: str, *, by_start_of_name: bool = False) -> Found:
    """The one practitioner `given` names: their display name (any case, spaces as typed), their id
    or the start of it (ID_PREFIX_MIN characters or more, as the team summary shows it beside a
    shared name), and with `by_start_of_name` the start of their name ("Sam" for "Sam Okafor") when
    nothing else matches. PractitionerNotFound, with the candidates, when none or several match."""
    from reflect.exchange.team import SHORT_ID_LENGTH, short_ids

    wanted = " ".join(given.split()).casefold()
    everyone = store.practitioners()
    matching = [p for p in everyone if p.display_name.casefold() == wanted or p.id.lower() == wanted]
    by_id = not matching and len(wanted) >= ID_PREFIX_MIN
    if by_id:
        matching = [p for p in everyone if p.id.lower().startswith(wanted)]
    if not matching and by_start_of_name and wanted:
        by_id = False
        matching = [p for p in everyone if " ".join(p.display_name.split()).casefold().startswith(wanted)]
    shortened = short_ids(everyone)
    if len(matching) != 1:
        candidates = tuple((p.display_name, shortened.get(p.id, p.id[:SHORT_ID_LENGTH])) for p in matching)
        raise PractitionerNotFound(given, several=bool(matching), candidates=candidates, by_id=by_id)
    (practitioner,) = matching
    return Found(practitioner, shortened.get(practitioner.id))


def remove_practitioner(store: Store, given: str) -> Removed:
    """Take the practitioner `given` out with all their reflections: their whole name or their id (or
    its start), never a guess from part of a name, since nothing can bring them back."""
    found = find_practitioner(store, given)
    if not store.remove_practitioner(found.practitioner.id):
        raise NotYoursToRemove(found.practitioner.display_name)
    return Removed(found.practitioner, found.short_id)


class NotYoursToRemove(PermissionError):
    """On a shared server: the practitioner's bundles were submitted by them, and only their own role
    may take them out (the store's owner check refuses every other role, the administrator's too);
    nothing was removed."""


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while the team view is built and worded.

    A large team's view is hundreds of thousands of small objects, none of them in a cycle, made
    all at once and kept until the end: each new batch set off another pass over every object
    made so far, a third of `reflect team summary`'s time at 10,000 practitioners. Reference
    counting still frees everything as usual; the collector runs again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def team_summary(store: Store, question_set: QuestionSet) -> str:
    """The team view as plain text: each practitioner's rates with their n, the team's pattern, the flagged notes."""
    from reflect.exchange.team import team_view, team_view_as_text

    with collection_paused():
        return team_view_as_text(team_view(store, question_set))


@dataclass(frozen=True)
class TeamReport:
    """The team summary, rendered, and how many practitioners it covers (for saying so)."""

    text: str
    practitioners: int


def team_report(store: Store, question_set: QuestionSet, fmt: str, *, now: datetime) -> TeamReport:
    """The team view as a summary to print or keep: Markdown ("md") or one HTML file that prints on A4 ("html")."""
    from reflect.exchange.team import team_view
    from reflect.exchange.team_report import render_team_report

    with collection_paused():
        view = team_view(store, question_set)
        return TeamReport(render_team_report(view, fmt, now=now), len(view.practitioners))
