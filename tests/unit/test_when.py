"""Reading times as practitioners type them, and whole days across clock changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from reflect.when import WhenError, names_a_whole_day, parse_when, start_of_local_day

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 16, 30, tzinfo=LONDON)


def test_a_relative_time_is_read_against_now() -> None:
    assert parse_when("yesterday 15:00", NOW) == datetime(2026, 11, 22, 15, 0, tzinfo=LONDON)
    assert parse_when("2 hours ago", NOW) == NOW - timedelta(hours=2)


def test_a_future_time_is_refused_unless_allowed() -> None:
    with pytest.raises(WhenError, match="future"):
        parse_when("2026-12-31", NOW)
    assert parse_when("2026-12-31", NOW, allow_future=True).date().isoformat() == "2026-12-31"


@pytest.mark.parametrize(
    ("text", "whole_day"),
    [
        ("2026-11-01", True),
        ("last monday", True),
        ("yesterday", True),
        ("2026-11-01T10", False),
        ("2026-11-01 10:00", False),
        ("30 seconds ago", False),
        ("3 hours ago", False),
        ("noon", False),
    ],
)
def test_whether_text_names_a_whole_day(text: str, whole_day: bool) -> None:
    assert names_a_whole_day(text, parse_when(text, NOW)) is whole_day


def test_a_whole_day_keeps_midnight_on_both_sides_of_a_clock_change() -> None:
    # 25 October 2026: the clocks in London go back an hour, so that day is 25 hours long.
    clock_change = datetime(2026, 10, 25, 12, 0, tzinfo=LONDON)
    start, end = start_of_local_day(clock_change), start_of_local_day(clock_change, days_later=1)
    assert (start.hour, end.hour) == (0, 0)
    assert end - start == timedelta(hours=25)


# Dates as UK practitioners type them: day first, never guessed ------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21/11 9:30", datetime(2026, 11, 21, 9, 30)),
        ("21/11/2026 09:30", datetime(2026, 11, 21, 9, 30)),
        ("1/6 10:00", datetime(2026, 6, 1, 10, 0)),
        ("21.11 14:05", datetime(2026, 11, 21, 14, 5)),
        ("21-11-2026", datetime(2026, 11, 21)),
        ("3/11 2pm", datetime(2026, 11, 3, 14, 0)),
        ("21/11/2024 9:30", datetime(2024, 11, 21, 9, 30)),
    ],
)
def test_a_date_in_figures_is_read_day_first(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected.replace(tzinfo=LONDON)


@pytest.mark.parametrize("text", ["11/21 9:30", "11/21", "12/31/2025", "0/11 9:00", "32/1"])
def test_a_date_that_only_reads_month_first_is_refused_saying_dates_are_day_first(text: str) -> None:
    with pytest.raises(WhenError, match="day first"):
        parse_when(text, NOW)


@pytest.mark.parametrize("text", ["21/11/26 9:30", "21/11/26", "1.6.25"])
def test_a_two_digit_year_is_refused_asking_for_the_year_in_full(text: str) -> None:
    with pytest.raises(WhenError, match="year in full"):
        parse_when(text, NOW)


@pytest.mark.parametrize("text", ["2 years ago", "400 days ago", "18 months ago"])
def test_a_time_more_than_a_year_ago_without_its_year_typed_is_refused(text: str) -> None:
    with pytest.raises(WhenError, match="more than a year ago"):
        parse_when(text, NOW)


def test_a_period_may_reach_back_more_than_a_year() -> None:
    assert parse_when("2 years ago", NOW, allow_future=True, allow_long_ago=True).year == 2024


# Time zones that the system accepts but Python's zone lookups do not ---------------------------


@pytest.mark.parametrize("zone", ["Nowhere/Zone", "EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30"])
def test_a_time_is_read_whatever_the_tz_variable_holds(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from reflect.when import local_now

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    now = local_now()
    assert parse_when("yesterday 15:00", now).hour == 15
    assert parse_when("2 hours ago", now) == now - timedelta(hours=2)


def test_a_time_zone_beyond_a_day_is_named_in_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from reflect.when import TimeZoneError, local_now

    monkeypatch.setenv("TZ", "UTC+25")
    time.tzset()
    with pytest.raises(TimeZoneError, match=r"TZ='UTC\+25'.*Europe/London"):
        local_now()
