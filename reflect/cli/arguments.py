"""The parser's parts that are not declarations: argparse with safe errors, argument types, and a fix.

An argument type raises argparse.ArgumentTypeError, which argparse turns into a usage error
(exit code 2) naming the option.
"""

from __future__ import annotations

import argparse
import typing
from collections.abc import Iterator

from reflect.display import quoted, visible

ERROR_MAX = 300
"""Characters of an argument error: what was typed is quoted in it, and could be a whole paste."""
DEMO_MAX = 100_000
LIMIT_MAX = 1_000_000


class ArgumentParser(argparse.ArgumentParser):
    """argparse, with its error messages safe for a terminal: on one line, controls shown as symbols."""

    def error(self, message: str) -> typing.NoReturn:
        message = " ".join(visible(message).split("\n"))
        message = message.replace("\u2028", " ").replace("\u2029", " ").replace("\x85", " ")
        if len(message) > ERROR_MAX:
            message = message[:ERROR_MAX] + "…"
        super().error(message)


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def demo_count(text: str) -> int:
    value = whole_number(text)
    if not 1 <= value <= DEMO_MAX:
        raise argparse.ArgumentTypeError(f"must be between 1 and {DEMO_MAX:,}")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 1 and 65535")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    if value > LIMIT_MAX:
        raise argparse.ArgumentTypeError(f"must be {LIMIT_MAX:,} or fewer")
    return value


def app_arguments(argv: list[str]) -> argparse.Namespace | None:
    """What the parser makes of `reflect` or `reflect --db PATH`, the way the app is opened every day,
    read without building the parser of every command (a few milliseconds before the first paint);
    None for anything else, which is for the parser to read."""
    match argv:
        case []:
            return argparse.Namespace(command=None)
        case ["--db", path] if path and not path.startswith("-"):
            return argparse.Namespace(command=None, db=path)
        case [option] if option.startswith("--db=") and option[5:] and not option[5:].startswith("-"):
            return argparse.Namespace(command=None, db=option[5:])
    return None


def _every_action(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """The options and arguments of the parser and of all its commands, at every depth."""
    # argparse offers no public way to list a parser's actions or its commands.
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                yield from _every_action(command)
        else:
            yield action


def _list_options(parser: argparse.ArgumentParser) -> set[str]:
    """The destinations whose value is a list (repeatable options), in the parser and its commands."""
    return {
        action.dest
        for action in _every_action(parser)
        if isinstance(action, argparse._AppendAction) or isinstance(action.default, list)
    }


def restore_double_dashes(args: argparse.Namespace, parser: argparse.ArgumentParser) -> argparse.Namespace:
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


def _option_strings(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    """Every option string in the parser and its commands, and those that take one value."""
    every: set[str] = set()
    taking_a_value: set[str] = set()
    for action in _every_action(parser):
        every.update(action.option_strings)
        if action.option_strings and action.nargs is None and not isinstance(action, argparse._StoreConstAction):
            taking_a_value.update(action.option_strings)
    return every, taking_a_value


def values_that_look_like_options(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """`--note-now-what -2+3` as `--note-now-what=-2+3`: argparse takes a value that starts with a
    minus sign (and is not a plain negative number) for an option and says "expected one argument".

    Only a word that is not itself one of reflect's options is joined to the option before it.
    """
    every, taking_a_value = _option_strings(parser)
    joined: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "--":
            joined.extend(argv[index:])
            break
        following = argv[index + 1] if index + 1 < len(argv) else None
        if word in taking_a_value and following is not None and following.startswith("-") and following != "-" and following not in every:
            joined.append(f"{word}={following}")
            index += 2
            continue
        joined.append(word)
        index += 1
    return joined
