"""The options several commands share, read: --from and --to as a period, --as as a name."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

from reflect.cli.errors import UsageError, usage_on

if TYPE_CHECKING:
    from reflect.model import Selection


def period(args: argparse.Namespace) -> Selection:
    """--from and --to as [start, end), no filters: a --to that names a day covers the whole of that day.

    Bounds that name days carry them, so the reflections chosen are those made on those days by
    their own clocks, whatever the time zone is now (see Selection).
    """
    from reflect.model import utc_now
    from reflect.when import WhenError, period_from_text

    with usage_on(WhenError):
        chosen = period_from_text(args.start, args.end, utc_now().astimezone())
    return chosen


def period_or_last_four_weeks(args: argparse.Namespace, now: datetime) -> Selection:
    """--from and --to if either is given; else the four weeks up to `now` (a summary's, a bundle's)."""
    from reflect.model import Selection
    from reflect.patterns import period_bounds

    if args.start.strip() or args.end.strip():
        return period(args)
    start, end = period_bounds("4w", now)
    return Selection(start=start, end=end)


def shown_name(text: str) -> str:
    """--as NAME, tidied; a UsageError saying what a name may be if it cannot be one."""
    from reflect.services.identity import DISPLAY_NAME_MAX, display_name

    name = display_name(text)
    if name is None:
        raise UsageError(f"Give a name of 1 to {DISPLAY_NAME_MAX} characters with --as, such as --as \"Sam Okafor\".")
    return name
