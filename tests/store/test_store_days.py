"""A period of whole days chooses reflections by the local day stored with each, not by the instants of the zone now."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from reflect.model import Answer, Reflection, Response, Selection

LONDON_SUMMER = timezone(timedelta(hours=1))
NEW_YORK_SUMMER = timezone(timedelta(hours=-4))
KIRITIMATI = timezone(timedelta(hours=14))


def reflection_at(occurred_at: datetime, *, note: str = "") -> Reflection:
    return Reflection(
        uuid=str(uuid.uuid4()),
        question_set_id="recovery-practices",
        question_set_version=1,
        occurred_at=occurred_at,
        created_at=occurred_at,
        updated_at=occurred_at,
        answers={"hope": Answer(Response.YES, note=note)},
        commitment=note,
    )


@pytest.fixture
def around_midnight(store):  # type: ignore[no-untyped-def]
    """Four reflections, each on the day its own clock said, whatever day it was in UTC."""
    store.save_many([
        reflection_at(datetime(2025, 6, 11, 0, 30, tzinfo=LONDON_SUMMER), note="London, 11th"),  # 23:30 UTC on the 10th
        reflection_at(datetime(2025, 6, 10, 23, 30, tzinfo=NEW_YORK_SUMMER), note="New York, 10th"),  # 03:30 UTC on the 11th
        reflection_at(datetime(2025, 6, 11, 1, 0, tzinfo=KIRITIMATI), note="Kiritimati, 11th"),  # 11:00 UTC on the 10th
        reflection_at(datetime(2025, 6, 12, 12, 0, tzinfo=LONDON_SUMMER), note="London, 12th"),
    ])  # fmt: skip
    return store


def days(start: date | None, end: date | None) -> Selection:
    """[start, end) as days, with instants that a zone far from all of them would give (UTC-11)."""
    far = timezone(timedelta(hours=-11))
    return Selection(
        start=datetime(start.year, start.month, start.day, tzinfo=far) if start else None,
        end=datetime(end.year, end.month, end.day, tzinfo=far) if end else None,
        start_day=start, end_day=end,
    )  # fmt: skip


def notes_of(store, selection: Selection) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(reflection.commitment for reflection in store.reflections(selection))


def test_whole_days_choose_by_the_day_each_reflection_was_made_on(around_midnight) -> None:  # type: ignore[no-untyped-def]
    eleventh = days(date(2025, 6, 11), date(2025, 6, 12))

    assert notes_of(around_midnight, eleventh) == ["Kiritimati, 11th", "London, 11th"]
    assert notes_of(around_midnight, days(date(2025, 6, 10), date(2025, 6, 11))) == ["New York, 10th"]
    assert sum(around_midnight.count_reflections(eleventh).values()) == 2
    assert around_midnight.reflections_by_day(eleventh) == {"2025-06-11": 2}
    assert [r.commitment for r in around_midnight.commitments(eleventh)] == ["London, 11th", "Kiritimati, 11th"]


def test_a_period_may_be_days_at_one_end_only(around_midnight) -> None:  # type: ignore[no-untyped-def]
    from_the_eleventh = Selection(start_day=date(2025, 6, 11), start=datetime(2025, 6, 11, tzinfo=NEW_YORK_SUMMER))
    up_to_the_eleventh = Selection(end_day=date(2025, 6, 12), end=datetime(2025, 6, 12, tzinfo=NEW_YORK_SUMMER))

    assert notes_of(around_midnight, from_the_eleventh) == ["Kiritimati, 11th", "London, 11th", "London, 12th"]
    assert notes_of(around_midnight, up_to_the_eleventh) == ["Kiritimati, 11th", "London, 11th", "New York, 10th"]


def test_the_period_before_days_is_as_many_days_before() -> None:
    week = days(date(2025, 6, 9), date(2025, 6, 16))

    before = week.previous()

    assert before is not None
    assert (before.start_day, before.end_day) == (date(2025, 6, 2), date(2025, 6, 9))
    assert (before.start, before.end) == (week.start - timedelta(days=7), week.start)


def test_instants_still_choose_by_instant(around_midnight) -> None:  # type: ignore[no-untyped-def]
    utc_tenth = Selection(start=datetime(2025, 6, 10, tzinfo=UTC), end=datetime(2025, 6, 11, tzinfo=UTC))

    assert notes_of(around_midnight, utc_tenth) == ["Kiritimati, 11th", "London, 11th"]
