"""Who may see what in a team database on a PostgreSQL server, enforced by the database itself.

A team database on an organisation's server holds the supervision bundles practitioners submit,
each row owned by the role that wrote it (the owner column, filled with CURRENT_USER). Here:

- the group roles: reflect_practitioner (submits and withdraws their own bundles),
  reflect_supervisor (reads the bundles of the practitioners in the teams they supervise, and keeps
  their own supervision records) and reflect_reporting (reads only the reporting views);
- the teams: two tables the administrator keeps, team_supervisor and team_member (kept out of the
  Alembic schema: they exist only where `reflect org init-team` made a database a team's on a server,
  with the policies and views that use them);
- row-level security on every table, and its policies;
- and, made with them, the schema `reporting` of the organisation's figures (reflect.store.team_reporting).

Everything here runs as the administrator, whose role owns the tables (and so is not bound by their
policies, which is what lets the views, owned by it too, sum across roles). Role names given by a
person are always quoted as identifiers, never formatted into SQL. Nothing imports psycopg until used.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reflect.server_url import ServerURL
from reflect.store.errors import StoreError
from reflect.store.row_security import DATABASE_FACTS, OWN_ROWS, SETTINGS_TABLE, TABLE_PRIVILEGES, VERSION_TABLE
from reflect.store.row_security import PRACTITIONER_GROUP as PRACTITIONERS

SUPERVISORS = "reflect_supervisor"
REPORTING = "reflect_reporting"
GROUPS = (PRACTITIONERS, SUPERVISORS, REPORTING)

BUNDLE_TABLES = ("practitioner", "team_bundle", "reflection", "answer", "reflection_tag", "commitment_question", "answer_rollup")
"""What a bundle brings: its submitter's (the owner's), and readable by the supervisors of the submitter's teams."""
SUPERVISORS_TABLE = "team_supervisor"
MEMBERS_TABLE = "team_member"

MEMBERSHIP_TABLES = {
    SUPERVISORS_TABLE: "who supervises each team",
    MEMBERS_TABLE: "whose bundles each team's supervisors read",
}
MEMBERSHIP_COLUMNS = (
    "team VARCHAR(100) NOT NULL, role VARCHAR(63) NOT NULL, added_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (team, role)"
)

SUPERVISED_OWNERS = (
    f"owner IN (SELECT m.role FROM {MEMBERS_TABLE} m JOIN {SUPERVISORS_TABLE} s ON s.team = m.team WHERE s.role = current_user)"
)
"""The owners whose bundles the connecting supervisor may read: the members of every team they supervise.
Read through the two tables' own policies (a supervisor sees their own rows of team_supervisor, and the
members of those teams), so no function with the administrator's rights is needed."""


@dataclass(frozen=True)
class Policy:
    name: str
    table: str
    command: str
    to: str
    using: str
    check: str | None = None

    def sql(self) -> str:
        check = f" WITH CHECK ({self.check})" if self.check else ""
        return f"CREATE POLICY {self.name} ON {self.table} FOR {self.command} TO {self.to} USING ({self.using}){check}"


def policies(tables: list[str]) -> list[Policy]:
    """Every policy of a team database whose reflect tables are `tables`."""
    found = [Policy("reflect_own", table, "ALL", "PUBLIC", OWN_ROWS, OWN_ROWS) for table in tables]
    found.append(Policy("reflect_database_facts", SETTINGS_TABLE, "SELECT", "PUBLIC", "owner = ''"))
    found += [Policy("reflect_supervised", table, "SELECT", SUPERVISORS, SUPERVISED_OWNERS) for table in BUNDLE_TABLES if table in tables]
    found.append(Policy("reflect_own_teams", SUPERVISORS_TABLE, "SELECT", SUPERVISORS, "role = current_user"))
    found.append(
        Policy("reflect_members_of_own_teams", MEMBERS_TABLE, "SELECT", SUPERVISORS,
               f"team IN (SELECT team FROM {SUPERVISORS_TABLE} WHERE role = current_user)")
    )  # fmt: skip
    return found


# Running it ----------------------------------------------------------------------------------


@contextmanager
def administering(url: ServerURL) -> Iterator[Any]:
    """A psycopg connection to `url` in one transaction (all of it lands, or none); StoreError for the server's refusals."""
    from reflect.store.server import connect, one_line, require_driver

    require_driver()
    import psycopg

    connection = connect(url)
    try:
        with connection.transaction():
            yield connection
    except psycopg.errors.InsufficientPrivilege as error:
        raise StoreError(
            f"Your role may not do that on {url} ({one_line(str(error))}). The `reflect org` commands are for the "
            "administrator whose role owns the database (with CREATEROLE); nothing was changed."
        ) from None
    except psycopg.Error as error:
        raise StoreError(f"The server refused it ({url.hidden_in(one_line(str(error)))}); nothing was changed.") from None
    finally:
        connection.close()


@dataclass
class Changes:
    """What a command did, one line each, in order."""

    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)


def quoted(name: str) -> Any:
    """A role, table or database name as an SQL identifier (quoted: never formatted into SQL)."""
    from psycopg import sql

    return sql.Identifier(name)


def _role_exists(connection: Any, role: str) -> bool:
    return connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None


def _is_member(connection: Any, role: str, group: str) -> bool:
    found = connection.execute(
        "SELECT 1 FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.member JOIN pg_roles g ON g.oid = a.roleid "
        "WHERE r.rolname = %s AND g.rolname = %s",
        (role, group),
    ).fetchone()
    return found is not None


def _tables(connection: Any) -> list[str]:
    """The reflect tables of the database (those of reflect's schema that are there), in the schema's order."""
    from sqlmodel import SQLModel

    import reflect.store.tables  # noqa: F401  (registers every table with SQLModel's metadata)

    present = {row[0] for row in connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
    return [name for name in SQLModel.metadata.tables if name in present]


def privileges_of(connection: Any, table: str, role: str) -> set[str]:
    rows = connection.execute(
        "SELECT a.privilege_type FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
        "JOIN pg_roles g ON g.oid = a.grantee WHERE c.oid = %s::regclass AND g.rolname = %s",
        (table, role),
    ).fetchall()
    return {row[0] for row in rows}


def refuse_unless_administrator(url: ServerURL) -> None:
    """StoreError, before anything is changed, unless the role `url` connects as may set up the team
    database: own its tables (or, before there are any, create in its schema) and create and grant roles."""
    from sqlalchemy import text

    from reflect.store.row_security import administering as reading
    from reflect.store.row_security import current_role, may_set_up

    with reading(url) as connection:
        role = current_role(connection)
        if not may_set_up(connection):
            raise StoreError(
                f"Your role {role} does not own the reflect tables of {url}, so it cannot set them up: run this as the "
                "role that owns the database (the administrator's). Nothing was changed."
            )
        if not connection.execute(text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar():
            raise StoreError(
                f"Your role {role} may not create roles or grant them, which a team database's group roles and teams need: "
                f"give it CREATEROLE (as a superuser: ALTER ROLE {connection.dialect.identifier_preparer.quote_identifier(role)} "
                "CREATEROLE). Nothing was changed."
            )


def secure_team_database(url: ServerURL) -> list[str]:
    """Make the team database at `url` (already at the current schema, marked a team's) one each role
    reaches only what is theirs: group roles, grants, row-level security, policies, the teams' tables
    and the reporting views. What it did, one line each (none: nothing needed changing)."""
    from reflect.store.team_reporting import create_reporting_views

    done = Changes()
    with administering(url) as connection:
        _group_roles(connection, done)
        _connecting(connection, done)
        for name, holding in MEMBERSHIP_TABLES.items():
            if connection.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is None:
                connection.execute(f"CREATE TABLE {name} ({MEMBERSHIP_COLUMNS})")
                done.add(f"created the table {name} ({holding})")
        tables = _tables(connection)
        _table_grants(connection, tables, done)
        _row_security(connection, tables, done)
        create_reporting_views(connection, done)
        _settings_for_everyone(connection, done)
    return done.lines


def _group_roles(connection: Any, done: Changes) -> None:
    for group in GROUPS:
        if not _role_exists(connection, group):
            # Roles are the whole server's: made only if missing (another database may have made it, or be
            # making it at this moment, which the IF cannot see: its CREATE ROLE then fails, and is let be).
            connection.execute(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') "
                f"THEN CREATE ROLE {group} NOLOGIN; END IF; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            )
            done.add(f"created the group role {group}")


def _connecting(connection: Any, done: Changes) -> None:
    """Reflect's groups may connect to the database, and (unlike a new database's default) no one else but its owner."""
    from psycopg import sql

    database = connection.execute("SELECT current_database()").fetchone()[0]
    for group in GROUPS:
        granted = connection.execute(
            "SELECT 1 FROM pg_database d CROSS JOIN LATERAL aclexplode(d.datacl) a JOIN pg_roles g ON g.oid = a.grantee "
            "WHERE d.datname = current_database() AND g.rolname = %s AND a.privilege_type = 'CONNECT'",
            (group,),
        ).fetchone()
        if granted is None:
            connection.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(quoted(database), quoted(group)))
            done.add(f"granted {group} CONNECT on the database {database}")
    public = connection.execute(
        "SELECT d.datacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(d.datacl) a WHERE a.grantee = 0 "
        "AND a.privilege_type IN ('CONNECT', 'TEMPORARY')) FROM pg_database d WHERE d.datname = current_database()"
    ).fetchone()[0]
    if public:
        connection.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(quoted(database)))
        done.add(f"revoked CONNECT and TEMPORARY on the database {database} from PUBLIC (only reflect's groups connect)")


def _table_grants(connection: Any, tables: list[str], done: Changes) -> None:
    """Each group's privileges on each table (_grants), granted where missing; any more than those taken
    back (TRUNCATE passes by the policies; a group writing alembic_version or the teams could claim what is not so)."""
    from psycopg import sql

    schema: str = connection.execute("SELECT current_schema()").fetchone()[0]
    for group in (PRACTITIONERS, SUPERVISORS):
        if not connection.execute("SELECT has_schema_privilege(%s, current_schema(), 'USAGE')", (group,)).fetchone()[0]:
            connection.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(quoted(schema), quoted(group)))
            done.add(f"granted {group} USAGE on the schema {schema}")
        for privileges, among in _grants(group, tables).items():
            widened = [table for table in among if not set(privileges) <= privileges_of(connection, table, group)]
            for table in widened:
                connection.execute(
                    sql.SQL("GRANT {} ON {} TO {}").format(sql.SQL(", ".join(privileges)), quoted(table), quoted(group))
                )
            if widened:
                done.add(f"granted {group} {', '.join(privileges)} on {len(widened)} tables (row-level security limits which rows)")
        if "SELECT" not in privileges_of(connection, VERSION_TABLE, group):
            connection.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(quoted(VERSION_TABLE), quoted(group)))
            done.add(f"granted {group} SELECT on {VERSION_TABLE} (to check the schema, never to change it)")
    for table in (SUPERVISORS_TABLE, MEMBERS_TABLE):
        if "SELECT" not in privileges_of(connection, table, SUPERVISORS):
            connection.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(quoted(table), quoted(SUPERVISORS)))
            done.add(f"granted {SUPERVISORS} SELECT on {table} (each supervisor sees their own teams' rows)")
    for table in [*tables, VERSION_TABLE, SUPERVISORS_TABLE, MEMBERS_TABLE]:
        for group in GROUPS:
            wanted = _wanted(group, table, tables)
            if extra := sorted(privileges_of(connection, table, group) - wanted):
                connection.execute(
                    sql.SQL("REVOKE {} ON {} FROM {}").format(sql.SQL(", ".join(extra)), quoted(table), quoted(group))
                )
                done.add(f"revoked {', '.join(extra)} on {table} from {group}")


def _wanted(group: str, table: str, tables: list[str]) -> set[str]:
    """The privileges `group` holds on `table` when the database is as init-team makes it."""
    if group == REPORTING:
        return set()
    if table == VERSION_TABLE or (group == SUPERVISORS and table in (SUPERVISORS_TABLE, MEMBERS_TABLE)):
        return {"SELECT"}
    return {privilege for privileges, among in _grants(group, tables).items() if table in among for privilege in privileges}


def _row_security(connection: Any, tables: list[str], done: Changes) -> None:
    """Row-level security on every table but alembic_version (no one's rows), and every policy missing.

    A policy is made only where none of its name is on its table: one whose meaning changes in a
    later version of reflect needs a new name (so that running init-team again puts it in place).
    """
    from psycopg import sql

    secured = 0
    for table in [*tables, SUPERVISORS_TABLE, MEMBERS_TABLE]:
        if not connection.execute("SELECT relrowsecurity FROM pg_class WHERE oid = %s::regclass", (table,)).fetchone()[0]:
            connection.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(quoted(table)))
            secured += 1
    if secured:
        done.add(f"turned on row-level security for {secured} tables")
    held = {(row[0], row[1]) for row in connection.execute("SELECT tablename, policyname FROM pg_policies WHERE schemaname = current_schema()")}
    made = [policy for policy in policies(tables) if (policy.table, policy.name) not in held]
    for policy in made:
        connection.execute(policy.sql())
    if made:
        done.add(
            f"created {len(made)} policies: each role reaches only its own rows; supervisors also read the bundles of "
            "their teams' members, and their own teams' rows; everyone reads the database's own settings"
        )


def _settings_for_everyone(connection: Any, done: Changes) -> None:
    """The facts the administrator's opening wrote (DATABASE_FACTS: the database's role, the answer codes'
    order) are the database's, for every role to read: owner ''. The administrator's other settings stay theirs."""
    facts = list(DATABASE_FACTS)
    connection.execute(
        f"DELETE FROM {SETTINGS_TABLE} WHERE owner = '' AND key = ANY(%s) "
        f"AND key IN (SELECT key FROM {SETTINGS_TABLE} WHERE owner = current_user)",
        (facts,),
    )
    moved = connection.execute(f"UPDATE {SETTINGS_TABLE} SET owner = '' WHERE owner = current_user AND key = ANY(%s)", (facts,))
    if moved.rowcount:
        done.add(f"made {moved.rowcount} of the database's settings readable by every role (owner '')")


def _grants(group: str, tables: list[str]) -> dict[tuple[str, ...], list[str]]:
    """The privileges each group needs, and on which tables: a practitioner writes their bundles (and
    their settings); a supervisor only reads bundles, and writes their supervision records and settings."""
    bundles = [table for table in tables if table in BUNDLE_TABLES]
    if group == PRACTITIONERS:
        return {TABLE_PRIVILEGES: [*bundles, SETTINGS_TABLE]}
    return {("SELECT",): bundles, TABLE_PRIVILEGES: [table for table in tables if table not in BUNDLE_TABLES]}


# Teams ---------------------------------------------------------------------------------------------

TEAM_NAME_LIMIT = 100


def _check_team(team: str) -> None:
    """StoreError for a team's name the teams' tables cannot hold. Role names are checked before they
    come here, as every role name given to `reflect org` is (reflect.services.organisation.checked_roles)."""
    if not team.strip() or len(team) > TEAM_NAME_LIMIT or "\x00" in team:
        raise StoreError(f"{team!r} cannot be a team's name: give 1 to {TEAM_NAME_LIMIT} characters.")


def _require_team_database(connection: Any, url: ServerURL) -> None:
    if connection.execute("SELECT to_regclass(%s)", (MEMBERS_TABLE,)).fetchone()[0] is None:
        raise StoreError(f"{url} is not a team database made by `reflect org init-team` yet: run `reflect org init-team {url}` first.")


def _login_role(connection: Any, role: str, done: Changes) -> None:
    from psycopg import sql

    if not _role_exists(connection, role):
        connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(quoted(role)))
        done.add(
            f"created the role {role} (LOGIN, no password): set how it signs in yourself, such as psql's "
            f"\\password {role}, or an entry in pg_hba.conf"
        )


def _grant_group(connection: Any, role: str, group: str, done: Changes) -> None:
    from psycopg import sql

    if not _is_member(connection, role, group):
        connection.execute(sql.SQL("GRANT {} TO {}").format(quoted(group), quoted(role)))
        done.add(f"granted {group} to {role}")


def add_to_team(url: ServerURL, role: str, team: str, *, supervisor: bool) -> list[str]:
    """Add `role` to `team` as a supervisor (reads the members' bundles) or a member (whose bundles its
    supervisors read); the role made (LOGIN) if missing, and given its group role. What it did."""
    _check_team(team)
    done = Changes()
    table, group = (SUPERVISORS_TABLE, SUPERVISORS) if supervisor else (MEMBERS_TABLE, PRACTITIONERS)
    with administering(url) as connection:
        _require_team_database(connection, url)
        _login_role(connection, role, done)
        _grant_group(connection, role, group, done)
        added = connection.execute(f"INSERT INTO {table} (team, role) VALUES (%s, %s) ON CONFLICT DO NOTHING", (team, role))
        if added.rowcount:
            done.add(f"added {role} to the team {team} as {'a supervisor' if supervisor else 'a member'}")
    return done.lines


def remove_from_team(url: ServerURL, role: str, team: str, *, supervisor: bool) -> list[str]:
    """Take `role` out of `team` (as a supervisor, or as a member). Each keeps their group role: roles
    are the whole server's, so a supervisor left supervising no team here may supervise one in another
    team database, and what they read here is decided by this database's teams (now none of them)."""
    _check_team(team)
    done = Changes()
    table = SUPERVISORS_TABLE if supervisor else MEMBERS_TABLE
    with administering(url) as connection:
        _require_team_database(connection, url)
        removed = connection.execute(f"DELETE FROM {table} WHERE team = %s AND role = %s", (team, role))
        if removed.rowcount:
            done.add(f"took {role} out of the team {team} ({'a supervisor' if supervisor else 'a member'})")
    return done.lines


def add_reporter(url: ServerURL, role: str) -> list[str]:
    """Let `role` read the reporting views (and nothing else): made (LOGIN) if missing. What it did."""
    done = Changes()
    with administering(url) as connection:
        _require_team_database(connection, url)
        _login_role(connection, role, done)
        _grant_group(connection, role, REPORTING, done)
    return done.lines


@dataclass(frozen=True)
class TeamListing:
    name: str
    supervisors: tuple[str, ...]
    members: tuple[str, ...]


def teams(url: ServerURL) -> tuple[list[TeamListing], list[str]]:
    """Every team with its supervisors and members (by name), and the roles that may read the reporting views."""
    with administering(url) as connection:
        _require_team_database(connection, url)
        rows = connection.execute(
            f"SELECT team, role, true FROM {SUPERVISORS_TABLE} UNION ALL SELECT team, role, false FROM {MEMBERS_TABLE} ORDER BY 1, 2"
        ).fetchall()
        reporters = [
            row[0] for row in connection.execute(
                "SELECT r.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.member JOIN pg_roles g ON g.oid = a.roleid "
                "WHERE g.rolname = %s ORDER BY 1", (REPORTING,),
            )
        ]  # fmt: skip
    found: dict[str, tuple[list[str], list[str]]] = {}
    for team, role, is_supervisor in rows:
        found.setdefault(team, ([], []))[0 if is_supervisor else 1].append(role)
    return [TeamListing(name, tuple(s), tuple(m)) for name, (s, m) in found.items()], reporters
