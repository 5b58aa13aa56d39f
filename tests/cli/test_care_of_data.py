"""Backups, the doctor and erase: the practitioner's data kept safe, checked, and removable for good."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reflect.model import Answer, Reflection, Response, Selection
from reflect.questions import default_question_set
from reflect.store import HEAD_REVISION, KNOWN_REVISIONS, current_revision, open_store
from reflect.store.backup import AUTOMATIC_KEPT, backups_folder, backups_of
from tests.helpers.running import reflect_main
from tests.store.test_migrations import database_at

QUESTIONS = default_question_set()
NOW = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)


def reflection(number: int) -> Reflection:
    return Reflection(
        uuid=f"cccccccc-0000-4000-8000-{number:012d}", question_set_id=QUESTIONS.id, question_set_version=QUESTIONS.version,
        occurred_at=NOW, created_at=NOW, updated_at=NOW, answers={"hope": Answer(Response.YES, f"note {number}")},
    )  # fmt: skip




def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def uuids_in(path: Path) -> set[str]:
    opened = open_store(path)
    try:
        return {item.uuid for item in opened.list_reflections()}
    finally:
        opened.close()


# reflect backup ----------------------------------------------------------------------------


def test_backup_copies_every_committed_reflection_while_another_process_holds_a_write_open(
    db_path: Path, subprocess_env, tmp_path: Path
) -> None:
    store = open_store(db_path)
    store.save_many([reflection(number) for number in range(1, 51)])
    store.close()
    # Another program (the app, say) is half-way through writing: its write is not committed.
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE reflection SET what_happened = 'half-written'")
    try:
        result = reflect_main("backup", "--db", str(db_path), "--output", str(tmp_path / "copy.db"), env=subprocess_env)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.returncode == 0, result.stderr
    assert "Backed up" in result.stdout
    copy = tmp_path / "copy.db"
    assert mode(copy) == 0o600
    assert uuids_in(copy) == {reflection(number).uuid for number in range(1, 51)}
    assert not any(item.what_happened == "half-written" for item in open_store(copy).list_reflections())
    assert not copy.with_name("copy.db-wal").exists() or copy.with_name("copy.db-wal").stat().st_size == 0


def test_backup_without_output_goes_into_a_private_backups_folder(db_path: Path, subprocess_env) -> None:
    store = open_store(db_path)
    store.save(reflection(1))
    store.close()
    first = reflect_main("backup", "--db", str(db_path), env=subprocess_env)
    second = reflect_main("backup", "--db", str(db_path), env=subprocess_env)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    backups = backups_of(db_path)
    assert len(backups) == 2  # two in the same second get different names
    assert mode(backups_folder(db_path)) == 0o700
    assert all(mode(path) == 0o600 for path in backups)


def test_backup_never_overwrites_and_says_so_when_there_is_nothing_to_copy(db_path: Path, subprocess_env, tmp_path: Path) -> None:
    nothing = reflect_main("backup", "--db", str(db_path), env=subprocess_env)
    assert nothing.returncode == 1
    assert "nothing to back up" in nothing.stderr and "Traceback" not in nothing.stderr
    store = open_store(db_path)
    store.save(reflection(1))
    store.close()
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    refused = reflect_main("backup", "--db", str(db_path), "--output", str(precious), env=subprocess_env)
    assert refused.returncode == 1
    assert "already exists" in refused.stderr
    assert precious.read_text() == "keep me"


def test_a_database_at_an_earlier_schema_is_backed_up_before_it_is_upgraded_keeping_the_last_few(db_path: Path) -> None:
    for _attempt in range(AUTOMATIC_KEPT + 2):
        db_path.unlink(missing_ok=True)
        database_at(db_path, KNOWN_REVISIONS[0])
        open_store(db_path).close()
        assert current_revision(db_path) == HEAD_REVISION
    backups = backups_of(db_path)
    assert len(backups) == AUTOMATIC_KEPT
    assert all(current_revision(path) == KNOWN_REVISIONS[0] for path in backups)  # as they were before
    assert all(mode(path) == 0o600 for path in backups)


# reflect doctor ----------------------------------------------------------------------------


def test_doctor_reports_a_healthy_database_in_full(db_path: Path, subprocess_env) -> None:
    store = open_store(db_path)
    store.save(reflection(1))
    store.close()
    result = reflect_main("doctor", "--db", str(db_path), env=subprocess_env)
    assert result.returncode == 0, result.stdout
    for expected in [str(db_path), f"Schema: {HEAD_REVISION} (current)", "Integrity: ok", "Permissions: only you",
                     "1 reflection and 0 drafts", "Backups: none yet", "reflect backup", "Figures: the sums kept for Patterns",
                     "Text index: History's filter finds a word", "Everything looks fine."]:  # fmt: skip
        assert expected in result.stdout


def test_doctor_says_when_the_text_index_historys_filter_uses_has_gone_and_what_to_do(db_path: Path, subprocess_env) -> None:
    store = open_store(db_path)
    store.save(reflection(1))
    store.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP TABLE history_text")
    connection.close()
    result = reflect_main("doctor", "--db", str(db_path), env=subprocess_env)
    assert "Text index: the file's text index has been removed" in result.stdout and "reflect export" in result.stdout


def test_doctor_warns_about_loose_permissions_and_says_how_to_fix_them(db_path: Path, subprocess_env) -> None:
    open_store(db_path).close()
    db_path.chmod(0o644)
    result = reflect_main("doctor", "--db", str(db_path), env=subprocess_env)
    assert result.returncode == 1
    assert f"{db_path} is 0644" in result.stdout
    assert f"chmod 600 '{db_path}'" in result.stdout


def test_doctor_finds_a_damaged_database_and_says_how_to_restore_it(db_path: Path, subprocess_env) -> None:
    store = open_store(db_path)
    store.save_many([reflection(number) for number in range(1, 200)])
    store.close()
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size * 3 : page_size * 3 + 200] = b"\xff" * 200  # a page in the middle, scribbled over
    db_path.write_bytes(bytes(data))
    result = reflect_main("doctor", "--db", str(db_path), env=subprocess_env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "ATTENTION  Integrity:" in result.stdout
    assert "copy your newest backup" in result.stdout


def test_doctor_finds_figures_that_disagree_with_the_reflections_and_rebuilding_them_puts_it_right(db_path: Path, subprocess_env) -> None:
    store = open_store(db_path)
    store.save_many([reflection(number) for number in range(1, 6)])
    before = store.counts_by_kind(Selection())
    store.close()
    connection = sqlite3.connect(db_path)
    with connection:  # as if a write had been lost: one month's Yes answers counted twice
        connection.execute("UPDATE answer_rollup SET y10 = y10 * 2 WHERE span = 'month'")
    connection.close()

    found = reflect_main("doctor", "--db", str(db_path), env=subprocess_env)
    rebuilt = reflect_main("doctor", "--db", str(db_path), "--rebuild-figures", env=subprocess_env)
    store = open_store(db_path)
    after = store.counts_by_kind(Selection())
    store.close()

    assert found.returncode == 1
    warning = [line for line in found.stdout.splitlines() if "Figures:" in line]
    assert warning == ["ATTENTION  Figures: the sums kept for Patterns and `reflect stats` no longer agree with your reflections, "
                       "so some figures may be wrong"]  # fmt: skip
    assert f"reflect doctor --rebuild-figures --db '{db_path}'" in found.stdout
    assert rebuilt.returncode == 0, rebuilt.stdout
    assert "Worked the figures out again from your 5 reflections." in rebuilt.stdout
    assert "ok  Figures: the sums kept for Patterns and `reflect stats` agree with your reflections" in rebuilt.stdout
    assert after == before


def test_rebuilding_the_figures_of_a_team_database_keeps_it_a_team_database(tmp_path: Path, subprocess_env) -> None:
    from reflect.demo import demo_team
    from tests.helpers.environment import FIXED_NOW
    from tests.helpers.rollup import kept_and_rebuilt

    team = tmp_path / "team.db"
    store = open_store(team, team=True)
    store.import_bundles(demo_team(QUESTIONS, FIXED_NOW)[:2])
    store.close()
    connection = sqlite3.connect(team)
    with connection:
        connection.execute("DELETE FROM answer_rollup WHERE span = 'week'")
    connection.close()

    found = reflect_main("doctor", "--db", str(team), env=subprocess_env)
    rebuilt = reflect_main("doctor", "--db", str(team), "--rebuild-figures", env=subprocess_env)
    store = open_store(team, team=True)
    try:
        kept, fresh = kept_and_rebuilt(store)
    finally:
        store.close()
    assert found.returncode == 1 and "ATTENTION  Figures:" in found.stdout
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert kept == fresh and any(key[0] == "week" for key in kept)


def test_rebuilding_the_figures_of_no_database_says_there_is_none(tmp_path: Path, subprocess_env) -> None:
    result = reflect_main("doctor", "--db", str(tmp_path / "none.db"), "--rebuild-figures", env=subprocess_env)
    assert result.returncode == 1
    assert "There is no database at" in result.stderr + result.stdout and "Traceback" not in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_doctor_on_a_file_that_is_not_a_reflect_database_says_so_and_leaves_it(tmp_path: Path, subprocess_env) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("my shopping list")
    result = reflect_main("doctor", "--db", str(other), env=subprocess_env)
    assert result.returncode == 1
    assert "not a reflect database" in result.stdout
    assert other.read_text() == "my shopping list"


# reflect erase -----------------------------------------------------------------------------


@pytest.fixture
def with_everything(db_path: Path, subprocess_env) -> list[Path]:
    """A database with a reflection and a draft (so -wal and -shm beside it) and a backup."""
    store = open_store(db_path)
    store.save(reflection(1))
    draft = reflection(2)
    draft.is_draft = True
    store.save(draft)
    assert reflect_main("backup", "--db", str(db_path), env=subprocess_env).returncode == 0
    # -wal and -shm stay while a connection is open; left as a killed app would leave them.
    store.close()
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).touch(mode=0o600)
    return [db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm"), *backups_of(db_path)]


@pytest.mark.parametrize("answer", ["", "y", "yes", "Erase it", "no\n"])
def test_erase_removes_nothing_unless_the_word_erase_is_typed(answer: str, with_everything: list[Path], db_path: Path, subprocess_env) -> None:
    result = reflect_main("erase", "--db", str(db_path), env=subprocess_env, stdin=answer)
    assert result.returncode == 1
    assert "Nothing was removed." in result.stdout
    assert all(path.exists() for path in with_everything)


def test_erase_lists_then_removes_the_database_its_side_files_drafts_and_backups(
    with_everything: list[Path], db_path: Path, subprocess_env
) -> None:
    result = reflect_main("erase", "--db", str(db_path), env=subprocess_env, stdin="erase\n")
    assert result.returncode == 0, result.stderr
    listed, removed = result.stdout.split("Removed")
    for path in with_everything:
        assert str(path) in listed and str(path) in removed
        assert not path.exists()
    assert "Removed 4 files" in result.stdout
    assert not backups_folder(db_path).exists()


def test_erase_refuses_a_file_that_is_not_a_reflect_database(tmp_path: Path, subprocess_env) -> None:
    other = tmp_path / "thesis.db"
    other.write_bytes(b"not sqlite at all")
    result = reflect_main("erase", "--db", str(other), env=subprocess_env, stdin="erase\n")
    assert result.returncode == 1
    assert "not a reflect database" in result.stderr
    assert other.read_bytes() == b"not sqlite at all"


def test_every_file_reflect_writes_in_its_data_folder_is_0600_and_every_folder_0700(tmp_path: Path, subprocess_env) -> None:
    from reflect.recovery import write_recovery

    assert reflect_main("add", "--answers", "yyyyyyyyyy", env=subprocess_env).returncode == 0  # the default location
    assert reflect_main("backup", env=subprocess_env).returncode == 0
    data = tmp_path / "data" / "reflect"
    write_recovery(data / "reflect.db", reflection(9))
    assert reflect_main("doctor", env=subprocess_env).returncode == 1  # the recovery file waits to be put back
    written = list(data.rglob("*"))
    assert {path.name for path in written} >= {"reflect.db", "backups"}
    assert mode(data) == 0o700
    for path in written:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_doctor_on_a_link_to_a_file_that_is_not_there_says_so(tmp_path: Path, subprocess_env) -> None:
    link = tmp_path / "reflect.db"
    link.symlink_to(tmp_path / "moved-away.db")
    result = reflect_main("doctor", "--db", str(link), env=subprocess_env)
    assert result.returncode == 1
    assert "Everything looks fine" not in result.stdout
    assert f"ATTENTION  Database: {link} is a link to {tmp_path / 'moved-away.db'}, which is not there" in result.stdout


def test_doctor_with_db_reports_the_folders_real_permissions(tmp_path: Path, subprocess_env) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    db = folder / "reflect.db"
    open_store(db).close()
    result = reflect_main("doctor", "--db", str(db), env=subprocess_env)
    assert "folders 0700" not in result.stdout
    assert f"{folder} is 0755" in result.stdout


def supervision_summary(folder: Path, name: str = "supervision-summary-2026-11-01-to-2026-11-23.html") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("<p>a flagged note in full</p>")
    path.chmod(0o600)
    return path


def test_erase_removes_the_supervision_summaries_the_app_wrote_and_nothing_else_of_yours(tmp_path: Path, subprocess_env) -> None:
    assert reflect_main("add", "--answers", "yyyyyyyyyy", env=subprocess_env).returncode == 0  # the default location
    documents = tmp_path / "home" / "Documents"
    in_documents = supervision_summary(documents / "reflect")
    in_data = supervision_summary(tmp_path / "data" / "reflect" / "reports", "supervision-summary-all-time-to-2026-11-23.html")
    yours = documents / "reflect" / "my own notes.html"
    yours.write_text("not reflect's")
    thesis = documents / "thesis.docx"
    thesis.write_text("mine")
    result = reflect_main("erase", env=subprocess_env, stdin="erase\n")
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split("Removed")[0]
    assert str(in_documents) in listed and str(in_data) in listed
    assert not in_documents.exists() and not in_data.exists()
    assert yours.read_text() == "not reflect's" and thesis.read_text() == "mine"
    assert str(yours) not in result.stdout


def test_erase_of_a_named_database_lists_the_supervision_summaries_with_the_command_to_remove_them(
    db_path: Path, tmp_path: Path, subprocess_env
) -> None:
    open_store(db_path).close()
    summary = supervision_summary(tmp_path / "home" / "Documents" / "reflect")
    result = reflect_main("erase", "--db", str(db_path), env=subprocess_env, stdin="erase\n")
    assert result.returncode == 0, result.stderr
    assert f"rm '{summary}'" in result.stdout
    assert summary.exists()  # it may hold notes from your own database rather than this one
