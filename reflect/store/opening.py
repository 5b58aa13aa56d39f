"""Opening a database as a practitioner's own or a team's, and the facts it keeps about itself.

`Opening.open` checks the file, backs up an older schema before upgrading it, refuses the
wrong kind of database before touching it, and rebuilds the derived columns if needed. A
database on a PostgreSQL server is opened the same way, less what belongs to a file: no open-lock
file (erasing works differently there) and no automatic copy before an upgrade (the server's own
backups, pg_dump or replication, are the copies; the upgrade itself is one transaction).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Self

from sqlalchemy import Connection, Engine, case, inspect, select, text
from sqlalchemy.exc import OperationalError

from reflect.server_url import Location, ServerURL
from reflect.settings import DATABASE_ROLE
from reflect.store.core import StoreCore
from reflect.store.derived import refresh_derived, stored_slots
from reflect.store.dialect import table_names
from reflect.store.engine import WRITE, make_engine
from reflect.store.errors import StoreError
from reflect.store.files import prepare_file
from reflect.store.in_use import OpenLock, hold_open
from reflect.store.reporting import reporting_errors
from reflect.store.schema import HEAD_REVISION, current_revision
from reflect.store.sql import SETTING, read_setting, write_setting
from reflect.store.tables import OWNER, ConnectingRole


class NotATeamDatabase(StoreError):
    """A database opened as an existing team's is not one (empty, or a practitioner's own); it was left unchanged."""

    def __init__(self, path: Location, *, holds_reflections: bool) -> None:
        kind = "a practitioner's own database" if holds_reflections else "not a team database yet"
        super().__init__(f"{path} is {kind}; it was left unchanged")
        self.path = path
        self.holds_reflections = holds_reflections


TEAM_ROLE = "team"
"""A team database says so in store_setting (under DATABASE_ROLE); a practitioner's own database has no role set."""


def _not_opened(location: Location, error: OperationalError) -> StoreError:
    if isinstance(location, ServerURL):
        from reflect.store.server import unreachable

        return unreachable(location, error.orig or error)
    return StoreError(f"Could not open {location}: {error.orig}. Is another program holding it?")


def database_role(connection: Connection, *, anyones: bool = True) -> str | None:
    """The database's role ("team", or None for a practitioner's own), read as any schema has it (this
    runs before an upgrade). Of several rows (a server, since 0010_row_owners), the database's own
    (owner '') is believed first, then the connecting role's, then (`anyones`) whoever made the
    database a team's (a supervisor's database of its own): so that no one role's row passes for the
    database's while the database's own says otherwise."""
    if "owner" not in {column["name"] for column in inspect(connection).get_columns("store_setting")}:
        return connection.execute(text("SELECT value FROM store_setting WHERE key = :key LIMIT 1"), {"key": DATABASE_ROLE}).scalar()
    owner = SETTING.c[OWNER]
    chosen = select(SETTING.c.value).where(SETTING.c.key == DATABASE_ROLE)
    if not anyones:
        chosen = chosen.where(owner.in_(["", ConnectingRole()]))
    believed = case((owner == "", 0), (owner == ConnectingRole(), 1), else_=2)
    return connection.execute(chosen.order_by(believed).limit(1)).scalar()


class Opening(StoreCore):
    """Opening a database, its role, and its store_setting facts."""

    _open_lock: OpenLock | None = None
    """Held while the store is open, so that `reflect erase` knows (reflect.store.in_use)."""

    @classmethod
    def open(
        cls,
        path: Location,
        *,
        create_parent: bool = False,
        slots: tuple[str, ...] | None = None,
        team: bool = False,
        reading_only: bool = False,
        existing_team: bool = False,
    ) -> Self:
        """Open a practitioner's own database, or (`team`) a team database of supervision bundles.

        Each refuses the other kind before changing anything; an empty database can become either.
        `reading_only`: the caller only reads, so an existing database that needs no upgrade is
        opened read-only (and can be read on read-only media); otherwise it is opened as usual.
        `existing_team` (with `team`): only a database that is a team's already, as a practitioner
        sharing into one needs; an empty one, or anything else, is refused before it is touched.
        """
        if slots is None:
            from reflect.questions import default_question_set

            slots = tuple(default_question_set().keys)
        path = path if isinstance(path, ServerURL) else Path(path)
        revision = current_revision(path)
        if existing_team and revision is None:
            raise NotATeamDatabase(path, holds_reflections=False)
        if existing_team and revision != HEAD_REVISION:
            # Upgrading the supervisor's database is for their reflect (or the administrator's), not
            # a side effect of a practitioner's newer one sharing into it.
            raise StoreError(
                f"The team database at {path} is at an earlier version of reflect's tables ({revision}) than this "
                "reflect: it is upgraded when your supervisor or administrator next opens it with the newer reflect. "
                "It was left unchanged."
            )
        if reading_only and not team and revision == HEAD_REVISION and isinstance(path, Path):
            opened = cls._open_read_only(path, slots)
            if opened is not None:
                return opened
        return cls._open_for_writing(path, revision, create_parent=create_parent, slots=slots, team=team, existing_team=existing_team)

    @classmethod
    def _open_read_only(cls, path: Path, slots: tuple[str, ...]) -> Self | None:
        """The database opened for reading only, or None if it must first be written to (its answer codes are stale)."""
        if not path.is_file() or not os.access(path, os.R_OK):
            return None
        lock = hold_open(path)
        engine = make_engine(path, read_only=True)
        try:
            cls._check_role(engine, path, team=False)
            with engine.connect() as connection:
                current = stored_slots(connection) == ",".join(slots)
        except OperationalError as error:
            engine.dispose()
            lock.release()
            raise _not_opened(path, error) from None
        except StoreError:
            engine.dispose()
            lock.release()
            raise
        if not current:
            engine.dispose()
            lock.release()
            return None
        store = cls(engine, path, slots)
        store._open_lock = lock
        return store

    def close(self) -> None:
        super().close()
        if self._open_lock is not None:
            self._open_lock.release()
            self._open_lock = None

    @classmethod
    def _open_for_writing(
        cls, path: Location, revision: str | None, *, create_parent: bool, slots: tuple[str, ...], team: bool, existing_team: bool = False
    ) -> Self:
        if isinstance(path, ServerURL):
            return cls._upgraded(path, revision, slots=slots, team=team, existing_team=existing_team)
        prepare_file(path, create_parent=create_parent)
        lock = hold_open(path)
        try:
            store = cls._upgraded(path, revision, slots=slots, team=team, existing_team=existing_team)
        except BaseException:
            lock.release()
            raise
        store._open_lock = lock
        return store

    @classmethod
    def _upgraded(cls, path: Location, revision: str | None, *, slots: tuple[str, ...], team: bool, existing_team: bool = False) -> Self:
        """The database at the current schema with its answer codes for `slots` (a file backed up first if it was older)."""
        if revision is not None and revision != HEAD_REVISION and isinstance(path, Path):
            # An earlier schema: keep a copy as it was before it is upgraded.
            from reflect.store.backup import automatic_backup

            automatic_backup(path, revision)
        engine = make_engine(path)
        try:
            becomes_team = cls._check_role(engine, path, team=team, existing_team=existing_team)
            if isinstance(path, ServerURL) and not team:
                from reflect.store.row_security import refuse_the_administrator

                refuse_the_administrator(engine, path)
            if revision != HEAD_REVISION:
                from reflect.store.migrate import upgrade_to_head

                upgrade_to_head(engine, path if isinstance(path, ServerURL) else None)
            # Also reports a locked or unreadable file now, not mid-reflection.
            with engine.connect() as connection:
                current = stored_slots(connection) == ",".join(slots)
            # A practitioner sharing into a team database writes their own bundle's rows and nothing
            # else: the answer codes of the rows already there are the supervisor's to rewrite (a
            # role's first opening, finding no setting of its own, would rewrite every row it can see).
            if (not current and not existing_team) or becomes_team:
                with engine.execution_options(**WRITE).begin() as connection:
                    refresh_derived(connection, slots)
                    if becomes_team:
                        write_setting(connection, DATABASE_ROLE, TEAM_ROLE)
        except OperationalError as error:
            engine.dispose()
            raise _not_opened(path, error) from None
        except StoreError:
            engine.dispose()
            raise
        return cls(engine, path, slots)

    @staticmethod
    def _check_role(engine: Engine, path: Location, *, team: bool, existing_team: bool = False) -> bool:
        """Refuse the wrong kind of database before it is touched; True if it is to become a team's."""
        with engine.connect() as connection:
            tables = table_names(connection)
            role = database_role(connection) if "store_setting" in tables else None
            has_reflections = "reflection" in tables and bool(
                connection.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM reflection)").scalar()
            )
        if role == TEAM_ROLE and not team:
            raise StoreError(
                f"{path} is a team database of supervision bundles, not your own reflections. "
                f"Open it with `reflect team --db {path}`; it was left unchanged."
            )
        if team and role != TEAM_ROLE:
            if existing_team:
                raise NotATeamDatabase(path, holds_reflections=has_reflections)
            if has_reflections:
                raise StoreError(
                    f"{path} holds a practitioner's own reflections, not a team's. Give the team database a "
                    "file of its own, such as --db team.db; this one was left unchanged."
                )
            return True
        return False

    @reporting_errors
    def setting(self, key: str) -> str | None:
        """A fact about this database file kept in store_setting (such as the practitioner id)."""
        with self.engine.connect() as connection:
            return read_setting(connection, key)

    @reporting_errors
    def set_settings(self, values: dict[str, str]) -> None:
        with self.engine.execution_options(**WRITE).begin() as connection:
            for key, value in values.items():
                write_setting(connection, key, value)
