"""Reading "when did the interaction happen?" as a practitioner would type it."""

from __future__ import annotations

from datetime import datetime, timedelta

# A little slack so "now" typed a moment ago is never "in the future".
FUTURE_TOLERANCE = timedelta(minutes=5)
EARLIEST_YEAR = 1970


class WhenError(ValueError):
    """Text that could not be read as a time, with a message saying what to type instead."""


def parse_when(text: str, now: datetime) -> datetime:
    """Parse `text` ("now", "yesterday 15:00", "2 hours ago", "21/11 9:30", ISO) relative to `now`.

    `now` is timezone-aware. A typed time without a zone is local wall-clock time, read
    with the system's rules for that date (so a back-dated time across a clock change
    gets the offset it had then).
    Raises WhenError for text that is not a time or names a time in the future.
    """
    cleaned = " ".join(text.split())
    if not cleaned or cleaned.lower() in ("now", "just now"):
        return now
    parsed = _parse_iso(cleaned) or _parse_natural(cleaned, now)
    if parsed is None:
        raise WhenError(
            f"Could not read {cleaned!r} as a time. Try \"yesterday 15:00\", \"2 hours ago\", "
            "\"21/11 9:30\" or \"2026-11-21 09:30\"."
        )
    if parsed.year < EARLIEST_YEAR:
        raise WhenError(f"{cleaned!r} is before {EARLIEST_YEAR}. Check the date of the interaction.")
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()
    if parsed - now > FUTURE_TOLERANCE:
        raise WhenError(
            f"{cleaned!r} is in the future ({parsed:%a %d %b %Y %H:%M}). "
            "A reflection is about an interaction that has happened."
        )
    return parsed


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
