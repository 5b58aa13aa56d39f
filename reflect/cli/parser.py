"""The `reflect` command line's arguments: every command and option, and the help that describes them.

Declarations only: nothing here reads a database or imports a handler, so that `reflect --help`
stays light. The argument types and the parser with safe errors are in reflect.cli.arguments.
"""

from __future__ import annotations

import argparse
from typing import Any

from reflect import __version__
from reflect.cli.arguments import ArgumentParser, demo_count, port, positive_int, whole_number
from reflect.thresholds import MIN_N, TEAM_MINIMUM

DESCRIPTION = """\
Reflect, after each interaction with a person you support, on whether your
practice supported their recovery: the ten "Did I..." questions from
"Practices which support recovery". Run with no command to open the app.
"""

EPILOG = """\
The database lives in your user data folder unless you give --db PATH or set
REFLECT_DB. Nothing you write leaves your machine.
"""


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the command name.
    db_option = ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file, or a postgresql:// server URL, to use (default: $REFLECT_DB, then your user data folder)",
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
    listing.add_argument("--limit", metavar="N", type=positive_int, default=None, help="show at most N reflections")

    stats = commands.add_parser(
        "stats",
        parents=[db_option],
        help="patterns in your reflections: practice rates with their n",
        description=(
            "Patterns in your reflections over a period: for each question the Yes / Partly / No / "
            "Not applicable / unanswered counts and the practice rate, (Yes + half of Partly) / "
            "(Yes + Partly + No), shown with its n; strengths and practices to explore; CHIME domains; "
            f"and the change against the period of the same length before. Below n = {MIN_N} a "
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

    doctor = commands.add_parser(
        "doctor", parents=[db_option], help="check your database: schema, integrity, figures, permissions, size, backups",
        description="Check the database and say what to do about anything wrong. Exit code 1 if something needs attention.",
    )
    doctor.add_argument(
        "--rebuild-figures", action="store_true",
        help="first work out again, from your reflections, the sums that Patterns and stats show (when the doctor says they disagree)",
    )  # fmt: skip

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

    copying = commands.add_parser(
        "copy",
        parents=[db_option],
        help="copy your reflections into another database: a file, or your database on a server",
        description=(
            "Copy every reflection (drafts too, whole), your feedback from supervision, the accounts the revalidation "
            "tracker counts, and your practitioner id, shared name and revalidation date from your database "
            "(--db, REFLECT_DB or the default) into the one --to names: a file, or a "
            "postgresql:// server URL, either way round. All or nothing, in one go; a reflection already there "
            "is kept unless yours is a newer edit, so copying again adds nothing. Your database is left as it is."
        ),
        epilog="A team database is refused either way. Once you have checked the copy, `reflect erase` removes the original.",
    )
    copying.add_argument("--to", metavar="PATH_OR_URL", required=True, help="the database to copy into (made if it does not exist)")
    copying.add_argument(
        "--mix-practitioners", action="store_true",
        help="copy even if --to holds another practitioner's reflections (a different practitioner id)",
    )

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
    report.add_argument(
        "--format", choices=["md", "html", "text"], default=None,
        help="md (Markdown, the default) or html (one file that prints on A4); with --revalidation also text, to paste into the NMC form as it is",
    )  # fmt: skip
    report.add_argument("--output", metavar="FILE", default="", help="the file to write (default: standard output)")
    report.add_argument("--as", dest="name", metavar="NAME", default="", help="your name as it should appear on the summary")
    report.add_argument("--kind", metavar="KIND", default="", help="only this interaction kind (the summary says so)")
    report.add_argument("--tag", metavar="TAG", default="", help="only reflections with this tag (the summary says so, never naming it)")
    report.add_argument("--revalidation", metavar="ID", default="", help="write this reflection (its id, or the start of it) as a reflective account")
    report.add_argument(
        "--theme", metavar="THEME", action="append", default=[],
        help="with --revalidation: a theme of the NMC Code it is relevant to (repeatable): people, effectively, safety, trust",
    )  # fmt: skip
    report.add_argument(
        "--relevance", metavar="WORDS", default=None,
        help="with --revalidation: in your own words, how this is relevant to the themes of the Code you chose",
    )  # fmt: skip

    share = commands.add_parser(
        "share",
        parents=[db_option],
        help="make a supervision bundle for your supervisor: a file, or straight into a team database",
        description=(
            "Make a supervision bundle for a period (default: the last 4 weeks): your chosen name, and for each "
            "reflection its day, kind and answers and what you flagged. Person codes, tags, times, durations "
            "and your words are never in it; with --include-notes, the notes and texts you flagged come too "
            "(and nothing else you wrote). It says exactly what it will hold before writing, and asks first "
            "in a terminal. It goes into a file (--output), or straight into your team's database on a "
            "PostgreSQL server (--to postgresql://...), where sharing the same period again replaces it, and "
            "--withdraw takes it out again."
        ),
        epilog=(
            f"{PERIOD_EPILOG} --to takes a day (the period's last) or a postgresql:// URL (the team database); "
            "give it twice for both. The URL is used with your own database role: a password is best kept "
            "in PGPASSWORD or ~/.pgpass, and is never shown."
        ),
    )
    share.add_argument("--from", dest="start", metavar="DATE", default="", help="first day (default: 4 weeks ago)")
    share.add_argument(
        "--to", dest="to", metavar="DATE|URL", action="append", default=[],
        help="last day (default: now); or the team database's postgresql:// URL, to share straight into it instead of a file",
    )  # fmt: skip
    share.add_argument("--as", dest="name", metavar="NAME", default="", help="the name your supervisor will see (remembered for next time)")
    share.add_argument("--include-notes", action="store_true", help="include the notes and texts you flagged for supervision")
    share.add_argument("--by-week", action="store_true", help="share only the week of each reflection (from its Monday), not its day")
    share.add_argument("--output", metavar="FILE", default="", help="the bundle file to write, such as sam-november.json")
    share.add_argument("--yes", "-y", action="store_true", help="write, share or withdraw without asking (for scripts)")
    share.add_argument(
        "--keep-identifiers", action="store_true",
        help="share the notes even if they seem to identify someone (an NHS number, a phone number, ...); without it, nothing is written",
    )
    share.add_argument(
        "--withdraw", action="store_true",
        help="with --to URL: take your own bundle of the period out of the team database (or every one of yours, with --all)",
    )
    share.add_argument("--all", dest="all_periods", action="store_true", help="with --withdraw: every bundle of yours, whatever its period")

    team = commands.add_parser(
        "team",
        parents=[db_option],
        help="a supervisor's team view of the bundles practitioners shared",
        description=(
            "Collect supervision bundles into a team database (a file of its own, given with --db) and see "
            "them side by side: each practitioner's practice rates with their n, the team's overall pattern "
            f"(once at least {TEAM_MINIMUM} practitioners have shared), and each one's flagged notes. "
            "With no action, opens the team view."
        ),
        epilog="Each practitioner's bundles are kept by period: a newer bundle of the same period replaces the older one.",
    )
    _feedback_parser(commands, db_option)
    _revalidation_parser(commands, db_option)
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
    team_remove.add_argument("practitioner", metavar="NAME", help="the practitioner's name as the team view shows it, or the id beside it")
    team_actions.add_parser(
        "summary", parents=[db_option], help="the team view as plain text",
        description="The team view as plain text (for screen readers and scripts).",
    )
    _supervision_parser(team_actions, db_option)
    team_report = team_actions.add_parser(
        "report", parents=[db_option], help="the team view as a summary to print or keep",
        description=(
            "The team view as a summary in Markdown or one self-contained HTML file that prints on A4: each "
            "practitioner's rates with their n, the team's pattern (once at least "
            f"{TEAM_MINIMUM} practitioners have shared), month on month, and what each flagged."
        ),
    )
    team_report.add_argument("--format", choices=["md", "html"], default=None, help="md (Markdown, the default) or html (one file that prints on A4)")
    team_report.add_argument("--output", metavar="FILE", default="", help="the file to write (default: standard output)")
    _add_workshop_commands(commands)
    from reflect.cli.organisation import org_commands
    from reflect.cli.organisation_teams import add_team_commands

    add_team_commands(org_commands(commands))
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
    serve.add_argument("--port", metavar="PORT", type=port, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--max-participants", metavar="N", type=positive_int, default=40,
        help="how many browsers may join at once; one more gets a page saying the room is full (default: 40)",
    )
    return parser


PERIOD_EPILOG = 'Dates: "2026-09-01", "3 months ago", "yesterday". --to is inclusive of the day it names.'


def _period_options(parser: argparse.ArgumentParser, *, default: str) -> None:
    parser.add_argument("--from", dest="start", metavar="DATE", default="", help=f"first day (default: {default})")
    parser.add_argument("--to", dest="end", metavar="DATE", default="", help="last day (default: now)")


def _add_workshop_commands(commands: argparse._SubParsersAction[ArgumentParser]) -> None:
    """`reflect demo` and `reflect workshop ...` (carried out in reflect.cli.workshop)."""
    demo = commands.add_parser(
        "demo", help="try reflect on a fictional practitioner's reflections",
        description=(
            "Open the app on about six months of a fictional practitioner's reflections, made up "
            "afresh in a throwaway database that is removed when you quit. Your own reflections "
            "are never opened."
        ),
    )
    demo.add_argument("--reflections", metavar="N", type=demo_count, default=None, help="how many reflections (default: about six months' worth)")
    demo.add_argument("--seed", metavar="S", type=whole_number, default=1, help="a different S makes different data (default 1)")

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
    which = ArgumentParser(add_help=False)
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
    export.add_argument("--round", type=int, metavar="N", default=None, help="the round to write (default: the current one)")

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



def _kind_keys() -> list[str]:
    from reflect.model import INTERACTION_KINDS

    return [kind.key for kind in INTERACTION_KINDS]


PRACTITIONER_NAMED = "the practitioner's name (or its start, such as Sam), or the start of their id"


def _supervision_parser(team_actions: Any, db_option: ArgumentParser) -> None:
    """`reflect team --db TEAM.db supervision ...`: the supervisor's record of supervision sessions."""
    supervision = team_actions.add_parser(
        "supervision", parents=[db_option], help="the record of supervision sessions with each practitioner",
        description=(
            "Keep the record of supervision in the team database: each practitioner's supervision agreement, "
            "each session (its day, who was there, the flagged items discussed, the actions agreed) and, at the "
            "next session, how each action went. Name a practitioner by the name the team view shows (or its "
            "start, such as Sam) or the start of their id."
        ),
    )  # fmt: skip
    actions = supervision.add_subparsers(dest="supervision_action", metavar="ACTION", title="actions", required=True)
    agreement = actions.add_parser(
        "agreement", parents=[db_option], help="note the supervision agreement's frequency and confidentiality terms",
        description="Note, once per practitioner, the supervision agreement's frequency and confidentiality terms (noting them again replaces them).",
    )  # fmt: skip
    agreement.add_argument("practitioner", metavar="NAME", help=PRACTITIONER_NAMED)
    agreement.add_argument("--frequency", metavar="WORDS", required=True, help='how often you meet, such as "Monthly, one hour"')
    agreement.add_argument("--confidentiality", metavar="WORDS", required=True, help="the confidentiality terms you agreed")
    record = actions.add_parser(
        "record", parents=[db_option], help="record a supervision session",
        description=(
            "Record a supervision session held with a practitioner: the day, who was there, which flagged items "
            "were discussed (from the bundle held now), the actions agreed and how earlier actions went."
        ),
    )  # fmt: skip
    record.add_argument("practitioner", metavar="NAME", help=PRACTITIONER_NAMED)
    record.add_argument("--date", dest="held_on", metavar="DAY", default="today", help="the day it was held, such as 2026-12-01 (default: today)")
    record.add_argument(
        "--with", dest="attendees", metavar="NAME", action="append", default=[],
        help="someone who was there, by the name they choose (repeatable)",
    )  # fmt: skip
    record.add_argument(
        "--discussed", metavar="ID", action="append", default=[],
        help="a flagged reflection discussed: the id `supervision show` lists, or its start (repeatable)",
    )  # fmt: skip
    record.add_argument("--action", dest="actions", metavar="WORDS", action="append", default=[], help="an action agreed (repeatable)")
    record.add_argument(
        "--went", nargs=2, metavar=("NUMBER", "WORDS"), action="append", default=[],
        help="how an earlier action went, by its number (repeatable)",
    )  # fmt: skip
    record.add_argument(
        "--comment", dest="comments", nargs=2, metavar=("ID", "WORDS"), action="append", default=[],
        help="your comment on a flagged reflection, sent back with `supervision feedback` (repeatable)",
    )  # fmt: skip
    show = actions.add_parser(
        "show", parents=[db_option], help="a practitioner's supervision record as plain text",
        description="A practitioner's agreement, sessions, open actions and flagged items (with the ids to name them by).",
    )  # fmt: skip
    show.add_argument("practitioner", metavar="NAME", help=PRACTITIONER_NAMED)
    printed = actions.add_parser(
        "print", parents=[db_option], help="a practitioner's supervision record in Markdown or HTML, for the record your service keeps",
        description="A practitioner's supervision record as Markdown, or as one self-contained HTML file that prints on A4.",
    )  # fmt: skip
    printed.add_argument("practitioner", metavar="NAME", help=PRACTITIONER_NAMED)
    printed.add_argument("--format", choices=["md", "html"], default=None, help="md (Markdown, the default) or html")
    printed.add_argument("--output", metavar="FILE", default="", help="the file to write (default: standard output)")
    feedback = actions.add_parser(
        "feedback", parents=[db_option], help="write a feedback file of a session for the practitioner",
        description=(
            "Write the comments and actions agreed at a session (the latest, or the one of --date) as a feedback file "
            "for the practitioner, who imports it with `reflect feedback import FILE`. It holds no person code."
        ),
    )  # fmt: skip
    feedback.add_argument("practitioner", metavar="NAME", help=PRACTITIONER_NAMED)
    feedback.add_argument("--date", dest="held_on", metavar="DAY", default="", help="the session's day, such as 2026-12-01 (default: the latest)")
    feedback.add_argument("--output", metavar="FILE", required=True, help="the feedback file to write, such as sam-feedback.json")
    feedback.add_argument(
        "--keep-identifiers", action="store_true",
        help="write it even if your words seem to identify someone (an NHS number, a phone number, ...); without it, nothing is written",
    )  # fmt: skip


def _feedback_parser(commands: Any, db_option: ArgumentParser) -> None:
    """`reflect feedback import FILE`: the comments and actions a supervisor sends back."""
    feedback = commands.add_parser(
        "feedback", parents=[db_option], help="bring in the feedback your supervisor sent after a session",
        description=(
            "Bring in a feedback file from your supervisor: their comments appear on the reflections they are "
            "about, and the actions you agreed become commitments that Patterns follows up like your own."
        ),
    )  # fmt: skip
    actions = feedback.add_subparsers(dest="feedback_action", metavar="ACTION", title="actions", required=True)
    importing = actions.add_parser(
        "import", parents=[db_option], help="import a feedback file",
        description="Check a feedback file whole and import it, or import nothing.",
    )  # fmt: skip
    importing.add_argument("file", metavar="FILE", help='the feedback file your supervisor gave you ("-" for standard input)')


def _revalidation_parser(commands: Any, db_option: ArgumentParser) -> None:
    """`reflect revalidation`: the reflective accounts written, against the NMC's five in three years."""
    revalidation = commands.add_parser(
        "revalidation", parents=[db_option], help="which reflections you wrote up as reflective accounts, against the NMC's five",
        description=(
            "List the reflections you wrote up as reflective accounts (with `reflect report --revalidation ID`) and "
            "when, against the five the NMC asks for in the three years to your revalidation date. Give that date "
            "once with --date. Nothing is sent anywhere."
        ),
    )  # fmt: skip
    revalidation.add_argument("--date", dest="revalidation_date", metavar="DAY", default="", help="your revalidation date, such as 2027-06-30 (remembered)")
    revalidation.add_argument(
        "--discussion-form", action="store_true",
        help="print the reflective discussion form's fields to fill in, with the accounts written in this cycle",
    )  # fmt: skip
