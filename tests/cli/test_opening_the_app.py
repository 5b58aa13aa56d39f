"""`reflect` and `reflect --db PATH` open the app as the parser would, without building every command's parser."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from reflect import cli
from reflect.cli.arguments import app_arguments
from reflect.cli.errors import UsageError
from reflect.cli.parser import build_parser
from tests.helpers.running import reflect_main


@pytest.mark.parametrize(
    "argv", [[], ["--db", "reflect.db"], ["--db=reflect.db"], ["--db", "list"], ["--db", "~/notes/my reflect.db"]], ids=repr
)
def test_the_apps_own_arguments_are_read_as_the_parser_reads_them(argv: list[str]) -> None:
    assert app_arguments(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [["new"], ["list"], ["--db"], ["--db", "-"], ["--db", "--"], ["--db="], ["--db=-x"], ["--db", "a.db", "new"], ["--d", "a.db"], ["-h"]],
    ids=repr,
)
def test_anything_else_is_left_to_the_parser(argv: list[str]) -> None:
    assert app_arguments(argv) is None


def test_reflect_with_a_database_opens_the_app_on_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    opened: list[argparse.Namespace] = []
    monkeypatch.setitem(cli.COMMANDS, "app", lambda args: opened.append(args) or 0)

    result = reflect_main("--db", str(tmp_path / "reflect.db"))

    assert result.returncode == 0, result.stderr
    assert opened == [argparse.Namespace(command=None, db=str(tmp_path / "reflect.db"))]


def test_a_usage_error_opening_the_app_is_one_line_with_the_usage_exit_code(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_args: argparse.Namespace) -> int:
        raise UsageError("That database cannot be used.")

    monkeypatch.setitem(cli.COMMANDS, "app", refuse)

    result = reflect_main()

    assert (result.returncode, result.stdout, result.stderr) == (2, "", "reflect: That database cannot be used.\n")
