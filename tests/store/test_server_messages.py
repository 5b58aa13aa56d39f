"""What a person is told when a PostgreSQL server cannot be used: one line, the URL masked, and where a password goes."""

from __future__ import annotations

from reflect.server_url import ServerURL
from reflect.store.server import unreachable

URL = ServerURL("postgresql://ana:s3cret@db.example.org/reflect")


def test_libpqs_message_over_several_lines_becomes_one_line_with_the_password_masked() -> None:
    error = OSError('connection failed: connection to server at "10.0.0.5", port 5432 failed: Connection refused\n\tIs the server running?')
    message = str(unreachable(URL, error))
    assert "\n" not in message and "\t" not in message and "s3cret" not in message
    assert message == (
        "Could not use the PostgreSQL database postgresql://ana:***@db.example.org/reflect: connection to server at "
        '"10.0.0.5", port 5432 failed: Connection refused Is the server running? Nothing was changed.'
    )


def test_a_missing_or_wrong_password_says_where_a_password_is_given() -> None:
    missing = str(unreachable(URL, OSError("connection failed: fe_sendauth: no password supplied")))
    wrong = str(unreachable(URL, OSError('FATAL:  password authentication failed for user "ana"')))
    assert "PGPASSWORD, ~/.pgpass or a service file" in missing
    assert "Check the password in PGPASSWORD" in wrong and "s3cret" not in wrong
