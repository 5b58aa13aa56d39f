"""Team databases: whose supervision bundle each reflection came from.

A team database is an ordinary reflect database that a supervisor fills with bundles
(`reflect team --db TEAM.db import BUNDLE...`). Each bundle's practitioner is a row of
`practitioner`, and each reflection from it points there through
`reflection.practitioner_id`. In a practitioner's own database the table stays empty and
the column NULL.

Revision ID: 0003_team_practitioners
Revises: 0002_flags_links_and_patterns
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_team_practitioners"
down_revision = "0002_flags_links_and_patterns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practitioner",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("bundle_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("includes_notes", sa.Boolean(), nullable=False),
        sa.Column("flagged_reflections", sa.Integer(), nullable=False),
        sa.Column("flagged_notes", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    # A plain ALTER TABLE ADD COLUMN (Alembic would copy the table to add a foreign key on
    # SQLite, and a copy is what reflect's migrations avoid: see reflect.store.migrate).
    # SQLite allows a REFERENCES clause here because the new column defaults to NULL. No
    # ON DELETE action: the store removes a practitioner's reflections itself, and the key
    # stops a practitioner being deleted while any remain.
    op.execute("ALTER TABLE reflection ADD COLUMN practitioner_id VARCHAR(36) REFERENCES practitioner (id)")
    op.create_index("ix_reflection_practitioner_id", "reflection", ["practitioner_id"])


def downgrade() -> None:
    op.drop_index("ix_reflection_practitioner_id", table_name="reflection")
    with op.batch_alter_table("reflection") as batch:
        batch.drop_column("practitioner_id")
    op.drop_table("practitioner")
