"""Reading "when did the interaction happen?" as a practitioner would type it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.model import Selection

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


LONG_AGO = timedelta(days=366)
"""A time further back than this is refused unless its year was typed in full: likely a misreading."""


class WhenError(ValueError):
    """Text that could not be read as a time, with a message saying what to type instead."""

    field: str | None = None
    """Which of several fields it was about, where there were several (a period's start or end)."""


class TimeZoneError(ValueError):
    """The system's time zone (the TZ variable) names an offset no clock can have."""


def local_now() -> datetime:
    """Now, in the system's time zone; a TimeZoneError saying what to do if that zone is unusable.

    The C library accepts TZ rules such as "UTC+25" whose offset Python's datetime refuses.
    """
    import os

    try:
        return datetime.now().astimezone()
    except (ValueError, OverflowError):
        raise TimeZoneError(
            f"The time zone TZ={os.environ.get('TZ', '')!r} is more than a day away from UTC, which no clock can be. "
            "Set TZ to a zone such as Europe/London (or unset it) and try again."
        ) from None


def local(moment: datetime) -> datetime:
    """`moment` in the system's time zone (see local_now for when that raises TimeZoneError)."""
    try:
        return moment.astimezone()
    except (ValueError, OverflowError):
        local_now()  # raises the error that says what to do
        raise


def parse_when(text: str, now: datetime, *, allow_future: bool = False, allow_long_ago: bool = False) -> datetime:
    """Parse `text` ("now", "yesterday 15:00", "2 hours ago", "21/11 9:30", ISO) relative to `now`.

    `now` is timezone-aware. A typed time without a zone is local wall-clock time, read
    with the system's rules for that date (so a back-dated time across a clock change
    gets the offset it had then). Dates in figures are day first, as in the UK.
    Raises WhenError for text that is not a time, a date with a two-digit year, a time more than
    a year ago whose year was not typed in full (unless allowed), or (unless allowed) a time in
    the future.
    """
    if len(text) > WHEN_MAX:
        raise WhenError(
            f"That is too long to be a time ({len(text):,} characters). Try \"yesterday 15:00\" or \"2026-11-21 09:30\"."
        )
    cleaned = " ".join(text.split())
    if not cleaned or cleaned.lower() in ("now", "just now"):
        return now
    parsed = _parse_iso(cleaned) or _parse_day_first(cleaned, now)
    if parsed is None and _could_be_a_time(cleaned):
        parsed = _parse_natural(cleaned, now)
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
        parsed = local(parsed)
    if not allow_long_ago and now - parsed > LONG_AGO and not re.search(rf"\b{parsed.year}\b", cleaned):
        raise WhenError(
            f"{cleaned!r} reads as {parsed:%a %d %b %Y %H:%M}, more than a year ago. If that is right, "
            f"type the date with its year in full, such as \"{parsed:%d/%m/%Y %H:%M}\"."
        )
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


# 21/11, 21.11.2026, 21-11 9:30, 3/11 2pm: a date in figures, day first, and perhaps a time.
DAY_FIRST = re.compile(r"^(?P<day>\d{1,3})(?P<sep>[/.-])(?P<month>\d{1,3})(?:(?P=sep)(?P<year>\d+))?(?:[ ,T]+(?P<time>.+))?$")
CLOCK_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)


def _parse_day_first(text: str, now: datetime) -> datetime | None:
    """A date in figures, read day first; WhenError for one that only makes sense month first."""
    match = DAY_FIRST.match(text)
    if match is None:
        return None
    day, month, year_text = int(match["day"]), int(match["month"]), match["year"]
    if not (1 <= day <= 31 and 1 <= month <= 12):
        raise WhenError(
            f"{text!r} is not a date: reflect reads dates day first, as in the UK, so 21/11 is 21 November. "
            "Type the day, then the month."
        )
    if year_text is not None and len(year_text) != 4:
        raise WhenError(f"{text!r} has a {len(year_text)}-digit year: type the year in full, such as 21/11/2026.")
    hour = minute = 0
    if match["time"]:
        clock = CLOCK_TIME.match(match["time"].strip())
        if clock is None:
            return None  # "21/11 half past nine": left to the natural-language reader, day first
        hour, minute = int(clock["hour"]), int(clock["minute"] or 0)
        half = (clock["half"] or "").lower().replace(".", "")
        if half and not 1 <= hour <= 12:
            raise WhenError(f"{text!r}: {hour} {half} is not a time. Use 9:30, 9.30pm or 21:30.")
        if half == "pm" and hour != 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            raise WhenError(f"{text!r}: {match['time'].strip()} is not a time of day. Use 9:30 or 21:30.")
    local_today = now.astimezone().replace(tzinfo=None)
    year = int(year_text) if year_text else local_today.year
    try:
        parsed = datetime(year, month, day, hour, minute)
        if year_text is None and parsed - local_today > FUTURE_TOLERANCE:
            parsed = parsed.replace(year=year - 1)  # no year given: the most recent such day
    except ValueError:
        raise WhenError(f"{text!r} is not a date: there is no day {day} in that month.") from None
    return parsed


def _parse_natural(text: str, now: datetime) -> datetime | None:
    import dateparser  # imported only here: it is slow to load and rarely needed

    settings = {
        "RELATIVE_BASE": now.astimezone().replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
        # Read as wall-clock time with no zone of dateparser's own: its local-zone lookup fails on
        # TZ values the system accepts (POSIX rules, unknown names), and the zone is applied here.
        "TIMEZONE": "UTC",
    }
    parsed: datetime | None = dateparser.parse(text, languages=["en"], settings=settings)  # dateparser is untyped
    return parsed


def start_of_local_day(moment: datetime, days_later: int = 0) -> datetime:
    """Local midnight of `moment`'s day (plus some days), with the offset that midnight really has.

    Built from the calendar date, so a day with a clock change still starts and ends at midnight.
    """
    day = moment.date() + timedelta(days=days_later)
    return local(datetime(day.year, day.month, day.day))


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
                     end_name: str = "--to") -> Selection:  # fmt: skip
    """A period [start, end) as typed: "2026-09-01" to "yesterday"; either may be empty. No filters.

    A day named as the end ("2026-11-30", "yesterday") includes the whole of that day. An end that
    names a day also sets the Selection's days (start_day, end_day), so that the store chooses by the
    day on each reflection's own clock, whatever the zone is now; a moment ("3 hours ago") stays an
    instant. Raises WhenError saying what was wrong, naming the fields as `start_name` and `end_name`.
    """
    def problem(message: str, field: str) -> WhenError:
        error = WhenError(message)
        error.field = field
        return error

    def read(text: str, name: str) -> datetime | None:
        if not text.strip():
            return None
        try:
            return parse_when(text, now, allow_future=True, allow_long_ago=True)
        except WhenError as error:
            raise problem(f"{name}: {error}", name) from None

    start = read(start_text, start_name)
    end = read(end_text, end_name)
    start_day = end_day = None
    if start is not None and names_a_whole_day(start_text, start):
        start_day = start.date()
        start = start_of_local_day(start)
    if end is not None and names_a_whole_day(end_text, end):
        end_day = end.date() + timedelta(days=1)
        end = start_of_local_day(end, days_later=1)
    if start is not None and start >= now:
        raise problem(f"{start_name} must be in the past: {start:%a %d %b %Y} is still to come, in the future.", start_name)
    if start is not None and end is None:
        end = now
    if start is not None and end is not None and end <= start:
        raise problem(f"{end_name} must come after {start_name}.", end_name)
    # Imported here: `reflect` checks the time zone through this module before the app's first paint,
    # which the model's dataclasses need not wait for.
    from reflect.model import Selection

    return Selection(start=start, end=end, start_day=start_day, end_day=end_day)
