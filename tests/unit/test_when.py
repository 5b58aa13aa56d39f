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
