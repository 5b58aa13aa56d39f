"""`reflect share --to postgresql://...`: a bundle straight into the team's database on a server, after
the same preview and checks as a file, replacing the practitioner's bundle of the same period as an
import does; `--withdraw` takes their own bundles out again. Every refusal is one line, with nothing
written in either database and no password shown."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.server_url import ServerURL
from reflect.settings import DISPLAY_NAME, PRACTITIONER_ID
from reflect.store import current_revision, open_store
from tests.helpers.cli import assert_clean_failure, make_database
from tests.helpers.refusing_server import refusing_server
from tests.helpers.running import reflect_main

KEYS = default_question_set().keys
PASSWORD = "s3cretpw"


def reflection(days_ago: int, ident: int, *, note: str = "") -> Reflection:
    moment = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
    answers = {key: Answer(Response.YES) for key in KEYS}
    if note:
        answers["hope"] = Answer(Response.NO, note, flagged=True)
    return Reflection(
        uuid=f"00000000-0000-4000-8000-{ident:012d}", question_set_id="recovery-practices", question_set_version=1,
        occurred_at=moment, created_at=moment, updated_at=moment, answers=answers,
    )  # fmt: skip


def with_password(url: str) -> str:
    """The URL with a password written into it (the test server trusts every login, so it is never checked)."""
    scheme, _, rest = url.partition("://")
    user, _, host = rest.partition("@")
    return f"{scheme}://{user}:{PASSWORD}@{host}"


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """A practitioner's own database (a file), with three reflections of the last fortnight, one with a flagged note."""
    db = tmp_path / "mine.db"
    make_database(db, reflection(2, 1), reflection(5, 2, note="Felt stuck on the hope question"), reflection(9, 3))
    return db


@pytest.fixture
def team(postgres_url_at_head: str) -> str:
    """A team database on the test server, with nothing collected yet."""
    open_store(ServerURL(postgres_url_at_head), team=True).close()
    return postgres_url_at_head


def share(db: Path, *args: str, env: dict[str, str]):  # type: ignore[no-untyped-def]
    return reflect_main("share", "--db", str(db), *args, env=env)


def held(team_url: str) -> list[tuple[str, int]]:
    """Each bundle in the team database: whose (their name) and how many reflections."""
    store = open_store(ServerURL(team_url), team=True)
    try:
        names = {p.id: p.display_name for p in store.practitioners()}
        return [(names[b.practitioner_id], b.reflections) for b in store.bundles()]
    finally:
        store.close()


def remembered(db: Path) -> tuple[str | None, str | None]:
    store = open_store(db)
    try:
        return store.setting(PRACTITIONER_ID), store.setting(DISPLAY_NAME)
    finally:
        store.close()


# Sharing ----------------------------------------------------------------------------------------------


def test_a_bundle_shared_to_the_team_database_is_there_and_says_what_went_with_the_password_masked(
    mine: Path, team: str, subprocess_env
) -> None:
    url = with_password(team)
    result = share(mine, "--as", "Sam Okafor", "--to", url, "--yes", env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert PASSWORD not in result.stdout + result.stderr and "s3cret" not in result.stdout + result.stderr
    assert "3 reflections, each with its ten answers" in result.stderr  # the same preview as a file's
    (said,) = result.stdout.splitlines()
    assert said.startswith("Shared your bundle for ")
    assert "(3 reflections, without notes) as Sam Okafor into the team database at postgresql://postgres:***@127.0.0.1" in said
    assert held(team) == [("Sam Okafor", 3)]
    summary = reflect_main("team", "--db", team, "summary", env=subprocess_env)
    assert "Sam Okafor" in summary.stdout


def test_sharing_the_same_period_again_replaces_the_bundle_as_an_import_does(mine: Path, team: str, subprocess_env) -> None:
    share(mine, "--as", "Sam", "--to", team, "--yes", env=subprocess_env)
    again = share(mine, "--to", team, "--yes", "--include-notes", env=subprocess_env)

    assert again.returncode == 0, again.stderr
    assert "with your flagged notes" in again.stdout and "it replaces your bundle of" in again.stdout
    assert held(team) == [("Sam", 3)]


def test_a_period_given_with_to_and_the_team_database_given_with_another_to_are_both_taken(
    mine: Path, team: str, subprocess_env
) -> None:
    last_day = (datetime.now(UTC) - timedelta(days=4)).date().isoformat()
    result = share(mine, "--as", "Sam", "--from", "30 days ago", "--to", last_day, "--to", team, "--yes", env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert held(team) == [("Sam", 2)]  # the reflection of two days ago is after the period


def test_notes_that_may_identify_someone_are_refused_with_nothing_shared_or_remembered(tmp_path: Path, team: str, subprocess_env) -> None:
    db = tmp_path / "mine.db"
    make_database(db, reflection(3, 1, note="Called 020 7946 0958 about it"))

    result = share(db, "--as", "Sam", "--include-notes", "--to", team, "--yes", env=subprocess_env)

    assert_clean_failure(result, 1, "nothing was shared", "may identify someone")
    assert held(team) == [] and remembered(db) == (None, None)


def test_reflections_already_shared_by_someone_else_are_refused_whole_with_nothing_shared(
    mine: Path, tmp_path: Path, team: str, subprocess_env
) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(mine.read_bytes())  # a colleague's database made from a copy of Sam's, before Sam shared
    share(mine, "--as", "Sam", "--to", team, "--yes", env=subprocess_env)

    result = share(copy, "--as", "Ana", "--to", team, "--yes", env=subprocess_env)

    assert result.returncode == 1 and "Traceback" not in result.stderr
    refusal = result.stderr.splitlines()[-1]  # after the preview, as the bundle was checked against the team's
    assert "3 of these reflections are already in the team database" in refusal and "in Sam's bundle" in refusal
    assert "nothing was shared" in refusal
    assert held(team) == [("Sam", 3)] and remembered(copy) == (None, None)


# Refusals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--to", "postgresql://sam@db.example.org/team", "--output", "b.json"], ["--output FILE or --to URL, not both"]),
        (["--to", "bundle.json"], ["--to takes", "--output bundle.json"]),
        (["--to", "./team.db"], ["--output ./team.db"]),
        (["--to", "mysql://sam:hunter22@db.example.org/team"], ["PostgreSQL URL", "mysql://"]),
        (["--to", "postgresql://a@x/t", "--to", "postgresql://b@y/t"], ["one team database"]),
        ([], ["--output", "--to postgresql://"]),
        (["--all", "--to", "postgresql://sam@db.example.org/team"], ["--all goes with --withdraw"]),
        (["--withdraw"], ["withdraw", "--to"]),
        (["--withdraw", "--to", "postgresql://sam@db.example.org/team", "--output", "b.json"], ["deleting it"]),
        (["--withdraw", "--all", "--from", "2026-01-01", "--to", "postgresql://sam@db.example.org/team"], ["--all or a period"]),
    ],
    ids=["to and output", "a file given to to", "a team file given to to", "a wrong scheme", "two servers", "neither",
         "all without withdraw", "withdraw without to", "withdraw with output", "withdraw all with a period"],  # fmt: skip
)
def test_hostile_arguments_get_one_usage_line_and_touch_nothing(args: list[str], fragments: list[str], mine: Path, subprocess_env) -> None:
    before = mine.read_bytes()

    result = share(mine, "--as", "Sam", *args, "--yes", env=subprocess_env)

    assert_clean_failure(result, 2, *fragments)
    assert "hunter22" not in result.stderr
    assert mine.read_bytes() == before


def a_closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_server_that_is_down_is_one_line_and_the_local_database_is_unchanged(mine: Path, subprocess_env) -> None:
    before = mine.read_bytes()

    result = share(mine, "--as", "Sam", "--to", f"postgresql://sam:{PASSWORD}@127.0.0.1:{a_closed_port()}/team", "--yes", env=subprocess_env)

    assert_clean_failure(result, 1, "Connection refused", "postgresql://sam:***@127.0.0.1")
    assert "s3cret" not in result.stderr
    assert mine.read_bytes() == before and remembered(mine) == (None, None)


def test_a_wrong_password_is_one_line_saying_where_a_password_goes(mine: Path, subprocess_env) -> None:
    with refusing_server() as port:
        result = share(mine, "--as", "Sam", "--to", f"postgresql://sam:{PASSWORD}@127.0.0.1:{port}/team", "--yes", env=subprocess_env)

    assert_clean_failure(result, 1, "password authentication failed", "PGPASSWORD", "nothing was changed")
    assert "s3cret" not in result.stderr and remembered(mine) == (None, None)


def test_a_url_without_the_driver_installed_says_what_to_install(mine: Path, subprocess_env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed

    result = share(mine, "--as", "Sam", "--to", f"postgresql://sam:{PASSWORD}@127.0.0.1/team", "--yes", env=subprocess_env)

    assert_clean_failure(result, 1, 'pip install "reflect[postgresql]"')
    assert remembered(mine) == (None, None)


def test_a_practitioners_own_database_on_the_server_is_refused_and_left_unchanged(mine: Path, postgres_url_at_head: str, subprocess_env) -> None:
    own = ServerURL(postgres_url_at_head)
    store = open_store(own)
    store.save_many([reflection(1, 99)])
    store.close()

    result = share(mine, "--as", "Sam", "--to", postgres_url_at_head, "--yes", env=subprocess_env)

    assert_clean_failure(result, 1, "a practitioner's own database, not a team database", "nothing was shared")
    store = open_store(own)
    try:
        assert [r.uuid for r in store.list_reflections()] == [reflection(1, 99).uuid]
    finally:
        store.close()
    assert remembered(mine) == (None, None)


def test_an_empty_database_is_not_made_into_a_team_database_by_sharing(mine: Path, postgres_url: str, subprocess_env) -> None:
    result = share(mine, "--as", "Sam", "--to", postgres_url, "--yes", env=subprocess_env)

    assert_clean_failure(result, 1, "no team database at", "nothing was shared")
    assert current_revision(ServerURL(postgres_url)) is None  # no tables were made


def test_a_team_database_at_an_earlier_schema_is_left_for_its_supervisor_to_upgrade(mine: Path, team: str, subprocess_env) -> None:
    from reflect.store import KNOWN_REVISIONS
    from tests.helpers.engines import execute

    earlier = KNOWN_REVISIONS[-2]
    execute(ServerURL(team), f"UPDATE alembic_version SET version_num = '{earlier}'")

    result = share(mine, "--as", "Sam", "--to", team, "--yes", env=subprocess_env)

    assert_clean_failure(result, 1, "earlier version of reflect's tables", "left unchanged")
    assert current_revision(ServerURL(team)) == earlier and remembered(mine) == (None, None)


def test_a_role_not_allowed_to_use_the_team_database_is_told_whom_to_ask_and_nothing_is_shared(
    mine: Path, team: str, postgres_server, subprocess_env
) -> None:
    from tests.helpers.postgres import server_or_skip
    from tests.helpers.postgres_roles import as_role, login_roles

    with login_roles(server_or_skip(postgres_server), 1, []) as ((role, password),):
        result = share(mine, "--as", "Sam", "--to", as_role(team, role, password), "--yes", env=subprocess_env)

    message = assert_clean_failure(result, 1, "that your role may use", "nothing was shared", "administrator")
    assert password not in message
    assert held(team) == [] and remembered(mine) == (None, None)


# Withdrawing ------------------------------------------------------------------------------------------


def test_withdraw_takes_out_the_bundle_of_the_period_and_says_what_went(mine: Path, team: str, subprocess_env) -> None:
    share(mine, "--as", "Sam", "--to", team, "--yes", env=subprocess_env)
    share(mine, "--from", "30 days ago", "--to", "4 days ago", "--to", team, "--yes", env=subprocess_env)
    # The two reflections in both periods are held once, with the newer bundle.
    assert sorted(held(team)) == [("Sam", 1), ("Sam", 2)]

    result = share(mine, "--withdraw", "--to", with_password(team), "--yes", env=subprocess_env)

    assert result.returncode == 0, result.stderr
    (said,) = result.stdout.splitlines()
    assert said.startswith("Withdrew your bundle of ") and "(1 reflection) from the team database at postgresql://postgres:***@" in said
    assert "s3cret" not in result.stdout + result.stderr
    assert held(team) == [("Sam", 2)]


def test_withdraw_all_takes_out_every_bundle_of_theirs_and_no_one_elses(mine: Path, tmp_path: Path, team: str, subprocess_env) -> None:
    other = tmp_path / "other.db"
    make_database(other, reflection(3, 50))
    share(other, "--as", "Ana", "--to", team, "--yes", env=subprocess_env)
    share(mine, "--as", "Sam", "--to", team, "--yes", env=subprocess_env)
    share(mine, "--from", "30 days ago", "--to", "4 days ago", "--to", team, "--yes", env=subprocess_env)

    result = share(mine, "--withdraw", "--all", "--to", team, "--yes", env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Withdrew your bundle") == 2 and "2 bundles and 3 reflections went." in result.stdout
    assert held(team) == [("Ana", 1)]
    assert "Sam" not in reflect_main("team", "--db", team, "summary", env=subprocess_env).stdout


def test_withdraw_with_nothing_there_for_the_period_is_one_line_naming_what_is_there(mine: Path, team: str, subprocess_env) -> None:
    share(mine, "--as", "Sam", "--from", "30 days ago", "--to", "4 days ago", "--to", team, "--yes", env=subprocess_env)

    result = share(mine, "--withdraw", "--to", team, "--yes", env=subprocess_env)

    assert_clean_failure(result, 1, "holds no bundle of yours for", "nothing was withdrawn", "It holds your bundle of", "--all")
    assert held(team) == [("Sam", 2)]


def test_withdraw_from_a_database_that_never_shared_names_no_one(mine: Path, team: str, subprocess_env) -> None:
    result = share(mine, "--withdraw", "--all", "--to", team, "--yes", env=subprocess_env)

    assert_clean_failure(result, 1, "Nothing has been shared from this database yet")


def test_withdraw_when_the_team_database_holds_nothing_of_theirs_says_so(mine: Path, team: str, subprocess_env) -> None:
    share(mine, "--as", "Sam", "--to", team, "--yes", env=subprocess_env)
    share(mine, "--withdraw", "--all", "--to", team, "--yes", env=subprocess_env)

    result = share(mine, "--withdraw", "--all", "--to", team, "--yes", env=subprocess_env)

    message = assert_clean_failure(result, 1, "holds no bundle of yours", "nothing was withdrawn")
    assert "It holds" not in message
