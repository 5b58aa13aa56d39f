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
from reflect.display import visible

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
    "report": OnDemand("exchange", "command_report"),
    "share": OnDemand("sharing", "command_share"),
    "team": OnDemand("sharing", "command_team"),
    "workshop": OnDemand("workshop", "command_workshop"),
    "serve": OnDemand("workshop", "command_serve"),
    "demo": OnDemand("workshop", "command_demo"),
}
"""Each command's handler; "app" is what runs with no command. (Tests replace entries to stub the app.)"""


def main(argv: Sequence[str] | None = None) -> int:
    from reflect.cli.arguments import restore_double_dashes
    from reflect.cli.parser import build_parser

    parser = build_parser()
    args = restore_double_dashes(parser.parse_args(argv), parser)
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
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`reflect list | head`): stop quietly, as other tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    return EXIT_OK
