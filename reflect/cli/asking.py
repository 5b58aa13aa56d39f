"""Asking a person before a command does what cannot be undone: a question answered y or n in a terminal.

Anything but y or yes, the end of input (Ctrl+D) or Ctrl+C leaves everything as it was. Without a
terminal there is no one to answer, so such a command goes ahead only when told to (--yes).
"""

from __future__ import annotations

import sys

from reflect.cli.errors import Failure


def ask_first(question: str, *, nothing: str, yes: bool, without_terminal: str) -> None:
    """Return if `yes`, or if the person answers y to `question`; otherwise Failure(`nothing`).

    Without a terminal (and without `yes`), Failure(`without_terminal` then `nothing`): a script must
    say --yes, never be taken to mean it. Ctrl+C says `nothing` and goes on as an interrupt (exit 130).
    """
    if yes:
        return
    if not sys.stdin.isatty():
        raise Failure(f"{without_terminal} {nothing}")
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        print(f"\n{nothing}", file=sys.stderr, flush=True)
        raise
    except (OSError, UnicodeDecodeError):
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        if not answer.endswith("\n"):
            print(file=sys.stderr)  # the end of input left the cursor after the question
        raise Failure(nothing)
