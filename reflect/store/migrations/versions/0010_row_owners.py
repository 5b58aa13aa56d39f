"""Whose each row is: an `owner` column on every table, filled by the database with the role writing.

On a PostgreSQL server its default is CURRENT_USER, so the database, not reflect, says whose a row
is, and row-level security (reflect.store.row_security, `reflect org init`) can let each role reach only
its own. Rows already there belong to the role that runs this migration: a practitioner's own
database on a server is theirs. In a file the column is always '' (a file has one person).
The three tables keyed by a name rather than a random id (settings, the answer rollup, a supervision
agreement) take the owner into their key, so that two roles on one server each have their own row.

Revision ID: 0010_row_owners
Revises: 0009_history_filters
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_row_owners"
down_revision = "0009_history_filters"
branch_labels = None
depends_on = None

TABLES = (
    "reflection",
    "answer",
    "reflection_tag",
    "commitment_question",
    "store_setting",
    "practitioner",
    "team_bundle",
    "answer_rollup",
    "supervision_agreement",
    "supervision_session",
    "supervision_attendee",
    "supervision_discussed",
    "supervision_action",
    "supervision_comment",
    "feedback",
    "feedback_comment",
    "feedback_action",
    "revalidation_account",
)
KEYS = {
    "store_setting": ("key", "owner"),
    "answer_rollup": ("span", "period", "practitioner", "kind", "owner"),
    "supervision_agreement": ("practitioner_id", "owner"),
}
"""The new primary keys (each the old one with the owner last)."""


def upgrade() -> None:
    on_postgresql = op.get_bind().dialect.name == "postgresql"
    default = sa.text("CURRENT_USER") if on_postgresql else sa.text("''")
    for table in TABLES:
        if on_postgresql:
            op.add_column(table, sa.Column("owner", sa.String(length=63), nullable=False, server_default=default))
            if table in KEYS:
                op.drop_constraint(f"{table}_pkey", table, type_="primary")
                op.create_primary_key(f"{table}_pkey", table, list(KEYS[table]))
        elif table in KEYS:
            _rekeyed_in_a_file(table, KEYS[table], default)
        else:
            op.add_column(table, sa.Column("owner", sa.String(length=63), nullable=False, server_default=default))


def _rekeyed_in_a_file(table: str, key: tuple[str, ...], default: sa.TextClause) -> None:
    """SQLite cannot change a primary key in place: the rows move into a new table of the new key.

    Done by hand rather than in a batch, whose copy names the old key's columns primary and warns.
    None of the three tables has an index besides its key.
    """
    connection = op.get_bind()
    old = sa.Table(table, sa.MetaData(), autoload_with=connection)
    columns = [sa.Column(column.name, column.type, nullable=column.nullable, server_default=column.server_default) for column in old.columns]
    names = ", ".join(f'"{column.name}"' for column in old.columns)
    op.rename_table(table, f"_old_{table}")
    op.create_table(
        table,
        *columns,
        sa.Column("owner", sa.String(length=63), nullable=False, server_default=default),
        sa.PrimaryKeyConstraint(*key, name=f"pk_{table}"),
    )
    op.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "_old_{table}"')
    op.drop_table(f"_old_{table}")


def downgrade() -> None:
    on_postgresql = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if table in KEYS:
            old_key = [column for column in KEYS[table] if column != "owner"]
            if on_postgresql:
                op.drop_constraint(f"{table}_pkey", table, type_="primary")
                op.create_primary_key(f"{table}_pkey", table, old_key)
                op.drop_column(table, "owner")
            else:
                with op.batch_alter_table(table, recreate="always") as batch:
                    batch.drop_column("owner")
                    batch.create_primary_key(f"pk_{table}", old_key)
        else:
            with op.batch_alter_table(table) as batch:
                batch.drop_column("owner")
