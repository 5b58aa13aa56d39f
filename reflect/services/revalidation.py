"""The revalidation tracker: which reflections were written up as reflective accounts and when,
against the NMC's five reflective accounts in the three years to the revalidation date the nurse
gave once (kept in their database). Nothing is sent anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from reflect.settings import REVALIDATION_DATE

if TYPE_CHECKING:
    from reflect.store import Store

ACCOUNTS_NEEDED = 5
"""The NMC asks for five written reflective accounts in each three-year cycle."""
CYCLE_YEARS = 3
FIRST_REVALIDATION = date(2016, 4, 1)
"""NMC revalidation began in April 2016: no revalidation date is earlier."""


class RevalidationProblem(ValueError):
    """A revalidation date that cannot be one; the message says why."""


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29 February with no match)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def set_revalidation_date(store: Store, day: date, *, today: date) -> None:
    """Keep the revalidation date (the end of the current cycle); RevalidationProblem if it cannot be one."""
    if day < FIRST_REVALIDATION:
        raise RevalidationProblem(f"{day.day} {day:%b %Y} is before NMC revalidation began (April 2016).")
    latest = today.replace(year=today.year + CYCLE_YEARS) if not (today.month == 2 and today.day == 29) else date(today.year + CYCLE_YEARS, 2, 28)
    if day > latest:
        raise RevalidationProblem(f"{day.day} {day:%b %Y} is more than {CYCLE_YEARS} years away; a revalidation date comes every {CYCLE_YEARS} years.")
    store.set_settings({REVALIDATION_DATE: day.isoformat()})


@dataclass(frozen=True)
class AccountWritten:
    """A reflection written up as a reflective account: the last time it was, in the cycle."""

    reflection_id: str
    written_on: date
    month: str
    """When the interaction was, by month only (as the account says)."""
    kind: str | None
    themes: list[str]


@dataclass(frozen=True)
class Tracker:
    revalidation_date: date | None
    cycle_start: date | None
    """The day after the cycle before ended: accounts written from here count."""
    in_cycle: list[AccountWritten]
    earlier: int
    """Reflections written up only before this cycle began."""
    today: date

    @property
    def remaining(self) -> int:
        return max(0, ACCOUNTS_NEEDED - len(self.in_cycle))

    @property
    def days_left(self) -> int | None:
        return None if self.revalidation_date is None else (self.revalidation_date - self.today).days


def tracker(store: Store, *, today: date) -> Tracker:
    """The accounts written, each reflection once, counted against the cycle that ends on the revalidation date."""
    given = store.setting(REVALIDATION_DATE)
    revalidation_date = date.fromisoformat(given) if given else None
    cycle_start = years_before(revalidation_date, CYCLE_YEARS) if revalidation_date else None
    latest: dict[str, AccountWritten] = {}
    before: set[str] = set()
    for written in store.accounts_written():  # oldest first: the last kept is the latest
        on = _local_day(written.written_at)
        if cycle_start is not None and revalidation_date is not None and not cycle_start < on <= revalidation_date:
            before.add(written.reflection_id)
            continue
        latest[written.reflection_id] = AccountWritten(
            written.reflection_id, on, f"{written.occurred_at:%B %Y}", written.kind, written.themes
        )
    in_cycle = sorted(latest.values(), key=lambda account: account.written_on)
    return Tracker(revalidation_date, cycle_start, in_cycle, len(before - set(latest)), today)


def _local_day(moment: datetime) -> date:
    # The store gives back UTC times without their zone: the day is the one on this computer's clock.
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone().date()


def note_account_written(store: Store, reflection_id: str, themes: list[str], *, now: datetime) -> None:
    """Remember that a reflection was written up as a reflective account (the tracker counts it)."""
    store.note_account_written(reflection_id, themes, now)
