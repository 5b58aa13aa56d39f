"""A team database on an organisation's PostgreSQL server, set up with `reflect org init-team` by an
administrator who is not a superuser: each practitioner reaches only the bundles they submitted, a
supervisor reads exactly the bundles of the members of the teams they supervise (and keeps their own
supervision records), and the reporting role reads only the views of figures with at least 3
practitioners behind each, through the commands and through raw SQL as each role.

One database and its roles are built once for the module (roles are the whole server's, so their
names carry this process's id); a test that changes the teams puts them back.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import pytest

from reflect.thresholds import TEAM_MINIMUM
from tests.helpers.cli import assert_clean_failure
from tests.helpers.environment import TEST_TIME_ZONE, isolated_env
from tests.helpers.postgres import Server, server_or_skip
from tests.helpers.running import reflect_main

BUNDLE_TABLES = ("practitioner", "team_bundle", "reflection", "answer", "reflection_tag", "commitment_question", "answer_rollup")
HELD = ("practitioner", "team_bundle", "reflection", "answer", "answer_rollup")
"""The tables a bundle puts rows in (it carries no tags and no commitments' practices)."""

# Who reflected when, on what kind of interaction (each practitioner shares it all in one bundle).
# North (supervised by sue): alice, bob, carol. South (supervised by sam): dan. erin is in no team.
REFLECTIONS = {
    "alice": [("2026-09-08 10:00", "phone"), ("2026-09-09 10:00", "home-visit"), ("2026-10-10 10:00", "phone"), ("2026-11-12 10:00", "home-visit")],
    "bob": [("2026-09-08 11:00", "phone"), ("2026-09-09 11:00", "home-visit"), ("2026-10-11 10:00", "phone"), ("2026-11-13 10:00", "home-visit")],
    "carol": [("2026-09-08 12:00", "phone"), ("2026-09-09 12:00", "home-visit"), ("2026-10-12 10:00", "phone")],
    "dan": [("2026-09-10 10:00", "crisis"), ("2026-11-14 10:00", "phone")],
    "erin": [("2026-08-03 10:00", "phone")],
}
NORTH, SOUTH = ("alice", "bob", "carol"), ("dan",)


@dataclass
class World:
    server: Server
    database: str
    prefix: str
    bundles: dict[str, Path]
    env: dict[str, str]
    init_output: str

    def role(self, person: str) -> str:
        return f"{self.prefix}_{person}"

    def url(self, person: str | None = None) -> str:
        """The team database's URL, connecting as `person`'s role (the superuser's without one)."""
        parts = urlsplit(self.server.url_of(self.database))
        if person is None:
            return urlunsplit(parts)
        netloc = f"{self.role(person)}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))

    def reflect(self, *args: str) -> Any:
        return reflect_main(*args, env=self.env)

    def sql(self, person: str | None, statement: str, *params: object) -> list[tuple[Any, ...]]:
        """Raw SQL as `person`'s role (the superuser's without one), in a transaction of its own that is committed."""
        import psycopg

        with psycopg.connect(self.url(person)) as connection:
            cursor = connection.execute(statement, params or None)
            return cursor.fetchall() if cursor.description else [(cursor.rowcount,)]

    def owners(self, person: str | None, table: str) -> set[str]:
        return {row[0] for row in self.sql(person, f"SELECT DISTINCT owner FROM {table}")}

    def name(self, person: str) -> str:
        return f"{person.title()} Reflects"


def _shared_bundle(root: Path, person: str, env: dict[str, str], done: list[tuple[str, str]] | None = None) -> Path:
    """The person's own database (made through the store: quicker than a `reflect add` each), shared with `reflect share`:
    their REFLECTIONS, or those `done` (when, kind)."""
    from reflect.model import Answer, Reflection, Response
    from reflect.questions import default_question_set
    from reflect.store import open_store

    db, bundle, template = root / f"{person}.db", root / f"{person}.json", root / "empty.db"
    if not template.exists():  # one database at the current schema, copied for each (migrating each took seconds)
        open_store(template).close()
    shutil.copyfile(template, db)
    keys = default_question_set().keys
    reflections = []
    for number, (when, kind) in enumerate(REFLECTIONS[person] if done is None else done):
        moment = datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(TEST_TIME_ZONE))
        reflections.append(Reflection(
            uuid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{person}/{number}")), question_set_id="recovery-practices", question_set_version=1,
            occurred_at=moment, created_at=moment, updated_at=moment, kind=kind, flagged=True,
            answers={key: Answer(Response.YES) for key in keys},
        ))  # fmt: skip
    store = open_store(db)
    try:
        store.save_many(reflections)
    finally:
        store.close()
    shared = reflect_main(
        "share", "--db", str(db), "--as", f"{person.title()} Reflects", "--from", "2026-08-01", "--to", "2026-11-30",
        "--output", str(bundle), "--yes", env=env,
    )  # fmt: skip
    assert shared.returncode == 0, shared.stderr
    return bundle


@pytest.fixture(scope="module")
def world(postgres_server: Server | str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = server_or_skip(postgres_server)
    root = tmp_path_factory.mktemp("team-on-a-server")
    env = isolated_env(root)
    prefix = f"rt{os.getpid()}"
    people = ("admin", "sue", "sam", "rita", "tom", *REFLECTIONS)
    database = f"{prefix}_team"
    import psycopg

    with psycopg.connect(server.superuser_url, autocommit=True) as superuser:
        # An administrator who is not a superuser: owns the database, and may make roles.
        superuser.execute(f'CREATE ROLE "{prefix}_admin" LOGIN CREATEROLE')
        superuser.execute(f'CREATE DATABASE "{database}" OWNER "{prefix}_admin"')
    made = World(server, database, prefix, {}, env, "")
    try:
        initialised = made.reflect("org", "init-team", made.url("admin"))
        assert initialised.returncode == 0, initialised.stderr
        made.init_output = initialised.stdout
        for team, supervisor, members in (("North", "sue", NORTH), ("South", "sam", SOUTH)):
            assert made.reflect("org", "add-supervisor", made.url("admin"), made.role(supervisor), "--team", team).returncode == 0
            for member in members:
                assert made.reflect("org", "add-member", made.url("admin"), made.role(member), "--team", team).returncode == 0
        # erin is a practitioner of the organisation, in no team: once in West, then taken out.
        assert made.reflect("org", "add-member", made.url("admin"), made.role("erin"), "--team", "West").returncode == 0
        assert made.reflect("org", "remove-member", made.url("admin"), made.role("erin"), "--team", "West").returncode == 0
        assert made.reflect("org", "add-reporter", made.url("admin"), made.role("rita")).returncode == 0
        for person in REFLECTIONS:
            made.bundles[person] = _shared_bundle(root, person, env)
            imported = made.reflect("team", "--db", made.url(person), "import", str(made.bundles[person]))
            assert imported.returncode == 0, imported.stderr
        yield made
    finally:
        with psycopg.connect(server.superuser_url, autocommit=True) as superuser:
            superuser.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for person in people:
                superuser.execute(f'DROP ROLE IF EXISTS "{prefix}_{person}"')


# Setting it up ------------------------------------------------------------------------------------


def test_init_team_by_an_administrator_who_is_not_a_superuser_says_what_it_did_then_that_nothing_changes(world: World) -> None:
    assert "brought the database to the schema" in world.init_output
    assert "turned on row-level security for 20 tables" in world.init_output
    assert "created the view reporting.reflections_by_team_and_month" in world.init_output
    again = world.reflect("org", "init-team", world.url("admin"))
    assert (again.returncode, again.stdout) == (0, "nothing to change\n")


def test_init_team_by_the_servers_superuser_makes_a_new_database_a_team_database_once(postgres_url: str, subprocess_env: dict[str, str]) -> None:
    first = reflect_main("org", "init-team", postgres_url, env=subprocess_env)
    assert first.returncode == 0, first.stderr
    assert "made it a team database" in first.stdout and "created 28 policies" in first.stdout
    again = reflect_main("org", "init-team", postgres_url, env=subprocess_env)
    assert (again.returncode, again.stdout) == (0, "nothing to change\n")
    opened = reflect_main("list", "--db", postgres_url, env=subprocess_env)
    assert_clean_failure(opened, 1, "is a team database of supervision bundles")


def test_init_team_by_an_owner_without_createrole_is_refused_before_anything_is_changed(world: World) -> None:
    import psycopg

    owner, database = world.role("nocreaterole"), f"{world.prefix}_nocreaterole"
    with psycopg.connect(world.server.superuser_url, autocommit=True) as superuser:
        superuser.execute(f'CREATE ROLE "{owner}" LOGIN')
        superuser.execute(f'CREATE DATABASE "{database}" OWNER "{owner}"')
    try:
        url = _as_role(world.server.url_of(database), owner)
        refused = world.reflect("org", "init-team", url)
        assert_clean_failure(refused, 1, f"Your role {owner} may not create roles", "CREATEROLE", "Nothing was changed")
        with psycopg.connect(url) as connection:
            assert connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
    finally:
        with psycopg.connect(world.server.superuser_url, autocommit=True) as superuser:
            superuser.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            superuser.execute(f'DROP ROLE IF EXISTS "{owner}"')


def test_a_role_in_none_of_reflects_groups_cannot_connect_to_the_team_database(world: World) -> None:
    import psycopg

    world.sql(None, f'CREATE ROLE "{world.role("stranger")}" LOGIN')
    try:
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            world.sql("stranger", "SELECT 1")
    finally:
        world.sql(None, f'DROP ROLE "{world.role("stranger")}"')


def test_init_team_on_a_practitioners_own_database_is_refused_leaving_it_as_it_was(postgres_url: str, subprocess_env: dict[str, str]) -> None:
    added = reflect_main("add", "--db", postgres_url, "--answers", ",".join("y" * 10), env=subprocess_env)
    assert added.returncode == 0, added.stderr
    refused = reflect_main("org", "init-team", postgres_url, env=subprocess_env)
    assert_clean_failure(refused, 1, "holds a practitioner's own reflections")
    import psycopg

    with psycopg.connect(postgres_url) as connection:
        assert connection.execute("SELECT count(*) FROM pg_policies").fetchone() == (0,)
        assert connection.execute("SELECT to_regclass('team_member')").fetchone() == (None,)
    assert '"answers"' in reflect_main("list", "--db", postgres_url, "--json", env=subprocess_env).stdout


def test_every_table_but_the_schema_revision_has_row_level_security_on(world: World) -> None:
    unsecured = world.sql(None, "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND NOT relrowsecurity")
    assert unsecured == [("alembic_version",)]  # no one's rows: every role may only read it


def test_the_teams_list_their_supervisors_and_members(world: World) -> None:
    listed = world.reflect("org", "teams", world.url("admin"))
    role = world.role
    north, south, reporting = listed.stdout.splitlines()
    assert north == f"North: supervised by {role('sue')}; members {role('alice')}, {role('bob')}, {role('carol')}"
    assert south == f"South: supervised by {role('sam')}; members {role('dan')}"
    # Roles are the whole server's: other databases' reporters are members of the same group.
    assert reporting.startswith("Reporting views read by: ") and role("rita") in reporting


def test_adding_a_member_again_changes_nothing_and_says_so(world: World) -> None:
    again = world.reflect("org", "add-member", world.url("admin"), world.role("alice"), "--team", "North")
    assert (again.returncode, again.stdout) == (0, "nothing to change\n")


@pytest.mark.parametrize("command", [["init-team"], ["add-member", "alice", "--team", "North"], ["teams"], ["add-reporter", "rita"]])
def test_an_org_command_given_a_file_says_it_is_for_a_server(tmp_path: Path, subprocess_env: dict[str, str], command: list[str]) -> None:
    result = reflect_main("org", command[0], str(tmp_path / "team.db"), *command[1:], env=subprocess_env)
    assert_clean_failure(result, 2, "are for a team database on a PostgreSQL server")
    assert not (tmp_path / "team.db").exists()


@pytest.mark.parametrize(
    "command",
    [["init-team"], ["add-member", "alice", "--team", "North"], ["remove-supervisor", "sue", "--team", "North"], ["teams"], ["add-reporter", "rita"]],
)  # fmt: skip
def test_an_org_command_without_the_driver_installed_says_what_to_install(
    subprocess_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    result = reflect_main("org", command[0], "postgresql://admin:s3cret@127.0.0.1/team", *command[1:], env=subprocess_env)
    message = assert_clean_failure(result, 1, 'pip install "reflect[postgresql]"')
    assert "s3cret" not in message


@pytest.mark.parametrize(
    ("role", "team", "code", "said"),
    [("reflect_supervisor", "North", 2, "one of reflect's groups"), ("", "North", 2, "is not a role name"),
     ("x" * 64, "North", 2, "at most 63 bytes"), ("é" * 32, "North", 2, "at most 63 bytes"),
     ("pg_monitor", "North", 2, "it is PostgreSQL's"), ("public", "North", 2, "it is PostgreSQL's"),
     ("NONE", "North", 2, "it is PostgreSQL's"), (" alice ", "North", 2, "is not a role name"),
     ("someone", " ", 1, "cannot be a team's name"), ("someone", "t" * 101, 1, "cannot be a team's name")],
    ids=["a-group-role", "no-role", "a-role-too-long", "a-role-too-long-in-bytes", "a-pg-role", "public", "none",
         "spaces-around", "a-blank-team", "a-team-too-long"],
)  # fmt: skip
def test_a_name_that_cannot_be_a_role_or_a_team_gets_one_line_and_changes_nothing(
    world: World, role: str, team: str, code: int, said: str
) -> None:
    before = world.sql(None, "SELECT team, role FROM team_member ORDER BY 1, 2")
    for command in (["add-member", role, "--team", team], ["add-supervisor", role, "--team", team], ["remove-member", role, "--team", team]):
        result = world.reflect("org", command[0], world.url("admin"), *command[1:])
        assert_clean_failure(result, code, said)
    if team == "North":
        assert_clean_failure(world.reflect("org", "add-reporter", world.url("admin"), role), code, said)
    assert world.sql(None, "SELECT team, role FROM team_member ORDER BY 1, 2") == before


def test_a_role_name_is_quoted_never_run_as_sql(world: World) -> None:
    hostile = f'{world.prefix}_x%s"; DROP TABLE reflection; --'
    added = world.reflect("org", "add-reporter", world.url("admin"), hostile)
    try:
        assert added.returncode == 0, added.stderr
        assert world.sql(None, "SELECT count(*) FROM pg_roles WHERE rolname = %s", hostile) == [(1,)]
        assert world.sql(None, "SELECT to_regclass('reflection') IS NOT NULL") == [(True,)]
    finally:
        world.sql(None, f'DROP ROLE IF EXISTS "{hostile.replace(chr(34), chr(34) * 2)}"')


# The supervisor's side -----------------------------------------------------------------------------


def test_a_supervisor_sees_exactly_the_bundles_of_their_teams_members_in_the_summary(world: World) -> None:
    summary = world.reflect("team", "--db", world.url("sue"), "summary")
    assert summary.returncode == 0, summary.stderr
    assert all(world.name(person) in summary.stdout for person in NORTH)
    assert world.name("dan") not in summary.stdout and world.name("erin") not in summary.stdout
    south = world.reflect("team", "--db", world.url("sam"), "summary").stdout
    assert world.name("dan") in south and not any(world.name(person) in south for person in (*NORTH, "erin"))


def test_a_supervisors_team_report_holds_only_their_teams_members(world: World, tmp_path: Path) -> None:
    written = world.reflect("team", "--db", world.url("sam"), "report", "--output", str(tmp_path / "south.md"))
    assert written.returncode == 0, written.stderr
    report = (tmp_path / "south.md").read_text()
    assert world.name("dan") in report and not any(world.name(person) in report for person in (*NORTH, "erin"))


@pytest.mark.parametrize("table", HELD)
def test_raw_sql_as_a_supervisor_reads_only_the_rows_of_their_teams_members(world: World, table: str) -> None:
    assert world.owners("sue", table) == {world.role(person) for person in NORTH}
    assert world.owners("sam", table) == {world.role("dan")}


def test_a_supervisor_cannot_remove_a_members_bundle_and_nothing_is_written(world: World) -> None:
    before = {table: world.sql(None, f"SELECT count(*), sum(length(owner)) FROM {table}") for table in BUNDLE_TABLES}
    removed = world.reflect("team", "--db", world.url("sue"), "remove", world.name("alice"))
    assert_clean_failure(removed, 1, "you may read them, but only they can withdraw them", "nothing was removed")
    assert {table: world.sql(None, f"SELECT count(*), sum(length(owner)) FROM {table}") for table in BUNDLE_TABLES} == before


def test_a_supervisor_cannot_remove_someone_not_in_their_teams_nor_learn_they_are_there(world: World) -> None:
    removed = world.reflect("team", "--db", world.url("sue"), "remove", world.name("dan"))
    assert_clean_failure(removed, 2, f"No practitioner called '{world.name('dan')}' is in the team database")
    assert world.owners(None, "reflection") >= {world.role("dan")}


def test_raw_sql_as_a_supervisor_changes_nothing_of_a_members_bundle(world: World) -> None:
    import psycopg

    for statement in ("UPDATE reflection SET flagged = false", "DELETE FROM reflection", "DELETE FROM answer_rollup"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            world.sql("sue", statement)
    assert world.sql(None, "SELECT count(*) FROM reflection WHERE flagged") == [(sum(len(done) for done in REFLECTIONS.values()),)]


def test_a_supervisor_cannot_submit_a_bundle_in_a_practitioners_place(world: World) -> None:
    before = world.sql(None, "SELECT count(*) FROM reflection")
    imported = world.reflect("team", "--db", world.url("sam"), "import", str(world.bundles["erin"]))
    assert_clean_failure(imported, 1, "your database role may not change this", "Nothing was changed")
    assert world.sql(None, "SELECT count(*) FROM reflection") == before


def test_a_supervision_record_is_read_by_the_supervisor_who_wrote_it_alone(world: World) -> None:
    recorded = world.reflect("team", "--db", world.url("sue"), "supervision", "record", world.name("alice"), "--date", "2026-11-20",
                             "--with", "Sue", "--action", "Ask about the allotment")  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    assert world.owners("sue", "supervision_session") == {world.role("sue")}
    assert world.sql("sam", "SELECT count(*) FROM supervision_session") == [(0,)]
    assert world.sql("sam", "SELECT count(*) FROM supervision_action") == [(0,)]
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        world.sql("alice", "SELECT count(*) FROM supervision_session")


def test_a_member_taken_out_of_a_team_is_no_longer_seen_by_its_supervisor(world: World) -> None:
    admin = world.url("admin")
    assert world.reflect("org", "add-member", admin, world.role("erin"), "--team", "North").returncode == 0
    try:
        assert world.name("erin") in world.reflect("team", "--db", world.url("sue"), "summary").stdout
    finally:
        taken = world.reflect("org", "remove-member", admin, world.role("erin"), "--team", "North")
    assert taken.stdout.startswith(f"took {world.role('erin')} out of the team North")
    assert world.name("erin") not in world.reflect("team", "--db", world.url("sue"), "summary").stdout
    assert world.owners("sue", "reflection") == {world.role(person) for person in NORTH}


def test_a_supervisor_taken_out_of_their_only_team_reads_no_bundle_and_keeps_their_other_team_databases(
    world: World, postgres_url: str
) -> None:
    # tom supervises West in another team database of the same server: roles are the whole server's,
    # so the group role reflect_supervisor stays his; the teams' tables decide what he reads in each.
    admin, tom = world.url("admin"), world.role("tom")
    assert reflect_main("org", "init-team", postgres_url, env=world.env).returncode == 0
    assert reflect_main("org", "add-supervisor", postgres_url, tom, "--team", "West", env=world.env).returncode == 0
    added = world.reflect("org", "add-supervisor", admin, tom, "--team", "South")
    assert added.returncode == 0, added.stderr
    assert world.owners("tom", "reflection") == {world.role("dan")}
    taken = world.reflect("org", "remove-supervisor", admin, tom, "--team", "South")
    assert taken.stdout.splitlines() == [f"took {tom} out of the team South (a supervisor)"]
    assert world.owners("tom", "reflection") == set()
    import psycopg

    with psycopg.connect(_as_role(postgres_url, tom)) as elsewhere:
        assert elsewhere.execute("SELECT team FROM team_supervisor").fetchall() == [("West",)]
    assert world.reflect("org", "remove-supervisor", admin, tom, "--team", "South").stdout == "nothing to change\n"


def _as_role(url: str, role: str) -> str:
    parts = urlsplit(url)
    netloc = f"{role}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


# The practitioner's side ----------------------------------------------------------------------------


@pytest.mark.parametrize("table", HELD)
def test_raw_sql_as_a_practitioner_reads_only_their_own_rows(world: World, table: str) -> None:
    assert world.owners("alice", table) == {world.role("alice")}


def test_a_practitioners_team_summary_holds_only_their_own_bundle(world: World) -> None:
    summary = world.reflect("team", "--db", world.url("bob"), "summary").stdout
    assert world.name("bob") in summary and world.name("alice") not in summary


def test_a_practitioner_cannot_change_or_delete_another_practitioners_rows(world: World) -> None:
    before = world.sql(None, "SELECT id, flagged, revision FROM reflection WHERE owner = %s ORDER BY id", world.role("alice"))
    assert world.sql("bob", "UPDATE reflection SET flagged = false WHERE owner = %s", world.role("alice")) == [(0,)]
    assert world.sql("bob", "DELETE FROM reflection WHERE owner = %s", world.role("alice")) == [(0,)]
    assert world.sql("bob", "DELETE FROM answer_rollup WHERE owner = %s", world.role("alice")) == [(0,)]
    assert world.sql(None, "SELECT id, flagged, revision FROM reflection WHERE owner = %s ORDER BY id", world.role("alice")) == before
    removed = world.reflect("team", "--db", world.url("bob"), "remove", world.name("alice"))
    assert_clean_failure(removed, 2, "No practitioner called")


def test_a_practitioner_reads_their_own_settings_and_the_databases_never_anothers(world: World) -> None:
    world.sql("bob", "INSERT INTO store_setting (key, value) VALUES ('bobs_own', 'for bob') ON CONFLICT DO NOTHING")
    assert {row[0] for row in world.sql("alice", "SELECT DISTINCT owner FROM store_setting")} <= {"", world.role("alice")}
    assert ("database_role", "team") in world.sql("alice", "SELECT key, value FROM store_setting WHERE owner = ''")
    assert world.sql("alice", "SELECT count(*) FROM store_setting WHERE key = 'bobs_own'") == [(0,)]
    assert world.sql("sue", "SELECT count(*) FROM store_setting WHERE key = 'bobs_own'") == [(0,)]


def test_a_practitioner_withdraws_their_own_bundle_with_team_remove_and_no_one_elses_changes(world: World) -> None:
    others = world.sql(None, "SELECT owner, count(*) FROM reflection WHERE owner <> %s GROUP BY owner ORDER BY owner", world.role("erin"))
    removed = world.reflect("team", "--db", world.url("erin"), "remove", world.name("erin"))
    try:
        assert removed.returncode == 0, removed.stderr
        assert world.owners(None, "reflection") == {world.role(person) for person in REFLECTIONS if person != "erin"}
        assert world.sql(None, "SELECT count(*) FROM answer_rollup WHERE owner = %s AND reflections <> 0", world.role("erin")) == [(0,)]
    finally:
        assert world.reflect("team", "--db", world.url("erin"), "import", str(world.bundles["erin"])).returncode == 0
    assert world.sql(None, "SELECT owner, count(*) FROM reflection WHERE owner <> %s GROUP BY owner ORDER BY owner", world.role("erin")) == others


def test_a_practitioner_cannot_write_a_row_in_another_practitioners_name(world: World) -> None:
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        world.sql("bob", "INSERT INTO store_setting (key, value, owner) VALUES ('display_name', 'Alice', %s)", world.role("alice"))


def test_a_practitioner_cannot_change_the_teams(world: World) -> None:
    import psycopg

    for statement in ("INSERT INTO team_member (team, role) VALUES ('North', current_user)", "DELETE FROM team_member",
                      "INSERT INTO team_supervisor (team, role) VALUES ('North', current_user)", "SELECT * FROM team_member"):  # fmt: skip
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            world.sql("dan", statement)
    by_command = world.reflect("org", "add-supervisor", world.url("dan"), world.role("dan"), "--team", "North")
    assert_clean_failure(by_command, 1, "nothing was changed")
    assert world.sql(None, "SELECT role FROM team_supervisor WHERE team = 'North'") == [(world.role("sue"),)]


def test_a_supervisor_reads_the_rows_of_their_own_teams_only_and_cannot_change_them(world: World) -> None:
    import psycopg

    assert {row[0] for row in world.sql("sue", "SELECT role FROM team_member")} == {world.role(person) for person in NORTH}
    assert world.sql("sue", "SELECT team, role FROM team_supervisor") == [("North", world.role("sue"))]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        world.sql("sue", "INSERT INTO team_member (team, role) VALUES ('North', %s)", world.role("dan"))


# The reporting role ----------------------------------------------------------------------------------

VIEWS = ("reflections_by_month_and_kind", "answers_by_month_and_kind", "reflections_by_team_and_month", "answers_by_team_and_month")


def test_the_reporting_role_may_read_no_table(world: World) -> None:
    import psycopg

    tables = [row[0] for row in world.sql(None, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert len(tables) == 21  # reflect's 18, alembic_version and the teams' two
    for table in tables:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            world.sql("rita", f'SELECT * FROM "{table}"')


def test_the_reporting_role_reads_every_view_and_each_row_has_at_least_three_practitioners(world: World) -> None:
    for view in VIEWS:
        world.sql("rita", f"SELECT * FROM reporting.{view}")
    for view in ("reflections_by_month_and_kind", "reflections_by_team_and_month"):
        assert all(row[0] >= TEAM_MINIMUM for row in world.sql("rita", f"SELECT practitioners FROM reporting.{view}"))


def test_a_figure_of_three_practitioners_is_there_and_one_of_two_is_absent(world: World) -> None:
    by_kind = world.sql("rita", "SELECT month, kind, practitioners, reflections FROM reporting.reflections_by_month_and_kind ORDER BY 1, 2")
    by_team = world.sql("rita", "SELECT team, month, practitioners, reflections FROM reporting.reflections_by_team_and_month ORDER BY 1, 2")
    # October: alice, bob and carol on the phone. November: alice and bob on home visits, dan on the phone.
    assert ("2026-10", "phone", 3, 3) in by_kind and ("North", "2026-10", 3, 3) in by_team
    assert not [row for row in by_kind if row[0] in ("2026-08", "2026-11")]
    assert not [row for row in by_team if row[1] == "2026-11" or row[0] == "South"]
    answers = world.sql("rita", "SELECT question, yes, partly, no, not_applicable FROM reporting.answers_by_month_and_kind "
                                "WHERE month = '2026-10' AND kind = 'phone' ORDER BY position")  # fmt: skip
    assert len(answers) == 10 and answers[0] == ("make-sense", 3, 0, 0, 0)


def test_a_kind_held_back_cannot_be_found_by_subtracting_the_kinds_shown_from_the_months_total(world: World) -> None:
    # September: alice, bob and carol on the phone and on home visits, dan (alone) in a crisis. Shown
    # beside the month's total from the teams, the phone and home visits would give dan's crisis away,
    # so the smaller of the two is held back with it; and so is North's September, which beside the
    # kinds' total would give dan's too.
    september = world.sql("rita", "SELECT kind, practitioners FROM reporting.reflections_by_month_and_kind WHERE month = '2026-09'")
    assert september == [("phone", 3)]
    assert world.sql("rita", "SELECT count(*) FROM reporting.reflections_by_team_and_month WHERE month = '2026-09'") == [(0,)]


def test_of_two_teams_whose_practitioners_differ_by_fewer_than_three_the_larger_is_held_back(world: World) -> None:
    # Northwest: North's three and dan. In September all four reflected: North's row beside
    # Northwest's would give dan's crisis away. In November only alice, bob and dan did: Northwest's
    # three are shown, North's two are not.
    admin = world.url("admin")
    for person in ("alice", "bob", "carol", "dan"):
        assert world.reflect("org", "add-member", admin, world.role(person), "--team", "Northwest").returncode == 0
    try:
        by_team = world.sql("rita", "SELECT team, month, practitioners FROM reporting.reflections_by_team_and_month ORDER BY 2, 1")
        answers = world.sql("rita", "SELECT DISTINCT team, month FROM reporting.answers_by_team_and_month ORDER BY 2, 1")
    finally:
        for person in ("alice", "bob", "carol", "dan"):
            world.reflect("org", "remove-member", admin, world.role(person), "--team", "Northwest")
    assert by_team == [("North", "2026-10", 3), ("Northwest", "2026-10", 3), ("Northwest", "2026-11", 3)]
    assert answers == [(team, month) for team, month, _ in by_team]


def test_a_team_inside_another_cannot_give_away_someone_in_no_team_by_subtracting_the_larger_from_the_kinds(world: World) -> None:
    # August: erin (in no team) and six newcomers, all on the phone. Inner: three newcomers; Outer:
    # all six. Inner is the smaller, held back; Outer's six beside the month's seven by kind would then
    # give erin's figures away exactly, so Outer is held back too: no team's August is shown.
    admin, newcomers = world.url("admin"), [f"new{number}" for number in range(1, 7)]
    roles = [world.role(person) for person in newcomers]
    try:
        for number, person in enumerate(newcomers):
            for team in ("Inner", "Outer") if number < 3 else ("Outer",):
                assert world.reflect("org", "add-member", admin, world.role(person), "--team", team).returncode == 0
            bundle = _shared_bundle(world.bundles["erin"].parent, person, world.env, [(f"2026-08-0{number + 3} 10:00", "phone")])
            imported = world.reflect("team", "--db", world.url(person), "import", str(bundle))
            assert imported.returncode == 0, imported.stderr
        by_kind = world.sql("rita", "SELECT kind, practitioners FROM reporting.reflections_by_month_and_kind WHERE month = '2026-08'")
        by_team = world.sql("rita", "SELECT team, practitioners FROM reporting.reflections_by_team_and_month WHERE month = '2026-08'")
        answers = world.sql("rita", "SELECT DISTINCT team FROM reporting.answers_by_team_and_month WHERE month = '2026-08'")
    finally:
        for table in (*reversed(BUNDLE_TABLES), "store_setting", "team_member"):
            world.sql(None, f"DELETE FROM {table} WHERE {'role' if table == 'team_member' else 'owner'} = ANY(%s)", roles)
        for role in roles:
            world.sql(None, f'DROP ROLE IF EXISTS "{role}"')
    assert by_kind == [("phone", 7)]
    assert (by_team, answers) == ([], [])


def test_the_administrator_cannot_remove_a_practitioners_bundle_with_team_remove_and_is_told_the_truth(world: World) -> None:
    before = world.sql(None, "SELECT count(*) FROM reflection WHERE owner = %s", world.role("alice"))
    removed = world.reflect("team", "--db", world.url("admin"), "remove", world.name("alice"))
    assert_clean_failure(removed, 1, "only they can withdraw them, with their own role", "not even the administrator", "nothing was removed")
    assert world.sql(None, "SELECT count(*) FROM reflection WHERE owner = %s", world.role("alice")) == before


def test_init_team_again_hands_only_the_databases_facts_to_every_role_never_the_administrators_own_settings(world: World) -> None:
    world.sql("admin", "INSERT INTO store_setting (key, value) VALUES ('admins_own', 'for the administrator')")
    try:
        again = world.reflect("org", "init-team", world.url("admin"))
        assert (again.returncode, again.stdout) == (0, "nothing to change\n")
        assert world.sql(None, "SELECT owner FROM store_setting WHERE key = 'admins_own'") == [(world.role("admin"),)]
        assert world.sql("alice", "SELECT count(*) FROM store_setting WHERE key = 'admins_own'") == [(0,)]
    finally:
        world.sql(None, "DELETE FROM store_setting WHERE key = 'admins_own'")


def test_init_team_again_takes_back_privileges_a_group_should_not_hold(world: World) -> None:
    world.sql(None, "GRANT TRUNCATE ON reflection TO reflect_practitioner")
    world.sql(None, "GRANT INSERT, DELETE ON team_member TO reflect_supervisor")
    world.sql(None, "GRANT SELECT ON reflection TO reflect_reporting")
    try:
        again = world.reflect("org", "init-team", world.url("admin"))
    finally:  # whatever it did, the module's database is left as it was
        world.sql(None, "REVOKE TRUNCATE ON reflection FROM reflect_practitioner")
        world.sql(None, "REVOKE INSERT, DELETE ON team_member FROM reflect_supervisor")
        world.sql(None, "REVOKE SELECT ON reflection FROM reflect_reporting")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        "revoked TRUNCATE on reflection from reflect_practitioner",
        "revoked SELECT on reflection from reflect_reporting",
        "revoked DELETE, INSERT on team_member from reflect_supervisor",
    ]
    assert world.reflect("org", "init-team", world.url("admin")).stdout == "nothing to change\n"
