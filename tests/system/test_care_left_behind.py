"""Copies left behind and windows that do not know about each other, tried with real processes: a backup
killed mid-copy, and `reflect erase` while the app is open in another terminal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

from reflect.store.backup import backups_folder, backups_of
from tests.helpers.cli import make_database, reflection_at
from tests.helpers.running import run_reflect

WHEN = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

# The real `reflect backup`, with SQLite's copy made a page at a time and a pause after each page, so that the
# kill below lands mid-copy however fast the machine is (a database big enough to take that long would make
# the test take minutes). Only the pace changes: the command, its files and the kill are real.
SLOW_BACKUP = textwrap.dedent(
    """
    import sqlite3, sys, time
    import reflect.store.backup as backup

    class SlowCopy(sqlite3.Connection):
        def backup(self, target, **options):
            super().backup(target, pages=1, progress=lambda *_: time.sleep(0.05))

    class Sqlite3:
        Error = sqlite3.Error
        connect = staticmethod(lambda *args, **options: sqlite3.connect(*args, factory=SlowCopy, **options))

    backup.sqlite3 = Sqlite3
    from reflect.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def test_a_killed_backup_leaves_nothing_taken_for_a_backup_and_doctor_and_erase_find_what_it_left(
    db_path: Path, subprocess_env
) -> None:
    make_database(db_path, *(reflection_at(WHEN, f"eeeeeeee-0000-4000-8000-{number:012d}") for number in range(300)))
    copying = subprocess.Popen([sys.executable, "-c", SLOW_BACKUP, "backup", "--db", str(db_path)], env=subprocess_env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(path.stat().st_size > 8192 for path in backups_folder(db_path).glob(".*")):
            time.sleep(0.05)
        os.kill(copying.pid, signal.SIGKILL)
    finally:
        copying.wait()
    assert copying.returncode == -signal.SIGKILL
    left = sorted(backups_folder(db_path).iterdir())
    assert left, "the backup was killed before it began copying"
    assert backups_of(db_path) == []  # nothing that looks like a finished backup
    assert all(path.name.startswith(".") and ".partial" in path.name for path in left)

    doctor = run_reflect("doctor", "--db", str(db_path), env=subprocess_env)
    assert doctor.returncode == 1
    assert "ATTENTION  Unfinished backups:" in doctor.stdout
    for path in left:
        assert f"'{path}'" in doctor.stdout  # with the command to remove it
    assert "rm " in doctor.stdout

    erase = run_reflect("erase", "--db", str(db_path), env=subprocess_env, stdin="erase\n")
    assert erase.returncode == 0, erase.stderr
    listed = erase.stdout.split("Removed")[0]
    for path in left:
        assert str(path) in listed
        assert not path.exists()
    assert not backups_folder(db_path).exists()


def test_erase_refuses_while_the_app_is_open_and_erases_once_it_has_closed(db_path: Path, subprocess_env) -> None:
    from tests.helpers.terminal import reflect_in_terminal

    with reflect_in_terminal(db_path, subprocess_env) as terminal:
        assert terminal.read_until(lambda: terminal.shows("begin your first reflection"), seconds=60)
        refused = run_reflect("erase", "--db", str(db_path), env=subprocess_env, stdin="erase\n")
        assert refused.returncode == 1
        assert "Traceback" not in refused.stderr
        assert refused.stderr.strip() == "reflect: reflect is open in another window: close it there first; nothing was removed."
        assert db_path.exists()
        terminal.press("q")
        assert terminal.wait(20) == 0
    erased = run_reflect("erase", "--db", str(db_path), env=subprocess_env, stdin="erase\n")
    assert erased.returncode == 0, erased.stderr
    assert not db_path.exists()
    assert sorted(path.name for path in db_path.parent.iterdir() if path.name.startswith(db_path.name)) == []


def test_the_app_cannot_open_a_database_while_erase_waits_for_its_word(db_path: Path, subprocess_env) -> None:
    make_database(db_path, reflection_at(WHEN, "eeeeeeee-0000-4000-8000-000000000001"))
    erase = subprocess.Popen(
        [sys.executable, "-m", "reflect", "erase", "--db", str(db_path)],
        env=subprocess_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert erase.stdout is not None and "deletes for good" in erase.stdout.readline()
        listed = run_reflect("list", "--db", str(db_path), env=subprocess_env)
        assert listed.returncode == 1
        assert "reflect erase is removing" in listed.stderr
        out, _ = erase.communicate("erase\n", timeout=30)
    finally:
        if erase.poll() is None:
            erase.kill()
    assert erase.returncode == 0
    assert not db_path.exists()
