"""The `reflect` command line: argument parsing, with each command's heavy imports inside it."""

from __future__ import annotations

import argparse
import sys
import typing
from collections.abc import Sequence
from pathlib import Path

from reflect import __version__
from reflect.display import json_for_terminal, quoted, visible

MIN_N_FOR_HELP = 5  # reflect.patterns.MIN_N, repeated so that --help stays light
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

DESCRIPTION = """\
Reflect, after each interaction with a person you support, on whether your
practice supported their recovery: the ten "Did I..." questions from
"Practices which support recovery". Run with no command to open the app.
"""

EPILOG = """\
The database lives in your user data folder unless you give --db PATH or set
REFLECT_DB. Nothing you write leaves your machine.
"""


class UsageError(Exception):
    """Bad arguments: exit code 2."""


class Failure(Exception):
    """Something the user can fix that is not an argument (the database, say): exit code 1."""


ERROR_MAX = 300
"""Characters of an argument error: what was typed is quoted in it, and could be a whole paste."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, with its error messages safe for a terminal: on one line, controls shown as symbols."""

    def error(self, message: str) -> typing.NoReturn:
        message = " ".join(visible(message).split("\n"))
        message = message.replace("\u2028", " ").replace("\u2029", " ").replace("\x85", " ")
        if len(message) > ERROR_MAX:
            message = message[:ERROR_MAX] + "…"
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the command name.
    db_option = ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="database file to use (default: $REFLECT_DB, then your user data folder)"
    )

    parser = ArgumentParser(
        prog="reflect",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[db_option],
    )
    parser.add_argument("--version", action="version", version=f"reflect {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands", parser_class=ArgumentParser)

    commands.add_parser(
        "new", parents=[db_option], help="open the app straight into a new reflection",
        description="Open the app straight into a new reflection.",
    )

    add = commands.add_parser(
        "add",
        parents=[db_option],
        help="record a reflection without the app",
        description="Record a reflection without the app (for scripts and screen readers).",
        epilog=(
            "Answers, in question order: y = Yes, p = Partly, n = No, x = Not applicable, "
            ". = not answered. Run `reflect questions` to see the ten questions."
        ),
    )
    add.add_argument(
        "--answers", required=True, metavar="LIST", help="ten answers, e.g. y,y,p,n,x,y,y,p,y,y (. for not answered)"
    )
    add.add_argument("--when", metavar="TIME", default="", help='when the interaction happened (default now), e.g. "yesterday 15:00"')
    add.add_argument("--kind", metavar="KIND", default="", help="interaction kind: " + ", ".join(_kind_keys()))
    add.add_argument("--person", metavar="CODE", default="", help="person code: a pseudonym, never a name")
    add.add_argument("--duration", metavar="MINUTES", default="", help="how long it lasted, e.g. 45 or 1h30")
    add.add_argument("--tag", metavar="TAG", action="append", default=[], help="a tag (repeat, or separate with commas)")
    add.add_argument("--note", metavar="N=TEXT", action="append", default=[], help="a note on question N (1-10), e.g. --note 3=\"named her strengths\"")
    add.add_argument("--note-what", metavar="TEXT", default="", help="What happened?")
    add.add_argument("--note-so-what", metavar="TEXT", default="", help="So what? What did it mean?")
    add.add_argument("--note-now-what", metavar="TEXT", default="", help="Now what? What will you do?")
    add.add_argument("--commitment", metavar="TEXT", default="", help="a commitment for next time")
    add.add_argument(
        "--about", metavar="N[,N]", default="",
        help="the practices the commitment is about: question numbers 1-10 or keys, e.g. --about 2,4",
    )
    add.add_argument("--flag", action="store_true", help="flag the reflection to bring to supervision")
    add.add_argument(
        "--flag-note", metavar="N", action="append", default=[], help="flag question N's note for supervision (repeatable)"
    )
    add.add_argument("--json", action="store_true", help="print the saved reflection as JSON")
    add.add_argument(
        "--keep-identifiers", action="store_true",
        help="save even if the text seems to identify someone (an NHS number, a phone number, ...); without it, nothing is saved",
    )

    listing = commands.add_parser(
        "list", parents=[db_option], help="list reflections, most recent first",
        description="List reflections with their answers, the most recent interaction first.",
    )
    listing.add_argument("--json", action="store_true", help="print JSON (shape documented in the README)")
    listing.add_argument("--limit", metavar="N", type=_positive_int, default=None, help="show at most N reflections")

    stats = commands.add_parser(
        "stats",
        parents=[db_option],
        help="patterns in your reflections: practice rates with their n",
        description=(
            "Patterns in your reflections over a period: for each question the Yes / Partly / No / "
            "Not applicable / unanswered counts and the practice rate, (Yes + half of Partly) / "
            "(Yes + Partly + No), shown with its n; strengths and practices to explore; CHIME domains; "
            f"and the change against the period of the same length before. Below n = {MIN_N_FOR_HELP} a "
            "question has no rate yet."
        ),
        epilog=PERIOD_EPILOG,
    )
    _period_options(stats, default="all time")
    stats.add_argument("--kind", metavar="KIND", default="", help="only this interaction kind")
    stats.add_argument("--tag", metavar="TAG", default="", help="only reflections with this tag")
    stats.add_argument(
        "--by", metavar="PERIOD", choices=("week", "month", "quarter", "year"), default=None,
        help="show the trend by week, month, quarter or year (default: the finest that fits in 16)",
    )
    stats.add_argument("--json", action="store_true", help="print JSON (shape documented in the README)")

    backup = commands.add_parser(
        "backup", parents=[db_option], help="make a consistent copy of your database (safe while the app is open)",
        description=(
            "Copy your database with SQLite's online backup API: a consistent copy even while reflect is "
            "open and saving. The copy is readable by you alone (0600)."
        ),
        epilog="Without --output the copy goes into the backups folder beside the database; `reflect doctor` lists them.",
    )
    backup.add_argument("--output", metavar="FILE", default="", help="where to write the copy (must not exist yet)")

    commands.add_parser(
        "doctor", parents=[db_option], help="check your database: schema, integrity, permissions, size, backups",
        description="Check the database and say what to do about anything wrong. Exit code 1 if something needs attention.",
    )

    commands.add_parser(
        "erase", parents=[db_option], help="delete all your reflections, drafts and backups, after you confirm",
        description=(
            "Delete the database (with SQLite's -wal and -shm files, so drafts too), its backups and any "
            "recovered drafts, after listing them and asking you to type the word erase. It cannot be undone."
        ),
    )

    commands.add_parser(
        "questions", parents=[db_option], help="show the ten questions and their keys",
        description='Show the ten "Did I..." questions, their keys and their labels.',
    )

    export = commands.add_parser(
        "export",
        parents=[db_option],
        help="write your reflections to a file (JSON to import elsewhere, or CSV)",
        description=(
            "Write your reflections to a file. JSON is complete (every field, drafts too) and is what "
            "`reflect import` reads on another computer; CSV opens in a spreadsheet, one row per reflection "
            "and a column per question. Person codes and notes are included: keep the file safe."
        ),
        epilog=PERIOD_EPILOG,
    )
    _period_options(export, default="all time")
    export.add_argument("--format", choices=["json", "csv"], default="json", help="json (default) or csv")
    export.add_argument("--output", metavar="FILE", default="", help="the file to write (default: standard output)")

    importing = commands.add_parser(
        "import",
        parents=[db_option],
        help="read reflections from a file that reflect export wrote",
        description=(
            "Read reflections from a JSON file written by `reflect export`. The whole file is checked before "
            "anything is written, then imported in one go. A reflection already here is kept unless the file "
            "holds a newer edit of it, so importing the same file twice adds nothing."
        ),
    )
    importing.add_argument("file", metavar="FILE", help='the export to read ("-" for standard input)')

    report = commands.add_parser(
        "report",
        parents=[db_option],
        help="a supervision summary of a period, or a reflective account for revalidation",
        description=(
            "A supervision summary of a period (default: the last 4 weeks): how many reflections and of which "
            "kinds; each practice's answers, rate with its n and change against the period before; strengths "
            "and practices to explore; what you flagged for supervision, in full; and your commitments and what "
            "followed them. With --revalidation ID, one reflection written up as a reflective account for NMC "
            "revalidation instead. Neither shows person codes or tags."
        ),
        epilog=PERIOD_EPILOG + " Code themes for --theme: people, effectively, safety, trust.",
    )
    _period_options(report, default="4 weeks ago")
    report.add_argument("--format", choices=["md", "html"], default=None, help="md (Markdown, the default) or html (one file that prints on A4)")
    report.add_argument("--output", metavar="FILE", default="", help="the file to write (default: standard output)")
    report.add_argument("--as", dest="name", metavar="NAME", default="", help="your name as it should appear on the summary")
    report.add_argument("--revalidation", metavar="ID", default="", help="write this reflection (its id, or the start of it) as a reflective account")
    report.add_argument(
        "--theme", metavar="THEME", action="append", default=[],
        help="with --revalidation: a theme of the NMC Code it is relevant to (repeatable): people, effectively, safety, trust",
    )  # fmt: skip

    share = commands.add_parser(
        "share",
        parents=[db_option],
        help="make a supervision bundle to give your supervisor",
        description=(
            "Make a supervision bundle for a period (default: the last 4 weeks): your chosen name, and for each "
            "reflection its day, kind and answers and what you flagged. Person codes, tags, times, durations "
            "and your words are never in it; with --include-notes, the notes and texts you flagged come too "
            "(and nothing else you wrote). It says exactly what it will hold before writing, and asks first "
            "in a terminal."
        ),
        epilog=PERIOD_EPILOG,
    )
    _period_options(share, default="4 weeks ago")
    share.add_argument("--as", dest="name", metavar="NAME", default="", help="the name your supervisor will see (remembered for next time)")
    share.add_argument("--include-notes", action="store_true", help="include the notes and texts you flagged for supervision")
    share.add_argument("--output", metavar="FILE", required=True, help="the bundle file to write, such as sam-november.json")
    share.add_argument("--yes", "-y", action="store_true", help="write without asking (for scripts)")
    share.add_argument(
        "--keep-identifiers", action="store_true",
        help="share the notes even if they seem to identify someone (an NHS number, a phone number, ...); without it, nothing is written",
    )

    team = commands.add_parser(
        "team",
        parents=[db_option],
        help="a supervisor's team view of the bundles practitioners shared",
        description=(
            "Collect supervision bundles into a team database (a file of its own, given with --db) and see "
            "them side by side: each practitioner's practice rates with their n, the team's overall pattern "
            f"(once at least {TEAM_MINIMUM_FOR_HELP} practitioners have shared), and each one's flagged notes. "
            "With no action, opens the team view."
        ),
        epilog="A newer bundle from the same practitioner replaces the older one.",
    )
    team_actions = team.add_subparsers(dest="team_action", metavar="ACTION", title="actions")
    team_import = team_actions.add_parser(
        "import", parents=[db_option], help="add bundles to the team database",
        description="Add supervision bundles to the team database, all of them or (if any is bad) none.",
    )
    team_import.add_argument("bundles", metavar="BUNDLE", nargs="+", help="bundle files from `reflect share`")
    team_remove = team_actions.add_parser(
        "remove", parents=[db_option], help="take a practitioner's bundle out of the team database",
        description="Take a practitioner and all their reflections out of the team database.",
    )
    team_remove.add_argument("practitioner", metavar="NAME", help="the practitioner's name as the team view shows it")
    team_actions.add_parser(
        "summary", parents=[db_option], help="the team view as plain text",
        description="The team view as plain text (for screen readers and scripts).",
    )
    _add_workshop_commands(commands)
    serve = commands.add_parser(
        "serve",
        help="serve a workshop's participant app to browsers",
        description=(
            "Serve a workshop's participant app to web browsers, through textual-serve. Each person "
            "who opens the join link gets their own anonymous session of that one workshop, and "
            "nothing else: never your own reflections. The link carries a random join code; a "
            "request without it is refused."
        ),
        epilog=(
            "Listens on 127.0.0.1 (this computer only) unless you give --host. To let other "
            "computers on your network join, give --host 0.0.0.0 (or this computer's address) "
            "and share the printed link only with the room. Stop with Ctrl+C."
        ),
    )
    which = serve.add_mutually_exclusive_group()
    which.add_argument("--workshop", metavar="ID", default="", help="the workshop to serve, by its id")
    which.add_argument("--db", dest="workshop_db", metavar="WORKSHOP.db", default="", help="the workshop database file to serve")
    serve.add_argument("--host", metavar="ADDRESS", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", metavar="PORT", type=_port, default=8000, help="port to listen on (default: 8000)")
    return parser


TEAM_MINIMUM_FOR_HELP = 3  # reflect.exchange.team.TEAM_MINIMUM, repeated so that --help stays light


PERIOD_EPILOG = 'Dates: "2026-09-01", "3 months ago", "yesterday". --to is inclusive of the day it names.'


def _period_options(parser: argparse.ArgumentParser, *, default: str) -> None:
    parser.add_argument("--from", dest="start", metavar="DATE", default="", help=f"first day (default: {default})")
    parser.add_argument("--to", dest="end", metavar="DATE", default="", help="last day (default: now)")


def _add_workshop_commands(commands) -> None:  # type: ignore[no-untyped-def]
    """`reflect demo` and `reflect workshop ...` (carried out in reflect.workshop.commands)."""
    demo = commands.add_parser(
        "demo", help="try reflect on a fictional practitioner's reflections",
        description=(
            "Open the app on about six months of a fictional practitioner's reflections, made up "
            "afresh in a throwaway database that is removed when you quit. Your own reflections "
            "are never opened."
        ),
    )
    demo.add_argument("--reflections", metavar="N", type=_demo_count, default=None, help="how many reflections (default: about six months' worth)")
    demo.add_argument("--seed", metavar="S", type=_whole_number, default=1, help="a different S makes different data (default 1)")

    workshop = commands.add_parser(
        "workshop", help="a room reflects together on a case vignette",
        description=(
            "Workshops: everyone in a room reads the same fictional case vignette and answers the ten "
            "questions anonymously; the trainer sees the room's answers arrive, and where the room "
            "disagrees most."
        ),
        epilog="A workshop has its own database file, separate from anyone's reflections.",
    )
    actions = workshop.add_subparsers(dest="workshop_command", metavar="ACTION", title="actions", required=True)
    which = argparse.ArgumentParser(add_help=False)
    which.add_argument("--db", dest="workshop_db", metavar="FILE", default=None, help="the workshop file")
    which.add_argument("--workshop", dest="workshop_id", metavar="ID", default=None, help="a workshop made on this computer, by its id (default: the newest)")

    new = actions.add_parser(
        "new", help="create a workshop on a vignette and say how participants join",
        description="Create a workshop (its own database file) on a vignette, and print how participants join.",
    )
    new.add_argument("--vignette", required=True, metavar="NAME", help="a vignette id (see `reflect workshop vignettes`)")
    new.add_argument("--db", dest="workshop_db", metavar="FILE", default=None, help="where to create the workshop file (default: your user data folder)")

    actions.add_parser(
        "join", parents=[which], help="take part: read the vignette and answer the questions",
        description="Take part in a workshop: read the vignette and answer the ten questions, anonymously.",
    )
    actions.add_parser(
        "show", parents=[which], help="the trainer's live view of the room's answers",
        description=(
            "The trainer's view: per question, how many answered Yes / Partly / No / Not applicable, "
            "updated as answers arrive, with the questions the room disagrees on most highlighted. "
            "Notes are shown only when you press n."
        ),
    )
    export = actions.add_parser(
        "export", parents=[which], help="write the room's answers as CSV or Markdown",
        description="Write the room's answers per question (and, in Markdown, the notes) as CSV or Markdown.",
    )
    export.add_argument("--format", choices=("csv", "md"), default="md", help="csv or md (default md)")
    export.add_argument("--output", metavar="FILE", default=None, help="write to FILE (default: standard output)")

    vignettes = actions.add_parser(
        "vignettes", help="list the case vignettes, or add your own",
        description="List the case vignettes (shipped with reflect, and your own), or add one from a file.",
    )
    vignette_actions = vignettes.add_subparsers(dest="vignettes_command", metavar="ACTION", title="actions")
    add = vignette_actions.add_parser(
        "add", help="check a vignette file and add it to your own",
        description="Check a vignette file and add it to your own vignettes.",
        epilog=(
            "A vignette is a Markdown file that starts with a header:\n\n  ---\n  id: night-shift-call\n"
            "  title: A call on the night shift\n  setting: Phone call\n  kind: phone   (optional)\n  ---\n\n"
            "then the story."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("file", metavar="FILE", help="the vignette file (Markdown with a header)")


DEMO_MAX = 100_000


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _demo_count(text: str) -> int:
    value = _whole_number(text)
    if not 1 <= value <= DEMO_MAX:
        raise argparse.ArgumentTypeError(f"must be between 1 and {DEMO_MAX:,}")
    return value


def _kind_keys() -> list[str]:
    from reflect.model import INTERACTION_KINDS

    return [kind.key for kind in INTERACTION_KINDS]


LIMIT_MAX = 1_000_000


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 1 and 65535")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    if value > LIMIT_MAX:
        raise argparse.ArgumentTypeError(f"must be {LIMIT_MAX:,} or fewer")
    return value


def _list_options(parser: argparse.ArgumentParser) -> set[str]:
    """The destinations whose value is a list (repeatable options), in the parser and its commands."""
    found: set[str] = set()
    for action in parser._actions:  # noqa: SLF001  (argparse offers no public way to list them)
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for command in action.choices.values():
                found |= _list_options(command)
        elif isinstance(action, argparse._AppendAction) or isinstance(action.default, list):  # noqa: SLF001
            found.add(action.dest)
    return found


def _restore_double_dashes(args: argparse.Namespace, parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Python 3.11's argparse turns the value `--` (`--when=--`) into an empty list; it was text."""
    repeatable = _list_options(parser)
    for name, value in vars(args).items():
        if not isinstance(value, list):
            continue
        if name in repeatable:
            setattr(args, name, ["--" if item == [] else item for item in value])
        elif value == []:
            setattr(args, name, "--")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = _restore_double_dashes(parser.parse_args(argv), parser)
    command = args.command or "app"
    try:
        return COMMANDS[command](args)
    except UsageError as error:
        message = visible(str(error))
        parser.exit(EXIT_USAGE, f"reflect {command}: {message}\n" if args.command else f"reflect: {message}\n")
    except Failure as error:
        print(f"reflect: {visible(str(error))}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`reflect list | head`): stop quietly, as other tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    return EXIT_OK


def _database(args: argparse.Namespace) -> tuple[Path, bool]:
    from reflect.paths import database_path

    return database_path(getattr(args, "db", None))


def _check_database(args: argparse.Namespace) -> tuple[Path, bool]:
    """Refuse an unusable database before anything is written (standard library only)."""
    from reflect.store import StoreError, check_folder, current_revision

    path, is_default = _database(args)
    try:
        current_revision(path)
        if not is_default:
            check_folder(path)
    except StoreError as error:
        raise Failure(str(error)) from None
    return path, is_default


def _open_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from reflect.store import StoreError, open_store

    path, is_default = _check_database(args)
    try:
        return open_store(path, create_parent=is_default)
    except StoreError as error:
        raise Failure(str(error)) from None


def run_app(args: argparse.Namespace, *, start_new: bool = False) -> int:
    path, is_default = _check_database(args)
    from reflect.tui.app import ReflectApp

    app = ReflectApp(db_path=path, create_parent=is_default, start_new=start_new)
    app.run()
    if app.failure:
        print(f"reflect: {visible(app.failure)}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def command_add(args: argparse.Namespace) -> int:
    from reflect.model import Answer, utc_now
    from reflect.questions import default_question_set
    from reflect.service import (
        InputError,
        check_duration,
        check_person_code,
        check_tags,
        check_text,
        new_reflection,
        parse_answers,
        parse_question_list,
    )
    from reflect.when import WhenError, parse_when

    question_set = default_question_set()
    now = utc_now().astimezone()
    try:
        answers = parse_answers(args.answers, question_set)
        occurred_at = parse_when(args.when, now)
        kind = _kind(args.kind)
        person_code = check_person_code(args.person)
        duration = check_duration(args.duration)
        tags = check_tags([part for tag in args.tag for part in tag.split(",")])
        texts = {
            option: check_text(f"--{option.replace('_', '-')}", getattr(args, option))
            for option in ("note_what", "note_so_what", "note_now_what", "commitment")
        }
        about = parse_question_list(args.about, question_set, option="--about")
        if about and not texts["commitment"].strip():
            raise InputError("--about says which practices a commitment is about: give the --commitment too.")
        for item in args.note:
            number, separator, note = item.partition("=")
            number = number.strip()
            if not (separator and number.isascii() and number.isdigit() and 1 <= int(number) <= len(question_set)):
                raise InputError(f"--note {quoted(item)}: give a question number 1-{len(question_set)}, '=', then the note.")
            key = question_set.questions[int(number) - 1].key
            answers.setdefault(key, Answer()).note = check_text(f"--note {number}", note)
        for item in args.flag_note:
            number = item.strip()
            if not (number.isascii() and number.isdigit() and 1 <= int(number) <= len(question_set)):
                raise InputError(f"--flag-note {item!r}: give a question number 1-{len(question_set)}.")
            answer = answers.get(question_set.questions[int(number) - 1].key)
            if answer is None or not answer.note.strip():
                raise InputError(f"--flag-note {number}: question {number} has no note to flag. Add one with --note {number}=TEXT.")
            answer.flagged = True
    except (InputError, WhenError) as error:
        raise UsageError(str(error)) from None

    reflection = new_reflection(question_set, now)
    reflection.occurred_at = occurred_at
    reflection.kind = kind
    reflection.person_code = person_code
    reflection.duration_minutes = duration
    reflection.tags = tags
    reflection.answers = answers
    reflection.what_happened = texts["note_what"]
    reflection.so_what = texts["note_so_what"]
    reflection.now_what = texts["note_now_what"]
    reflection.commitment = texts["commitment"]
    reflection.commitment_questions = about
    reflection.flagged = args.flag
    reflection.is_draft = False

    _check_identifiers(reflection, question_set, keep=args.keep_identifiers, today=now.date())
    store = _open_store(args)
    try:
        from reflect.store import StoreError

        try:
            store.save(reflection)
        except StoreError as error:
            raise Failure(str(error)) from None
    finally:
        store.close()
    if args.json:
        from reflect.service import to_json

        print(json_for_terminal(to_json(reflection, question_set), indent=2))
    else:
        from reflect.service import counts_phrase

        from reflect.service import flags_phrase

        flags = flags_phrase(reflection)
        print(
            f"Saved reflection {reflection.uuid[:8]} ({visible(_describe(reflection))}): {counts_phrase(reflection)}."
            + (f" {flags[0].upper()}{flags[1:]}." if flags else "")
        )
    return EXIT_OK


def _check_identifiers(reflection, question_set, *, keep: bool, today) -> None:  # type: ignore[no-untyped-def]
    """Refuse a reflection that may identify someone, unless told to keep it (then say what was kept)."""
    from reflect.privacy import describe_findings, identifiers_in

    findings = identifiers_in(reflection, question_set, today=today)
    if not findings:
        return
    found = describe_findings(findings)
    if not keep:
        raise Failure(
            f"Nothing was saved: this reflection may identify someone you support: {found}. "
            "Edit it out and run the command again, or add --keep-identifiers to save it as written."
        )
    print(f"reflect: saved as written, though it may identify someone: {visible(found)}.", file=sys.stderr)


def _check_bundle_identifiers(document: dict, *, keep: bool, today) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Refuse a bundle whose words may identify someone, unless told to keep them (then say what was kept)."""
    from reflect.privacy import find_identifiers

    found = []
    for record in document["reflections"]:
        for text in [*(record.get("notes") or {}).values(), *(record.get("texts") or {}).values()]:
            found += [f"{item.kind.description} ({item.text}) in a note of {record['day']}" for item in find_identifiers(text, today=today)]
    if not found:
        return
    listed = "; ".join(found[:5]) + (f"; and {len(found) - 5} more" if len(found) > 5 else "")
    if not keep:
        raise Failure(
            f"Nothing was written: the notes in this bundle may identify someone you support: {listed}. "
            "Edit those notes in reflect, or add --keep-identifiers to share them as written."
        )
    print(f"reflect: shared as written, though the notes may identify someone: {visible(listed)}.", file=sys.stderr)


def _kind(text: str) -> str | None:
    from reflect.model import kind_from_text
    from reflect.service import InputError

    if not text.strip():
        return None
    try:
        return kind_from_text(text)
    except ValueError:
        raise InputError(f"{quoted(text.strip())} is not an interaction kind. Use one of: {', '.join(_kind_keys())}.") from None


def _describe(reflection) -> str:  # type: ignore[no-untyped-def]
    parts = [f"{reflection.occurred_at:%a %d %b %Y %H:%M}"]
    if reflection.kind:
        parts.append(reflection.kind_label.lower())
    if reflection.person_code:
        parts.append(reflection.person_code)
    return ", ".join(parts)


def command_list(args: argparse.Namespace) -> int:
    from reflect.questions import default_question_set
    from reflect.service import answers_as_letters, to_json

    question_set = default_question_set()
    path, _ = _check_database(args)
    if path.exists():
        store = _open_store(args)
        try:
            reflections = store.list_reflections(limit=args.limit)
        finally:
            store.close()
    else:
        reflections = []  # listing never creates a database
    if args.json:
        print(json_for_terminal([to_json(r, question_set) for r in reflections], indent=2))
        return EXIT_OK
    if not reflections:
        print("No reflections yet. Start one with `reflect` (then n) or `reflect add`.")
        return EXIT_OK
    print("Answers in question order: y Yes, p Partly, n No, x Not applicable, - not answered.")
    for reflection in reflections:
        print(
            f"{reflection.uuid[:8]}  {reflection.occurred_at:%Y-%m-%d %H:%M}  "
            f"{answers_as_letters(reflection, question_set)}  "
            f"{visible(reflection.kind_label) or '-':<20}  {visible(reflection.person_code or '')}".rstrip()
        )
    return EXIT_OK


def _period(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """--from and --to as [start, end): a --to that names a day covers the whole of that day."""
    from reflect.model import utc_now
    from reflect.when import WhenError, period_from_text

    try:
        return period_from_text(args.start, args.end, utc_now().astimezone())
    except WhenError as error:
        raise UsageError(str(error)) from None


def command_stats(args: argparse.Namespace) -> int:
    from reflect.exchange.stats import (
        activity_as_text,
        commitments_as_text,
        figures_as_json,
        figures_as_text,
        over_time_as_json,
        trend_as_text,
    )
    from reflect.model import Selection, utc_now
    from reflect.patterns import activity, commitments, empty_figures, figures, trend
    from reflect.store import StoreError
    from reflect.questions import default_question_set
    from reflect.service import check_tags

    start, end = _period(args)
    kind = _kind_or_usage_error(args.kind)
    try:
        tags = check_tags(args.tag)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if len(tags) > 1 or (args.tag.strip() and not tags):
        raise UsageError("Give --tag one tag, such as --tag housing.")
    question_set = default_question_set()
    selection = Selection(start=start, end=end, kind=kind, tag=tags[0] if tags else None)
    path, _ = _check_database(args)
    now = utc_now().astimezone()
    over_time = None
    if path.exists():
        store = _open_store(args)
        try:
            result = figures(store, question_set, selection)
            over_time = (
                trend(store, question_set, selection, now, grain=args.by),
                activity(store, selection, now),
                commitments(store, question_set, selection),
            )
        except StoreError as error:
            raise Failure(str(error)) from None
        finally:
            store.close()
    else:
        result = empty_figures(question_set, selection)
    if args.json:
        shape = figures_as_json(result)
        if over_time is not None:
            shape.update(over_time_as_json(*over_time, min_n=result.min_n))
        else:
            shape.update(trend={"grain": args.by or "month", "periods": []}, activity=None, commitments=[])
        print(json_for_terminal(shape, indent=2))
        return EXIT_OK
    print(visible(figures_as_text(result)))
    if over_time is not None and result.reflections:
        trend_text, activity_text = trend_as_text(over_time[0]), activity_as_text(over_time[1])
        commitments_text = commitments_as_text(over_time[2], result.min_n)
        for part in (trend_text, activity_text, commitments_text):
            if part:
                print()
                print(visible(part))
    return EXIT_OK


def _kind_or_usage_error(text: str) -> str | None:
    from reflect.service import InputError

    try:
        return _kind(text)
    except InputError as error:
        raise UsageError(str(error)) from None


def command_questions(_args: argparse.Namespace) -> int:
    from reflect.questions import default_question_set

    question_set = default_question_set()
    print(f"{question_set.title} ({question_set.id}, version {question_set.version})")
    print(question_set.prompt)
    print()
    for number, question in enumerate(question_set.questions, start=1):
        print(f"{number:>2}. [{question.label}] {question.full_text(question_set.stem)}")
    return EXIT_OK


def command_backup(args: argparse.Namespace) -> int:
    from datetime import datetime

    from reflect.store import StoreError
    from reflect.store.backup import backup, default_backup_path

    path, _ = _check_database(args)
    output = Path(args.output).expanduser() if args.output else default_backup_path(path, datetime.now())
    try:
        made = backup(path, output)
    except StoreError as error:
        raise Failure(str(error)) from None
    print(f"Backed up {visible(str(path))} to {visible(str(made))} ({made.stat().st_size:,} bytes, readable by you alone).")
    return EXIT_OK


def command_doctor(args: argparse.Namespace) -> int:
    from reflect.store.health import examine

    path, is_default = _database(args)
    checks = examine(path, check_folder=is_default)
    for check in checks:
        print(visible(f"{'ok' if check.ok else 'ATTENTION':>9}  {check.name}: {check.detail}"))
        if check.advice:
            print(visible(f"{'':>9}  {check.advice}"))
    if all(check.ok for check in checks):
        print("Everything looks fine.")
        return EXIT_OK
    print("Something needs your attention: see above for what to do.")
    return EXIT_FAILURE


ERASE_WORD = "erase"


def command_erase(args: argparse.Namespace) -> int:
    from reflect.store.health import everything_of, size_phrase

    path, _ = _check_database(args)  # refuses a file that is not a reflect database: never deleted
    files = everything_of(path)
    if not files:
        print(f"There is nothing to erase: no database or backups at {visible(str(path))}.")
        return EXIT_OK
    print("This deletes for good (it cannot be undone):")
    for file in files:
        print(f"  {visible(str(file))} ({size_phrase(file.stat().st_size)})")
    print("Close reflect in any other window first.")
    print(f"Type {ERASE_WORD} to delete all of this, or anything else to keep it: ", end="", flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, UnicodeDecodeError):
        answer = ""
    if answer.strip() != ERASE_WORD:
        print("\nNothing was removed." if not answer.endswith("\n") else "Nothing was removed.")
        return EXIT_FAILURE
    removed, failed = [], []
    for file in files:
        try:
            file.unlink()
            removed.append(file)
        except FileNotFoundError:
            pass
        except OSError as error:
            failed.append(f"{file} ({error.strerror})")
    from reflect.store.backup import backups_folder

    try:
        backups_folder(path).rmdir()  # only if empty: someone else's files stay
    except OSError:
        pass
    print(f"Removed {len(removed)} file{'' if len(removed) == 1 else 's'}:")
    for file in removed:
        print(f"  {visible(str(file))}")
    if failed:
        raise Failure("Could not remove " + "; ".join(failed) + ". Check their permissions and run reflect erase again.")
    return EXIT_OK


def _output(args: argparse.Namespace, database: Path | None) -> Path | None:
    """--output as a path checked before any work (None: standard output)."""
    from reflect.exchange.files import FileProblem, check_output

    if not args.output.strip() or args.output == "-":
        return None
    try:
        return check_output(Path(args.output), database=database)
    except FileProblem as error:
        raise Failure(str(error)) from None


def _write(path: Path | None, text: str) -> None:
    from reflect.exchange.files import FileProblem, write_private

    if path is None:
        sys.stdout.write(text)
        return
    try:
        write_private(path, text)
    except FileProblem as error:
        raise Failure(str(error)) from None


def command_export(args: argparse.Namespace) -> int:
    from reflect.exchange.export import export_csv, export_document, export_json
    from reflect.model import Selection
    from reflect.questions import default_question_set

    start, end = _period(args)
    path, _ = _check_database(args)
    output = _output(args, path)
    question_set = default_question_set()
    practitioner_id = None
    if path.exists():
        store = _open_store(args)
        try:
            reflections = store.reflections(Selection(start=start, end=end), drafts=True)
            practitioner_id = store.setting(PRACTITIONER_SETTING)
        finally:
            store.close()
    else:
        reflections = []  # exporting never creates a database
    if args.format == "csv":
        text = export_csv(reflections, question_set)
    else:
        document = export_document(reflections, question_set, practitioner_id=practitioner_id, start=start, end=end)
        text = export_json(document)
    _write(output, text)
    if output is not None:
        from reflect.service import reflections_phrase

        print(f"Exported {reflections_phrase(len(reflections))} to {output} (readable by you alone).", file=sys.stderr)
    return EXIT_OK


def command_report(args: argparse.Namespace) -> int:
    from reflect.model import Selection, utc_now
    from reflect.patterns import period_bounds
    from reflect.questions import default_question_set

    if args.revalidation.strip():
        return _revalidation(args)
    if args.theme:
        raise UsageError("--theme goes with --revalidation ID: the Code themes belong to a reflective account.")
    fmt = _report_format(args)
    name = _display_name(args.name) if args.name else None
    if args.start.strip() or args.end.strip():
        start, end = _period(args)
    else:
        start, end = period_bounds("4w", utc_now().astimezone())
    path, _ = _check_database(args)
    output = _output(args, path)
    from reflect.exchange.report import build_report, render_report

    question_set = default_question_set()
    if not path.exists():
        raise Failure(f"There is no database at {path} yet, so nothing to report. Make a reflection first, or give --db.")
    store = _open_store(args)
    try:
        from reflect.store import StoreError

        try:
            if name is None:
                name = store.setting(DISPLAY_NAME_SETTING)
            report = build_report(store, question_set, Selection(start=start, end=end), now=utc_now().astimezone(), name=name)
        except StoreError as error:
            raise Failure(str(error)) from None
    finally:
        store.close()
    _write(output, render_report(report, fmt))
    if output is not None:
        print(f"Wrote the supervision summary for {report.period} ({report.reflections_words}) to {output}.", file=sys.stderr)
    return EXIT_OK


def _report_format(args: argparse.Namespace) -> str:
    """--format, or else what --output's name suggests (.html, .htm), or else Markdown."""
    if args.format:
        return args.format
    return "html" if args.output.strip().lower().endswith((".html", ".htm")) else "md"


def _revalidation(args: argparse.Namespace) -> int:
    from reflect.exchange.report import CODE_THEMES, build_account, code_theme, render_account
    from reflect.model import utc_now
    from reflect.questions import default_question_set

    if args.start.strip() or args.end.strip() or args.name.strip():
        raise UsageError("--revalidation writes up one reflection: leave out --from, --to and --as.")
    themes = []
    for given in args.theme:
        for part in given.split(","):
            try:
                themes.append(code_theme(part))
            except ValueError:
                raise UsageError(f"{part.strip()!r} is not a theme of the Code. Use: {', '.join(CODE_THEMES)}.") from None
    fmt = _report_format(args)
    path, _ = _check_database(args)
    output = _output(args, path)
    if not path.exists():
        raise Failure(f"There is no database at {path} yet, so no reflection to write up. Check --db.")
    store = _open_store(args)
    try:
        matches = store.find(args.revalidation)
        if len(matches) != 1:
            raise UsageError(
                f"No reflection has an id starting {args.revalidation.strip()!r}. `reflect list` shows the ids."
                if not matches
                else f"{args.revalidation.strip()!r} is the start of more than one reflection's id. Give more of it."
            )
        reflection = store.get(matches[0])
        person_codes = store.person_codes()
    finally:
        store.close()
    if not args.theme:
        themes = _ask_for_themes()
    account = build_account(reflection, default_question_set(), themes, person_codes=person_codes, now=utc_now().astimezone())
    _write(output, render_account(account, fmt))
    if output is not None:
        print(f"Wrote the reflective account ({account.month}) to {output}.", file=sys.stderr)
    if not account.themes:
        print("No theme of the Code was chosen: tick one on the account, or add --theme (people, effectively, safety, trust).", file=sys.stderr)
    return EXIT_OK


def _ask_for_themes() -> list[str]:
    """In a terminal, ask which themes of the Code the account is relevant to; elsewhere, none."""
    from reflect.exchange.report import CODE_THEMES, code_theme

    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return []
    choices = "  ".join(f"{number} {words}" for number, words in enumerate(CODE_THEMES.values(), start=1))
    print(f"Which themes of the Code is this relevant to?\n  {choices}", file=sys.stderr)
    while True:
        print("Numbers, such as 1,3 (Enter for none): ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line.strip():
            return []
        try:
            return [code_theme(part) for part in line.replace(" ", ",").split(",") if part.strip()]
        except ValueError as error:
            print(f"{str(error).strip()!r} is not one of them.", file=sys.stderr)


DISPLAY_NAME_SETTING = "display_name"
"""The name last given to `reflect share --as`, offered again next time."""
DISPLAY_NAME_MAX = 60


def _display_name(text: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > DISPLAY_NAME_MAX or not name.isprintable():
        raise UsageError(f"Give a name of 1 to {DISPLAY_NAME_MAX} characters with --as, such as --as \"Sam Okafor\".")
    return name


PRACTITIONER_SETTING = "practitioner_id"
"""A random id, made on the first `reflect share`, that tells a team database whose bundles are whose."""


def command_share(args: argparse.Namespace) -> int:
    import uuid

    from reflect.exchange.bundle import bundle_json, describe, make_bundle
    from reflect.exchange.report import period_words
    from reflect.model import Selection, utc_now
    from reflect.patterns import period_bounds
    from reflect.questions import default_question_set

    now = utc_now().astimezone()
    if args.start.strip() or args.end.strip():
        start, end = _period(args)
    else:
        start, end = period_bounds("4w", now)
    end = end or now
    given_name = _display_name(args.name) if args.name else None
    path, _ = _check_database(args)
    output = _output(args, path)
    if output is None:
        raise UsageError("Give the bundle a file name with --output, such as --output bundle.json.")
    if not path.exists():
        raise Failure(f"There is no database at {path} yet, so nothing to share. Check --db.")
    store = _open_store(args)
    try:
        name = given_name or store.setting(DISPLAY_NAME_SETTING)
        if name is None:
            raise UsageError('Give the name your supervisor will see with --as, such as --as "Sam Okafor" (it is remembered).')
        practitioner_id = store.setting(PRACTITIONER_SETTING) or str(uuid.uuid4())
        selection = Selection(start=start, end=end)
        reflections = store.reflections(selection)
        if not reflections:
            raise Failure(f"There are no reflections from {period_words(selection)} to share. Choose a longer period with --from.")
        document = make_bundle(
            reflections, default_question_set(), practitioner_id=practitioner_id, name=name, start=start, end=end,
            include_notes=args.include_notes, person_codes=store.person_codes(), now=now,
        )  # fmt: skip
        _check_bundle_identifiers(document, keep=args.keep_identifiers, today=now.date())
        for line in describe(document, period_words(selection)):
            print(line, file=sys.stderr)
        if not args.yes and sys.stdin.isatty():
            replacing = " (replacing the file there)" if output.exists() else ""
            print(f"Write it to {output}{replacing}? [y/N] ", end="", file=sys.stderr, flush=True)
            if sys.stdin.readline().strip().lower() not in ("y", "yes"):
                raise Failure("Nothing was written.")
        # Remembered only once the practitioner has agreed, so that a refused bundle changes nothing.
        store.set_settings({PRACTITIONER_SETTING: practitioner_id, DISPLAY_NAME_SETTING: name})
    finally:
        store.close()
    _write(output, bundle_json(document))
    print(f"Wrote {output} (readable by you alone). Give it to your supervisor in whatever way your service agrees.", file=sys.stderr)
    return EXIT_OK


def _team_database(args: argparse.Namespace, *, must_exist: bool) -> Path:
    """The team database: always named with --db (never REFLECT_DB or your own database)."""
    from reflect.store import StoreError, check_folder, current_revision

    given = getattr(args, "db", None)
    if not given:
        raise UsageError("Give the team database with --db, such as --db team.db (a file of its own, not your reflections).")
    path = Path(given).expanduser()
    try:
        current_revision(path)
        check_folder(path)
    except StoreError as error:
        raise Failure(str(error)) from None
    if must_exist and not path.exists():
        raise Failure(f"There is no team database at {path} yet. Collect bundles into it with `reflect team --db {path} import BUNDLE...`.")
    return path


def _open_team(path: Path):  # type: ignore[no-untyped-def]
    from reflect.store import StoreError, open_store

    try:
        return open_store(path, team=True)
    except StoreError as error:
        raise Failure(str(error)) from None


def command_team(args: argparse.Namespace) -> int:
    action = getattr(args, "team_action", None)
    if action == "import":
        return _team_import(args)
    path = _team_database(args, must_exist=True)
    if action == "remove":
        return _team_remove(args, path)
    if action == "summary":
        from reflect.exchange.team import team_view, team_view_as_text
        from reflect.questions import default_question_set

        store = _open_team(path)
        try:
            print(team_view_as_text(team_view(store, default_question_set())))
        finally:
            store.close()
        return EXIT_OK
    _open_team(path).close()  # refuse a database that is not a team's before any screen is drawn
    from reflect.tui.team import TeamApp

    app = TeamApp(db_path=path)
    app.run()
    if app.failure:
        print(f"reflect: {app.failure}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def _team_import(args: argparse.Namespace) -> int:
    from reflect.exchange.bundle import read_bundle
    from reflect.exchange.files import FileProblem
    from reflect.exchange.report import short_date
    from reflect.service import reflections_phrase
    from reflect.store import BundleConflict, StoreError, TeamBundle

    path = _team_database(args, must_exist=False)
    bundles = []
    for name in args.bundles:
        try:
            bundles.append(read_bundle(name))
        except FileProblem as error:
            raise Failure(str(error)) from None
    # Oldest first, so that of two bundles from one practitioner the newer is the one kept.
    bundles.sort(key=lambda bundle: bundle.practitioner.bundle_created_at)
    store = _open_team(path)
    try:
        held = {p.id: p for p in store.practitioners()}
        try:
            outcomes = store.import_bundles([TeamBundle(b.practitioner, b.reflections) for b in bundles])
        except BundleConflict as conflict:
            source = next(b.name for b in bundles if b.practitioner is conflict.practitioner)
            raise Failure(
                f"{source}: {conflict.count} of its reflections are already in the team database, in "
                f"{conflict.other_name}'s bundle. One reflection cannot belong to two practitioners; nothing was imported."
            ) from None
        except StoreError as error:
            raise Failure(str(error)) from None
    finally:
        store.close()
    for bundle, (practitioner, outcome) in zip(bundles, outcomes):
        shared = f"{short_date(practitioner.bundle_created_at)}"
        count = reflections_phrase(len(bundle.reflections))
        before = held.get(practitioner.id)
        if outcome in ("added", "replaced"):
            held[practitioner.id] = practitioner
        if outcome == "added":
            print(f"{practitioner.display_name}: added their bundle of {shared} ({count}).")
        elif outcome == "replaced":
            print(f"{practitioner.display_name}: their bundle of {shared} ({count}) replaces the one of "
                  f"{short_date(before.bundle_created_at) if before else 'before'}.")  # fmt: skip
        elif outcome == "already here":
            print(f"{practitioner.display_name}: {bundle.name} is already in the team database; nothing changed.")
        else:
            print(f"{practitioner.display_name}: {bundle.name} ({shared}) is older than the bundle already held; left as it was.")
    return EXIT_OK


def _team_remove(args: argparse.Namespace, path: Path) -> int:
    from reflect.service import reflections_phrase

    wanted = " ".join(args.practitioner.split()).lower()
    store = _open_team(path)
    try:
        matching = [p for p in store.practitioners() if p.display_name.lower() == wanted or p.id == wanted]
        if len(matching) != 1:
            raise UsageError(
                f"No practitioner called {args.practitioner!r} is in the team database. `reflect team --db {path} summary` lists them."
                if not matching
                else f"More than one practitioner is called {args.practitioner!r}; give the id from the team summary instead."
            )
        (practitioner,) = matching
        store.remove_practitioner(practitioner.id)
    finally:
        store.close()
    print(f"Removed {practitioner.display_name} and their {reflections_phrase(practitioner.reflections)} from the team database.")
    return EXIT_OK


def command_import(args: argparse.Namespace) -> int:
    from reflect.exchange.files import FileProblem
    from reflect.exchange.importing import read_export
    from reflect.service import reflections_phrase

    _check_database(args)
    try:
        exported = read_export(args.file)
    except FileProblem as error:
        raise Failure(str(error)) from None
    shown = "standard input" if args.file == "-" else args.file
    if not exported.reflections:
        print(f"Nothing to import: {shown} holds no reflections.")
        return EXIT_OK
    store = _open_store(args)
    try:
        from reflect.store import StoreError

        try:
            # The practitioner id comes along, so that bundles shared from here replace those shared before.
            adopted = {PRACTITIONER_SETTING: exported.practitioner_id} if exported.practitioner_id else {}
            counts = store.import_reflections(exported.reflections, settings_if_missing=adopted)
        except StoreError as error:
            raise Failure(str(error)) from None
    finally:
        store.close()
    if not counts.added and not counts.updated:
        held = "its reflection is" if counts.unchanged == 1 else f"its {counts.unchanged} reflections are"
        print(f"Nothing new in {shown}: {held} already here, left as they were.")
        return EXIT_OK
    parts = [f"{reflections_phrase(counts.added)} added"]
    if counts.updated:
        parts.append(f"{counts.updated} replaced by a newer edit")
    if counts.unchanged:
        parts.append(f"{counts.unchanged} already here, left as they were")
    print(f"From {shown}: {'; '.join(parts)}.")
    return EXIT_OK


def command_serve(args: argparse.Namespace) -> int:
    from reflect.web.command import ServeError, serve

    if getattr(args, "db", None):
        raise UsageError(
            "serve shares a workshop, never your own reflections: "
            "give the workshop after the command, as --workshop ID or --db WORKSHOP.db."
        )
    try:
        serve(workshop=args.workshop, workshop_db=args.workshop_db, host=args.host, port=args.port)
    except ServeError as error:
        if error.usage:
            raise UsageError(str(error)) from None
        raise Failure(str(error)) from None
    return EXIT_OK


def command_workshop(args: argparse.Namespace) -> int:
    from reflect.workshop import commands

    return getattr(commands, f"command_{args.workshop_command}")(args)


def command_demo(args: argparse.Namespace) -> int:
    from reflect.workshop.demo_command import run_demo

    return run_demo(reflections=args.reflections, seed=args.seed)


COMMANDS = {
    "app": run_app,
    "export": command_export,
    "import": command_import,
    "report": command_report,
    "share": command_share,
    "team": command_team,
    "new": lambda args: run_app(args, start_new=True),
    "add": command_add,
    "list": command_list,
    "questions": command_questions,
    "stats": command_stats,
    "backup": command_backup,
    "doctor": command_doctor,
    "erase": command_erase,
    "serve": command_serve,
    "workshop": command_workshop,
    "demo": command_demo,
}
