"""`reflect org erase-practitioner` while the practitioner's own `reflect` is in the middle of a save:
the erasure waits for that save to land, then erases it with the rest, so nothing half-saved of theirs
is left behind (it takes the lock each of the role's own writers takes)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.helpers.organisation import organisation_on
from tests.helpers.owned_rows import owned_everywhere
from tests.helpers.postgres import Server, server_or_skip

pytestmark = pytest.mark.system


def test_the_erasure_waits_for_a_save_in_flight_and_then_takes_it_too(postgres_server: Server | str, subprocess_env: dict[str, str]) -> None:
    import psycopg

    from reflect.store.engine import WRITER_LOCK_SPACE

    with organisation_on(server_or_skip(postgres_server)) as organisation:
        bob = organisation.names["bob"]
        with psycopg.connect(organisation.url("bob")) as saving:  # a transaction, as a save of bob's is
            saving.execute(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_SPACE}, hashtext(current_user))")
            saving.execute("INSERT INTO store_setting (key, value) VALUES ('shared_name', 'Bob, written mid-erasure')")
            erasing = subprocess.Popen(
                [sys.executable, "-m", "reflect", "org", "erase-practitioner", organisation.admin, bob, "--yes"],
                env=subprocess_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            deadline = time.monotonic() + 30
            while not organisation.rows("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"):
                assert erasing.poll() is None and time.monotonic() < deadline, erasing.communicate()
                time.sleep(0.02)
            saving.commit()
        out, err = erasing.communicate(timeout=60)
        assert erasing.returncode == 0, err
        assert "Erased from the database" in out and "3 settings" in out.splitlines()[1]
        assert not any(owned_everywhere(organisation.superuser, bob).values())
