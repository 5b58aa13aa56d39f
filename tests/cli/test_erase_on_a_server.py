"""`reflect erase` on a database on a PostgreSQL server: after the same confirmation as for a file, every
row the store holds for its practitioner is deleted in one transaction (the database and its schema stay:
they are the organisation's), with the recovery files reflect keeps for it here; the server's own backups
are said to be the administrator's to clear."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from reflect.server_url import ServerURL
from reflect.settings import RESPONSE_SLOTS
from reflect.store import open_store
from tests.cli.test_copy import OWN_SETTINGS, fill, rich_reflections
from tests.helpers.cli import assert_clean_failure
from tests.helpers.engines import rows
from tests.helpers.environment import FIXED_NOW
from tests.helpers.running import environment, reflect_main

REFLECT_TABLES = ("reflection", "answer", "reflection_tag", "commitment_question", "feedback", "revalidation_account", "answer_rollup")


def counts(url: str) -> dict[str, int]:
    db = ServerURL(url)
    found = {table: rows(db, f"SELECT count(*) FROM {table}")[0][0] for table in REFLECT_TABLES}
    return {**found, "settings": rows(db, "SELECT count(*) FROM store_setting WHERE key <> ?", RESPONSE_SLOTS)[0][0]}


def practitioner_on(url: str, env: dict[str, str]) -> Path:
    """A practitioner's database on the server, with a revalidation account noted and a draft recovered here."""
    from reflect.paths import local_file_for
    from reflect.recovery import write_recovery

    reflections = rich_reflections()
    fill(ServerURL(url), reflections, OWN_SETTINGS)
    store = open_store(ServerURL(url))
    try:
        store.note_account_written(reflections[0].uuid, ["people"], FIXED_NOW)
    finally:
        store.close()
    with environment(env):
        recovered = write_recovery(local_file_for(ServerURL(url)), reflections[2])
    assert recovered is not None and recovered.exists()
    return recovered


def test_erase_on_a_server_after_the_word_deletes_every_row_of_yours_and_the_drafts_kept_here(
    subprocess_env: dict[str, str], postgres_url: str
) -> None:
    recovered = practitioner_on(postgres_url, subprocess_env)
    erased = reflect_main("erase", "--db", postgres_url, env=subprocess_env, stdin="erase\n")
    assert erased.returncode == 0, erased.stderr + erased.stdout
    assert "9 reflections (with their answers, notes, tags and links)" in erased.stdout
    assert "1 revalidation account noted" in erased.stdout and "3 settings of yours" in erased.stdout
    assert f"Removed {recovered}" in erased.stdout and not recovered.exists()
    assert "pg_dump" in erased.stdout and "administrator" in erased.stdout
    assert counts(postgres_url) == dict.fromkeys([*REFLECT_TABLES, "settings"], 0)
    assert "other row" not in erased.stdout  # the figures' sums are the reflections', not more to worry about
    listed = reflect_main("list", "--db", postgres_url, env=subprocess_env)
    assert listed.returncode == 0, listed.stderr  # the database and its schema stay, empty of you


def test_erase_on_a_server_without_the_word_removes_nothing(subprocess_env: dict[str, str], postgres_url: str) -> None:
    recovered = practitioner_on(postgres_url, subprocess_env)
    before = counts(postgres_url)
    kept = reflect_main("erase", "--db", postgres_url, env=subprocess_env, stdin="no\n")
    assert kept.returncode == 1 and "Nothing was removed." in kept.stdout
    assert "This deletes for good from postgresql://" in kept.stdout and "9 reflections" in kept.stdout
    assert counts(postgres_url) == before and recovered.exists()


def test_erase_on_a_server_that_fails_part_way_removes_no_row_and_no_file(
    subprocess_env: dict[str, str], postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.engine import Connection

    recovered = practitioner_on(postgres_url, subprocess_env)
    before = counts(postgres_url)
    real_execute, statements = Connection.execute, []

    def failing_after_some(self: Connection, statement: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(statement, "is_delete", False):
            statements.append(statement)
            if len(statements) > 3:
                raise OperationalError("DELETE", {}, Exception("the server closed the connection unexpectedly"))
        return real_execute(self, statement, *args, **kwargs)

    monkeypatch.setattr(Connection, "execute", failing_after_some)
    failed = reflect_main("erase", "--db", postgres_url, env=subprocess_env, stdin="erase\n")
    monkeypatch.undo()
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "closed the connection" in failed.stderr and "Nothing was changed" in failed.stderr
    assert len(statements) == 4
    assert counts(postgres_url) == before and recovered.exists()


def test_erase_on_a_team_database_on_a_server_is_refused_and_removes_nothing(subprocess_env: dict[str, str], postgres_url: str) -> None:
    open_store(ServerURL(postgres_url), team=True).close()
    refused = reflect_main("erase", "--db", postgres_url, env=subprocess_env, stdin="erase\n")
    assert_clean_failure(refused, 1, "is a team database", "left unchanged")


def test_erase_on_a_server_database_reflect_never_used_says_there_is_nothing_to_erase(
    subprocess_env: dict[str, str], postgres_url: str
) -> None:
    nothing = reflect_main("erase", "--db", postgres_url, env=subprocess_env, stdin="erase\n")
    assert nothing.returncode == 0 and "nothing to erase" in nothing.stdout
    assert rows(ServerURL(postgres_url), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]  # nothing made
