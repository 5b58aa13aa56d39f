"""`reflect share` and `reflect team`: a practitioner's supervision bundle, and a supervisor's team view."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from reflect.cli.apps import run_until_closed
from reflect.cli.database import check_database, database_exists, opened_store, opened_team, team_database
from reflect.cli.errors import EXIT_OK, Failure, UsageError, failing_on
from reflect.cli.options import period_or_last_four_weeks, shown_name
from reflect.cli.output import output_file, write_output
from reflect.display import visible

if TYPE_CHECKING:
    from reflect.server_url import Location, ServerURL
    from reflect.services.sharing import PreparedBundle
    from reflect.services.team import PractitionerNotFound
    from reflect.store import Store


def command_share(args: argparse.Namespace) -> int:
    from reflect.cli.sharing_server import EXAMPLE_URL, command_withdraw, share_destination
    from reflect.model import utc_now
    from reflect.questions import default_question_set
    from reflect.services.sharing import NoName, NothingToShare, bundle_text, prepare_bundle, remember_sharer

    url = share_destination(args)
    if args.withdraw:
        return command_withdraw(args, url)
    if args.all_periods:
        raise UsageError("--all goes with --withdraw: a bundle you share is of one period (choose it with --from and --to).")
    now = utc_now().astimezone()
    chosen = period_or_last_four_weeks(args, now)
    given_name = shown_name(args.name) if args.name else None
    path, _ = check_database(args)
    if url is not None and args.output:
        raise UsageError("Give --output FILE or --to URL, not both: a bundle goes into a file or straight into a team database.")
    output = None if url is not None else output_file(args, path)
    if output is None and url is None:
        raise UsageError(
            f"Give the bundle a file name with --output, such as --output bundle.json, or your team database's URL with --to {EXAMPLE_URL}."
        )
    if not database_exists(path):
        raise Failure(f"There is no database at {path} yet, so nothing to share. Check --db.")
    with opened_store(args) as store:
        try:
            prepared = prepare_bundle(
                store, default_question_set(), period=chosen, name=given_name,
                include_notes=args.include_notes, now=now, by_week=args.by_week,
            )  # fmt: skip
        except NoName:
            raise UsageError('Give the name your supervisor will see with --as, such as --as "Sam Okafor" (it is remembered).') from None
        except NothingToShare as nothing:
            raise Failure(f"There are no reflections from {nothing.period} to share. Choose a longer period with --from.") from None
        if prepared.identifiers:
            listed = prepared.identifiers_listed()
            if not args.keep_identifiers:
                raise Failure(
                    f"Nothing was {'shared' if url else 'written'}: the notes in this bundle may identify someone you support: {listed}. "
                    "Edit those notes in reflect, or add --keep-identifiers to share them as written."
                )
            print(f"reflect: shared as written, though the notes may identify someone: {visible(listed)}.", file=sys.stderr)
        if url is not None:
            return _share_to_server(args, store, prepared, url)
        for line in prepared.description():
            print(line, file=sys.stderr)
        assert output is not None
        if not args.yes and sys.stdin.isatty():
            replacing = " (replacing the file there)" if output.exists() else ""
            print(f"Write it to {output}{replacing}? [y/N] ", end="", file=sys.stderr, flush=True)
            if sys.stdin.readline().strip().lower() not in ("y", "yes"):
                raise Failure("Nothing was written.")
        remember_sharer(store, prepared)
    write_output(output, bundle_text(prepared))
    print(f"Wrote {output} (readable by you alone). Give it to your supervisor in whatever way your service agrees.", file=sys.stderr)
    return EXIT_OK


def _share_to_server(args: argparse.Namespace, store: Store, prepared: PreparedBundle, url: ServerURL) -> int:
    """The prepared bundle straight into the team database at `url`, after asking; remembered only once it is there."""
    from reflect.cli.sharing_server import opened_team_to_share, replacing_words, submit, submitted_words
    from reflect.services.sharing import remember_sharer

    # The team database is reached before asking, so that a wrong URL or a server that is down is
    # said at once, not after the practitioner has agreed.
    with opened_team_to_share(url, nothing="nothing was shared") as team:
        for line in prepared.description():
            print(line, file=sys.stderr)
        if not args.yes and sys.stdin.isatty():
            print(f"Share it into the team database at {url}{replacing_words(team, prepared)}? [y/N] ", end="", file=sys.stderr, flush=True)
            if sys.stdin.readline().strip().lower() not in ("y", "yes"):
                raise Failure("Nothing was shared.")
        outcome = submit(team, prepared, url)
    remember_sharer(store, prepared)
    print(submitted_words(outcome, prepared, url))
    return EXIT_OK


def command_team(args: argparse.Namespace) -> int:
    action = getattr(args, "team_action", None)
    if action == "import":
        return _team_import(args)
    if action == "supervision":
        from reflect.cli.supervision import command_supervision

        return command_supervision(args)
    path = team_database(args, must_exist=True)
    if action == "remove":
        return _team_remove(args, path)
    if action == "report":
        return _team_report(args, path)
    if action == "summary":
        from reflect.questions import default_question_set
        from reflect.services.team import team_summary

        with opened_team(path) as store:
            print(team_summary(store, default_question_set()))
        return EXIT_OK
    with opened_team(path):
        pass  # refuse a database that is not a team's before any screen is drawn
    from reflect.tui.team import TeamApp

    return run_until_closed(TeamApp(db_path=path))


def _team_import(args: argparse.Namespace) -> int:
    from reflect.exchange.files import FileProblem
    from reflect.exchange.report import period_words, short_date
    from reflect.model import Selection
    from reflect.service import reflections_phrase
    from reflect.services.team import ConflictingBundle, import_bundles, read_bundles

    path = team_database(args, must_exist=False)
    with failing_on(FileProblem):
        bundles = read_bundles(args.bundles)
    with opened_team(path) as store:
        try:
            outcomes = import_bundles(store, bundles)
        except ConflictingBundle as conflict:
            raise Failure(
                f"{conflict.source}: {conflict.count} of its reflections are already in the team database, in "
                f"{conflict.other_name}'s bundle. One reflection cannot belong to two practitioners; nothing was imported."
            ) from None
    for done in outcomes:
        name, bundle = done.label, done.bundle
        shared = f"{short_date(done.practitioner.bundle_created_at)}"
        count = reflections_phrase(len(bundle.reflections))
        period = period_words(Selection(start=done.practitioner.period_start, end=done.practitioner.period_end))
        if done.outcome == "added":
            print(f"{name}: added their bundle of {shared} ({count}).")
        elif done.outcome == "added period":
            print(f"{name}: added their bundle of {shared} for {period} ({count}); "
                  f"the team database holds {done.periods} periods of theirs.")  # fmt: skip
        elif done.outcome == "replaced":
            print(f"{name}: their bundle of {shared} ({count}) replaces the one of "
                  f"{short_date(done.before.created_at) if done.before else 'before'} for the same period, {period}.")  # fmt: skip
        elif done.outcome == "already here":
            print(f"{name}: {bundle.name} is already in the team database; nothing changed.")
        else:
            print(f"{name}: {bundle.name} ({shared}) is older than the bundle already held for {period}; left as it was.")
        if done.namesakes and done.outcome == "added":
            others = ", ".join(done.namesakes)
            print(f"  Someone else in the team database is also called {done.practitioner.display_name} ({others}): "
                  "each keeps their own bundles, told apart by the id beside the name.")  # fmt: skip
    return EXIT_OK


def not_found(missing: PractitionerNotFound, path: Location, command: str) -> str:
    """What to say when a name or id given to a team command names no one, or several."""
    if not missing.several:
        return f"No practitioner called {missing.given!r} is in the team database. `reflect team --db {path} summary` lists them."
    several = "More than one practitioner's id starts with" if missing.by_id else "More than one practitioner goes by"
    named = ", ".join(f"{name} ({short})" for name, short in missing.candidates)
    return (
        f"{several} {missing.given!r}: {named}. Give the id shown beside the name instead, such as "
        f"`reflect team --db {path} {command} {missing.candidates[0][1]}`."
    )


def _team_remove(args: argparse.Namespace, path: Location) -> int:
    from reflect.service import reflections_phrase
    from reflect.services.team import NotYoursToRemove, PractitionerNotFound, remove_practitioner

    with opened_team(path) as store:
        try:
            removed = remove_practitioner(store, args.practitioner)
        except PractitionerNotFound as missing:
            raise UsageError(not_found(missing, path, "remove")) from None
        except NotYoursToRemove as theirs:
            raise Failure(
                f"{theirs}'s bundles were submitted by them: you may read them, but only they can withdraw them, "
                "with their own role (reflect lets no one else, not even the administrator); nothing was removed."
            ) from None
    print(f"Removed {removed.label} and their {reflections_phrase(removed.practitioner.reflections)} from the team database.")
    return EXIT_OK


def _team_report(args: argparse.Namespace, path: Location) -> int:
    from reflect.model import utc_now
    from reflect.questions import default_question_set
    from reflect.services.team import team_report

    # --format, or else what --output's name suggests, or else Markdown (as `reflect report` chooses).
    fmt = args.format or ("html" if args.output.strip().lower().endswith((".html", ".htm")) else "md")
    output = output_file(args, path)
    with opened_team(path) as store:
        written = team_report(store, default_question_set(), fmt, now=utc_now().astimezone())
    write_output(output, written.text)
    if output is not None:
        count = f"{written.practitioners} practitioner" + ("s" if written.practitioners != 1 else "")
        print(f"Wrote the team summary ({count}) to {output}.", file=sys.stderr)
    return EXIT_OK
