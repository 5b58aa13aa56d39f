"""The options several commands share, read: --from and --to as a period, --as as a name."""

from __future__ import annotations

import argparse
from datetime import datetime

from reflect.cli.errors import UsageError, usage_on


def period(args: argparse.Namespace) -> tuple[datetime | None, datetime | None]:
    """--from and --to as [start, end): a --to that names a day covers the whole of that day."""
    from reflect.model import utc_now
    from reflect.when import WhenError, period_from_text

    with usage_on(WhenError):
        bounds = period_from_text(args.start, args.end, utc_now().astimezone())
    return bounds


def period_or_last_four_weeks(args: argparse.Namespace, now: datetime) -> tuple[datetime | None, datetime | None]:
    """--from and --to if either is given; else the four weeks up to `now` (a summary's, a bundle's)."""
    from reflect.patterns import period_bounds

    if args.start.strip() or args.end.strip():
        return period(args)
    return period_bounds("4w", now)


def shown_name(text: str) -> str:
    """--as NAME, tidied; a UsageError saying what a name may be if it cannot be one."""
    from reflect.services.identity import DISPLAY_NAME_MAX, display_name

    name = display_name(text)
    if name is None:
        raise UsageError(f"Give a name of 1 to {DISPLAY_NAME_MAX} characters with --as, such as --as \"Sam Okafor\".")
    return name
