"""Bringing a database up to the schema this version of reflect expects (imports Alembic)."""

from __future__ import annotations

import sqlite3
from importlib import resources
from typing import cast

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text

from reflect.server_url import ServerURL
from reflect.store.dialect import on_postgresql
from reflect.store.engine import WRITE
from reflect.store.errors import StoreError


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("reflect.store") / "migrations"))
    return config


def _refuse_unless_allowed(connection: Connection, url: ServerURL | None) -> None:
    """On a shared server a practitioner's role has the use of the tables, not their ownership, so it
    cannot change them: say so, and who can, before Alembic fails on its first statement."""
    from reflect.store.row_security import current_role, may_set_up

    if may_set_up(connection):
        return
    from reflect.store.server import without_role

    command_line = f"`reflect org init {without_role(url) if url else 'URL'}`"
    database = f"The PostgreSQL database {url}" if url else "This PostgreSQL database"
    role = current_role(connection)
    if connection.execute(text("SELECT to_regclass('alembic_version') IS NULL")).scalar():
        raise StoreError(
            f"{database} has no reflect tables yet, and your role {role} may not create them: "
            f"ask your administrator to run {command_line}. Nothing was changed."
        )
    raise StoreError(
        f"{database} is at an earlier schema than this version of reflect, and your role {role} "
        f"may not upgrade it: ask your administrator to run {command_line} with this version of reflect. Nothing was changed."
    )


def upgrade_to_head(engine: Engine, location: ServerURL | None = None) -> None:
    """Apply every migration in one transaction: all of them land, or none do.

    Foreign keys are off while migrations run, as SQLite asks for any change that copies a
    table: dropping the old copy would otherwise cascade to the answers and delete them.
    They are checked before the transaction commits. On PostgreSQL the same migrations (none
    copies a table there) run in one transaction with every constraint enforced as they go, and
    after the writers' lock, so that two first starts at once upgrade it once; a role that may not
    change the tables (a practitioner's, on an organisation's server) is refused first, naming
    `reflect org init` at `location`.
    """
    config = alembic_config()
    with engine.execution_options(**WRITE).connect() as connection:
        if on_postgresql(connection):
            with connection.begin():
                _refuse_unless_allowed(connection, location)
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        # The pysqlite connection underneath: SQLAlchemy types it as possibly None (a closed one), never so here.
        driver = cast(sqlite3.Connection, connection.connection.driver_connection)
        driver.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise StoreError(
                        f"Upgrading the database would leave {len(broken)} rows pointing at nothing; "
                        "it was left as it was. Please report this."
                    )
        finally:
            driver.execute("PRAGMA foreign_keys = ON")
