"""A period as typed: whole days carry their dates (the store chooses by each reflection's own day); moments stay instants."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from reflect.when import period_from_text

NOW = datetime(2026, 11, 23, 16, 30, tzinfo=ZoneInfo("Europe/London"))


def test_days_named_at_both_ends_are_carried_as_days() -> None:
    period = period_from_text("2026-11-01", "2026-11-05", NOW)

    assert (period.start_day, period.end_day) == (date(2026, 11, 1), date(2026, 11, 6))
    assert (period.start, period.end) == (datetime(2026, 11, 1, tzinfo=ZoneInfo("Europe/London")),
                                          datetime(2026, 11, 6, tzinfo=ZoneInfo("Europe/London")))  # fmt: skip


def test_words_that_name_a_day_are_days_too() -> None:
    period = period_from_text("yesterday", "yesterday", NOW)

    assert (period.start_day, period.end_day) == (date(2026, 11, 22), date(2026, 11, 23))


def test_moments_stay_instants() -> None:
    period = period_from_text("3 hours ago", "", NOW)

    assert (period.start_day, period.end_day) == (None, None)
    assert (period.start, period.end) == (NOW - timedelta(hours=3), NOW)


def test_a_day_at_one_end_and_a_moment_at_the_other() -> None:
    period = period_from_text("2026-11-01", "2 hours ago", NOW)

    assert (period.start_day, period.end_day) == (date(2026, 11, 1), None)
    assert period.end == NOW - timedelta(hours=2)
    assert period.kind is None and period.tag is None
