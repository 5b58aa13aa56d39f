"""`reflect org rename-practitioner` while the practitioner is connected under the old name.

A save in flight: the rename waits for it to land, then renames its rows with the rest, so nothing of
theirs is left under the old name (without the lock, the rows it wrote before the rename would keep
the old name, out of the person's reach). A save starting while the rename runs waits for it, then
lands under the new name. A session open under the old name, in a `reflect` of its
own: PostgreSQL knows it by the role's number, so it goes on working, and its next save is written
under the new name.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.organisation import Organisation, organisation_on
from tests.helpers.owned_rows import owned_everywhere
from tests.helpers.postgres import Server, server_or_skip

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[2]

SAVING_LATER = """
import sys
from reflect.server_url import ServerURL
from reflect.store import open_store
from tests.helpers.organisation import own_reflections

store = open_store(ServerURL(sys.argv[1]))
print(len(store.list_reflections()), flush=True)
sys.stdin.readline()
store.save(own_reflections(1, seed=41)[0])
print(len(store.list_reflections()), flush=True)
store.close()
"""
"""A practitioner's reflect with its store open: it lists, waits for a line, then saves and lists again."""


@contextmanager
def dropped_afterwards(organisation: Organisation, new: str) -> Iterator[None]:
    """Drop the role `new` afterwards (the organisation drops only the names it made, and a role with grants in its database cannot go first)."""
    try:
        yield
    finally:
        from psycopg import connect

        # The organisation's database goes first (its rows and grants with it); then the role.
        with connect(organisation.server.superuser_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{organisation.database}" WITH (FORCE)')
            connection.execute(f'DROP ROLE IF EXISTS "{new}"')


def renaming(organisation: Organisation, old: str, new: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reflect", "org", "rename-practitioner", organisation.admin, old, new, "--yes"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_the_rename_waits_for_a_save_in_flight_and_renames_its_rows_too(postgres_server: Server | str, subprocess_env: dict[str, str]) -> None:
    import psycopg

    from reflect.store.engine import WRITER_LOCK_SPACE

    with organisation_on(server_or_skip(postgres_server)) as organisation:
        bob = organisation.names["bob"]
        robert = f"robert_{bob}"
        with dropped_afterwards(organisation, robert):
            with psycopg.connect(organisation.url("bob")) as saving:  # a transaction, as a save of bob's is
                saving.execute(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_SPACE}, hashtext(current_user))")
                saving.execute("INSERT INTO store_setting (key, value) VALUES ('shared_name', 'Bob, written mid-rename')")
                process = renaming(organisation, bob, robert, subprocess_env)
                deadline = time.monotonic() + 30
                # Waiting on the save's lock, or (without it) done already.
                while not organisation.rows("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") and process.poll() is None:
                    assert time.monotonic() < deadline
                    time.sleep(0.02)
                saving.commit()
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
            assert "3 settings" in out.splitlines()[1]
            assert not any(owned_everywhere(organisation.superuser, bob).values())
            assert organisation.rows("SELECT owner FROM store_setting WHERE key = 'shared_name'") == [(robert,)]


def test_a_reflect_open_under_the_old_name_goes_on_and_its_next_save_is_the_new_names(postgres_server: Server | str, subprocess_env: dict[str, str]) -> None:
    with organisation_on(server_or_skip(postgres_server)) as organisation:
        bob = organisation.names["bob"]
        robert = f"robert_{bob}"
        with dropped_afterwards(organisation, robert):
            env = subprocess_env | {"PYTHONPATH": str(ROOT)}
            practitioner = subprocess.Popen(
                [sys.executable, "-c", SAVING_LATER, organisation.url("bob")], cwd=ROOT, env=env,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            try:
                assert practitioner.stdout is not None and practitioner.stdin is not None
                assert practitioner.stdout.readline().strip() == "4", practitioner.stderr.read() if practitioner.stderr else ""
                process = renaming(organisation, bob, robert, subprocess_env)
                out, err = process.communicate(timeout=60)
                assert process.returncode == 0, err
                practitioner.stdin.write("\n")
                practitioner.stdin.flush()
                assert practitioner.stdout.readline().strip() == "5"
            finally:
                practitioner.communicate(timeout=30)
            assert practitioner.returncode == 0
            assert organisation.rows("SELECT owner, count(*) FROM reflection GROUP BY 1 ORDER BY 1") == sorted([(organisation.names["alice"], 3), (robert, 5)])
            assert not any(owned_everywhere(organisation.superuser, bob).values())


def test_a_save_starting_while_the_rename_runs_waits_for_it_and_lands_under_the_new_name(postgres_server: Server | str, subprocess_env: dict[str, str]) -> None:
    import psycopg

    with organisation_on(server_or_skip(postgres_server)) as organisation:
        bob = organisation.names["bob"]
        robert = f"robert_{bob}"
        with dropped_afterwards(organisation, robert):
            env = subprocess_env | {"PYTHONPATH": str(ROOT)}
            practitioner = subprocess.Popen(
                [sys.executable, "-c", SAVING_LATER, organisation.url("bob")], cwd=ROOT, env=env,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            try:
                assert practitioner.stdout is not None and practitioner.stdin is not None
                assert practitioner.stdout.readline().strip() == "4"
                with psycopg.connect(organisation.superuser) as holding:
                    # One of bob's settings held by someone else: the rename, its locks taken and the role
                    # renamed, waits at that row, in the middle of its transaction.
                    holding.execute("SELECT 1 FROM store_setting WHERE owner = %s FOR UPDATE", (bob,))
                    process = renaming(organisation, bob, robert, subprocess_env)
                    waiting = "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = %s"
                    deadline = time.monotonic() + 30
                    while organisation.rows(waiting, "transactionid") != [(1,)]:
                        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
                        time.sleep(0.02)
                    practitioner.stdin.write("\n")  # bob saves now, under his old name still
                    practitioner.stdin.flush()
                    while organisation.rows(waiting, "advisory") != [(1,)]:
                        assert practitioner.poll() is None and time.monotonic() < deadline, practitioner.communicate()
                        time.sleep(0.02)
                    holding.rollback()
                out, err = process.communicate(timeout=60)
                assert process.returncode == 0, err
                assert practitioner.stdout.readline().strip() == "5"
            finally:
                practitioner.communicate(timeout=30)
            assert organisation.rows("SELECT owner, count(*) FROM reflection GROUP BY 1 ORDER BY 1") == sorted([(organisation.names["alice"], 3), (robert, 5)])
            assert not any(owned_everywhere(organisation.superuser, bob).values())
