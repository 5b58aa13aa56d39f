"""The `reflect` command line: `main`, and the table of commands whose handlers load only when run.

Each family of commands has its module here (reflections, patterns, care, exchange, sharing,
workshop); a handler parses nothing and decides nothing: it calls a verb of reflect.services (or
of a domain package) and prints what came back. `reflect --help` loads only the parser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from reflect.cli.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Failure, UsageError
from reflect.display import encodes_all_text, visible

__all__ = ["COMMANDS", "EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "Failure", "UsageError", "main"]

Handler = Callable[[argparse.Namespace], int]


class OnDemand:
    """A handler named by its module and function, imported the first time the command runs."""

    def __init__(self, module: str, function: str) -> None:
        self.module = module
        self.function = function

    def __call__(self, args: argparse.Namespace) -> int:
        from importlib import import_module

        handler: Handler = getattr(import_module(f"reflect.cli.{self.module}"), self.function)
        return handler(args)

    def __repr__(self) -> str:
        return f"OnDemand({self.module!r}, {self.function!r})"


COMMANDS: dict[str, Handler] = {
    "app": OnDemand("reflections", "command_app"),
    "new": OnDemand("reflections", "command_new"),
    "add": OnDemand("reflections", "command_add"),
    "list": OnDemand("reflections", "command_list"),
    "questions": OnDemand("reflections", "command_questions"),
    "stats": OnDemand("patterns", "command_stats"),
    "backup": OnDemand("care", "command_backup"),
    "doctor": OnDemand("care", "command_doctor"),
    "erase": OnDemand("care", "command_erase"),
    "export": OnDemand("exchange", "command_export"),
    "import": OnDemand("exchange", "command_import"),
    "copy": OnDemand("copying", "command_copy"),
    "report": OnDemand("exchange", "command_report"),
    "share": OnDemand("sharing", "command_share"),
    "team": OnDemand("sharing", "command_team"),
    "feedback": OnDemand("feedback", "command_feedback"),
    "revalidation": OnDemand("revalidation", "command_revalidation"),
    "workshop": OnDemand("workshop", "command_workshop"),
    "serve": OnDemand("workshop", "command_serve"),
    "demo": OnDemand("workshop", "command_demo"),
    "org": OnDemand("organisation_teams", "command_org_team"),
}
"""Each command's handler; "app" is what runs with no command. (Tests replace entries to stub the app.)"""


def show_what_the_terminal_cannot() -> None:
    """In a locale that cannot encode every character (LC_ALL=C, PYTHONIOENCODING=ascii), print
    such characters as escapes (\u2019) rather than stop with an error; files and data written to
    standard output are UTF-8 whatever the locale (see reflect.cli.output)."""
    for stream in (sys.stdout, sys.stderr):
        if not encodes_all_text(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def parsed_arguments(given: list[str]) -> tuple[argparse.Namespace, argparse.ArgumentParser | None]:
    """The arguments, and the parser that read them (None when the app's own arguments needed none)."""
    from reflect.cli.arguments import app_arguments, restore_double_dashes, values_that_look_like_options

    args = app_arguments(given)
    if args is not None:
        return args, None
    from reflect.cli.parser import build_parser

    parser = build_parser()
    return restore_double_dashes(parser.parse_args(values_that_look_like_options(given, parser)), parser), parser


def main(argv: Sequence[str] | None = None) -> int:
    from reflect.when import TimeZoneError, local_now

    show_what_the_terminal_cannot()
    args, parser = parsed_arguments(list(sys.argv[1:] if argv is None else argv))
    command = args.command or "app"
    try:
        local_now()  # a time zone no clock can have is named now, not as a traceback from deep inside
        return COMMANDS[command](args)
    except TimeZoneError as error:
        print(f"reflect: {visible(str(error))}", file=sys.stderr)
        return EXIT_FAILURE
    except UsageError as error:
        message = visible(str(error))
        if parser is None:
            from reflect.cli.parser import build_parser

            parser = build_parser()
        parser.exit(EXIT_USAGE, f"reflect {command}: {message}\n" if args.command else f"reflect: {message}\n")
    except Failure as error:
        print(f"reflect: {visible(str(error))}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`reflect list | head`): stop quietly, as other tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    return EXIT_OK
