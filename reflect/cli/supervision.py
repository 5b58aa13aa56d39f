"""`reflect team --db TEAM.db supervision ...`: the supervisor's record of supervision sessions.

Thin: the arguments are handed to reflect.services.supervision, which checks them and keeps the
record, and what comes back is worded here.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.cli.database import opened_team, team_database
from reflect.cli.errors import EXIT_OK, Failure, UsageError
from reflect.cli.output import output_file, write_output
from reflect.display import visible

if TYPE_CHECKING:
    from reflect.store import Store


def command_supervision(args: argparse.Namespace) -> int:
    from reflect.cli.sharing import not_found
    from reflect.services.supervision import SupervisionProblem
    from reflect.services.team import PractitionerNotFound

    path = team_database(args, must_exist=True)
    command = f"reflect team --db {path} supervision"
    action = args.supervision_action
    output = output_file(args, path) if action in ("print", "feedback") else None
    try:
        with opened_team(path) as store:
            if action == "agreement":
                return _agreement(args, store)
            if action == "record":
                return _record(args, store, command)
            if action == "feedback":
                return _feedback(args, store, output)
            return _show(args, store, command, output)
    except PractitionerNotFound as missing:
        raise UsageError(not_found(missing, path, f"supervision {action}")) from None
    except SupervisionProblem as problem:
        raise UsageError(f"{problem} Nothing was {'written' if action == 'feedback' else 'recorded'}.") from None


def _agreement(args: argparse.Namespace, store: Store) -> int:
    from reflect.model import utc_now
    from reflect.services.supervision import note_agreement

    practitioner, agreement = note_agreement(
        store, args.practitioner, frequency=args.frequency, confidentiality=args.confidentiality, now=utc_now()
    )
    print(f"Noted the supervision agreement with {practitioner.display_name}: {agreement.frequency}.")
    return EXIT_OK


def _held_on(given: str, today: date) -> date:
    text = given.strip().lower()
    if text == "today":
        return today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date {given.strip()!r} is not a day; write it as 2026-12-01 (or today).") from None


def _record(args: argparse.Namespace, store: Store, command: str) -> int:
    from reflect.exchange.supervision_record import day_words
    from reflect.model import utc_now
    from reflect.services.supervision import record_session

    now = utc_now().astimezone()
    recorded = record_session(
        store, args.practitioner, held_on=_held_on(args.held_on, now.date()), attendees=args.attendees,
        discussed=args.discussed, actions=args.actions, outcomes=[(number, words) for number, words in args.went],
        today=now.date(), now=now, comments=[(wanted, words) for wanted, words in args.comments],
    )  # fmt: skip
    session = recorded.session
    parts = []
    if session.discussed:
        parts.append(f"{len(session.discussed)} flagged item" + ("s" if len(session.discussed) != 1 else "") + " discussed")
    if session.actions:
        numbers = ", ".join(str(number) for number in recorded.numbers)
        parts.append(f"action{'s' if len(recorded.numbers) != 1 else ''} {numbers} agreed")
    if session.reviewed:
        parts.append("how " + ", ".join(str(action.number) for action in session.reviewed) + " went")
    said = "; ".join(parts) or "no actions agreed"
    print(f"Recorded the session of {day_words(session.held_on)} with {', '.join(session.attendees)}: {said}.")
    print(f"`{command} show {recorded.practitioner.id[:8]}` shows the whole record.", file=sys.stderr)
    return EXIT_OK


def _show(args: argparse.Namespace, store: Store, command: str, output: Path | None) -> int:
    from reflect.exchange.supervision_record import record_as_text, render_record
    from reflect.model import utc_now
    from reflect.services.supervision import supervision_record

    record = supervision_record(store, args.practitioner, now=utc_now().astimezone())
    if args.supervision_action == "show":
        write_output(None, record_as_text(record, command=command))
        return EXIT_OK
    fmt = args.format or ("html" if args.output.strip().lower().endswith((".html", ".htm")) else "md")
    write_output(output, render_record(record, fmt))
    if output is not None:
        print(f"Wrote {record.practitioner.display_name}'s supervision record to {output}.", file=sys.stderr)
    return EXIT_OK


def _feedback(args: argparse.Namespace, store: Store, output: Path | None) -> int:
    from reflect.exchange.supervision_record import day_words
    from reflect.model import utc_now
    from reflect.services.feedback import feedback_text, prepare_feedback

    now = utc_now().astimezone()
    held_on = _held_on(args.held_on, now.date()) if args.held_on.strip() else None
    prepared = prepare_feedback(store, args.practitioner, held_on=held_on, now=now)
    if prepared.identifiers:
        listed = "; ".join(prepared.identifiers)
        if not args.keep_identifiers:
            raise Failure(
                f"Nothing was written: your words may identify someone: {listed}. "
                "Change them (record the session again) or add --keep-identifiers to send them as written."
            )
        print(f"reflect: written as given, though your words may identify someone: {visible(listed)}.", file=sys.stderr)
    write_output(output, feedback_text(prepared))
    session = prepared.session
    comments, actions = len(session.comments), len(session.actions)
    held = [f"{comments} comment" + ("s" if comments != 1 else ""), f"{actions} action" + ("s" if actions != 1 else "") + " agreed"]
    print(
        f"Wrote {output or 'the feedback'} (readable by you alone): the session of {day_words(session.held_on)} for "
        f"{prepared.practitioner.display_name}, with {' and '.join(held)}. They import it with `reflect feedback import {output.name if output else 'FILE'}`.",
        file=sys.stderr,
    )
    return EXIT_OK
