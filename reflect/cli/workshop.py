"""`reflect workshop ...`, `reflect serve` and `reflect demo`: a room reflecting together, and trying reflect out.

The workshop domain (its files, store, vignettes and the room's figures) is in reflect.workshop;
serving it to browsers is reflect.web's. Heavy modules (Textual, SQLAlchemy) are imported inside
the commands that need them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC
from pathlib import Path

from reflect.cli.apps import run_until_closed
from reflect.cli.errors import EXIT_OK, Failure, UsageError, failing_on, usage_on
from reflect.paths import vignettes_dir, workshops_dir
from reflect.workshop.files import WorkshopPathError, resolve_workshop
from reflect.workshop.vignettes import VignetteError


def command_workshop(args: argparse.Namespace) -> int:
    """`reflect workshop ACTION`: the action's handler below."""
    actions = {
        "new": _new, "join": _join, "show": _show, "export": _export, "vignettes": _vignettes,
    }  # fmt: skip
    return actions[args.workshop_command](args)


def _workshop_path(args: argparse.Namespace) -> Path:
    """The workshop file a command means, checked to be one."""
    from reflect.workshop.store import WorkshopError, check_workshop_file

    with usage_on(WorkshopPathError), failing_on(WorkshopError):
        path = resolve_workshop(args.workshop_db, args.workshop_id, workshops_dir())
        check_workshop_file(path)
    return path


def _new(args: argparse.Namespace) -> int:
    from datetime import datetime

    from reflect.services.workshops import new_workshop
    from reflect.workshop.store import WorkshopError

    # A vignette that is not there is a bad argument; a file that cannot be made, a failure.
    with usage_on(VignetteError), failing_on(WorkshopError):
        made = new_workshop(args.vignette, Path(args.workshop_db).expanduser() if args.workshop_db else None, datetime.now(UTC))
    path, workshop_id, vignette = made.path, made.id, made.vignette
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


def _join(args: argparse.Namespace) -> int:
    path = _workshop_path(args)
    from reflect.tui.workshop.participant import ParticipantApp
    from reflect.workshop.identity import key_from_environment

    # Set by `reflect serve` for the browser this process is for: the same browser, the same participant.
    return run_until_closed(ParticipantApp(path, participant_key=key_from_environment()))


def _show(args: argparse.Namespace) -> int:
    path = _workshop_path(args)
    from reflect.tui.workshop.room import RoomApp

    return run_until_closed(RoomApp(path))


def _export(args: argparse.Namespace) -> int:
    from reflect.services.workshops import room_answers
    from reflect.workshop.store import WorkshopError

    path = _workshop_path(args)
    with failing_on(WorkshopError):
        text = room_answers(path, args.format, args.round)
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


def _vignettes(args: argparse.Namespace) -> int:
    from reflect.workshop.vignettes import add_vignette, all_vignettes

    if getattr(args, "vignettes_command", None) == "add":
        with failing_on(VignetteError):
            vignette, target = add_vignette(Path(args.file).expanduser(), vignettes_dir())
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


def command_serve(args: argparse.Namespace) -> int:
    from reflect.web.command import ServeError, serve

    if getattr(args, "db", None):
        raise UsageError(
            "serve shares a workshop, never your own reflections: "
            "give the workshop after the command, as --workshop ID or --db WORKSHOP.db."
        )
    try:
        serve(
            workshop=args.workshop, workshop_db=args.workshop_db, host=args.host, port=args.port,
            max_participants=args.max_participants,
        )
    except ServeError as error:
        if error.usage:
            raise UsageError(str(error)) from None
        raise Failure(str(error)) from None
    return EXIT_OK


def command_demo(args: argparse.Namespace) -> int:
    """The app on generated data in a throwaway folder, removed when the app closes."""
    import tempfile

    from reflect.model import utc_now
    from reflect.services.demo import make_demo_database
    from reflect.tui.app import ReflectApp

    # mkdtemp makes the folder 0700; everything in it goes when the demo ends.
    with tempfile.TemporaryDirectory(prefix="reflect-demo-") as folder:
        print("Making up a fictional practitioner's reflections…", file=sys.stderr)
        path = make_demo_database(Path(folder), reflections=args.reflections, seed=args.seed, now=utc_now().astimezone())
        # A settings file of its own too: choosing a theme in the demo leaves yours alone.
        # An app that had to stop raises Failure here, said once the folder is gone.
        run_until_closed(ReflectApp(db_path=path, settings_path=Path(folder) / "settings.json", demo=True, long_lived=True))
    print("The demo data has been removed. Start your own reflections with `reflect`.")
    return EXIT_OK
