"""The revalidation tracker in words, and the reflective discussion form's fields to fill in.

The form's fields are the nurse's to type (the discussion partner's name and NMC Pin among them):
they are printed blank and kept nowhere.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from reflect.model import KIND_LABELS

if TYPE_CHECKING:
    from reflect.services.revalidation import AccountWritten, Tracker

DISCUSSION_FIELDS = (
    "Your name",
    "Your NMC Pin",
    "Name of the NMC registrant you had the discussion with",
    "Their NMC Pin",
    "Their email address",
    "Their professional address, with postcode",
    "Date of the discussion",
    "A short account of the discussion: the reflective accounts talked about, and how the discussion informed your practice",
    "Your signature, and theirs",
)
"""The fields of the NMC's reflective discussion form, as reflect prints them to fill in."""


def short_day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def account_words(account: AccountWritten) -> str:
    kind = KIND_LABELS.get(account.kind, account.kind) if account.kind else "A reflection"
    from reflect.exchange.report import CODE_THEMES

    themes = f" · {', '.join(CODE_THEMES.get(theme, theme) for theme in account.themes)}" if account.themes else ""
    return f"{short_day(account.written_on)}  {kind}, {account.month} (reflection {account.reflection_id[:8]}){themes}"


def tracker_as_text(tracker: Tracker, *, needed: int) -> str:
    lines = []
    if tracker.revalidation_date is None or tracker.cycle_start is None:
        lines.append("No revalidation date given yet: add it once with `reflect revalidation --date YYYY-MM-DD`, and the cycle is counted from it.")
        lines.append(f"Reflective accounts written so far: {len(tracker.in_cycle)} (the NMC asks for {needed} in each three-year cycle).")
    else:
        days = tracker.days_left or 0
        when = f"in {days} day{'s' if days != 1 else ''}" if days > 0 else ("today" if days == 0 else f"{-days} day{'s' if days != -1 else ''} ago")
        began = short_day(tracker.cycle_start + timedelta(days=1))
        lines.append(f"Your revalidation date: {short_day(tracker.revalidation_date)} ({when}); this cycle began {began}.")
        lines.append(f"Reflective accounts written in this cycle: {len(tracker.in_cycle)} of the {needed} the NMC asks for.")
    lines += [f"  {account_words(account)}" for account in tracker.in_cycle]
    if tracker.earlier:
        lines.append(f"  (and {tracker.earlier} written before this cycle began, which count for the one before)")
    if tracker.remaining:
        lines.append(f"{tracker.remaining} more to write: `reflect report --revalidation ID` writes one from a reflection (`reflect list` shows the ids).")
    else:
        lines.append("That is all the NMC asks for; write more if you like.")
    lines.append("For the reflective discussion about them, `reflect revalidation --discussion-form` prints the form's fields to fill in.")
    return "\n".join(lines) + "\n"


def discussion_form_text(tracker: Tracker) -> str:
    """The reflective discussion form's fields, blank, with the accounts written in the cycle listed."""
    lines = ["Reflective discussion (for NMC revalidation)", ""]
    for field in DISCUSSION_FIELDS:
        lines += [f"{field}:", "", ""]
    lines.append("The reflective accounts written in this cycle:")
    lines += [f"  {account_words(account)}" for account in tracker.in_cycle] or ["  (none yet)"]
    lines += ["", "Filled in by you and the registrant you discussed them with; reflect keeps none of it and sends nothing anywhere."]
    return "\n".join(lines) + "\n"
