"""`reflect share --to postgresql://...` in a real terminal: it asks before sharing or withdrawing,
saying which bundle of theirs it replaces or takes out, and an answer other than yes changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.server_url import ServerURL
from reflect.settings import PRACTITIONER_ID
from reflect.store import open_store
from tests.cli.test_share_to_a_server import held, reflection
from tests.helpers.cli import make_database
from tests.helpers.terminal import Terminal

pytestmark = pytest.mark.system


def answered(args: list[str], env: dict[str, str], question: str, answer: str) -> tuple[int | None, str]:
    """`reflect ARGS` in a terminal, answering `answer` once it asks `question`: its exit code and everything it wrote."""
    with Terminal(args, env) as terminal:
        assert terminal.read_until(lambda: terminal.shows(question)), terminal.output.decode(errors="replace")
        terminal.press(f"{answer}\r")
        code = terminal.wait(30)
        return code, terminal.output.decode(errors="replace")


def test_sharing_and_withdrawing_ask_first_and_no_changes_nothing(tmp_path: Path, postgres_url_at_head: str, subprocess_env) -> None:
    team = postgres_url_at_head
    open_store(ServerURL(team), team=True).close()
    mine = tmp_path / "mine.db"
    make_database(mine, reflection(2, 1), reflection(5, 2))
    sharing = ["share", "--db", str(mine), "--as", "Sam", "--to", team]

    code, said = answered(sharing, subprocess_env, "[y/N]", "n")
    assert code == 1 and "Nothing was shared." in said and "Share it into the team database at" in said
    assert held(team) == []
    store = open_store(mine)
    assert store.setting(PRACTITIONER_ID) is None  # nothing remembered either
    store.close()

    code, said = answered(sharing, subprocess_env, "[y/N]", "y")
    assert code == 0 and "Shared your bundle for" in said
    code, said = answered(sharing, subprocess_env, "[y/N]", "n")
    assert code == 1 and "(replacing your bundle of " in said

    withdrawing = ["share", "--db", str(mine), "--to", team, "--withdraw"]
    code, said = answered(withdrawing, subprocess_env, "[y/N]", "n")
    assert code == 1 and "To withdraw: your bundle of " in said and "Nothing was withdrawn." in said
    assert held(team) == [("Sam", 2)]
    code, said = answered(withdrawing, subprocess_env, "[y/N]", "y")
    assert code == 0 and "Withdrew your bundle of " in said
    assert held(team) == []
