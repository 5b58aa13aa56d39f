"""What a fresh `reflect` process imports: help, version and listings stay light (no Textual, no SQLAlchemy),
and a current database opens without Alembic. Only a new interpreter can show what is imported at start-up."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reflect.store import open_store
from tests.helpers.running import run_python


@pytest.mark.parametrize(
    "argv", [["--version"], ["--help"], ["add", "--help"], ["list", "--help"]], ids=" ".join
)
def test_help_and_version_import_neither_textual_nor_sqlalchemy(argv: list[str], subprocess_env: dict[str, str]) -> None:
    program = f"""
        import sys
        from reflect.cli import main
        try:
            main({argv!r})
        except SystemExit:
            pass
        print("RESULT", "textual" in sys.modules, "sqlalchemy" in sys.modules)
    """

    result = run_python(program, subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "RESULT False False"


@pytest.mark.parametrize(
    "argv",
    [["workshop", "--help"], ["workshop", "new", "--help"], ["workshop", "vignettes"], ["demo", "--help"]],
    ids=" ".join,
)
def test_workshop_help_and_listing_import_neither_textual_nor_sqlalchemy(argv: list[str], subprocess_env: dict[str, str]) -> None:
    program = f"""
        import sys
        from reflect.cli import main
        try:
            main({argv!r})
        except SystemExit:
            pass
        print("RESULT", "textual" in sys.modules, "sqlalchemy" in sys.modules)
    """
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(program)], env=subprocess_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "RESULT False False"


def test_opening_a_current_database_does_not_import_alembic(db_path: Path, subprocess_env: dict[str, str]) -> None:
    open_store(db_path).close()  # the first open creates the database (and needs Alembic)
    check = textwrap.dedent(
        """
        import sys
        from reflect.store import open_store
        opened = open_store(sys.argv[1])
        opened.list_reflections()
        opened.close()
        print("alembic" in sys.modules, "sqlalchemy" in sys.modules)
        """
    )

    result = subprocess.run(
        [sys.executable, "-c", check, str(db_path)],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


# Not yet imported when the home screen first paints: the database layer, the services, the question
# set with what reads it (TOML, package resources), what shows the data, the model's dataclasses (all
# once the store has opened), and the parser of every command, which `reflect --db PATH` does without.
NOT_LOADED_BY_THE_FIRST_PAINT = (
    "sqlalchemy", "sqlmodel", "alembic", "reflect.services", "reflect.service", "reflect.questions", "tomllib",
    "reflect.tui.render", "reflect.tui.tables", "reflect.model", "reflect.cli.parser",
)  # fmt: skip


def test_the_home_screen_paints_before_the_database_layer_the_question_set_and_the_commands_parser_are_imported(
    db_path: Path, subprocess_env: dict[str, str]
) -> None:
    open_store(db_path).close()
    program = f"""
        import functools, os, sys
        from textual.app import App
        from reflect.cli import main

        shown = App._display
        def display(app, screen, renderable):
            shown(app, screen, renderable)
            if renderable is not None and type(screen).__name__ == "HomeScreen":
                loaded = [name for name in {NOT_LOADED_BY_THE_FIRST_PAINT!r} if name in sys.modules]
                print("RESULT", loaded, app.store is None, flush=True)
                os._exit(0)
        App._display = display
        App.run = functools.partialmethod(App.run, headless=True)
        main(["--db", {str(db_path)!r}])
    """

    result = run_python(program, subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "RESULT [] True"


def test_the_home_screen_shows_its_data_reading_the_drafts_once_for_the_dialog_and_once_for_the_line(
    db_path: Path, subprocess_env: dict[str, str]
) -> None:
    """Without importing the reflection flow (TextArea and all) to see that none is open."""
    from tests.helpers.writer import draft

    store = open_store(db_path)
    store.save(draft(1, 1))
    store.close()
    program = f"""
        import functools, os, sys
        from textual.app import App
        from reflect.cli import main
        from reflect.tui.app import ReflectApp
        from reflect.tui.screens.home import HomeScreen

        reads = []
        waiting = ReflectApp.waiting_drafts
        def waiting_drafts(app):
            reads.append(1)
            return waiting(app)
        ReflectApp.waiting_drafts = waiting_drafts

        shown = HomeScreen._show_data
        def show_data(screen):
            shown(screen)
            print("RESULT", len(reads), "reflect.tui.flow" in sys.modules, type(screen.app.screen).__name__, flush=True)
            os._exit(0)
        HomeScreen._show_data = show_data
        App.run = functools.partialmethod(App.run, headless=True)
        main(["--db", {str(db_path)!r}])
    """

    result = run_python(program, subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "RESULT 2 False DraftDialog"


def test_the_home_screen_on_a_server_paints_before_the_driver_is_imported_or_the_server_reached(
    postgres_url_at_head: str, subprocess_env: dict[str, str]
) -> None:
    """The server's revision is read by the app once it has painted, as a file's is: not on the way there."""
    program = f"""
        import functools, os, sys
        from textual.app import App
        from reflect.cli import main

        shown = App._display
        def display(app, screen, renderable):
            shown(app, screen, renderable)
            if renderable is not None and type(screen).__name__ == "HomeScreen":
                loaded = [name for name in {(*NOT_LOADED_BY_THE_FIRST_PAINT, "psycopg")!r} if name in sys.modules]
                print("RESULT", loaded, app.store is None, flush=True)
                os._exit(0)
        App._display = display
        App.run = functools.partialmethod(App.run, headless=True)
        main(["--db", {postgres_url_at_head!r}])
    """

    result = run_python(program, subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "RESULT [] True"


def test_the_app_on_a_server_that_is_down_paints_then_stops_with_one_line_naming_it_masked(subprocess_env: dict[str, str]) -> None:
    from tests.helpers.terminal import Terminal

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    with Terminal(["--db", f"postgresql://ana:s3cret@127.0.0.1:{port}/reflect"], subprocess_env) as terminal:
        exit_code = terminal.wait(30)
    shown = terminal.output.decode(errors="replace")
    assert exit_code == 1
    assert "Traceback" not in shown and "s3cret" not in shown
    assert f"postgresql://ana:***@127.0.0.1:{port}/reflect" in shown and "Connection refused" in shown


def test_the_app_on_a_server_database_of_a_newer_reflect_stops_with_one_line_and_leaves_it_as_it_was(
    postgres_url_at_head: str, subprocess_env: dict[str, str]
) -> None:
    import psycopg

    from tests.helpers.terminal import Terminal

    with psycopg.connect(postgres_url_at_head, autocommit=True) as admin:
        admin.execute("UPDATE alembic_version SET version_num = '9999_from_a_newer_reflect'")
    with Terminal(["--db", postgres_url_at_head], subprocess_env) as terminal:
        exit_code = terminal.wait(30)
    shown = terminal.output.decode(errors="replace")
    assert exit_code == 1 and "Traceback" not in shown
    assert "written by a newer version of reflect (schema 9999_from_a_newer_reflect)" in " ".join(shown.split())
    with psycopg.connect(postgres_url_at_head) as admin:
        assert admin.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999_from_a_newer_reflect",)]


def test_once_open_reflect_imports_the_patterns_and_history_screens_before_their_keys_are_pressed(
    db_path: Path, subprocess_env: dict[str, str]
) -> None:
    # So that the first `t` or `h` of a session does not import them (a third of the time to the figures).
    program = f"""
        import functools, gc, os, sys
        from textual.app import App
        import reflect.tui.long_lived as long_lived
        from reflect.cli import main

        settle_in = long_lived.settle_in
        def settled_in(app):
            before = [name in sys.modules for name in ("reflect.tui.patterns.screen", "reflect.tui.screens.history")]
            settle_in(app)
            after = [name in sys.modules for name in ("reflect.tui.patterns.screen", "reflect.tui.screens.history")]
            print("RESULT", before, after, gc.get_freeze_count() > 0, flush=True)
            os._exit(0)
        long_lived.settle_in = settled_in
        App.run = functools.partialmethod(App.run, headless=True)
        main(["--db", {str(db_path)!r}])
    """

    result = run_python(program, subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "RESULT [False, False] [True, True] True"
