"""Indexes for History's filters: by kind and by person code, each in History's order.

A word in History's filter that names a kind or a person code picks those reflections
(reflect.store.history_search). With these, a page of them is one seek, wherever it lies, and
their count reads one index range instead of every reflection. The person code's index is on
lower(person_code), as the filter matches it in any case (SQLite and PostgreSQL both index an
expression). Tags have had their own index since 0001.

Revision ID: 0009_history_filters
Revises: 0008_answer_rollup
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_history_filters"
down_revision = "0008_answer_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reflection_kind_history", "reflection", ["kind", "occurred_at", "created_at", "id", "is_draft"])
    op.create_index(
        "ix_reflection_person_history", "reflection", [sa.text("lower(person_code)"), "occurred_at", "created_at", "id", "is_draft"]
    )


def downgrade() -> None:
    op.drop_index("ix_reflection_person_history", table_name="reflection")
    op.drop_index("ix_reflection_kind_history", table_name="reflection")
