"""Reaching a database on a PostgreSQL server: the driver, the connection's errors in one plain line,
and the schema revision read on every start (psycopg alone, without SQLAlchemy or Alembic).

Nothing here imports psycopg until a server is actually used: a practitioner's SQLite file needs none of it.
"""

from __future__ import annotations

import os
from typing import Any

from reflect.server_url import ServerURL, masked
from reflect.store.errors import StoreError

INSTALL_DRIVER = 'pip install "reflect[postgresql]"'
DRIVER_MISSING = f"A database on a PostgreSQL server needs reflect's PostgreSQL driver, which is not installed here: {INSTALL_DRIVER}"


def require_driver() -> None:
    """StoreError, saying what to install, if psycopg is not installed."""
    try:
        import psycopg  # noqa: F401  (imported here only to know it is there)
    except ImportError:
        raise StoreError(DRIVER_MISSING) from None


def one_line(reason: str) -> str:
    """A server's message (libpq's run over several lines, with tabs) as one line, any password masked."""
    text = " ".join(reason.split())
    for prefix in ("connection failed: ", "FATAL: "):
        text = text.removeprefix(prefix)
    return masked(text.replace("FATAL: ", "")).rstrip(". ")


PASSWORD_HINTS = {
    "no password supplied": "Give the password the way PostgreSQL's own tools take it: PGPASSWORD, ~/.pgpass or a service file.",
    "password authentication failed": "Check the password in PGPASSWORD, ~/.pgpass or your service file.",
}
"""libpq's reasons about passwords, and where a person puts one (never in a message, so never shown back)."""


def role_of(url: ServerURL) -> str:
    """The role `url` connects as, as libpq chooses it: the URL's user, else PGUSER, else the login name."""
    import getpass
    from urllib.parse import parse_qsl, unquote, urlsplit

    parts = urlsplit(url.url)
    return unquote(parts.username or "") or dict(parse_qsl(parts.query)).get("user", "") or os.environ.get("PGUSER", "") or getpass.getuser()


def without_role(url: ServerURL) -> str:
    """`url` without the role (and password) it connects as: the database, for the administrator to name with their own role."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url.url)
    host = parts.netloc.rpartition("@")[2]
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key not in ("user", "password")])
    return masked(urlunsplit((parts.scheme, host, parts.path, query, parts.fragment)))


def not_a_practitioner(url: ServerURL, role: str) -> StoreError:
    """A role that is not one of the organisation's practitioners (reflect.store.row_security), in one line."""
    return StoreError(
        f"Your role {role} may not use this database: ask your administrator to run "
        f"`reflect org add-practitioner {without_role(url)} {role}`. Nothing was changed."
    )


DENIED_TO_ROLE = ("permission denied for database", "permission denied for table", "permission denied for schema")
"""The server's refusals of a role that has not been given the use of the database (its CONNECT, a table)."""


def unreachable(url: ServerURL, error: BaseException) -> StoreError:
    reason = url.hidden_in(one_line(str(error)))
    if any(denied in reason for denied in DENIED_TO_ROLE):
        return not_a_practitioner(url, role_of(url))
    hint = next((f" {hint}" for found, hint in PASSWORD_HINTS.items() if found in reason), "")
    return StoreError(
        f"Could not use the PostgreSQL database {url}: {reason}{'' if reason.endswith('?') else '.'}{hint} Nothing was changed."
    )


def connect(url: ServerURL) -> Any:
    """A psycopg connection to `url` (autocommit: it only reads the catalogue); StoreError if it cannot be made."""
    require_driver()
    import psycopg

    try:
        return psycopg.connect(url.conninfo(), autocommit=True)
    except psycopg.Error as error:
        raise unreachable(url, error) from None


def server_revision(url: ServerURL, known: tuple[str, ...], marker: str) -> str | None:
    """The Alembic revision the server's database is at (None: no reflect tables yet); StoreError for
    one reflect must not open (someone else's tables, a newer schema)."""
    connection = connect(url)
    import psycopg

    try:
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        }
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in tables else None
    except psycopg.Error as error:
        raise unreachable(url, error) from None
    finally:
        connection.close()
    if not tables - {"alembic_version"} and row is None:
        return None
    if marker not in tables:
        raise StoreError(
            f"The PostgreSQL database {url} is not one of reflect's (it holds other tables). "
            "Give reflect a database of its own; nothing was changed."
        )
    revision: str | None = row[0] if row else None
    if revision not in known:
        raise StoreError(
            f"The PostgreSQL database {url} was written by a newer version of reflect (schema {revision}). "
            "Upgrade reflect to open it; the database was left unchanged."
        )
    return revision


BACKUPS_ARE_THE_SERVERS = (
    "reflect does not copy a database on a PostgreSQL server: its backups are the server's own "
    "(pg_dump, or the replication your organisation runs). Ask your administrator; nothing was copied."
)


def server_facts(url: ServerURL) -> dict[str, Any]:
    """What `reflect doctor` reports of a server: its version, the role connected, whether TLS is in use,
    and the reflections held (StoreError if it cannot be reached)."""
    connection = connect(url)
    import psycopg

    try:
        version = connection.execute("SHOW server_version").fetchone()[0]
        role = connection.execute("SELECT current_user").fetchone()[0]
        ssl = connection.execute("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
        counts = None
        tables = {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
        security = None
        if "reflection" in tables:
            counts = connection.execute(
                "SELECT count(*) FILTER (WHERE NOT is_draft), count(*) FILTER (WHERE is_draft) FROM reflection"
            ).fetchone()
            security = _security(connection)
    except psycopg.Error as error:
        raise unreachable(url, error) from None
    finally:
        connection.close()
    return {
        "version": version,
        "role": role,
        "tls": (bool(ssl[0]), ssl[1]) if ssl else (False, None),
        "counts": counts,
        "local": url.is_local,
        "security": security,
    }


def _security(connection: Any) -> dict[str, Any]:
    """Row-level security as the doctor reports it: reflect's tables without it, and what the connected
    role may do (its privileges on the reflections, whether the policies limit it, whether it may upgrade)."""
    unsecured = [row[0] for row in connection.execute(
        "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'"
        " AND NOT relrowsecurity AND relname <> 'alembic_version' ORDER BY relname"
    )]  # fmt: skip
    privileges = [
        privilege for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE")
        if connection.execute("SELECT has_table_privilege('reflection', %s)", (privilege,)).fetchone()[0]
    ]  # fmt: skip
    passes_by, may_upgrade = connection.execute(
        "SELECT r.rolsuper OR r.rolbypassrls OR pg_has_role(current_user, c.relowner, 'USAGE'),"
        " r.rolsuper OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = to_regclass('alembic_version')), 'USAGE')"
        " FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = to_regclass('reflection')"
    ).fetchone()  # fmt: skip
    secured = bool(connection.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' AND relrowsecurity)"
    ).fetchone()[0])  # fmt: skip
    return {"unsecured": unsecured, "secured": secured, "privileges": privileges, "passes_by": bool(passes_by), "may_upgrade": bool(may_upgrade)}
