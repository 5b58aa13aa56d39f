"""`reflect share --to postgresql://...`: where a bundle goes (a file or a team database on a server),
the team database opened to share into, and `--withdraw`.

`--to` already named a period's last day; a value that is a URL names the team database instead,
so `--to 2026-11-30 --to postgresql://...` gives both. Everything that decides what a bundle holds,
and what becomes of it in the team database, is in reflect.services.sharing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.cli.errors import EXIT_OK, Failure, UsageError, failing_on

if TYPE_CHECKING:
    from reflect.server_url import ServerURL
    from reflect.services.sharing import PreparedBundle
    from reflect.services.team import BundleOutcome
    from reflect.store import HeldBundle, Store

EXAMPLE_URL = "postgresql://you@db.example.org/team"


def _looks_like_a_file(text: str) -> bool:
    """A name with a folder or a file's ending ("bundle.json", "./team.db"), which no date has."""
    suffix = Path(text).suffix
    return "/" in text or "\\" in text or (len(suffix) > 1 and suffix[1:].isalpha())


def share_destination(args: argparse.Namespace) -> ServerURL | None:
    """The team database --to names (None: none), leaving the day --to names, if any, in args.end."""
    from reflect.server_url import ServerURL, is_server_url, masked

    values = [value.strip() for value in args.to]
    urls = [value for value in values if "://" in value]
    days = [value for value in values if "://" not in value]
    if len(urls) > 1:
        raise UsageError(f"Give one team database with --to, not {len(urls)}.")
    if len(days) > 1:
        raise UsageError("Give the period's last day once with --to (a second --to may name the team database's postgresql:// URL).")
    args.end = days[0] if days else ""
    if args.end and _looks_like_a_file(args.end) and not _is_a_day(args.end):
        raise UsageError(
            f"--to takes the period's last day or your team database's URL (such as --to {EXAMPLE_URL}); "
            f"to write the bundle to a file, give --output {args.end}."
        )
    if not urls:
        return None
    given = urls[0]
    if not is_server_url(given):
        scheme = masked(given).partition("://")[0]
        raise UsageError(
            f"--to takes a PostgreSQL URL, such as --to {EXAMPLE_URL}; a {scheme}:// address is not one. "
            "To write the bundle to a file, give --output FILE."
        )
    return ServerURL(given)


def _is_a_day(text: str) -> bool:
    from reflect.model import utc_now
    from reflect.when import WhenError, period_from_text

    try:
        period_from_text("", text, utc_now().astimezone())
    except WhenError:
        return False
    return True


@contextmanager
def opened_team_to_share(url: ServerURL, *, nothing: str) -> Iterator[Store]:
    """The team database at `url`, open until the `with` ends: only one that is a team's already (never
    made or changed into one by sharing). `nothing` ("nothing was shared") ends each refusal."""
    from reflect.store import NotATeamDatabase, StoreError, open_store

    try:
        store = open_store(url, team=True, existing_team=True)
    except NotATeamDatabase as refused:
        if refused.holds_reflections:
            raise Failure(
                f"{url} is a practitioner's own database, not a team database: {nothing}, and it was left unchanged. "
                "Check the URL of your team's database with your supervisor."
            ) from None
        # A role given no use of a database's tables sees none there, as in an empty one.
        raise Failure(
            f"There is no team database at {url} that your role may use: {nothing}. Check the URL with your "
            "supervisor, or ask your organisation's administrator to let your role share into it."
        ) from None
    except StoreError as error:
        raise Failure(str(error)) from None
    try:
        with failing_on(StoreError):
            yield store
    finally:
        store.close()


def _bundle_words(bundle: HeldBundle) -> str:
    from reflect.exchange.report import period_words, short_date
    from reflect.model import Selection
    from reflect.service import reflections_phrase

    period = period_words(Selection(start=bundle.period_start, end=bundle.period_end))
    return f"your bundle of {short_date(bundle.created_at)} for {period} ({reflections_phrase(bundle.reflections)})"


def replacing_words(team: Store, prepared: PreparedBundle) -> str:
    """What asking before sharing says of the bundle it will replace there, if any."""
    from reflect.services.sharing import bundle_it_replaces

    before = bundle_it_replaces(team, prepared)
    return f" (replacing {_bundle_words(before)})" if before else ""


def submitted_words(outcome: BundleOutcome, prepared: PreparedBundle, url: ServerURL) -> str:
    """What was shared, said once it is in the team database."""
    from reflect.exchange.report import short_date
    from reflect.service import reflections_phrase

    bundle = outcome.bundle
    notes = "with your flagged notes" if outcome.practitioner.includes_notes else "without notes"
    what = f"your bundle for {prepared.period} ({reflections_phrase(len(bundle.reflections))}, {notes}) as {prepared.name}"
    if outcome.outcome == "replaced":
        before = f" of {short_date(outcome.before.created_at)}" if outcome.before else ""
        return f"Shared {what} into the team database at {url}; it replaces your bundle{before} for the same period."
    if outcome.outcome == "older":
        return f"Nothing changed at {url}: it holds a newer bundle of yours for {prepared.period}."
    if outcome.outcome == "already here":
        return f"Nothing changed at {url}: this very bundle is there already."
    return f"Shared {what} into the team database at {url}."


def submit(team: Store, prepared: PreparedBundle, url: ServerURL) -> BundleOutcome:
    """The bundle into the team database, or a Failure with nothing written."""
    from reflect.services.sharing import submit_bundle
    from reflect.services.team import ConflictingBundle

    try:
        return submit_bundle(team, prepared)
    except ConflictingBundle as conflict:
        raise Failure(
            f"{conflict.count} of these reflections are already in the team database at {url}, in {conflict.other_name}'s "
            "bundle. One reflection cannot belong to two practitioners; nothing was shared."
        ) from None


def command_withdraw(args: argparse.Namespace, url: ServerURL | None) -> int:
    """`reflect share --to URL --withdraw [--from DATE --to DATE | --all]`."""
    from reflect.cli.database import check_database, database_exists, opened_store
    from reflect.cli.options import period_or_last_four_weeks
    from reflect.exchange.report import period_words
    from reflect.model import utc_now
    from reflect.service import reflections_phrase
    from reflect.services.sharing import NeverShared, NothingToWithdraw, bundles_to_withdraw, sharer_id, withdraw

    if url is None:
        raise UsageError(f"Give the team database to withdraw your bundle from with --to, such as --to {EXAMPLE_URL}.")
    if args.output:
        raise UsageError("--withdraw takes a bundle out of a team database (--to URL); a bundle file is withdrawn by deleting it.")
    if args.all_periods and (args.start.strip() or args.end.strip()):
        raise UsageError("Give --all or a period (--from, --to DATE), not both.")
    now = utc_now().astimezone()
    chosen = None if args.all_periods else period_or_last_four_weeks(args, now)
    path, _ = check_database(args)
    if not database_exists(path):
        raise Failure(f"There is no database at {path} yet, so nothing of yours was shared from it. Check --db.")
    with opened_store(args) as store:
        try:
            practitioner_id = sharer_id(store)
        except NeverShared:
            raise Failure("Nothing has been shared from this database yet, so no bundle of yours is in any team database.") from None
    wanted = "bundle of yours" if chosen is None else f"bundle of yours for {period_words(chosen)}"
    with opened_team_to_share(url, nothing="nothing was withdrawn") as team:
        try:
            going = bundles_to_withdraw(team, practitioner_id, period=chosen, now=now)
        except NothingToWithdraw as nothing:
            held = "; ".join(_bundle_words(bundle) for bundle in nothing.held)
            others = f" It holds {held}: choose the period with --from and --to, or all of yours with --all." if held else ""
            raise Failure(f"The team database at {url} holds no {wanted}; nothing was withdrawn.{others}") from None
        if not args.yes and sys.stdin.isatty():
            for bundle in going:
                print(f"To withdraw: {_bundle_words(bundle)}.", file=sys.stderr)
            count = "it" if len(going) == 1 else f"these {len(going)}"
            print(f"Withdraw {count} from the team database at {url}? [y/N] ", end="", file=sys.stderr, flush=True)
            if sys.stdin.readline().strip().lower() not in ("y", "yes"):
                raise Failure("Nothing was withdrawn.")
        withdrawn = withdraw(team, practitioner_id, going)
    for bundle in withdrawn.bundles:
        print(f"Withdrew {_bundle_words(bundle)} from the team database at {url}.")
    if len(withdrawn.bundles) > 1:
        print(f"{len(withdrawn.bundles)} bundles and {reflections_phrase(withdrawn.reflections)} went.")
    return EXIT_OK
