"""`reflect org erase-practitioner URL ROLE`: the administrator erases everything a role owns in an
organisation's database on a PostgreSQL server, after saying what that is and asking; every other
role's rows stay exactly as they were, nothing of the erased role is left in any table, the figures
stay equal to a rebuild, and a second run finds nothing left. It works for a role dropped already,
whose name may then be given to a new person; a practitioner's own role is refused.

(Answering the question in a real terminal: tests/system/test_erasing_a_practitioner_in_terminal.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reflect.cli.organisation_erasure import rows_phrase
from reflect.server_url import ServerURL
from reflect.store import open_store
from tests.helpers.cli import assert_clean_failure
from tests.helpers.organisation import Organisation, copy_of, organisation_on, own_reflections
from tests.helpers.organisation_checks import counted, figures_agree_with_a_rebuild, team_database_on
from tests.helpers.owned_rows import a_row_in_every_table, owned_everywhere, owner_tables
from tests.helpers.postgres import Server, server_or_skip
from tests.helpers.running import reflect_main


@pytest.fixture(scope="module")
def organisation(postgres_server: Server | str) -> Iterator[Organisation]:
    """alice and bob with reflections, a draft, settings, and a row of their own in every one of reflect's tables."""
    with organisation_on(server_or_skip(postgres_server)) as made:
        for who, seed in (("alice", 7), ("bob", 8)):
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
def own_organisation(organisation: Organisation) -> Iterator[Organisation]:
    with copy_of(organisation) as made:
        yield made


def erase(organisation: Organisation, role: str, env: dict[str, str], *options: str, stdin: str = ""):  # type: ignore[no-untyped-def]
    return reflect_main("org", "erase-practitioner", organisation.admin, role, *options, env=env, stdin=stdin)


def test_the_dry_run_says_what_bob_owns_in_every_table_and_erases_nothing(organisation: Organisation, subprocess_env: dict[str, str]) -> None:
    bob = organisation.names["bob"]
    before = owned_everywhere(organisation.superuser, bob)
    expected = counted(organisation, bob)
    assert expected["reflection"] == 4 and expected["reflection:drafts"] == 2  # one saved, one made up row by row
    assert len(expected) == len(owner_tables(organisation.superuser)) + 1  # a row in every table
    done = erase(organisation, bob, subprocess_env, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{bob} owns {rows_phrase(expected)} in the database {organisation.database}.\nNothing was erased. (--dry-run)\n"
    assert done.stdout.startswith(f"{bob} owns 4 reflections, 2 drafts, ")
    assert owned_everywhere(organisation.superuser, bob) == before


def test_erasing_bob_leaves_nothing_of_his_in_any_table_and_every_row_of_alices_exactly_as_it_was(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    alice, bob = own_organisation.names["alice"], own_organisation.names["bob"]
    alices = owned_everywhere(own_organisation.superuser, alice)
    facts = own_organisation.rows("SELECT key, value FROM store_setting WHERE owner = '' ORDER BY key")
    expected = counted(own_organisation, bob)
    done = erase(own_organisation, bob, subprocess_env, "--yes")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{bob} owns {rows_phrase(expected)} in the database {own_organisation.database}."
    assert lines[1] == f"Erased from the database {own_organisation.database}: {rows_phrase(expected)}."
    assert lines[2].startswith(f"Ran VACUUM on the {len(expected) - 1} tables that held them")
    assert lines[3].startswith(f"{bob} is still one of the practitioners: `reflect org remove-practitioner")
    left = owned_everywhere(own_organisation.superuser, bob)
    assert set(left) == set(owner_tables(own_organisation.superuser)) and not any(left.values())
    assert owned_everywhere(own_organisation.superuser, alice) == alices
    assert own_organisation.rows("SELECT key, value FROM store_setting WHERE owner = '' ORDER BY key") == facts
    assert figures_agree_with_a_rebuild(own_organisation)
    # PostgreSQL counts the dead row versions VACUUM has yet to clear: none are left in the tables it ran on.
    dead = own_organisation.rows("SELECT relname, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'reflection'")
    assert dead == [("reflection", 0)]

    again = erase(own_organisation, bob, subprocess_env, "--yes")
    assert (again.returncode, again.stdout) == (0, f"{bob} owns nothing in the database {own_organisation.database}: there is nothing to erase.\n")
    listed = reflect_main("list", "--json", "--db", own_organisation.url("bob"), env=subprocess_env)
    assert (listed.returncode, listed.stdout.strip()) == (0, "[]"), listed.stderr


def test_without_a_terminal_it_erases_only_when_told_yes(organisation: Organisation, subprocess_env: dict[str, str]) -> None:
    bob = organisation.names["bob"]
    before = owned_everywhere(organisation.superuser, bob)
    for stdin in ("y\n", ""):
        refused = erase(organisation, bob, subprocess_env, stdin=stdin)
        assert refused.returncode == 1 and refused.stdout.startswith(f"{bob} owns 4 reflections")
        assert refused.stderr == "reflect: Erasing cannot be undone, so it asks first: run it in a terminal, or add --yes in a script. Nothing was erased.\n"
    assert owned_everywhere(organisation.superuser, bob) == before


def test_a_practitioners_role_trying_it_is_refused_in_one_line_and_nothing_is_erased(organisation: Organisation, subprocess_env: dict[str, str]) -> None:
    alice, bob = organisation.names["alice"], organisation.names["bob"]
    alices = owned_everywhere(organisation.superuser, alice)
    refused = reflect_main("org", "erase-practitioner", organisation.url("bob"), alice, "--yes", env=subprocess_env)
    assert_clean_failure(refused, 1, f"Your role {bob} does not own the reflect tables", "for the administrator", "Nothing was erased")
    # A role that is not one of the practitioners does not reach the database at all.
    outside = reflect_main("org", "erase-practitioner", organisation.url("carol"), alice, "--yes", env=subprocess_env)
    assert_clean_failure(outside, 1, f"Your role {organisation.names['carol']} may not use this database")
    assert owned_everywhere(organisation.superuser, alice) == alices
    assert owned_everywhere(organisation.superuser, bob) != {}


def test_a_file_or_a_name_that_cannot_be_a_role_is_refused_before_the_server_is_asked(subprocess_env: dict[str, str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    given_a_file = reflect_main("org", "erase-practitioner", str(tmp_path / "reflect.db"), "sam", "--yes", env=subprocess_env)
    assert_clean_failure(given_a_file, 2, "is a file")
    for role in ("", " sam", "reflect_practitioner", "pg_monitor"):
        refused = reflect_main("org", "erase-practitioner", "postgresql://admin@127.0.0.1:1/reflect", role, "--yes", env=subprocess_env)
        assert_clean_failure(refused, 2)


def test_a_dropped_roles_rows_are_erased_and_its_name_may_then_be_given_to_a_new_person(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    kim = f"kim_{own_organisation.database}"[:63]
    admin = own_organisation.admin
    assert reflect_main("org", "add-practitioner", admin, kim, env=subprocess_env).returncode == 0
    from tests.helpers.organisation import as_role

    a_row_in_every_table(as_role(own_organisation.superuser, kim))
    assert reflect_main("org", "remove-practitioner", admin, kim, env=subprocess_env).returncode == 0
    own_organisation.execute(f'DROP ROLE "{kim}"')  # kim has left; their rows remain
    refused = reflect_main("org", "add-practitioner", admin, kim, env=subprocess_env)
    assert_clean_failure(refused, 1, "written by an earlier role called", "reflect org erase-practitioner")

    done = erase(own_organisation, kim, subprocess_env, "--yes")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{kim} owns 1 draft, ") and "still one of the practitioners" not in done.stdout
    assert not any(owned_everywhere(own_organisation.superuser, kim).values())
    try:
        added = reflect_main("org", "add-practitioner", admin, kim, env=subprocess_env)
        assert added.returncode == 0 and f"granted reflect_practitioner to {kim}" in added.stdout, added.stderr
    finally:
        own_organisation.execute(f'DROP ROLE IF EXISTS "{kim}"')
    gone = erase(own_organisation, f"never_{kim}"[:63], subprocess_env)
    assert gone.returncode == 0 and gone.stdout.endswith("(and the server has no role of that name): there is nothing to erase.\n")


@pytest.mark.parametrize("given", ['sam"; DROP TABLE reflection; --', "sam 100% %s %(x)s", "a-:x ::y", "Zoë O'Brien 東京"])
def test_a_hostile_role_name_is_erased_as_written_and_never_run_as_sql(
    own_organisation: Organisation, subprocess_env: dict[str, str], given: str
) -> None:
    from tests.helpers.postgres_roles import as_role

    hostile = f"{given} {own_organisation.database[-6:]}"
    alices = owned_everywhere(own_organisation.superuser, own_organisation.names["alice"])
    try:
        added = reflect_main("org", "add-practitioner", own_organisation.admin, hostile, env=subprocess_env)
        assert added.returncode == 0, added.stderr
        a_row_in_every_table(as_role(own_organisation.superuser, hostile, "unused"))  # the test server trusts loopback
        done = erase(own_organisation, hostile, subprocess_env, "--yes")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"{hostile} owns 1 draft, ") and f"Erased from the database {own_organisation.database}: 1 draft, " in done.stdout
        assert not any(owned_everywhere(own_organisation.superuser, hostile).values())
        assert owned_everywhere(own_organisation.superuser, own_organisation.names["alice"]) == alices
        assert own_organisation.rows("SELECT to_regclass('reflection') IS NOT NULL") == [(True,)]
    finally:
        quoted = hostile.replace('"', '""')
        own_organisation.execute(f'DROP ROLE IF EXISTS "{quoted}"')


# The team database ---------------------------------------------------------------------------------


@pytest.fixture
def team_database(postgres_server: Server | str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Organisation]:
    """A team database made by `reflect org init-team`: sue supervises North, whose members alice and bob
    each submitted a bundle with their own role."""
    with team_database_on(server_or_skip(postgres_server), tmp_path_factory.mktemp("erasing-in-a-team-database")) as made:
        yield made


def test_in_the_team_database_bobs_bundle_reflections_practitioner_row_and_team_membership_go_and_alices_stay(
    team_database: Organisation, subprocess_env: dict[str, str]
) -> None:
    alice, bob, sue = (team_database.names[who] for who in ("alice", "bob", "sue"))
    alices = owned_everywhere(team_database.superuser, alice)
    for who in ("alice", "sue"):  # a practitioner's role, or a supervisor's, is refused
        refused = reflect_main("org", "erase-practitioner", team_database.url(who), bob, "--yes", env=subprocess_env)
        assert_clean_failure(refused, 1, f"Your role {team_database.names[who]} does not own the reflect tables", "Nothing was erased")
    teams = team_database.rows("SELECT team, role FROM team_member WHERE role <> %s UNION ALL SELECT team, role FROM team_supervisor ORDER BY 1, 2", bob)
    expected = counted(team_database, bob) | {"team_member": 1}
    assert {"practitioner", "team_bundle", "reflection", "answer", "answer_rollup"} <= set(expected)
    done = erase(team_database, bob, subprocess_env, "--yes")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{bob} owns {rows_phrase(expected)} in the database {team_database.database}."
    assert "1 practitioner record" in lines[0] and "1 submitted bundle" in lines[0] and lines[0].endswith(f"1 team membership in the database {team_database.database}.")
    assert lines[1] == f"Erased from the database {team_database.database}: {rows_phrase(expected)}."
    assert not any("remove-practitioner" in line for line in lines)  # its teams were what it reached here
    assert not any(owned_everywhere(team_database.superuser, bob).values())
    assert team_database.rows("SELECT count(*) FROM team_member WHERE role = %s", bob) == [(0,)]
    assert owned_everywhere(team_database.superuser, alice) == alices
    assert team_database.rows("SELECT team, role FROM team_member UNION ALL SELECT team, role FROM team_supervisor ORDER BY 1, 2") == teams
    assert figures_agree_with_a_rebuild(team_database)
    import psycopg

    with psycopg.connect(team_database.url("sue"), autocommit=True) as connection:
        assert [tuple(row) for row in connection.execute("SELECT DISTINCT owner FROM team_bundle")] == [(alice,)]
    assert sue in {str(row[1]) for row in teams}
    again = erase(team_database, bob, subprocess_env, "--yes")
    assert again.stdout == f"{bob} owns nothing in the database {team_database.database}: there is nothing to erase.\n"
    listed = reflect_main("org", "owners", team_database.admin, env=subprocess_env).stdout.splitlines()
    assert [line.partition(":")[0] for line in listed[:-1]] == sorted([alice, sue])
    assert listed[sorted([alice, sue]).index(sue)] == f"{sue}: 1 row (a member of reflect_supervisor)"


def in_the_files(organisation: Organisation, table: str, marker: str) -> bool:
    """Whether `marker` is in the bytes of `table`'s file on the server's disk (and its indexes'), as the superuser reads them."""
    import psycopg

    with psycopg.connect(organisation.superuser, autocommit=True) as connection:
        connection.execute("CHECKPOINT")  # what the server holds in memory, written to the files
        files = [str(row[0]) for row in connection.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.oid = %s::regclass"
            " OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = %s::regclass)", (table, table),
        )]  # fmt: skip
        return any(marker.encode() in bytes(connection.execute("SELECT pg_read_binary_file(%s)", (name,)).fetchone()[0]) for name in files)


def test_with_vacuum_full_the_erased_notes_are_gone_from_the_tables_files_on_the_servers_disk(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    import psycopg

    marker = f"Kim-Okafor-{own_organisation.database}"
    with psycopg.connect(own_organisation.url("bob"), autocommit=True) as connection:
        connection.execute("UPDATE reflection SET what_happened = %s", (marker,))
        connection.execute("UPDATE answer SET note = %s", (marker,))
    assert in_the_files(own_organisation, "reflection", marker) and in_the_files(own_organisation, "answer", marker)
    done = erase(own_organisation, own_organisation.names["bob"], subprocess_env, "--yes", "--vacuum-full")
    assert done.returncode == 0, done.stderr
    assert f"Ran VACUUM FULL on the {len(owner_tables(own_organisation.superuser))} tables" in done.stdout
    assert not in_the_files(own_organisation, "reflection", marker) and not in_the_files(own_organisation, "answer", marker)
    assert figures_agree_with_a_rebuild(own_organisation)


def test_vacuum_full_tries_again_while_an_older_snapshot_sees_the_erased_rows_and_then_leaves_no_copy(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    # VACUUM FULL keeps every row version a transaction begun earlier could still see, even one that
    # never touched the table (an autovacuum ANALYZE of another): in CI the erased notes stayed.
    import threading

    import psycopg

    marker = f"Kim-Okafor-{own_organisation.database}"
    with psycopg.connect(own_organisation.url("bob"), autocommit=True) as connection:
        connection.execute("UPDATE reflection SET what_happened = %s", (marker,))
    reader = psycopg.connect(own_organisation.superuser, autocommit=True)
    watcher = psycopg.connect(own_organisation.superuser, autocommit=True)
    reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    reader.execute("SELECT 1")  # a snapshot, and no lock on any of reflect's tables
    tried = threading.Event()

    def end_the_reader_once_vacuum_has_tried() -> None:
        for _ in range(300):
            if watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'VACUUM (FULL, VERBOSE, ANALYZE)%%' AND pid <> pg_backend_pid()"
            ).fetchone()[0]:
                tried.set()
                break
            threading.Event().wait(0.02)
        reader.execute("ROLLBACK")

    ending = threading.Thread(target=end_the_reader_once_vacuum_has_tried)
    ending.start()
    try:
        done = erase(own_organisation, own_organisation.names["bob"], subprocess_env, "--yes", "--vacuum-full")
    finally:
        ending.join()
        reader.close()
        watcher.close()
    assert done.returncode == 0, done.stderr
    assert not in_the_files(own_organisation, "reflection", marker)
    assert tried.is_set() and "their files were written again without the erased rows" in done.stdout


def test_vacuum_full_says_which_tables_kept_erased_rows_for_a_transaction_that_did_not_end(
    own_organisation: Organisation, subprocess_env: dict[str, str], monkeypatch
) -> None:
    import psycopg

    import reflect.store.practitioner_erasure as erasure

    monkeypatch.setattr(erasure, "WAIT_FOR_OLDER_SNAPSHOTS_S", 0.5)
    with psycopg.connect(own_organisation.superuser, autocommit=True) as reader:
        reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        reader.execute("SELECT 1")
        done = erase(own_organisation, own_organisation.names["bob"], subprocess_env, "--yes", "--vacuum-full")
        reader.execute("ROLLBACK")
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("Ran VACUUM FULL"))
    assert "another session's transaction, begun before the erasure, could still see deleted rows of" in line
    assert '"reflection"' in line and "again once it has ended" in line


def test_plain_vacuum_says_the_bytes_may_stay_in_the_files_and_how_to_rewrite_them(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    done = erase(own_organisation, own_organisation.names["bob"], subprocess_env, "--yes")
    line = next(line for line in done.stdout.splitlines() if line.startswith("Ran VACUUM on"))
    assert "their bytes may stay in the tables' files" in line and '`VACUUM (FULL, ANALYZE) "answer", ' in line and "--vacuum-full" in line


def test_vacuum_by_a_role_that_does_not_own_the_tables_says_so_instead_of_skipping_them_quietly(organisation: Organisation) -> None:
    from reflect.store.practitioner_erasure import vacuum

    done = vacuum(ServerURL(organisation.url("bob")), ["reflection", "answer"])
    assert done.problem == "your role does not own answer, reflection" and done.statement == 'VACUUM (ANALYZE) "answer", "reflection"'


def test_when_vacuum_cannot_run_the_erasure_stands_and_it_says_what_to_run(
    own_organisation: Organisation, subprocess_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.services import organisation_erasure
    from reflect.store.practitioner_erasure import Vacuumed

    # As if the server had gone away between the erasure and the VACUUM after it.
    monkeypatch.setattr(organisation_erasure, "vacuum", lambda _url, tables, full: Vacuumed(sorted(set(tables)), full, "the server closed the connection"))
    bob = own_organisation.names["bob"]
    done = erase(own_organisation, bob, subprocess_env, "--yes")
    assert done.returncode == 0, done.stderr
    assert not any(owned_everywhere(own_organisation.superuser, bob).values())
    line = done.stdout.splitlines()[2]
    assert line.startswith('Could not run VACUUM (the server closed the connection): run `VACUUM (ANALYZE) "answer", ')
    assert line.endswith("` as the tables' owner, so that the server lets go of the deleted rows.")


def test_owners_lists_every_role_whose_rows_remain_and_says_which_have_gone(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    alice, bob = own_organisation.names["alice"], own_organisation.names["bob"]
    ghost = f"gone_{own_organisation.database}"
    own_organisation.execute(f"INSERT INTO store_setting (key, value, owner) VALUES ('display_name', 'Kim Lee', '{ghost}')")
    assert reflect_main("org", "remove-practitioner", own_organisation.admin, bob, env=subprocess_env).returncode == 0
    try:
        listed = reflect_main("org", "owners", own_organisation.admin, env=subprocess_env)
        assert listed.returncode == 0, listed.stderr
        rows = {who: sum(counted(own_organisation, own_organisation.names[who]).values()) for who in ("alice", "bob")}
        assert listed.stdout.splitlines() == sorted([
            f"{alice}: {rows['alice']:,} rows (a member of reflect_practitioner)",
            f"{bob}: {rows['bob']:,} rows (in none of reflect's groups now)",
            f"{ghost}: 1 row (no role of that name any more: dropped)",
        ]) + ["`reflect org erase-practitioner URL ROLE` says what one of them owns, and erases it after asking."]  # fmt: skip
        refused = reflect_main("org", "owners", own_organisation.url("alice"), env=subprocess_env)
        assert_clean_failure(refused, 1, "does not own the reflect tables")
    finally:
        reflect_main("org", "add-practitioner", own_organisation.admin, bob, env=subprocess_env)
