"""Each reflection's revision: how many times it has been written.

A save carries the revision it started from, and the store refuses one that is older than what
it holds, so two windows (or the app and `reflect import`) cannot silently overwrite each other.
Existing reflections start at revision 1.

Revision ID: 0004_reflection_revision
Revises: 0003_team_practitioners
"""

from alembic import op

revision = "0004_reflection_revision"
down_revision = "0003_team_practitioners"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN with a constant default: no table copy (see reflect.store.migrate).
    op.execute("ALTER TABLE reflection ADD COLUMN revision INTEGER NOT NULL DEFAULT 1")


def downgrade() -> None:
    with op.batch_alter_table("reflection") as batch:
        batch.drop_column("revision")
