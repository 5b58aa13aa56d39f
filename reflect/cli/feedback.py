"""`reflect feedback import FILE`: a practitioner brings in the feedback their supervisor sent."""

from __future__ import annotations

import argparse
import sys

from reflect.cli.database import check_database, database_exists, opened_store
from reflect.cli.errors import EXIT_OK, Failure, failing_on


def command_feedback(args: argparse.Namespace) -> int:
    from reflect.exchange.feedback import read_feedback
    from reflect.exchange.files import FileProblem
    from reflect.exchange.supervision_record import day_words
    from reflect.model import utc_now
    from reflect.services.feedback import NotForThisJournal, import_feedback

    path, _ = check_database(args)
    with failing_on(FileProblem):
        feedback = read_feedback(args.file)
    if not database_exists(path):
        raise Failure(f"There is no database at {path}, so nothing the feedback could be about. Check --db.")
    with opened_store(args) as store:
        try:
            done = import_feedback(store, feedback, now=utc_now())
        except NotForThisJournal as other:
            raise Failure(
                f"{feedback.name} is feedback for bundles shared from another journal"
                + (" (this one has never shared a bundle)" if other.never_shared else "")
                + "; nothing was imported. Check --db."
            ) from None
    session = f"your supervision of {day_words(feedback.held_on)} (with {', '.join(feedback.attendees)})"
    if not done.imported:
        print(f"The feedback from {session} is already here; nothing changed.")
        return EXIT_OK
    parts = []
    if done.comments:
        parts.append("1 comment now on the reflection it is about" if done.comments == 1 else f"{done.comments} comments now on the reflections they are about")
    if done.actions:
        parts.append(f"{done.actions} agreed action" + ("s" if done.actions != 1 else "") + " now among your commitments")
    print(f"From {session}: {'; '.join(parts) or 'nothing to add'}.")
    if done.missing:
        print(
            f"{done.missing} comment" + (" is" if done.missing == 1 else "s are")
            + " about a reflection no longer in this journal, and " + ("was" if done.missing == 1 else "were") + " left out.",
            file=sys.stderr,
        )
    return EXIT_OK
