"""`reflect revalidation`: the reflective accounts written, against the NMC's five in a three-year cycle."""

from __future__ import annotations

import argparse
from datetime import date

from reflect.cli.database import check_database, database_exists, opened_store
from reflect.cli.errors import EXIT_OK, Failure, UsageError
from reflect.cli.output import write_output


def command_revalidation(args: argparse.Namespace) -> int:
    from reflect.exchange.revalidation_tracker import discussion_form_text, tracker_as_text
    from reflect.model import utc_now
    from reflect.services.revalidation import ACCOUNTS_NEEDED, RevalidationProblem, set_revalidation_date, tracker

    today = utc_now().astimezone().date()
    given = args.revalidation_date.strip()
    day = None
    if given:
        try:
            day = date.fromisoformat(given)
        except ValueError:
            raise UsageError(f"--date {given!r} is not a day; write your revalidation date as 2027-06-30.") from None
    path, _ = check_database(args)
    if not database_exists(path):
        raise Failure(f"There is no database at {path} yet, so no reflective accounts to count. Check --db.")
    with opened_store(args) as store:
        if day is not None:
            try:
                set_revalidation_date(store, day, today=today)
            except RevalidationProblem as problem:
                raise UsageError(f"{problem} Nothing was changed.") from None
        found = tracker(store, today=today)
    write_output(None, discussion_form_text(found) if args.discussion_form else tracker_as_text(found, needed=ACCOUNTS_NEEDED))
    return EXIT_OK
