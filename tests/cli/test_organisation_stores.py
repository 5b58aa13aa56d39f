"""An organisation's practitioners' database on a PostgreSQL server (`reflect org init`, `add-practitioner`,
`remove-practitioner`): each practitioner's role reaches only its own rows, whatever command it runs,
enforced by the database's row-level security; the administrator's role, which owns the database but is
no superuser, sets it up; a role that may not upgrade the schema is refused in one line; running a
set-up again changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.server_url import ServerURL
from reflect.store import HEAD_REVISION, StoreError, open_store
from tests.helpers.cli import assert_clean_failure
from tests.helpers.organisation import Organisation, copy_of, organisation_on
from tests.helpers.postgres import Server, server_or_skip
from tests.helpers.running import reflect_main


@pytest.fixture(scope="module")
def organisation(postgres_server: Server | str) -> Iterator[Organisation]:
    """One organisation for the tests that only look (none of them changes a row it can reach)."""
    with organisation_on(server_or_skip(postgres_server)) as made:
        yield made


@pytest.fixture
def own_organisation(organisation: Organisation) -> Iterator[Organisation]:
    """An organisation's database of the test's own (a copy, with the same roles), for a test that changes it."""
    with copy_of(organisation) as made:
        yield made


def listed(organisation: Organisation, who: str, env: dict[str, str]) -> list[dict[str, object]]:
    done = reflect_main("list", "--json", "--db", organisation.url(who), env=env)
    assert done.returncode == 0, done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def ids_of(organisation: Organisation, who: str) -> set[str]:
    return {str(row[0]) for row in organisation.rows("SELECT id FROM reflection WHERE owner = %s", organisation.names[who])}


def test_org_init_by_the_databases_owner_who_is_no_superuser_secures_every_table(organisation: Organisation) -> None:
    done = organisation.set_up
    assert done[0].startswith("created reflect's tables")
    # Roles are the whole server's: another test's set-up may have made the group role first.
    assert organisation.rows("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'reflect_practitioner'") == [(False,)]
    assert organisation.rows("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", organisation.names["admin"]) == [(False, False)]
    unsecured = organisation.rows(
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
        " AND NOT relrowsecurity AND relname <> 'alembic_version'"
    )
    assert unsecured == []
    tables = organisation.rows("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")[0][0]
    assert tables == 18
    owners = organisation.rows("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
    assert owners == [(organisation.names["admin"],)]  # the practitioners' group owns nothing
    privileges = organisation.rows(
        "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.role_table_grants"
        " WHERE grantee = 'reflect_practitioner' AND table_name IN ('alembic_version', 'reflection') GROUP BY table_name ORDER BY table_name"
    )
    assert privileges == [("alembic_version", "SELECT"), ("reflection", "DELETE,INSERT,SELECT,UPDATE")]
    # The answer codes' order is the database's, read by every role (none wrote one of its own).
    assert organisation.rows("SELECT owner FROM store_setting WHERE key = 'response_slots'") == [("",)]


def test_org_init_gives_the_shared_database_indexes_led_by_the_owner_for_each_roles_own_rows(organisation: Organisation) -> None:
    # The policy adds owner = current_user to every query: these let it seek a role's own rows.
    indexes = organisation.rows("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%_by_owner' ORDER BY indexname")
    assert [name for name, _ in indexes] == [
        "ix_answer_rollup_by_owner",
        "ix_reflection_history_by_owner",
        "ix_reflection_kind_history_by_owner",
        "ix_reflection_patterns_by_owner",
        "ix_reflection_person_history_by_owner",
        "ix_reflection_tag_tag_by_owner",
    ]
    assert all("(owner, " in definition for _, definition in indexes)
    assert any(line.startswith("index ix_reflection_history_by_owner") for line in organisation.set_up)


def test_the_policy_lets_an_index_led_by_the_owner_seek_a_roles_own_rows(organisation: Organisation) -> None:
    import psycopg

    # Told not to read the whole table, the planner shows what it can seek by. Compared with
    # current_user as it is (a name, collated "C"), the owner could only be filtered, row by row.
    with psycopg.connect(organisation.url("alice"), autocommit=True) as connection:
        connection.execute("SET enable_seqscan = off")
        plans = [
            "\n".join(str(row[0]) for row in connection.execute(f"EXPLAIN {query}"))
            for query in (
                "SELECT count(*) FROM reflection WHERE NOT is_draft",
                "SELECT id FROM reflection WHERE NOT is_draft ORDER BY occurred_at DESC, created_at DESC, id DESC LIMIT 50",
            )
        ]
    for plan in plans:
        assert "_by_owner" in plan and "Index Cond: ((owner = " in plan, plan


def test_org_init_and_add_practitioner_run_again_say_there_is_nothing_to_change(
    organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    again = reflect_main("org", "init", organisation.admin, env=subprocess_env)
    assert (again.returncode, again.stdout, again.stderr) == (0, "nothing to change\n", "")
    names = organisation.names
    added = reflect_main("org", "add-practitioner", organisation.admin, names["alice"], names["bob"], env=subprocess_env)
    assert (added.returncode, added.stdout) == (0, "nothing to change\n")


def test_bob_lists_only_his_own_reflections_never_alices(organisation: Organisation, subprocess_env: dict[str, str]) -> None:
    bobs = listed(organisation, "bob", subprocess_env)
    assert {entry["uuid"] for entry in bobs} == ids_of(organisation, "bob") and len(bobs) == 4
    alices = listed(organisation, "alice", subprocess_env)
    assert {entry["uuid"] for entry in alices} == ids_of(organisation, "alice") and len(alices) == 3


def test_bob_cannot_find_read_page_to_change_or_delete_alices_reflections(organisation: Organisation) -> None:
    alices_before = organisation.owned("alice")
    alice_id = sorted(ids_of(organisation, "alice"))[0]
    store = open_store(ServerURL(organisation.url("bob")))
    try:
        assert store.get(alice_id) is None
        assert store.find(alice_id[:8]) == []
        assert {one.uuid for one in store.history_page([], limit=50)} == ids_of(organisation, "bob")
        assert store.reflection_count() == 4 and store.drafts() == []
        assert store.delete(alice_id) is False
        mine = store.get(sorted(ids_of(organisation, "bob"))[0])
        assert mine is not None
        mine.uuid, mine.what_happened = alice_id, "bob writing over alice's reflection"
        with pytest.raises(StoreError):
            store.save(mine)
        assert store.setting("display_name") == "Bob"
    finally:
        store.close()
    assert organisation.owned("alice") == alices_before


def test_export_stats_and_report_as_bob_hold_only_his_own(organisation: Organisation, subprocess_env: dict[str, str], tmp_path: Path) -> None:
    exported = reflect_main("export", "--db", organisation.url("bob"), "--output", str(tmp_path / "bob.json"), env=subprocess_env)
    assert exported.returncode == 0, exported.stderr
    held = json.loads((tmp_path / "bob.json").read_text())
    assert {entry["uuid"] for entry in held["reflections"]} == ids_of(organisation, "bob")
    stats = reflect_main("stats", "--db", organisation.url("bob"), env=subprocess_env)
    assert stats.returncode == 0 and "All your reflections: 4 reflections." in stats.stdout
    report = reflect_main("report", "--db", organisation.url("bob"), "--from", "2000-01-01", env=subprocess_env)
    assert report.returncode == 0, report.stderr
    assert "4 reflections" in report.stdout and "Alice" not in report.stdout


def test_copy_as_bob_carries_only_his_own_reflections(organisation: Organisation, subprocess_env: dict[str, str], tmp_path: Path) -> None:
    copied = reflect_main("copy", "--db", organisation.url("bob"), "--to", str(tmp_path / "bob.db"), env=subprocess_env)
    assert copied.returncode == 0, copied.stderr
    store = open_store(tmp_path / "bob.db")
    try:
        assert {one.uuid for one in store.list_reflections()} == ids_of(organisation, "bob")
    finally:
        store.close()


def test_doctor_as_a_practitioner_says_row_security_is_on_and_what_the_role_may_do(
    organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    doctor = reflect_main("doctor", "--db", organisation.url("bob"), env=subprocess_env)
    assert doctor.returncode == 0, doctor.stdout
    assert "Row-level security: on for every table that holds personal data" in doctor.stdout
    assert f"Your role: {organisation.names['bob']} may SELECT, INSERT, UPDATE, DELETE its own rows" in doctor.stdout
    assert "may not upgrade the schema" in doctor.stdout
    assert "Held: 4 reflections" in doctor.stdout  # his own: alice's three are not counted
    assert "Text index: History's filter looks for a word among each practitioner's own reflections" in doctor.stdout
    admin = reflect_main("doctor", "--db", organisation.admin, env=subprocess_env)
    assert f"Your role: {organisation.names['admin']} owns the tables" in admin.stdout and "Held: 7 reflections" in admin.stdout
    # The administrator is told the same, not to add the trigram indexes org init drops.
    assert "Text index: History's filter looks for a word among each practitioner's own reflections" in admin.stdout
    assert "pg_trgm or its indexes are missing" not in admin.stdout


def test_a_role_that_is_not_a_practitioner_gets_one_line_naming_the_command_for_the_administrator(
    organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    carol = organisation.names["carol"]
    for command in (["list"], ["add", "--answers", "y,y,y,y,y,y,y,y,y,y"], ["export"], ["stats"]):
        refused = reflect_main(*command, "--db", organisation.url("carol"), env=subprocess_env)
        message = assert_clean_failure(refused, 1, f"Your role {carol} may not use this database", "reflect org add-practitioner")
        assert f"{carol}@" not in message and message.rstrip().endswith(f"{carol}`. Nothing was changed.")
    assert organisation.rows("SELECT count(*) FROM reflection WHERE owner = %s", carol) == [(0,)]


def test_org_init_by_a_practitioners_role_is_refused_and_changes_nothing(organisation: Organisation, subprocess_env: dict[str, str]) -> None:
    refused = reflect_main("org", "init", organisation.url("alice"), env=subprocess_env)
    assert_clean_failure(refused, 1, "does not own the reflect tables", "Nothing was changed")
    added = reflect_main("org", "add-practitioner", organisation.url("alice"), organisation.names["carol"], env=subprocess_env)
    assert_clean_failure(added, 1, "does not own the reflect tables")


def test_org_commands_given_a_file_say_in_one_line_they_are_for_a_server(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    for action in (["init"], ["add-practitioner"], ["remove-practitioner"]):
        refused = reflect_main("org", action[0], str(tmp_path / "mine.db"), *(["alice"] if action[0] != "init" else []), env=subprocess_env)
        assert_clean_failure(refused, 2, "is a file", "postgresql://")
    assert not (tmp_path / "mine.db").exists()


def test_a_role_name_that_is_not_a_persons_is_refused_before_the_server_is_asked(subprocess_env: dict[str, str]) -> None:
    for name in ("reflect_practitioner", "PUBLIC", "pg_read_all_data", "x" * 64, " alice"):
        refused = reflect_main("org", "add-practitioner", "postgresql://admin@127.0.0.1:1/reflect", name, env=subprocess_env)
        assert_clean_failure(refused, 2)


def test_erase_as_bob_deletes_every_row_of_his_and_leaves_alices_exactly_as_they_were(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    alices = own_organisation.owned("alice")
    alice_settings = own_organisation.rows("SELECT key, value FROM store_setting WHERE owner = %s ORDER BY key", own_organisation.names["alice"])
    erased = reflect_main("erase", "--db", own_organisation.url("bob"), env=subprocess_env, stdin="erase\n")
    assert erased.returncode == 0, erased.stderr + erased.stdout
    assert "4 reflections" in erased.stdout  # his own, not the seven the database holds
    bob = own_organisation.names["bob"]
    for table in ("reflection", "answer", "answer_rollup"):
        assert own_organisation.rows(f"SELECT count(*) FROM {table} WHERE owner = %s", bob) == [(0,)]
    assert own_organisation.owned("alice") == alices and len({row[0] for row in alices}) == 3
    after = own_organisation.rows("SELECT key, value FROM store_setting WHERE owner = %s ORDER BY key", own_organisation.names["alice"])
    assert after == alice_settings
    assert len(listed(own_organisation, "alice", subprocess_env)) == 3


def test_a_schema_older_than_reflect_opened_by_a_practitioner_is_refused_in_one_line_and_left_unchanged(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    own_organisation.execute("UPDATE alembic_version SET version_num = '0009_history_filters'")
    columns = own_organisation.rows("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'")
    for command in (["list"], ["add", "--answers", "y,y,y,y,y,y,y,y,y,y"]):
        refused = reflect_main(*command, "--db", own_organisation.url("alice"), env=subprocess_env)
        message = assert_clean_failure(refused, 1, "earlier schema", "ask your administrator to run `reflect org init", "with this version of reflect")
        assert "`reflect org init postgresql://127.0.0.1:" in message  # the database, for the administrator's own role
    doctor = reflect_main("doctor", "--db", own_organisation.url("alice"), env=subprocess_env)
    assert doctor.returncode == 1 and "ATTENTION  Schema: 0009_history_filters, earlier than" in doctor.stdout, doctor.stdout
    assert "your role may not upgrade it" in doctor.stdout and "`reflect org init`" in doctor.stdout
    assert own_organisation.rows("SELECT version_num FROM alembic_version") == [("0009_history_filters",)]
    assert own_organisation.rows("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'") == columns
    assert own_organisation.rows("SELECT count(*) FROM reflection") == [(7,)]


def test_a_table_an_upgrade_of_reflect_adds_gets_row_security_from_org_init_run_again(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    # As a new table arrives: no grants, no policy, row-level security off.
    own_organisation.execute(
        "ALTER TABLE feedback DISABLE ROW LEVEL SECURITY", "DROP POLICY reflect_own_rows ON feedback", "REVOKE ALL ON feedback FROM reflect_practitioner"
    )
    doctor = reflect_main("doctor", "--db", own_organisation.url("alice"), env=subprocess_env)
    assert doctor.returncode == 1 and "ATTENTION  Row-level security: off for feedback" in doctor.stdout, doctor.stdout
    again = reflect_main("org", "init", own_organisation.admin, env=subprocess_env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        "granted SELECT, INSERT, UPDATE, DELETE on feedback to reflect_practitioner",
        "row-level security on for feedback",
        "policy on feedback: a role reaches only the rows it owns",
    ]


def test_remove_practitioner_takes_the_role_out_says_its_rows_stay_and_how_they_are_erased(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    bob = own_organisation.names["bob"]
    try:
        removed = reflect_main("org", "remove-practitioner", own_organisation.admin, bob, env=subprocess_env)
        assert removed.returncode == 0, removed.stderr
        lines = removed.stdout.splitlines()
        assert lines[0] == f"revoked reflect_practitioner from {bob}"
        assert "stay in the database" in lines[1] and f"`reflect org erase-practitioner URL {bob}` erases them" in lines[1]
        assert own_organisation.rows("SELECT count(*) FROM reflection WHERE owner = %s", bob) == [(4,)]
        refused = reflect_main("list", "--db", own_organisation.url("bob"), env=subprocess_env)
        assert_clean_failure(refused, 1, f"Your role {bob} may not use this database")
        again = reflect_main("org", "remove-practitioner", own_organisation.admin, bob, env=subprocess_env)
        assert (again.returncode, again.stdout) == (0, "nothing to change\n")
        assert len(listed(own_organisation, "alice", subprocess_env)) == 3
    finally:
        # Roles are the whole server's: bob is the other tests' practitioner again.
        reflect_main("org", "add-practitioner", own_organisation.admin, bob, env=subprocess_env)


def test_a_new_role_of_the_name_of_one_whose_rows_remain_is_refused_so_no_one_inherits_them(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    # As if a practitioner's role had been dropped with their rows left behind.
    ghost = f"gone_{own_organisation.database}"
    own_organisation.execute(f"INSERT INTO store_setting (key, value, owner) VALUES ('display_name', 'Kim Lee', '{ghost}')")
    refused = reflect_main("org", "add-practitioner", own_organisation.admin, ghost, env=subprocess_env)
    assert_clean_failure(refused, 1, f"still holds 1 row written by an earlier role called {ghost}")
    assert own_organisation.rows("SELECT count(*) FROM pg_roles WHERE rolname = %s", ghost) == [(0,)]


def test_a_practitioners_row_calling_the_database_a_teams_does_not_lock_the_administrator_or_anyone_else_out(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    import psycopg

    with psycopg.connect(own_organisation.url("alice"), autocommit=True) as connection:
        connection.execute("INSERT INTO store_setting (key, value) VALUES ('database_role', 'team')")
    again = reflect_main("org", "init", own_organisation.admin, env=subprocess_env)
    assert (again.returncode, again.stdout) == (0, "nothing to change\n"), again.stderr
    assert len(listed(own_organisation, "bob", subprocess_env)) == 4


def test_org_init_by_the_superuser_on_a_database_reflect_made_secures_it_once(postgres_url_at_head: str, subprocess_env: dict[str, str]) -> None:
    first = reflect_main("org", "init", postgres_url_at_head, env=subprocess_env)
    assert first.returncode == 0, first.stderr
    assert "row-level security on for reflection" in first.stdout and "created reflect's tables" not in first.stdout
    again = reflect_main("org", "init", postgres_url_at_head, env=subprocess_env)
    assert (again.returncode, again.stdout) == (0, "nothing to change\n")


def test_the_administrators_role_opening_the_database_as_a_practitioner_would_is_refused_before_it_reaches_anyones_rows(
    own_organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    everyone = own_organisation.rows("SELECT count(*) FROM reflection")
    for command, stdin in ((["erase"], "erase\n"), (["list"], ""), (["add", "--answers", "y,y,y,y,y,y,y,y,y,y"], "")):
        refused = reflect_main(*command, "--db", own_organisation.admin, env=subprocess_env, stdin=stdin)
        assert_clean_failure(refused, 1, "owns this organisation's database", "a practitioner's own role")
    assert own_organisation.rows("SELECT count(*) FROM reflection") == everyone == [(7,)]


def test_bob_importing_an_export_of_alices_reflections_adds_nothing_and_leaves_hers_as_they_were(
    organisation: Organisation, subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    alices = organisation.owned("alice")
    exported = reflect_main("export", "--db", organisation.url("alice"), "--output", str(tmp_path / "alice.json"), env=subprocess_env)
    assert exported.returncode == 0, exported.stderr
    imported = reflect_main("import", str(tmp_path / "alice.json"), "--db", organisation.url("bob"), env=subprocess_env)
    assert_clean_failure(imported, 1, "as another practitioner's, which your role may not change", "Nothing was changed")
    assert organisation.owned("alice") == alices
    assert organisation.rows("SELECT count(*) FROM reflection WHERE owner = %s", organisation.names["bob"]) == [(4,)]


@pytest.mark.parametrize("given", ['sam"; DROP TABLE reflection; --', "sam 100% %s %(x)s", "a-:x ::y"])
def test_a_role_name_with_quotes_and_sql_in_it_is_a_role_of_that_name_never_sql(
    own_organisation: Organisation, subprocess_env: dict[str, str], given: str
) -> None:
    hostile = f"{given} {own_organisation.database[-12:]}"
    try:
        added = reflect_main("org", "add-practitioner", own_organisation.admin, hostile, env=subprocess_env)
        assert added.returncode == 0, added.stderr
        assert f"granted reflect_practitioner to {hostile}" in added.stdout
        assert own_organisation.rows(
            "SELECT pg_has_role(%s, 'reflect_practitioner', 'MEMBER'), to_regclass('reflection') IS NOT NULL", hostile
        ) == [(True, True)]
        removed = reflect_main("org", "remove-practitioner", own_organisation.admin, hostile, env=subprocess_env)
        assert removed.stdout == f"revoked reflect_practitioner from {hostile}\n"
    finally:
        quoted = hostile.replace('"', '""')
        own_organisation.execute(f'DROP ROLE IF EXISTS "{quoted}"')


def test_alices_drafts_are_hers_alone(organisation: Organisation) -> None:
    from tests.helpers.organisation import own_reflections

    draft = own_reflections(1, seed=5)[0]
    draft.is_draft = True
    alice, bob = open_store(ServerURL(organisation.url("alice"))), open_store(ServerURL(organisation.url("bob")))
    try:
        alice.save(draft)
        assert [one.uuid for one in alice.drafts()] == [draft.uuid]
        assert bob.drafts() == [] and bob.draft_count() == 0 and bob.get(draft.uuid) is None
    finally:
        alice.delete(draft.uuid)
        alice.close()
        bob.close()


def test_rebuilding_the_figures_as_bob_rebuilds_his_and_leaves_alices_sums_alone(organisation: Organisation, subprocess_env: dict[str, str]) -> None:
    sums = "SELECT span, period, kind, reflections FROM answer_rollup WHERE owner = %s ORDER BY 1, 2, 3"
    alices, bobs = organisation.rows(sums, organisation.names["alice"]), organisation.rows(sums, organisation.names["bob"])
    rebuilt = reflect_main("doctor", "--rebuild-figures", "--db", organisation.url("bob"), env=subprocess_env)
    assert rebuilt.returncode == 0 and "from your 4 reflections" in rebuilt.stdout, rebuilt.stdout
    assert organisation.rows(sums, organisation.names["alice"]) == alices and alices
    assert organisation.rows(sums, organisation.names["bob"]) == bobs


def test_a_practitioners_file_copied_into_the_shared_database_becomes_hers_alone(
    own_organisation: Organisation, subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    from tests.helpers.organisation import own_reflections

    mine = tmp_path / "alice.db"
    store = open_store(mine)
    try:
        store.save_many(own_reflections(2, seed=9))
    finally:
        store.close()
    copied = reflect_main("copy", "--db", str(mine), "--to", own_organisation.url("alice"), env=subprocess_env)
    assert copied.returncode == 0, copied.stderr
    assert len(listed(own_organisation, "alice", subprocess_env)) == 5
    assert len(listed(own_organisation, "bob", subprocess_env)) == 4
    assert own_organisation.rows("SELECT count(*) FROM reflection WHERE owner = %s", own_organisation.names["alice"]) == [(5,)]


def test_sql_of_its_own_lets_a_practitioners_role_write_nothing_as_anyone_elses(organisation: Organisation) -> None:
    import psycopg

    bob = organisation.names["bob"]
    settings = organisation.rows("SELECT owner, key, value FROM store_setting ORDER BY 1, 2")
    with psycopg.connect(organisation.url("alice"), autocommit=True) as alice:
        for statement, params in (
            ("INSERT INTO store_setting (key, value, owner) VALUES ('response_slots', 'hope', '')", ()),
            ("INSERT INTO store_setting (key, value, owner) VALUES ('display_name', 'Not Bob', %s)", (bob,)),
            ("UPDATE store_setting SET owner = %s", (bob,)),
            ("TRUNCATE reflection CASCADE", ()),
            ("UPDATE alembic_version SET version_num = 'x'", ()),
        ):
            with pytest.raises(psycopg.Error):
                alice.execute(statement, params)
        assert alice.execute("UPDATE store_setting SET value = 'x' WHERE owner = ''").rowcount == 0
        assert alice.execute("DELETE FROM answer WHERE owner = %s", (bob,)).rowcount == 0
        assert alice.execute("SELECT count(*) FROM reflection WHERE owner <> current_user").fetchone() == (0,)
    assert organisation.rows("SELECT owner, key, value FROM store_setting ORDER BY 1, 2") == settings


def test_org_init_on_an_earlier_schema_upgrades_it_as_the_administrator_and_hands_its_facts_to_the_database(
    organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    import psycopg
    from alembic import command

    from reflect.store.engine import make_server_engine
    from reflect.store.migrate import alembic_config
    from tests.helpers.organisation import as_role

    admin, name = organisation.names["admin"], f"{organisation.database}_earlier"
    with psycopg.connect(organisation.server.superuser_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" OWNER "{admin}"')
    url = as_role(organisation.server.url_of(name), admin)
    try:
        engine = make_server_engine(ServerURL(url))
        try:
            with engine.begin() as connection:
                config = alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "0009_history_filters")
                connection.exec_driver_sql("INSERT INTO store_setting (key, value) VALUES ('response_slots', 'hope')")
        finally:
            engine.dispose()
        upgraded = reflect_main("org", "init", url, env=subprocess_env)
        assert upgraded.returncode == 0, upgraded.stderr
        lines = upgraded.stdout.splitlines()
        assert lines[0] == f"upgraded the schema from 0009_history_filters to {HEAD_REVISION}"
        assert "row-level security on for reflection" in lines
        assert "the setting response_slots made the database's, for every role to read" in lines
        # The upgrade, before the policies, made History's trigram indexes; under the policies none can serve a practitioner.
        assert "index ix_answer_note_trgm dropped: under row-level security no practitioner's query can use it" in lines
        with psycopg.connect(organisation.server.url_of(name), autocommit=True) as connection:
            assert connection.execute("SELECT owner, value FROM store_setting").fetchall() == [("", "hope")]
        again = reflect_main("org", "init", url, env=subprocess_env)
        assert (again.returncode, again.stdout) == (0, "nothing to change\n")
    finally:
        with psycopg.connect(organisation.server.superuser_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_org_init_by_an_owner_without_createrole_is_refused_before_any_table_is_made(
    organisation: Organisation, subprocess_env: dict[str, str]
) -> None:
    import psycopg

    from tests.helpers.organisation import as_role

    owner, name = f"{organisation.names['admin']}_plain", f"{organisation.database}_plain"
    with psycopg.connect(organisation.server.superuser_url, autocommit=True) as connection:
        connection.execute(f'CREATE ROLE "{owner}" LOGIN')
        connection.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
    try:
        refused = reflect_main("org", "init", as_role(organisation.server.url_of(name), owner), env=subprocess_env)
        assert_clean_failure(refused, 1, f"Your role {owner} may not create roles", "CREATEROLE", "Nothing was changed")
        with psycopg.connect(organisation.server.url_of(name), autocommit=True) as connection:
            assert connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
    finally:
        with psycopg.connect(organisation.server.superuser_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'DROP ROLE IF EXISTS "{owner}"')


def test_in_a_shared_database_a_word_in_a_note_is_found_among_her_own_reflections_alone(organisation: Organisation) -> None:
    from reflect.model import Answer, Response
    from reflect.store.text_index import POSTGRESQL_INDEXES, candidates, limited_by_row_security, missing_postgresql_indexes
    from tests.helpers.organisation import own_reflections

    hers, his = own_reflections(2, seed=7)
    hers.answers["hope"] = Answer(response=Response.YES, note="We saw a kingfisher by the weir")
    his.answers["hope"] = Answer(response=Response.YES, note="kingfisher again")
    alice, bob = open_store(ServerURL(organisation.url("alice"))), open_store(ServerURL(organisation.url("bob")))
    try:
        alice.save(hers)
        bob.save(his)
        found = ([one.uuid for one in alice.history_page(["kingfisher"], limit=10)], alice.history_count(["kingfisher"]))
        with alice.engine.connect() as connection:
            # The policy comes first and ILIKE is not leakproof: no trigram index could serve her ILIKE
            # (so org init keeps none), and the filter walks her own reflections rather than look
            # through every practitioner's notes for candidates.
            served = (len(missing_postgresql_indexes(connection)), limited_by_row_security(connection), candidates(connection, "kingfisher"))
    finally:
        alice.delete(hers.uuid)
        bob.delete(his.uuid)
        alice.close()
        bob.close()
    assert found == ([hers.uuid], 1)
    assert served == (len(POSTGRESQL_INDEXES), True, None)
