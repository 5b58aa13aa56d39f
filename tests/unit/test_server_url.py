"""A database location: a PostgreSQL server's URL or a file path, and a password never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.server_url import ServerURL, location, masked


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("postgresql://ana:s3cret@db.example.org/reflect", "postgresql://ana:***@db.example.org/reflect"),
        ("postgresql+psycopg://ana:p%40ss@10.0.0.5:5433/reflect", "postgresql+psycopg://ana:***@10.0.0.5:5433/reflect"),
        ("postgresql://ana@db.example.org/reflect?password=s3cret&sslmode=verify-full", "postgresql://ana@db.example.org/reflect?password=***&sslmode=verify-full"),
        ("postgresql://ana@db.example.org/reflect", "postgresql://ana@db.example.org/reflect"),
        ("Could not use postgresql://ana:hunter2@h/db: refused", "Could not use postgresql://ana:***@h/db: refused"),
    ],
)
def test_a_password_in_a_url_is_masked_wherever_the_url_is_shown(given: str, shown: str) -> None:
    assert masked(given) == shown


def test_a_server_url_shows_itself_masked_in_messages_and_in_logs() -> None:
    url = ServerURL("postgresql://ana:s3cret@db.example.org/reflect")
    assert "s3cret" not in f"{url}" and "s3cret" not in repr(url) and "s3cret" not in str([url])


@pytest.mark.parametrize("given", ["postgresql://h/db", "postgresql+psycopg://h/db", "POSTGRESQL://h/db", " postgresql:///db?host=/run/pg "])
def test_postgresql_urls_are_servers(given: str) -> None:
    assert isinstance(location(given), ServerURL)


@pytest.mark.parametrize("given", ["reflect.db", "postgresql.db", "./postgresql:/x", "mysql://h/db", "~/notes/reflect.db"])
def test_anything_else_is_a_file_path_as_before(given: str) -> None:
    assert isinstance(location(given), Path)


def test_a_server_that_is_not_local_must_use_tls_unless_the_url_says_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGSSLMODE", raising=False)
    monkeypatch.delenv("PGHOST", raising=False)
    assert "sslmode=require" in ServerURL("postgresql://ana@db.example.org/reflect").conninfo()
    assert "sslmode=require" not in ServerURL("postgresql://ana@db.example.org/reflect?sslmode=disable").conninfo()
    for local in ("postgresql://ana@localhost/reflect", "postgresql://ana@127.0.0.1:5433/reflect", "postgresql:///reflect?host=/run/postgresql"):
        assert "sslmode" not in ServerURL(local).conninfo(), local
    monkeypatch.setenv("PGSSLMODE", "verify-full")
    assert "sslmode" not in ServerURL("postgresql://ana@db.example.org/reflect").conninfo()  # libpq applies PGSSLMODE


def test_sqlalchemy_is_given_the_psycopg_dialect_for_either_spelling() -> None:
    for given in ("postgresql://ana@localhost/reflect", "postgresql+psycopg://ana@localhost/reflect"):
        assert ServerURL(given).driver_url().startswith("postgresql+psycopg://ana@localhost/reflect?")


@pytest.mark.parametrize(
    "given",
    [
        "postgresql://ana:pa/ss@db.example.org/reflect",
        "postgresql://ana:pa?ss@db.example.org/reflect",
        "postgresql://ana:pa#ss@db.example.org/reflect",
        "postgresql://ana:p@ss@db.example.org/reflect",
    ],
)
def test_a_password_typed_with_url_punctuation_in_it_is_still_all_hidden(given: str) -> None:
    shown = masked(f"Could not use {given}: refused")
    assert "pa" not in shown.replace("postgresql", "") and "ss@" not in shown and "db.example.org" in shown


def test_a_piece_of_a_password_the_driver_quotes_in_its_message_is_hidden_too() -> None:
    url = ServerURL("postgresql://ana:hunter/22@db.example.org/reflect")
    message = 'invalid integer value "hunter" for connection option "port"'
    assert "hunter" not in url.hidden_in(message) and "***" in url.hidden_in(message)


def test_a_space_in_a_parameter_reaches_libpq_and_sqlalchemy_alike() -> None:
    from sqlalchemy.engine import make_url

    url = ServerURL("postgresql://ana@localhost/reflect?options=-c%20search_path%3Dme&password=a%2Bb")
    assert "+" not in url.conninfo().split("?", 1)[1]
    query = make_url(url.driver_url()).query
    assert query["options"] == "-c search_path=me" and query["password"] == "a+b"


def test_a_url_with_several_hosts_is_one_clear_line_not_a_traceback() -> None:
    from reflect.store import StoreError
    from reflect.store.engine import make_engine

    with pytest.raises(StoreError, match="Give one server") as refused:
        make_engine(ServerURL("postgresql://ana:s3cret@h1:5432,h2:5432/reflect"))
    assert "s3cret" not in str(refused.value) and "\n" not in str(refused.value)
