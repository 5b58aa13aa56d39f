"""`reflect export`, `import` and `report`: reflections out to a file, back in, and written up."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from reflect.cli.database import check_database, database_exists, opened_store
from reflect.cli.errors import EXIT_OK, Failure, UsageError, failing_on, usage_on
from reflect.cli.options import period, period_or_last_four_weeks, shown_name
from reflect.cli.output import output_file, write_output

if TYPE_CHECKING:
    from reflect.model import Selection


def command_export(args: argparse.Namespace) -> int:
    from reflect.questions import default_question_set
    from reflect.services.exchange import export_reflections

    chosen = period(args)
    path, _ = check_database(args)
    output = output_file(args, path)
    question_set = default_question_set()
    # Written as it is read from the store (a page at a time), so inside `with`.
    if database_exists(path):
        with opened_store(args) as store:
            export = export_reflections(store, question_set, period=chosen, fmt=args.format)
            write_output(output, export.pieces())
    else:
        export = export_reflections(None, question_set, period=chosen, fmt=args.format)  # never creates a database
        write_output(output, export.pieces())
    if output is not None:
        from reflect.service import reflections_phrase

        print(f"Exported {reflections_phrase(export.reflections)} to {output} (readable by you alone).", file=sys.stderr)
    return EXIT_OK


def command_import(args: argparse.Namespace) -> int:
    from reflect.exchange.files import FileProblem
    from reflect.service import reflections_phrase
    from reflect.services.exchange import import_export, read_export_file

    check_database(args)
    with failing_on(FileProblem):
        exported = read_export_file(args.file)
    shown = "standard input" if args.file == "-" else args.file
    if not exported.reflections:
        print(f"Nothing to import: {shown} holds no reflections.")
        return EXIT_OK
    # The file is read again as it is stored: one changed since it was checked is refused, all of it.
    with opened_store(args) as store, failing_on(FileProblem):
        counts = import_export(store, exported)
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


def command_report(args: argparse.Namespace) -> int:
    from reflect.model import utc_now
    from reflect.questions import default_question_set

    if args.revalidation.strip():
        if args.kind.strip() or args.tag.strip():
            raise UsageError("--kind and --tag choose the reflections of a summary: leave them out with --revalidation ID.")
        return _revalidation(args)
    if args.theme:
        raise UsageError("--theme goes with --revalidation ID: the Code themes belong to a reflective account.")
    if args.relevance is not None:
        raise UsageError("--relevance goes with --revalidation ID: it answers the reflective account's question on the Code.")
    fmt = _report_format(args)
    if fmt == "text":
        raise UsageError("The supervision summary comes as md or html; --format text is for a reflective account (--revalidation ID).")
    name = shown_name(args.name) if args.name else None
    chosen = _only(args, period_or_last_four_weeks(args, utc_now().astimezone()))
    path, _ = check_database(args)
    output = output_file(args, path)
    from reflect.exchange.report import render_report
    from reflect.services.reporting import supervision_report

    question_set = default_question_set()
    if not database_exists(path):
        raise Failure(f"There is no database at {path} yet, so nothing to report. Make a reflection first, or give --db.")
    with opened_store(args) as store:
        report = supervision_report(store, question_set, chosen, now=utc_now().astimezone(), name=name)
    write_output(output, render_report(report, fmt))
    if output is not None:
        print(f"Wrote the supervision summary for {report.period} ({report.reflections_words}) to {output}.", file=sys.stderr)
    return EXIT_OK


def _only(args: argparse.Namespace, chosen: Selection) -> Selection:
    """The period narrowed to --kind and --tag, checked as `reflect stats` checks them."""
    from reflect.service import InputError, check_tags
    from reflect.services.recording import interaction_kind

    with usage_on(InputError):
        kind = interaction_kind(args.kind)
    with usage_on(ValueError):
        tags = check_tags(args.tag)
    if len(tags) > 1 or (args.tag.strip() and not tags):
        raise UsageError("Give --tag one tag, such as --tag housing.")
    return replace(chosen, kind=kind, tag=tags[0] if tags else None)


def _report_format(args: argparse.Namespace) -> str:
    """--format, or else what --output's name suggests (.html, .htm, .txt), or else Markdown."""
    if args.format:
        return str(args.format)
    name = args.output.strip().lower()
    if name.endswith((".html", ".htm")):
        return "html"
    return "text" if name.endswith(".txt") and args.revalidation.strip() else "md"


def _revalidation(args: argparse.Namespace) -> int:
    from reflect.exchange.report import CODE_THEMES, build_account, code_theme, render_account
    from reflect.model import utc_now
    from reflect.questions import default_question_set
    from reflect.services.reporting import ReflectionNotFound, account_source

    if args.start.strip() or args.end.strip() or args.name.strip():
        raise UsageError("--revalidation writes up one reflection: leave out --from, --to and --as.")
    themes = []
    for given in args.theme:
        for part in given.split(","):
            try:
                themes.append(code_theme(part))
            except ValueError:
                raise UsageError(f"{part.strip()!r} is not a theme of the Code. Use: {', '.join(CODE_THEMES)}.") from None
    relevance = _given_relevance(args.relevance)
    fmt = _report_format(args)
    path, _ = check_database(args)
    output = output_file(args, path)
    if not database_exists(path):
        raise Failure(f"There is no database at {path} yet, so no reflection to write up. Check --db.")
    with opened_store(args) as store:
        try:
            source = account_source(store, args.revalidation)
        except ReflectionNotFound as missing:
            raise UsageError(
                f"{missing.given!r} is the start of more than one reflection's id. Give more of it."
                if missing.several
                else f"No reflection has an id starting {missing.given!r}. `reflect list` shows the ids."
            ) from None
    if not args.theme:
        themes = _ask_for_themes()
    if relevance is None:
        relevance = _ask_for_relevance() if themes else ""
    account = build_account(
        source.reflection, default_question_set(), themes, person_codes=source.person_codes, now=utc_now().astimezone(),
        relevance=relevance,
    )  # fmt: skip
    write_output(output, render_account(account, fmt))
    _count_for_revalidation(args, source.reflection.uuid, account.themes)
    if output is not None:
        print(f"Wrote the reflective account ({account.month}) to {output}.", file=sys.stderr)
    if not account.themes:
        print("No theme of the Code was chosen: tick one on the account, or add --theme (people, effectively, safety, trust).", file=sys.stderr)
    elif not account.relevance:
        print("How this is relevant to the Code is left for you to write: add it there, or give it with --relevance.", file=sys.stderr)
    return EXIT_OK


def _count_for_revalidation(args: argparse.Namespace, reflection_id: str, themes: list[str]) -> None:
    """Note the account in the revalidation tracker. `report` opens the database read-only (it can be
    on read-only media), so this opens it to write once the account is out, and only says so if it cannot."""
    from reflect.model import utc_now
    from reflect.services.revalidation import note_account_written
    from reflect.store import StoreError
    from reflect.store.database import Store

    path, _ = check_database(args)
    try:
        store = Store.open(path)
        try:
            note_account_written(store, reflection_id, themes, now=utc_now())
        finally:
            store.close()
    except StoreError:
        print("The account is not counted in `reflect revalidation`: the database could not be written to.", file=sys.stderr)


RELEVANCE_MAX = 4000
"""Longer than any answer the NMC form's field holds comfortably; more is a mistake (a file pasted in)."""


def _given_relevance(given: str | None) -> str | None:
    """--relevance checked: None if not given; one clear line if it cannot go on a form."""
    if given is None:
        return None
    words = given.strip()
    if not words:
        raise UsageError("--relevance is empty: give your own words on how this is relevant to the Code, or leave it out.")
    if len(words) > RELEVANCE_MAX:
        raise UsageError(f"--relevance is {len(words)} characters long; keep it to {RELEVANCE_MAX} (a few sentences).")
    if any(not (character.isprintable() or character in "\n\t") for character in words):
        raise UsageError("--relevance holds control characters; give it as plain words.")
    return words


def _ask_for_relevance() -> str:
    """In a terminal, ask for the practitioner's own words on the Code question; elsewhere, none (a placeholder stays)."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return ""
    print("How is this relevant to the themes you chose? In your own words, on one line (Enter to write it later): ",
          end="", file=sys.stderr, flush=True)  # fmt: skip
    return sys.stdin.readline().strip()[:RELEVANCE_MAX]


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
