"""`reflect org rename-practitioner` in a real terminal: it says what the role owns and what the rename
does, and asks; "n", the end of input (Ctrl+D) and Ctrl+C each rename nothing and say so, and "y"
renames the role with all of its rows."""

from __future__ import annotations

import pytest

from tests.helpers.organisation import organisation_on
from tests.helpers.owned_rows import owned_everywhere
from tests.helpers.postgres import Server, server_or_skip
from tests.helpers.terminal import Terminal

pytestmark = pytest.mark.system


def answered(args: list[str], env: dict[str, str], question: str, keys: str) -> tuple[int | None, str]:
    """`reflect ARGS` in a terminal, pressing `keys` once it asks `question`: its exit code and everything it wrote."""
    with Terminal(args, env) as terminal:
        assert terminal.read_until(lambda: terminal.shows(question)), terminal.output.decode(errors="replace")
        terminal.press(keys)
        code = terminal.wait(30)
        return code, terminal.output.decode(errors="replace")


def test_it_asks_first_and_no_the_end_of_input_or_ctrl_c_rename_nothing(postgres_server: Server | str, subprocess_env: dict[str, str]) -> None:
    with organisation_on(server_or_skip(postgres_server)) as organisation:
        bob = organisation.names["bob"]
        robert = f"robert_{bob}"
        question = f"Rename {bob} to {robert}? [y/N]"
        before = owned_everywhere(organisation.superuser, bob)
        renaming = ["org", "rename-practitioner", organisation.admin, bob, robert]
        try:
            for keys, exit_code in (("n\r", 1), ("\x04", 1), ("\x03", 130)):
                code, said = answered(renaming, subprocess_env, question, keys)
                assert code == exit_code, said
                assert f"{bob} owns 4 reflections, " in said and "Nothing was renamed." in said and "Traceback" not in said
                assert owned_everywhere(organisation.superuser, bob) == before
                assert organisation.rows("SELECT count(*) FROM pg_roles WHERE rolname = %s", robert) == [(0,)]
            code, said = answered(renaming, subprocess_env, question, "y\r")
            assert code == 0 and f"Renamed the role {bob} to {robert}, and gave {robert} 4 reflections, " in said, said
            assert not any(owned_everywhere(organisation.superuser, bob).values())
        finally:
            import psycopg

            with psycopg.connect(organisation.server.superuser_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{organisation.database}" WITH (FORCE)')
                connection.execute(f'DROP ROLE IF EXISTS "{robert}"')
