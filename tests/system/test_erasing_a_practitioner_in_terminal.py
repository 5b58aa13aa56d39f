"""`reflect org erase-practitioner` in a real terminal: it says what the role owns and asks; "n", the end
of input (Ctrl+D) and Ctrl+C each erase nothing and say so, and "y" erases it all."""

from __future__ import annotations

import pytest

from tests.helpers.organisation import organisation_on
from tests.helpers.owned_rows import owned_everywhere
from tests.helpers.postgres import Server, server_or_skip
from tests.helpers.terminal import Terminal

pytestmark = pytest.mark.system

QUESTION = "Erase them all? This cannot be undone. [y/N]"


def answered(args: list[str], env: dict[str, str], keys: str) -> tuple[int | None, str]:
    """`reflect ARGS` in a terminal, pressing `keys` once it asks: its exit code and everything it wrote."""
    with Terminal(args, env) as terminal:
        assert terminal.read_until(lambda: terminal.shows(QUESTION)), terminal.output.decode(errors="replace")
        terminal.press(keys)
        code = terminal.wait(30)
        return code, terminal.output.decode(errors="replace")


def test_it_asks_first_and_no_the_end_of_input_or_ctrl_c_erase_nothing(postgres_server: Server | str, subprocess_env: dict[str, str]) -> None:
    with organisation_on(server_or_skip(postgres_server)) as organisation:
        bob = organisation.names["bob"]
        before = owned_everywhere(organisation.superuser, bob)
        erasing = ["org", "erase-practitioner", organisation.admin, bob]
        for keys, exit_code in (("n\r", 1), ("\x04", 1), ("\x03", 130)):
            code, said = answered(erasing, subprocess_env, keys)
            assert code == exit_code, said
            assert f"{bob} owns 4 reflections, " in said and "Nothing was erased." in said and "Traceback" not in said
            assert owned_everywhere(organisation.superuser, bob) == before
        code, said = answered(erasing, subprocess_env, "y\r")
        assert code == 0 and f"Erased from the database {organisation.database}: 4 reflections, " in said, said
        assert not any(owned_everywhere(organisation.superuser, bob).values())
