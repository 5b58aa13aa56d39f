"""Reading "when did the interaction happen?" as a practitioner would type it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

# A little slack so "now" typed a moment ago is never "in the future".
FUTURE_TOLERANCE = timedelta(minutes=5)
EARLIEST_YEAR = 1970
LATEST_YEAR = 2999
"""A year after this is a typo; the calendar arithmetic of a period would also overflow near 9999."""
WHEN_MAX = 100
"""Characters: longer is not a time anyone types, and the parser would take seconds over it."""
TIME_WORDS = frozenset(
    "now today yesterday tomorrow noon midnight morning afternoon evening night ago last this next "
    "week weeks day days hour hours hr hrs minute minutes min mins second seconds fortnight "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun".split()
)
"""Without a digit, a time must use one of these words: the parser alone reads "a" as the 1st."""


class WhenError(ValueError):
    """Text that could not be read as a time, with a message saying what to type instead."""

    field: str | None = None
    """Which of several fields it was about, where there were several (a period's start or end)."""


def parse_when(text: str, now: datetime, *, allow_future: bool = False) -> datetime:
    """Parse `text` ("now", "yesterday 15:00", "2 hours ago", "21/11 9:30", ISO) relative to `now`.

    `now` is timezone-aware. A typed time without a zone is local wall-clock time, read
    with the system's rules for that date (so a back-dated time across a clock change
    gets the offset it had then).
    Raises WhenError for text that is not a time, or (unless allowed) names a time in the future.
    """
    if len(text) > WHEN_MAX:
        raise WhenError(
            f"That is too long to be a time ({len(text):,} characters). Try \"yesterday 15:00\" or \"2026-11-21 09:30\"."
        )
    cleaned = " ".join(text.split())
    if not cleaned or cleaned.lower() in ("now", "just now"):
        return now
    parsed = _parse_iso(cleaned) or (_parse_natural(cleaned, now) if _could_be_a_time(cleaned) else None)
    if parsed is None:
        raise WhenError(
            f"Could not read {cleaned!r} as a time. Try \"yesterday 15:00\", \"2 hours ago\", "
            "\"21/11 9:30\" or \"2026-11-21 09:30\"."
        )
    if parsed.year < EARLIEST_YEAR:
        raise WhenError(f"{cleaned!r} is before {EARLIEST_YEAR}. Check the date of the interaction.")
    if parsed.year > LATEST_YEAR:
        raise WhenError(f"{cleaned!r} is after {LATEST_YEAR}. Check the date.")
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()
    if not allow_future and parsed - now > FUTURE_TOLERANCE:
        raise WhenError(
            f"{cleaned!r} is in the future ({parsed:%a %d %b %Y %H:%M}). "
            "A reflection is about an interaction that has happened."
        )
    return parsed


def _could_be_a_time(text: str) -> bool:
    return any(character.isdigit() for character in text) or not TIME_WORDS.isdisjoint(re.findall(r"[a-z]+", text.lower()))


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_natural(text: str, now: datetime) -> datetime | None:
    import dateparser  # imported only here: it is slow to load and rarely needed

    settings = {
        "RELATIVE_BASE": now.astimezone().replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return dateparser.parse(text, languages=["en"], settings=settings)


def start_of_local_day(moment: datetime, days_later: int = 0) -> datetime:
    """Local midnight of `moment`'s day (plus some days), with the offset that midnight really has.

    Built from the calendar date, so a day with a clock change still starts and ends at midnight.
    """
    day = moment.date() + timedelta(days=days_later)
    return datetime(day.year, day.month, day.day).astimezone()


def names_a_whole_day(text: str, parsed: datetime) -> bool:
    """Whether typed text names a day rather than a moment: "2026-11-01", "last monday", "yesterday"."""
    cleaned = text.strip().lower()
    try:
        date.fromisoformat(cleaned)
        return True
    except ValueError:
        pass
    moment_words = ("hour", "minute", "second", "now", "noon", "midnight", "am", "pm", ":", "ago")
    if any(word in cleaned for word in moment_words):
        return False
    # "yesterday", "last monday" name a day; with digits, a day only if no time was read ("21/11").
    is_midnight = (parsed.hour, parsed.minute, parsed.second, parsed.microsecond) == (0, 0, 0, 0)
    return is_midnight or not any(character.isdigit() for character in cleaned)


def period_from_text(start_text: str, end_text: str, now: datetime, *, start_name: str = "--from",
                     end_name: str = "--to") -> tuple[datetime | None, datetime | None]:  # fmt: skip
    """A period [start, end) as typed: "2026-09-01" to "yesterday"; either may be empty.

    A day named as the end ("2026-11-30", "yesterday") includes the whole of that day.
    Raises WhenError saying what was wrong, naming the fields as `start_name` and `end_name`.
    """
    def problem(message: str, field: str) -> WhenError:
        error = WhenError(message)
        error.field = field
        return error

    def read(text: str, name: str) -> datetime | None:
        if not text.strip():
            return None
        try:
            return parse_when(text, now, allow_future=True)
        except WhenError as error:
            raise problem(f"{name}: {error}", name) from None

    start = read(start_text, start_name)
    end = read(end_text, end_name)
    if start is not None and names_a_whole_day(start_text, start):
        start = start_of_local_day(start)
    if end is not None and names_a_whole_day(end_text, end):
        end = start_of_local_day(end, days_later=1)
    if start is not None and start >= now:
        raise problem(f"{start_name} must be in the past: {start:%a %d %b %Y} is still to come, in the future.", start_name)
    if start is not None and end is None:
        end = now
    if start is not None and end is not None and end <= start:
        raise problem(f"{end_name} must come after {start_name}.", end_name)
    return start, end
