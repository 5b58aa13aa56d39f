"""`--db postgresql://...` from the command line when no server can be used: one kind line, never a traceback or a password."""

from __future__ import annotations

import socket
import sys

import pytest

from tests.helpers.cli import assert_clean_failure
from tests.helpers.running import reflect_main


def a_closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # closed again: nothing listens there


def test_a_server_url_without_the_driver_installed_says_what_to_install(subprocess_env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    result = reflect_main("list", "--db", "postgresql://ana:s3cret@127.0.0.1/reflect", env=subprocess_env)
    message = assert_clean_failure(result, 1, 'pip install "reflect[postgresql]"')
    assert "s3cret" not in message


@pytest.mark.parametrize("command", [["list"], ["add", "--answers", "y,y,y,y,y,y,y,y,y,y"], ["doctor"], ["team", "summary"]])
def test_a_server_that_is_down_gets_one_line_naming_it_with_the_password_masked(subprocess_env, command: list[str]) -> None:
    url = f"postgresql://ana:s3cret@127.0.0.1:{a_closed_port()}/reflect"
    result = reflect_main(*command[:1], "--db", url, *command[1:], env=subprocess_env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "s3cret" not in result.stderr + result.stdout
    assert "postgresql://ana:***@127.0.0.1" in result.stderr + result.stdout
    assert "Connection refused" in result.stderr + result.stdout


def test_backup_on_a_server_says_its_backups_are_the_servers_and_fails(subprocess_env, postgres_url: str) -> None:
    backup = reflect_main("backup", "--db", postgres_url, env=subprocess_env)
    assert_clean_failure(backup, 1, "pg_dump", "nothing was copied")


def test_a_reflection_added_on_a_server_is_listed_from_it(subprocess_env, postgres_url: str) -> None:
    added = reflect_main("add", "--db", postgres_url, "--answers", "y,p,n,x,y,y,y,y,y,y", "--tag", "housing", env=subprocess_env)
    assert added.returncode == 0, added.stderr
    listed = reflect_main("list", "--db", postgres_url, "--json", env=subprocess_env)
    assert listed.returncode == 0, listed.stderr
    assert '"housing"' in listed.stdout


def test_doctor_on_a_server_reports_its_version_schema_and_tls_without_file_checks(subprocess_env, postgres_url: str) -> None:
    reflect_main("add", "--db", postgres_url, "--answers", "y,y,y,y,y,y,y,y,y,y", env=subprocess_env)
    doctor = reflect_main("doctor", "--db", postgres_url, env=subprocess_env)
    assert doctor.returncode == 0, doctor.stdout
    assert "Server: PostgreSQL " in doctor.stdout and "Schema: " in doctor.stdout and "TLS: " in doctor.stdout
    assert "Permissions" not in doctor.stdout and "Integrity" not in doctor.stdout
    assert "Text index: History's filter finds a word in your texts and notes through a trigram index" in doctor.stdout


def test_doctor_on_a_server_without_the_trigram_indexes_says_so_and_who_can_add_them(subprocess_env, postgres_url: str) -> None:
    import psycopg

    reflect_main("add", "--db", postgres_url, "--answers", "y,y,y,y,y,y,y,y,y,y", env=subprocess_env)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("DROP EXTENSION pg_trgm CASCADE")  # as on a server without PostgreSQL's contrib package
    doctor = reflect_main("doctor", "--db", postgres_url, env=subprocess_env)
    assert "Text index: pg_trgm or its indexes are missing" in doctor.stdout and "CREATE EXTENSION pg_trgm" in doctor.stdout
    listed = reflect_main("list", "--db", postgres_url, "--json", env=subprocess_env)
    assert listed.returncode == 0, listed.stderr


def test_a_bundle_shared_from_a_server_is_collected_into_a_team_database_on_a_server(
    subprocess_env, postgres_url: str, postgres_server, tmp_path
) -> None:
    from tests.helpers.postgres import server_or_skip

    reflect_main("add", "--db", postgres_url, "--answers", "y,y,p,n,x,y,y,y,y,y", "--flag", env=subprocess_env)
    bundle = tmp_path / "sam.json"
    shared = reflect_main("share", "--db", postgres_url, "--as", "Sam", "--output", str(bundle), "--yes", env=subprocess_env)
    assert shared.returncode == 0, shared.stderr
    with server_or_skip(postgres_server).database() as team:
        assert reflect_main("team", "--db", team, "summary", env=subprocess_env).returncode == 1  # none collected yet
        collected = reflect_main("team", "--db", team, "import", str(bundle), env=subprocess_env)
        assert collected.returncode == 0 and "Sam: added" in collected.stdout, collected.stderr
        summary = reflect_main("team", "--db", team, "summary", env=subprocess_env)
        assert summary.returncode == 0 and "1 practitioner, 1 reflection" in summary.stdout, summary.stdout
        refused = reflect_main("team", "--db", postgres_url, "summary", env=subprocess_env)
        assert "own reflections, not a team's" in refused.stderr


def test_the_app_on_a_server_url_without_the_driver_says_what_to_install_before_it_starts(subprocess_env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    result = reflect_main("--db", "postgresql://ana:s3cret@127.0.0.1/reflect", env=subprocess_env)
    message = assert_clean_failure(result, 1, 'pip install "reflect[postgresql]"')
    assert "s3cret" not in message
