"""An index in the order History and export read reflections: when each happened, when it was
written, its id (and whether it is a draft, so that History skips drafts without reading rows).

History and export page through reflections by that key (keyset paging, see
reflect.store.reflections): with this index each page is one seek, wherever it lies, instead of
a sort of every reflection.

Revision ID: 0007_history_index
Revises: 0006_supervision_records
"""

from alembic import op

revision = "0007_history_index"
down_revision = "0006_supervision_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reflection_history", "reflection", ["occurred_at", "created_at", "id", "is_draft"])


def downgrade() -> None:
    op.drop_index("ix_reflection_history", table_name="reflection")
