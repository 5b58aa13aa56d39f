"""`reflect workshop ...` and `reflect demo`: what each command does, behind cli.py's parsing.

Heavy modules (Textual, SQLAlchemy) are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reflect.cli import EXIT_FAILURE, EXIT_OK, Failure, UsageError
from reflect.paths import vignettes_dir, workshops_dir
from reflect.workshop.files import WorkshopPathError, new_workshop_id, resolve_workshop, workshop_file
from reflect.workshop.vignettes import VignetteError


def _workshop_path(args: argparse.Namespace) -> Path:
    """The workshop file a command means, checked to be one."""
    from reflect.workshop.store import WorkshopError, check_workshop_file

    try:
        path = resolve_workshop(args.workshop_db, args.workshop_id, workshops_dir())
        check_workshop_file(path)
    except WorkshopPathError as error:
        raise UsageError(str(error)) from None
    except WorkshopError as error:
        raise Failure(str(error)) from None
    return path


def command_new(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from reflect.questions import default_question_set
    from reflect.workshop.store import WorkshopError, WorkshopInfo, create_workshop
    from reflect.workshop.vignettes import find_vignette

    try:
        vignette = find_vignette(args.vignette, vignettes_dir())
    except VignetteError as error:
        raise UsageError(str(error)) from None
    workshop_id = new_workshop_id(vignette.id)
    if args.workshop_db:
        path = Path(args.workshop_db).expanduser()
    else:
        folder = workshops_dir()
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # reflect's data folder, 0700 too
        folder.mkdir(mode=0o700, exist_ok=True)
        path = workshop_file(folder, workshop_id)
    question_set = default_question_set()
    info = WorkshopInfo(
        id=workshop_id,
        created_at=datetime.now(timezone.utc),
        vignette_id=vignette.id,
        vignette_title=vignette.title,
        vignette_setting=vignette.setting,
        vignette_text=vignette.text,
        question_set_id=question_set.id,
        question_set_version=question_set.version,
    )
    try:
        create_workshop(path, info)
    except WorkshopError as error:
        raise Failure(str(error)) from None
    db = _quoted(path)
    by_id = f"--workshop {workshop_id}" if not args.workshop_db else f"--db {db}"
    print(f'Workshop {workshop_id} is ready: "{vignette.title}" ({vignette.setting}).')
    print(f"Its answers are kept in {path}")
    print()
    print("Participants at this computer, or at their own with the file on a shared folder, join with:")
    print(f"  reflect workshop join --db {db}")
    print("Participants with only a browser join through:")
    print(f"  reflect serve {by_id}")
    print("Watch the room's answers arrive with:")
    print(f"  reflect workshop show {by_id}")
    return EXIT_OK


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def command_join(args: argparse.Namespace) -> int:
    path = _workshop_path(args)
    from reflect.tui.workshop.participant import ParticipantApp

    return _run_until_closed(ParticipantApp(path))


def command_show(args: argparse.Namespace) -> int:
    path = _workshop_path(args)
    from reflect.tui.workshop.room import RoomApp

    return _run_until_closed(RoomApp(path))


def _run_until_closed(app) -> int:  # type: ignore[no-untyped-def]
    """Run a workshop app; if it had to stop (a file that is not a workshop), say why and fail."""
    app.run()
    if app.failure:
        print(f"reflect: {app.failure}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    from reflect.questions import default_question_set
    from reflect.workshop.export import room_csv, room_markdown
    from reflect.workshop.room import room_spread
    from reflect.workshop.store import WorkshopError, WorkshopStore

    path = _workshop_path(args)
    try:
        store = WorkshopStore.open(path)
        try:
            info, answers, participants = store.info, store.answers(), store.participants()
        finally:
            store.close()
    except WorkshopError as error:
        raise Failure(str(error)) from None
    spreads = room_spread(default_question_set(), answers)
    render = room_csv if args.format == "csv" else room_markdown
    text = render(info, spreads, participants, default_question_set())
    if args.output:
        from reflect.workshop.export import write_private

        try:
            write_private(Path(args.output).expanduser(), text)
        except OSError as error:
            raise Failure(f"Cannot write {args.output}: {error.strerror}. Nothing was written.") from None
        print(f"Wrote the room's answers to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def command_vignettes(args: argparse.Namespace) -> int:
    from reflect.workshop.vignettes import add_vignette, all_vignettes

    if getattr(args, "vignettes_command", None) == "add":
        try:
            vignette, target = add_vignette(Path(args.file).expanduser(), vignettes_dir())
        except VignetteError as error:
            raise Failure(str(error)) from None
        print(f'Added the vignette {vignette.id}: "{vignette.title}" ({vignette.setting}), kept in {target}.')
        print(f"Start a workshop on it with: reflect workshop new --vignette {vignette.id}")
        return EXIT_OK
    vignettes = all_vignettes(vignettes_dir())
    width = max(len(vignette.id) for vignette in vignettes)
    for vignette in vignettes:
        own = "  (your own)" if vignette.own else ""
        print(f"{vignette.id:<{width}}  {vignette.title} ({vignette.setting}){own}")
    print()
    print("Start a workshop with: reflect workshop new --vignette ID")
    return EXIT_OK
