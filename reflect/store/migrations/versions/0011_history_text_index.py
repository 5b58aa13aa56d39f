"""A text index for History's filter: a rare word found without reading every reflection.

History's filter looks for any other word anywhere in a reflection's texts, person code, tags
and notes (reflect.store.history_search). In a file this adds an FTS5 trigram table, filled from
the rows already there and kept by triggers from then on; on a server, pg_trgm GIN indexes on the
same columns, when pg_trgm is installed or this role may install it (otherwise the filter stays
correct, unindexed: `reflect doctor` says so), except in a shared database, where row-level
security keeps PostgreSQL from using them for a practitioner's role.
reflect.store.text_index holds the statements.

Revision ID: 0011_history_text_index
Revises: 0010_row_owners
"""

from alembic import op

from reflect.store.text_index import (
    FTS_TABLE,
    KEY_TABLE,
    POSTGRESQL_INDEXES,
    SQLITE_CREATE,
    SQLITE_FILL,
    SQLITE_TRIGGERS,
    create_postgresql_extension,
    create_postgresql_indexes,
    row_security_on,
    sqlite_can_make_text_index,
)

revision = "0011_history_text_index"
down_revision = "0010_row_owners"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        # Not in a shared database: row-level security keeps PostgreSQL from using them there.
        if create_postgresql_extension(connection) and not row_security_on(connection):
            create_postgresql_indexes(connection)
        return
    if not sqlite_can_make_text_index(connection):
        return  # an older SQLite, or one without FTS5: the filter stays correct, read row by row
    for statement in (*SQLITE_CREATE, *SQLITE_FILL):
        op.execute(statement)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        for name in POSTGRESQL_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        return
    for trigger in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    op.execute(f"DROP TABLE IF EXISTS {KEY_TABLE}")
