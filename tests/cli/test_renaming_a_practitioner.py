"""`reflect org rename-practitioner URL OLD NEW`: the administrator renames a person's database role
and every row of theirs goes with it. Connecting with the new name, the person sees every one of
their rows exactly as before and can save; the other practitioner's rows are untouched; nothing is
left under the old name; the figures stay equal to a rebuild. Two people's rows are never merged,
the administrator's own role and a practitioner's running it are refused, hostile names work as
written, and in a team database a member keeps their team and a supervisor their team's bundles.

Roles are the whole server's: a test that renames one renames it back when it ends (`renames`), so
that the module's organisation keeps its roles.
(While the person's own reflect is saving: tests/system/test_renaming_while_the_practitioner_writes.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from reflect.cli.organisation_erasure import rows_phrase
from reflect.server_url import ServerURL
from reflect.store import open_store
from tests.helpers.cli import assert_clean_failure
from tests.helpers.organisation import Organisation, as_role, copy_of, organisation_on, own_reflections
from tests.helpers.organisation_checks import counted, figures_agree_with_a_rebuild, team_database_on
from tests.helpers.owned_rows import a_row_in_every_table, owned_everywhere, owner_tables
from tests.helpers.postgres import Server, server_or_skip
from tests.helpers.running import reflect_main


@pytest.fixture(scope="module")
def organisation(postgres_server: Server | str) -> Iterator[Organisation]:
    """alice and bob with reflections, a draft, settings, and a row of their own in every one of reflect's tables."""
    with organisation_on(server_or_skip(postgres_server)) as made:
        for who, seed in (("alice", 17), ("bob", 18)):
            draft = own_reflections(1, seed=seed)[0]
            draft.is_draft = True
            store = open_store(ServerURL(made.url(who)))
            try:
                store.save(draft)
            finally:
                store.close()
            a_row_in_every_table(made.url(who))
        yield made


@pytest.fixture
def renames(organisation: Organisation) -> Iterator[list[tuple[str, str]]]:
    """The (old, new) names a test renames: each role is given its old name back afterwards."""
    done: list[tuple[str, str]] = []
    yield done
    with psycopg.connect(organisation.server.superuser_url, autocommit=True) as connection:
        for old, new in reversed(done):
            if connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (new,)).fetchone():
                connection.execute(sql.SQL("ALTER ROLE {} RENAME TO {}").format(sql.Identifier(new), sql.Identifier(old)))


@pytest.fixture
def own_organisation(organisation: Organisation, renames: list[tuple[str, str]]) -> Iterator[Organisation]:
    with copy_of(organisation) as made:
        yield made


def rename(organisation: Organisation, old: str, new: str, env: dict[str, str], *options: str, renames: list[tuple[str, str]] | None = None, stdin: str = ""):  # type: ignore[no-untyped-def]
    if renames is not None:
        renames.append((old, new))
    return reflect_main("org", "rename-practitioner", organisation.admin, old, new, *options, env=env, stdin=stdin)


def without_owner(rows: dict[str, list[tuple[Any, ...]]], superuser: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row with its owner column left out (the one column a rename changes), each table's rows in order."""
    with psycopg.connect(superuser, autocommit=True) as connection:
        positions = {
            table: [int(str(row[0])) - 1 for row in connection.execute(
                "SELECT ordinal_position FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = %s"
                " AND column_name = 'owner'", (table,),
            )][0]
            for table in rows
        }  # fmt: skip
    return {table: sorted(tuple(v for i, v in enumerate(row) if i != positions[table]) for row in found) for table, found in rows.items()}


@pytest.fixture
def team_database(postgres_server: Server | str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Organisation]:
    """A team database: sue supervises North, whose members alice and bob each submitted a bundle."""
    with team_database_on(server_or_skip(postgres_server), tmp_path_factory.mktemp("renaming-in-a-team-database")) as made:
        yield made


def bundles_read_by(url: str) -> dict[str, list[str]]:
    """The team bundles the role `url` connects as may read, by owner: every other column of each, as JSON."""
    with psycopg.connect(url, autocommit=True) as connection:
        found: dict[str, list[str]] = {}
        for owner, row in connection.execute("SELECT owner, (to_jsonb(b) - 'owner')::text FROM team_bundle b ORDER BY 2"):
            found.setdefault(str(owner), []).append(str(row))
        return found


def test_the_dry_run_says_what_bob_owns_and_what_the_rename_would_do_and_changes_nothing(organisation: Organisation, subprocess_env: dict[str, str]) -> None:
    bob = organisation.names["bob"]
    before = owned_everywhere(organisation.superuser, bob)
    done = rename(organisation, bob, f"robert_{bob}", subprocess_env, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"{bob} owns {rows_phrase(counted(organisation, bob))} in the database {organisation.database}. "
        f"Renaming the role {bob} to robert_{bob} gives robert_{bob} all of it.\nNothing was renamed. (--dry-run)\n"
    )
    assert owned_everywhere(organisation.superuser, bob) == before
    assert organisation.rows("SELECT count(*) FROM pg_roles WHERE rolname = %s", f"robert_{bob}") == [(0,)]


def test_renamed_bob_connecting_with_his_new_name_sees_every_row_of_his_as_before_and_can_save_and_alices_are_untouched(
    own_organisation: Organisation, subprocess_env: dict[str, str], renames: list[tuple[str, str]]
) -> None:
    alice, bob = own_organisation.names["alice"], own_organisation.names["bob"]
    robert = f"robert_{bob}"
    alices = owned_everywhere(own_organisation.superuser, alice)
    bobs = owned_everywhere(own_organisation.superuser, bob)
    listed_before = reflect_main("list", "--json", "--db", own_organisation.url("bob"), env=subprocess_env)
    expected = counted(own_organisation, bob)
    done = rename(own_organisation, bob, robert, subprocess_env, "--yes", renames=renames)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1] == f"Renamed the role {bob} to {robert}, and gave {robert} {rows_phrase(expected)} in the database {own_organisation.database}."
    # The test server's roles have SCRAM passwords or none: PostgreSQL keeps those on a rename.
    assert lines[2].startswith(f"{robert}'s password, if it has one, is kept: PostgreSQL clears only one stored as MD5")
    assert f"their reflect --db becomes postgresql://{robert}@127.0.0.1:" in lines[3] and lines[3].endswith(
        f"/{own_organisation.database} (and a ~/.pgpass line, or a pg_hba.conf entry, naming {bob} needs the new name). Their sessions open now go on, writing as {robert}, until they close; a new one as {bob} is refused."
    )
    assert "--role-renamed-already" in lines[4]

    left = owned_everywhere(own_organisation.superuser, bob)
    assert set(left) == set(owner_tables(own_organisation.superuser)) and not any(left.values())
    roberts = owned_everywhere(own_organisation.superuser, robert)
    assert without_owner(roberts, own_organisation.superuser) == without_owner(bobs, own_organisation.superuser)
    assert owned_everywhere(own_organisation.superuser, alice) == alices
    assert figures_agree_with_a_rebuild(own_organisation)

    as_robert = as_role(own_organisation.superuser, robert)
    listed = reflect_main("list", "--json", "--db", as_robert, env=subprocess_env)
    assert (listed.returncode, listed.stdout) == (0, listed_before.stdout), listed.stderr
    for url, role in ((as_robert, robert), (own_organisation.url("alice"), alice)):  # row-level security as before: each their own only
        with psycopg.connect(url, autocommit=True) as connection:
            for table in owner_tables(own_organisation.superuser):
                seen = connection.execute(sql.SQL("SELECT DISTINCT owner FROM {}").format(sql.Identifier(table))).fetchall()
                assert set(seen) <= {(role,), ("",)}, (table, seen)
    as_bob = reflect_main("list", "--db", own_organisation.url("bob"), env=subprocess_env)
    assert_clean_failure(as_bob, 1, f'role "{bob}" does not exist')
    store = open_store(ServerURL(as_robert))
    try:
        store.save(own_reflections(1, seed=99)[0])
    finally:
        store.close()
    assert own_organisation.rows("SELECT count(*) FROM reflection WHERE owner = %s AND NOT is_draft", robert) == [(expected["reflection"] + 1,)]
    assert figures_agree_with_a_rebuild(own_organisation)

    again = rename(own_organisation, bob, robert, subprocess_env, "--yes")
    assert (again.returncode, again.stdout) == (
        0, f"{bob} owns nothing in the database {own_organisation.database} and there is no role of that name ({robert} is one): there is nothing to rename.\n",
    )  # fmt: skip


def test_without_a_terminal_it_renames_only_when_told_yes(organisation: Organisation, subprocess_env: dict[str, str]) -> None:
    bob = organisation.names["bob"]
    for stdin in ("y\n", ""):
        refused = rename(organisation, bob, f"robert_{bob}", subprocess_env, stdin=stdin)
        assert refused.returncode == 1 and refused.stdout.startswith(f"{bob} owns 4 reflections")
        assert refused.stderr == (
            f"reflect: Renaming changes the name {bob} logs in with, so it asks first: run it in a terminal, or add --yes in a script. Nothing was renamed.\n"
        )
    assert organisation.rows("SELECT count(*) FROM pg_roles WHERE rolname = %s", bob) == [(1,)]


def test_a_name_already_a_role_or_owning_rows_the_administrators_own_role_or_no_one_is_refused_and_nothing_changes(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    names = own_organisation.names
    alice, bob, carol, admin = names["alice"], names["bob"], names["carol"], names["admin"]
    ghost = f"gone_{own_organisation.database}"
    own_organisation.execute(f"INSERT INTO store_setting (key, value, owner) VALUES ('display_name', 'Kim Lee', '{ghost}')")
    before = {who: owned_everywhere(own_organisation.superuser, names[who]) for who in ("alice", "bob")}
    refusals = [
        ((bob, alice), [f"{alice} owns ", "would put two people's rows together", "Nothing was renamed"]),
        ((bob, ghost), [f"{ghost} owns 1 row in the database", "two people's rows"]),
        ((bob, carol), [f"{carol} is a role on the server already", "Nothing was renamed"]),
        ((bob, admin), [f"{admin} is your own role, the administrator's"]),
        ((admin, f"new_{admin}"), [f"{admin} is your own role, the administrator's"]),
        ((f"nobody_{bob}", f"new_{bob}"), [f"There is no role nobody_{bob} on the server, and nothing of", "reflect org owners URL"]),
        ((carol, f"new_{carol}"), [f"{carol} is not one of reflect's practitioners, supervisors or reporters"]),
        ((ghost, bob), [f"{bob} owns "]),
    ]
    for (old, new), fragments in refusals:
        refused = rename(own_organisation, old, new, subprocess_env, "--yes")
        assert_clean_failure(refused, 1, *fragments)
    assert {who: owned_everywhere(own_organisation.superuser, names[who]) for who in ("alice", "bob")} == before
    assert own_organisation.rows("SELECT count(*) FROM store_setting WHERE owner = %s", ghost) == [(1,)]
    # A practitioner's role running it does not own the tables.
    refused = reflect_main("org", "rename-practitioner", own_organisation.url("bob"), alice, f"new_{alice}", "--yes", env=subprocess_env)
    assert_clean_failure(refused, 1, f"Your role {bob} does not own the reflect tables", "for the administrator", "Nothing was renamed")


def test_a_file_the_same_name_twice_or_a_name_that_cannot_be_a_role_is_refused_before_the_server_is_asked(subprocess_env: dict[str, str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    given_a_file = reflect_main("org", "rename-practitioner", str(tmp_path / "reflect.db"), "sam", "samantha", "--yes", env=subprocess_env)
    assert_clean_failure(given_a_file, 2, "is a file")
    server = "postgresql://admin@127.0.0.1:1/reflect"
    for old, new in (("sam", "sam"), ("", "sam"), ("sam", " sam"), ("sam", "reflect_practitioner"), ("pg_monitor", "sam"), ("sam", "x" * 64)):
        refused = reflect_main("org", "rename-practitioner", server, old, new, "--yes", env=subprocess_env)
        assert_clean_failure(refused, 2)


def test_rows_under_a_name_whose_role_is_gone_are_given_to_a_new_name(own_organisation: Organisation, subprocess_env: dict[str, str]) -> None:
    ghost = f"gone_{own_organisation.database}"
    own_organisation.execute(f"INSERT INTO store_setting (key, value, owner) VALUES ('display_name', 'Kim Lee', '{ghost}')")
    done = rename(own_organisation, ghost, f"kim_{own_organisation.database}", subprocess_env, "--yes")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"{ghost} owns 1 setting in the database {own_organisation.database}. There is no role {ghost} on the server (renamed already, or dropped): "
        f"only the rows are given to kim_{own_organisation.database}.\n"
        f"Gave kim_{own_organisation.database} {ghost}'s 1 setting in the database {own_organisation.database} (there was no role {ghost} to rename).\n"
    )
    assert own_organisation.rows("SELECT owner FROM store_setting WHERE value = 'Kim Lee'") == [(f"kim_{own_organisation.database}",)]


def test_on_a_second_database_of_the_server_the_role_renamed_already_is_given_its_rows_there_when_told_so(
    organisation: Organisation, subprocess_env: dict[str, str], renames: list[tuple[str, str]]
) -> None:
    bob = organisation.names["bob"]
    robert = f"robert_{bob}"
    with copy_of(organisation) as first, copy_of(organisation) as second:
        bobs = without_owner(owned_everywhere(second.superuser, bob), second.superuser)
        assert rename(first, bob, robert, subprocess_env, "--yes", renames=renames).returncode == 0
        refused = rename(second, bob, robert, subprocess_env, "--yes")
        assert_clean_failure(refused, 1, f"There is no role {bob} on the server, and {robert} is one already", "--role-renamed-already")
        done = rename(second, bob, robert, subprocess_env, "--yes", "--role-renamed-already")
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[1].startswith(f"Gave {robert} {bob}'s 4 reflections, 2 drafts, ")
        assert not any(owned_everywhere(second.superuser, bob).values())
        assert without_owner(owned_everywhere(second.superuser, robert), second.superuser) == bobs
        assert figures_agree_with_a_rebuild(second)
    with copy_of(organisation) as third:  # where the renamed person has written since, under the new name
        with psycopg.connect(as_role(third.superuser, robert), autocommit=True) as connection:
            connection.execute("INSERT INTO store_setting (key, value) VALUES ('display_name', 'Robert')")
        bobs = owned_everywhere(third.superuser, bob)
        refused = rename(third, bob, robert, subprocess_env, "--yes", "--role-renamed-already")
        assert_clean_failure(refused, 1, f"{robert} has 1 row of its own in the database {third.database} already", "two sets of rows")
        assert owned_everywhere(third.superuser, bob) == bobs


@pytest.mark.parametrize("given", ['sam"; DROP TABLE reflection; --', "sam 100% %s %(x)s", "a-:x ::y", "Zoë O'Brien 東京"])
def test_a_hostile_role_name_is_renamed_as_written_and_never_run_as_sql(own_organisation: Organisation, subprocess_env: dict[str, str], given: str) -> None:
    from tests.helpers.postgres_roles import as_role as as_role_with_password

    suffix = own_organisation.database[-6:]
    hostile, renamed = f"{given} {suffix}", f"{given} née {suffix}"
    alices = owned_everywhere(own_organisation.superuser, own_organisation.names["alice"])
    try:
        added = reflect_main("org", "add-practitioner", own_organisation.admin, hostile, env=subprocess_env)
        assert added.returncode == 0, added.stderr
        a_row_in_every_table(as_role_with_password(own_organisation.superuser, hostile, "unused"))  # the test server trusts loopback
        theirs = without_owner(owned_everywhere(own_organisation.superuser, hostile), own_organisation.superuser)
        done = rename(own_organisation, hostile, renamed, subprocess_env, "--yes")
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[1].startswith(f"Renamed the role {hostile} to {renamed}, and gave {renamed} 1 draft, ")
        assert not any(owned_everywhere(own_organisation.superuser, hostile).values())
        assert without_owner(owned_everywhere(own_organisation.superuser, renamed), own_organisation.superuser) == theirs
        assert owned_everywhere(own_organisation.superuser, own_organisation.names["alice"]) == alices
        listed = reflect_main("list", "--json", "--db", as_role_with_password(own_organisation.superuser, renamed, "unused"), env=subprocess_env)
        assert listed.returncode == 0, listed.stderr
    finally:
        with psycopg.connect(own_organisation.superuser, autocommit=True) as connection:
            for name in (hostile, renamed):
                connection.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def test_in_the_team_database_a_renamed_member_keeps_their_team_and_a_renamed_supervisor_reads_their_teams_bundles(
    team_database: Organisation, subprocess_env: dict[str, str]
) -> None:
    alice, bob, sue = (team_database.names[who] for who in ("alice", "bob", "sue"))
    robert, susan = f"robert_{bob}"[:63], f"susan_{sue}"[:63]
    bobs = without_owner(owned_everywhere(team_database.superuser, bob), team_database.superuser)
    alices = owned_everywhere(team_database.superuser, alice)
    seen_by_sue = bundles_read_by(team_database.url("sue"))
    assert sorted(seen_by_sue) == sorted([alice, bob])
    for who in ("alice", "sue"):  # a practitioner's role, or a supervisor's, is refused
        refused = reflect_main("org", "rename-practitioner", team_database.url(who), bob, robert, "--yes", env=subprocess_env)
        assert_clean_failure(refused, 1, f"Your role {team_database.names[who]} does not own the reflect tables", "Nothing was renamed")
    try:
        done = rename(team_database, bob, robert, subprocess_env, "--yes")
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[1].endswith(f"1 team membership in the database {team_database.database}.")
        assert team_database.rows("SELECT team FROM team_member WHERE role = %s", robert) == [("North",)]
        assert team_database.rows("SELECT count(*) FROM team_member WHERE role = %s", bob) == [(0,)]
        assert without_owner(owned_everywhere(team_database.superuser, robert), team_database.superuser) == bobs
        assert owned_everywhere(team_database.superuser, alice) == alices
        done = rename(team_database, sue, susan, subprocess_env, "--yes")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"{sue} owns 1 team supervised in the database {team_database.database}.")
        assert bundles_read_by(as_role(team_database.superuser, susan)) == {alice: seen_by_sue[alice], robert: seen_by_sue[bob]}
        assert figures_agree_with_a_rebuild(team_database)
        listed = reflect_main("org", "owners", team_database.admin, env=subprocess_env).stdout.splitlines()
        assert [line.partition(":")[0] for line in listed[:-1]] == sorted([alice, robert, susan])
    finally:
        with psycopg.connect(team_database.server.superuser_url, autocommit=True) as connection:
            for old, new in ((bob, robert), (sue, susan)):
                if connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (new,)).fetchone():
                    connection.execute(sql.SQL("ALTER ROLE {} RENAME TO {}").format(sql.Identifier(new), sql.Identifier(old)))


def test_the_rename_says_truly_whether_postgresql_kept_the_password_an_md5_one_cleared_and_a_scram_one_kept(
    own_organisation: Organisation, subprocess_env: dict[str, str], renames: list[tuple[str, str]]
) -> None:
    alice, bob = own_organisation.names["alice"], own_organisation.names["bob"]
    with psycopg.connect(own_organisation.server.superuser_url, autocommit=True) as connection:
        connection.execute("SET password_encryption = 'md5'")
        connection.execute(sql.SQL("ALTER ROLE {} PASSWORD 'old-md5'").format(sql.Identifier(bob)))
        connection.execute("SET password_encryption = 'scram-sha-256'")
        connection.execute(sql.SQL("ALTER ROLE {} PASSWORD 'kept-scram'").format(sql.Identifier(alice)))
    done = rename(own_organisation, bob, f"robert_{bob}", subprocess_env, "--yes", renames=renames)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2] == (
        f"PostgreSQL cleared robert_{bob}'s password, as it does a password stored as MD5 (which mixes the name in): set a new one "
        f"(psql's \\password robert_{bob}) before they log in."
    )
    done = rename(own_organisation, alice, f"ally_{alice}", subprocess_env, "--yes", renames=renames)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2].startswith(f"ally_{alice}'s password, if it has one, is kept")
    stored = own_organisation.rows(
        "SELECT rolname, left(rolpassword, 14) FROM pg_authid WHERE rolname IN (%s, %s) ORDER BY 1", f"ally_{alice}", f"robert_{bob}"
    )
    assert stored == [(f"ally_{alice}", "SCRAM-SHA-256$"), (f"robert_{bob}", None)]


def test_a_reporters_role_owning_nothing_is_renamed_and_keeps_the_reporting_views(team_database: Organisation, subprocess_env: dict[str, str]) -> None:
    reporter = f"{team_database.names['admin']}_bi"
    renamed = f"{reporter}_new"
    try:
        assert reflect_main("org", "add-reporter", team_database.admin, reporter, env=subprocess_env).returncode == 0
        done = rename(team_database, reporter, renamed, subprocess_env, "--yes")
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[:2] == [
            f"{reporter} owns nothing in the database {team_database.database} yet: renaming the role {reporter} to {renamed} changes only "
            "the name it logs in with.",
            f"Renamed the role {reporter} to {renamed} (it owned no rows in the database {team_database.database}).",
        ]
        assert team_database.rows(
            "SELECT pg_has_role(%s, 'reflect_reporting', 'MEMBER'), has_schema_privilege(%s, 'reporting', 'USAGE')", renamed, renamed
        ) == [(True, True)]
    finally:
        team_database.execute(*(f'DROP ROLE IF EXISTS "{name}"' for name in (reporter, renamed)))


def test_a_database_without_reflects_tables_is_refused_in_one_line(postgres_server: Server | str, subprocess_env: dict[str, str]) -> None:
    with server_or_skip(postgres_server).database() as empty:
        refused = reflect_main("org", "rename-practitioner", empty, "sam", "samantha", "--yes", env=subprocess_env)
        assert_clean_failure(refused, 1, "holds no reflect database, so no one has rows there to rename", "Nothing was renamed")
