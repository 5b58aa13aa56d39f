"""`reflect` (the app), `reflect new`, `add`, `list` and `questions`: a practitioner's own reflections."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from reflect.cli.apps import run_until_closed
from reflect.cli.database import check_database, database_exists, opened_store
from reflect.cli.errors import EXIT_OK, Failure, UsageError
from reflect.display import json_for_terminal, visible

if TYPE_CHECKING:
    from reflect.model import Reflection


def command_app(args: argparse.Namespace, *, start_new: bool = False) -> int:
    # A server is reached by the app itself, off the path to its first paint.
    path, is_default = check_database(args, reach_server=False)
    from reflect.tui.app import ReflectApp

    return run_until_closed(ReflectApp(db_path=path, create_parent=is_default, start_new=start_new, long_lived=True))


def command_new(args: argparse.Namespace) -> int:
    return command_app(args, start_new=True)


def command_add(args: argparse.Namespace) -> int:
    from reflect.model import utc_now
    from reflect.questions import default_question_set
    from reflect.service import InputError
    from reflect.services.journal import Journal
    from reflect.services.recording import ReflectionFields, build_reflection, possible_identifiers

    question_set = default_question_set()
    now = utc_now().astimezone()
    fields = ReflectionFields(
        answers=args.answers, when=args.when, kind=args.kind, person=args.person, duration=args.duration,
        tags=args.tag, notes=args.note, what_happened=args.note_what, so_what=args.note_so_what,
        now_what=args.note_now_what, commitment=args.commitment, about=args.about,
        flagged=args.flag, flagged_notes=args.flag_note,
    )  # fmt: skip
    try:
        reflection = build_reflection(fields, question_set, now)
    except InputError as error:
        raise UsageError(str(error)) from None

    found = possible_identifiers(reflection, question_set, today=now.date())
    if found and not args.keep_identifiers:
        raise Failure(
            f"Nothing was saved: this reflection may identify someone you support: {found}. "
            "Edit it out and run the command again, or add --keep-identifiers to save it as written."
        )
    if found:
        print(f"reflect: saved as written, though it may identify someone: {visible(found)}.", file=sys.stderr)
    path, _ = check_database(args)
    with opened_store(args) as store:
        # The command line keeps its input itself (it is still in the shell's history): no recovery file.
        saved = Journal(store, path, keep_failed_saves=False).finish(reflection, now)
    if not saved.ok:
        raise Failure(saved.problem)
    if args.json:
        from reflect.service import to_json

        print(json_for_terminal(to_json(reflection, question_set), indent=2))
    else:
        from reflect.service import counts_phrase, flags_phrase

        flags = flags_phrase(reflection)
        print(
            f"Saved reflection {reflection.uuid[:8]} ({visible(_describe(reflection))}): {counts_phrase(reflection)}."
            + (f" {flags[0].upper()}{flags[1:]}." if flags else "")
        )
    return EXIT_OK


def _describe(reflection: Reflection) -> str:
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
    path, _ = check_database(args)
    reflections: list[Reflection] = []  # listing never creates a database
    if database_exists(path):
        with opened_store(args) as store:
            reflections = store.list_reflections(limit=args.limit)
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


def command_questions(_args: argparse.Namespace) -> int:
    from reflect.questions import default_question_set

    question_set = default_question_set()
    print(f"{question_set.title} ({question_set.id}, version {question_set.version})")
    print(question_set.prompt)
    print()
    for number, question in enumerate(question_set.questions, start=1):
        print(f"{number:>2}. [{question.label}] {question.full_text(question_set.stem)}")
        print(f"    key: {question.key}")
    print()
    print("The number or the key names a question in `reflect add --note N=TEXT`, --flag-note N and --about N,N.")
    return EXIT_OK
