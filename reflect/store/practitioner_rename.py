"""The administrator renaming a practitioner's role in an organisation's database on a PostgreSQL
server (`reflect org rename-practitioner`): the practitioners' stores database or the team database.

Every row of reflect's tables says whose it is by the NAME of the role that wrote it (the `owner`,
reflect.store.tables.OWNER), and a team database names its members and supervisors by role in its
teams' tables: `ALTER ROLE ... RENAME` alone would leave the person's rows under a name that is no
longer theirs, out of their reach. Here the role is renamed and every one of those rows is given the
new name, in one transaction (PostgreSQL's ALTER ROLE is transactional): all of it, or nothing. The
tables are found from the metadata, as the erasure finds them (reflect.store.practitioner_erasure),
so that a table added later is covered too. Row-level security compares the owner with current_user,
so the renamed role reaches exactly the rows it reached before; the tables keyed by their owner (the
settings, the answer rollup, the supervision agreements) keep their keys apart, because a new name
that owns anything already is refused (two people's rows are never merged).

A role dropped already (or renamed by hand, or on another database of the server: roles are the
whole server's, rows each database's) has its rows alone moved.

The role's own open sessions go on working after the rename: PostgreSQL knows a session's role by
its number, and current_user then says the new name. A save of theirs in flight would not: its rows
written before the rename keep the old name. So the rename takes the lock each of the role's writers
takes (reflect.store.engine): a save in flight finishes first and its rows are renamed with the rest,
and one starting meanwhile waits, then writes under the new name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, text

from reflect.server_url import ServerURL
from reflect.store.errors import StoreError
from reflect.store.practitioner_erasure import DRAFTS, TEAM_ROLE_COLUMN, owned_counts, quoted_name, tables_children_first, team_tables
from reflect.store.row_security import administering, current_role, is_member, may_set_up, role_exists
from reflect.store.tables import OWNER
from reflect.store.team_access import GROUPS

NOTHING_RENAMED = "Nothing was renamed."
PASSWORD_CLEARED = "MD5 password cleared because of role rename"
"""PostgreSQL's notice when a rename clears the role's password (an MD5 one mixes the name in)."""


@dataclass(frozen=True)
class Renaming:
    """What renaming `old` to `new` would do in one database, as the administrator reads it before."""

    database: str
    team_database: bool
    old: str
    new: str
    rows: dict[str, int]
    """The old name's rows by table (only those with any), the drafts apart (practitioner_erasure.DRAFTS)."""
    old_exists: bool
    """Whether the server has a role of the old name (if not, only the rows are moved)."""
    new_exists: bool
    groups: tuple[str, ...]
    """reflect's group roles the old role is a member of."""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class Renamed:
    """What a rename did: the rows given the new name, by table, and what became of the role."""

    rows: dict[str, int]
    role_renamed: bool
    password_cleared: bool


def _refuse_unless_administrator(connection: Connection, url: ServerURL) -> None:
    if connection.execute(text("SELECT to_regclass('reflection') IS NULL")).scalar():
        raise StoreError(f"{url} holds no reflect database, so no one has rows there to rename. {NOTHING_RENAMED}")
    if not may_set_up(connection):
        raise StoreError(
            f"Your role {current_role(connection)} does not own the reflect tables of {url}: renaming a practitioner "
            f"is for the administrator, connecting as the role that owns the database. {NOTHING_RENAMED}"
        )


def _groups_of(connection: Connection, role: str) -> tuple[str, ...]:
    return tuple(group for group in GROUPS if is_member(connection, role, group))


def _looked_at(connection: Connection, url: ServerURL, old: str, new: str, *, renamed_already: bool) -> Renaming:
    """What renaming would do; StoreError (nothing changed) for a rename that must not be done."""
    _refuse_unless_administrator(connection, url)
    me = current_role(connection)
    if me in (old, new):
        raise StoreError(
            f"{me} is your own role, the administrator's: this command renames a practitioner's. Rename your own "
            f"with another administrator's role (or a superuser's), as PostgreSQL will not rename the role connected. {NOTHING_RENAMED}"
        )
    found = Renaming(
        database=str(connection.execute(text("SELECT current_database()")).scalar()),
        team_database=bool(team_tables(connection)),
        old=old, new=new, rows=owned_counts(connection, old),
        old_exists=role_exists(connection, old), new_exists=role_exists(connection, new),
        groups=_groups_of(connection, old),
    )  # fmt: skip
    if not found.old_exists and not found.total and found.new_exists:
        return found  # renamed already (the new name's rows, if any, are its own since): nothing left to do here
    theirs = sum(owned_counts(connection, new).values())
    if theirs:
        rows = f"{theirs:,} row{'' if theirs == 1 else 's'}"
        if renamed_already and not found.old_exists:
            raise StoreError(
                f"{new} has {rows} of its own in the database {found.database} already (written since the role was renamed?): giving "
                f"it {old}'s too would put two sets of rows together, which this never does. {NOTHING_RENAMED}"
            )
        raise StoreError(
            f"{new} owns {rows} in the database {found.database} already: renaming {old} to {new} would put two people's rows "
            f"together, which this never does. Choose a name no one has. {NOTHING_RENAMED}"
        )
    if found.old_exists and found.new_exists:
        raise StoreError(f"{new} is a role on the server already: choose a name no one has. {NOTHING_RENAMED}")
    if not found.old_exists and not found.total:
        raise StoreError(
            f"There is no role {old} on the server, and nothing of {old}'s in the database {found.database}: check the name "
            f"(`reflect org owners URL` lists every role whose rows are here). {NOTHING_RENAMED}"
        )
    if not found.old_exists and found.new_exists and not renamed_already:
        raise StoreError(
            f"There is no role {old} on the server, and {new} is one already: if {new} is the same person, renamed already "
            f"(on another database of this server, or by hand), add --role-renamed-already to give {new} {old}'s rows here; "
            f"if not, choose a name no one has. {NOTHING_RENAMED}"
        )
    if found.old_exists and not found.total and not found.groups:
        raise StoreError(
            f"{old} is not one of reflect's practitioners, supervisors or reporters, and owns nothing in the database "
            f"{found.database}: this renames only reflect's roles. {NOTHING_RENAMED}"
        )
    return found


def looked_at(url: ServerURL, old: str, new: str, *, renamed_already: bool = False) -> Renaming:
    """What renaming `old` to `new` would do in the database at `url` (which the administrator's role
    must own); StoreError for a rename that must not be done. Changes nothing."""
    with administering(url) as connection:
        return _looked_at(connection, url, old, new, renamed_already=renamed_already)


def _rename_role(connection: Connection, old: str, new: str) -> bool:
    """ALTER ROLE old RENAME TO new, in the caller's transaction: whether PostgreSQL cleared its password."""
    from psycopg import sql

    driver = connection.connection.driver_connection
    said: list[str] = []

    def heard(notice: Any) -> None:
        said.append(str(notice.message_primary or ""))

    driver.add_notice_handler(heard)  # type: ignore[union-attr]  # an open connection has its driver's
    try:
        with driver.cursor() as cursor:  # type: ignore[union-attr]
            # Composed by the driver, never formatted: a name may hold quotes, a %, a : or spaces.
            cursor.execute(sql.SQL("ALTER ROLE {} RENAME TO {}").format(sql.Identifier(old), sql.Identifier(new)))
    finally:
        driver.remove_notice_handler(heard)  # type: ignore[union-attr]
    return PASSWORD_CLEARED in said


def rename(url: ServerURL, old: str, new: str, *, renamed_already: bool = False) -> Renamed:
    """Rename the role `old` to `new` (if there is one) and give `new` every row `old` owns in the
    database at `url`, and its teams' rows, in one transaction; StoreError, with nothing changed, for a
    rename that must not be done (looked at again here, under the lock, as the rows may have changed)."""
    from reflect.store.engine import WRITER_LOCK_SPACE

    with administering(url) as connection:
        # The lock each of the role's own writers takes (by its name, as current_user says it): a save of
        # theirs in flight lands first and is renamed with the rest; one starting now waits for this to end,
        # then writes under the new name. The new name's too, for a role renamed already. In one order, always.
        for name in sorted({old, new}):
            connection.execute(text(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_SPACE}, hashtext(:role))"), {"role": name})
        found = _looked_at(connection, url, old, new, renamed_already=renamed_already)
        cleared = _rename_role(connection, old, new) if found.old_exists else False
        moved: dict[str, int] = {}
        for table in tables_children_first(connection):
            done = cast(
                CursorResult[Any],
                connection.execute(text(f"UPDATE {quoted_name(connection, table)} SET {OWNER} = :new WHERE {OWNER} = :old"), {"old": old, "new": new}),
            ).rowcount
            if done:
                moved[table] = done
        for table in team_tables(connection):
            done = cast(
                CursorResult[Any],
                connection.execute(
                    text(f"UPDATE {quoted_name(connection, table)} SET {TEAM_ROLE_COLUMN} = :new WHERE {TEAM_ROLE_COLUMN} = :old"),
                    {"old": old, "new": new},
                ),
            ).rowcount
            if done:
                moved[table] = done
        if moved.pop("reflection", 0):
            # Said as the preview said them: the completed reflections, and the drafts apart.
            moved |= {key: found.rows[key] for key in ("reflection", DRAFTS) if found.rows.get(key)}
        return Renamed(moved, role_renamed=found.old_exists, password_cleared=cleared)
