"""The administrator erasing everything one role owns in an organisation's database on a PostgreSQL server
(`reflect org erase-practitioner`): the practitioners' stores database or the team database.

Every row of reflect's tables says whose it is by its `owner` (the name of the role that wrote it,
reflect.store.tables.OWNER); a team database also names its members and supervisors by role in its
teams' tables. Counting and erasing both run as the administrator, whose role owns the tables and so
passes by row-level security: that is the only role that reaches a practitioner's rows after their
own role is gone. The role is looked for by name, never by the server's catalogue of roles, so the
rows of a role dropped already are found and erased all the same.

The erasing is one transaction (all of it, or nothing). PostgreSQL leaves deleted row versions in the
tables' files until VACUUM lets go of them, so `vacuum` is run straight after, on the tables that held
any of the role's rows (it cannot run inside a transaction); even then their bytes stay in the files
until overwritten, and VACUUM FULL, when asked for, rewrites the files without them.

`owners` lists every name the rows are owned by, so that the rows of a role dropped long ago are found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, text
from sqlmodel import SQLModel

from reflect.server_url import ServerURL
from reflect.store.errors import StoreError
from reflect.store.row_security import PRACTITIONER_GROUP, administering, current_role, is_member, may_set_up, role_exists
from reflect.store.tables import OWNER
from reflect.store.team_access import GROUPS, MEMBERS_TABLE, SUPERVISORS_TABLE

DRAFTS = "reflection:drafts"
"""Where `Holding.rows` counts the role's drafts, apart from its completed reflections (under "reflection")."""
TEAM_TABLES = (MEMBERS_TABLE, SUPERVISORS_TABLE)
"""A team database's teams (reflect.store.team_access): whose bundles each team's supervisors read, and who supervises it, by role."""
TEAM_ROLE_COLUMN = "role"


@dataclass(frozen=True)
class Holding:
    """What a role owns in one database, as the administrator reads it."""

    database: str
    team_database: bool
    rows: dict[str, int]
    """Rows by table (only those with any), the drafts apart under DRAFTS."""
    role_exists: bool
    """Whether the server still has a role of that name (a dropped one's rows remain all the same)."""
    practitioner: bool
    """Whether the role is still a member of reflect_practitioner (the whole server's group)."""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def quoted_name(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def tables_children_first(connection: Connection) -> list[str]:
    """reflect's tables in this database, children before their parents (nothing relies on a cascade)."""
    import reflect.store.supervision_tables  # noqa: F401  (its tables join the metadata when imported)

    present = {str(row[0]) for row in connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))}
    return [table.name for table in reversed(SQLModel.metadata.sorted_tables) if table.name in present and OWNER in table.c]


def team_tables(connection: Connection) -> list[str]:
    return [table for table in TEAM_TABLES if connection.execute(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": table}).scalar()]


def _refuse_unless_administrator(connection: Connection, url: ServerURL) -> None:
    if connection.execute(text("SELECT to_regclass('reflection') IS NULL")).scalar():
        raise StoreError(f"{url} holds no reflect database, so there is nothing of anyone's to erase. Nothing was erased.")
    if not may_set_up(connection):
        raise StoreError(
            f"Your role {current_role(connection)} does not own the reflect tables of {url}: erasing a practitioner's rows "
            "is for the administrator, connecting as the role that owns the database. Nothing was erased."
        )


def owned_counts(connection: Connection, role: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in tables_children_first(connection):
        name = quoted_name(connection, table)
        if table == "reflection":
            found = connection.execute(
                text(f"SELECT count(*) FILTER (WHERE NOT is_draft), count(*) FILTER (WHERE is_draft) FROM {name} WHERE {OWNER} = :role"),
                {"role": role},
            ).one()
            counts[table], counts[DRAFTS] = int(found[0]), int(found[1])
        else:
            counts[table] = int(connection.execute(text(f"SELECT count(*) FROM {name} WHERE {OWNER} = :role"), {"role": role}).scalar() or 0)
    for table in team_tables(connection):
        counts[table] = int(
            connection.execute(text(f"SELECT count(*) FROM {quoted_name(connection, table)} WHERE {TEAM_ROLE_COLUMN} = :role"), {"role": role}).scalar()
            or 0
        )
    return {table: count for table, count in counts.items() if count}


def held_by(url: ServerURL, role: str) -> Holding:
    """What `role` owns in the database at `url` (which the administrator's role must own); changes nothing."""
    with administering(url) as connection:
        _refuse_unless_administrator(connection, url)
        return Holding(
            database=str(connection.execute(text("SELECT current_database()")).scalar()),
            team_database=bool(team_tables(connection)),
            rows=owned_counts(connection, role),
            role_exists=role_exists(connection, role),
            practitioner=is_member(connection, role, PRACTITIONER_GROUP),  # False for a role that is not there
        )


def erase_rows_of(url: ServerURL, role: str) -> dict[str, int]:
    """Delete every row `role` owns in the database at `url`, and its teams' rows, in one transaction.
    The rows deleted, by table (the drafts apart under DRAFTS), as counted just before."""
    from reflect.store.engine import WRITER_LOCK_SPACE

    with administering(url) as connection:
        _refuse_unless_administrator(connection, url)
        # The lock each of the role's own writers takes: a save of theirs in flight finishes first, and
        # one starting now waits for this to end, so no half-saved reflection of theirs is left behind.
        connection.execute(text(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_SPACE}, hashtext(:role))"), {"role": role})
        counted = owned_counts(connection, role)
        removed: dict[str, int] = {}
        for table in tables_children_first(connection):
            gone = cast(
                CursorResult[Any], connection.execute(text(f"DELETE FROM {quoted_name(connection, table)} WHERE {OWNER} = :role"), {"role": role})
            ).rowcount
            if gone:
                removed[table] = gone
        for table in team_tables(connection):
            gone = cast(
                CursorResult[Any],
                connection.execute(text(f"DELETE FROM {quoted_name(connection, table)} WHERE {TEAM_ROLE_COLUMN} = :role"), {"role": role}),
            ).rowcount
            if gone:
                removed[table] = gone
        if removed.pop("reflection", 0):
            # Said as the preview said them: the completed reflections, and the drafts apart.
            removed |= {key: counted[key] for key in ("reflection", DRAFTS) if counted.get(key)}
        return removed


@dataclass(frozen=True)
class Owner:
    """A name the database's rows are owned by, how many rows, and what the server says of the role now."""

    name: str
    rows: int
    role_exists: bool
    groups: tuple[str, ...]
    """reflect's group roles it is a member of (none: taken out, or dropped)."""


def owners(url: ServerURL) -> list[Owner]:
    """Every name that owns rows in the database at `url` (its teams' rows counted with them), by name:
    the roles of today's practitioners, and those taken out or dropped whose rows remain.
    The database's own rows (owner '') are no one's and are not listed."""
    with administering(url) as connection:
        _refuse_unless_administrator(connection, url)
        parts = [f"SELECT {OWNER} AS name, count(*) AS rows FROM {quoted_name(connection, table)} GROUP BY 1" for table in tables_children_first(connection)]
        parts += [f"SELECT {TEAM_ROLE_COLUMN}, count(*) FROM {quoted_name(connection, table)} GROUP BY 1" for table in team_tables(connection)]
        found = connection.execute(text(
            "SELECT o.name, o.rows, r.oid IS NOT NULL, ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            "   WHERE m.member = r.oid AND g.rolname = ANY(:groups) ORDER BY 1)"
            f" FROM (SELECT name, sum(rows) AS rows FROM ({' UNION ALL '.join(parts)}) u WHERE name <> '' GROUP BY name) o"
            " LEFT JOIN pg_roles r ON r.rolname = o.name ORDER BY o.name"
        ), {"groups": list(GROUPS)})  # fmt: skip
        return [Owner(str(name), int(rows), bool(exists), tuple(groups)) for name, rows, exists, groups in found]


@dataclass(frozen=True)
class Vacuumed:
    """What VACUUM did after an erasure: the tables it ran on (rewritten whole if `full`), or why it could not."""

    tables: list[str]
    full: bool = False
    problem: str = ""
    held: list[str] = field(default_factory=list)
    """The tables VACUUM FULL wrote again with some erased row versions all the same: a transaction
    begun before the erasure could still see them, and had not ended after a while."""

    @property
    def statement(self) -> str:
        # ANALYZE too: the column statistics the server sampled may hold values from the erased rows.
        return f"VACUUM ({'FULL, ' if self.full else ''}ANALYZE) " + ", ".join(quoted_identifier(table) for table in self.tables)

    def rewriting(self) -> Vacuumed:
        return Vacuumed(self.tables, full=True)


WAIT_FOR_OLDER_SNAPSHOTS_S = 10.0
"""How long VACUUM FULL goes on trying a table whose erased rows an older snapshot could still see."""

_KEPT = re.compile(r"(\d+) dead row versions cannot be removed yet")


def _rewrite_without_the_dead(connection: Any, tables: list[str]) -> list[str]:
    """VACUUM (FULL, ANALYZE) each table; again, a while, for one whose erased rows a transaction
    begun before the erasure could still see (VACUUM, even FULL, keeps them: an autovacuum ANALYZE
    of another table of the database is enough), as its VERBOSE report says. The tables that kept
    some all the same. Such a transaction is not in sight of pg_stat_activity for an administrator
    who is not a superuser, so the report is what tells."""
    import time

    kept: list[int] = []

    def noticed(diagnostic: Any) -> None:
        found = _KEPT.search(diagnostic.message_detail or "")
        if found:
            kept.append(int(found.group(1)))

    connection.add_notice_handler(noticed)
    deadline = time.monotonic() + WAIT_FOR_OLDER_SNAPSHOTS_S
    waiting = list(tables)
    while True:
        still: list[str] = []
        for number, table in enumerate(waiting):
            if still and time.monotonic() >= deadline:
                return still + waiting[number:]  # each pass holds the table: not one longer than said
            kept.clear()
            connection.execute(f"VACUUM (FULL, VERBOSE, ANALYZE) {quoted_identifier(table)}")
            if any(kept):
                still.append(table)
        if not still or time.monotonic() >= deadline:
            return still
        waiting = still
        time.sleep(0.2)


def quoted_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def vacuum(url: ServerURL, tables: list[str], *, full: bool = False) -> Vacuumed:
    """VACUUM `tables` (outside any transaction, as it must be), or with `full` VACUUM FULL; ANALYZE either way.

    VACUUM lets go of the deleted row versions (and their index entries), so that nothing reading the
    tables finds them and their space is reused, without stopping anyone; their bytes stay in the
    tables' files until new rows are written over them. VACUUM FULL writes each table (and its indexes)
    into new files without them, holding a lock that makes everyone using the table wait meanwhile.

    Never raises: a server that refuses it leaves the erasure done, and the problem is said instead.
    PostgreSQL skips, with only a warning, a table the role may not vacuum, so that is asked first.
    """
    from reflect.store.server import connect, one_line

    wanted = Vacuumed(sorted(set(tables)), full=full)
    if not wanted.tables:
        return wanted
    try:
        connection = connect(url)
    except StoreError as error:
        return Vacuumed(wanted.tables, full, str(error).removesuffix(" Nothing was changed."))
    try:
        import psycopg

        refused = [
            str(row[0]) for row in connection.execute(
                "SELECT c.relname FROM pg_class c, pg_roles r WHERE c.relname = ANY(%s) AND c.relnamespace = current_schema()::regnamespace"
                " AND r.rolname = current_user AND NOT (r.rolsuper OR pg_has_role(current_user, c.relowner, 'USAGE'))",
                (wanted.tables,),
            )
        ]  # fmt: skip
        if refused:
            return Vacuumed(wanted.tables, full, f"your role does not own {', '.join(refused)}")
        try:
            if full:
                return Vacuumed(wanted.tables, full, held=_rewrite_without_the_dead(connection, wanted.tables))
            connection.execute(wanted.statement)
        except psycopg.Error as error:
            return Vacuumed(wanted.tables, full, url.hidden_in(one_line(str(error))))
        return wanted
    finally:
        connection.close()
