"""Flags for supervision, commitments linked to practices, and columns shaped for patterns.

- reflection.flagged and answer.flagged: a reflection, or one answer's note, flagged by the
  practitioner to bring to supervision.
- commitment_question: the practices a commitment for next time is about.
- reflection.responses and reflection.occurred_day: each reflection's answers as one short
  code (a character per question) and the local day it happened, so that months of patterns
  are summed from one narrow index rather than joined from ten rows per reflection. Both
  are derived from the answer rows and the time; the store fills them in (see
  reflect.store.derived) whenever they are missing or the question order changes.
- store_setting: small facts about the file itself, such as the question order of the codes.

Revision ID: 0002_flags_links_and_patterns
Revises: 0001_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_flags_links_and_patterns"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: the tables are never copied and dropped, so nothing
    # depends on foreign keys being off while this runs (see reflect.store.migrate).
    op.add_column("reflection", sa.Column("flagged", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("reflection", sa.Column("responses", sa.String(), nullable=False, server_default=sa.text("''")))
    op.add_column("reflection", sa.Column("occurred_day", sa.String(), nullable=False, server_default=sa.text("''")))
    op.add_column("answer", sa.Column("flagged", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.drop_index("ix_reflection_draft_occurred", table_name="reflection")
    op.create_index(
        "ix_reflection_patterns", "reflection", ["is_draft", "occurred_at", "kind", "occurred_day", "responses"]
    )
    op.create_table(
        "commitment_question",
        sa.Column(
            "reflection_id",
            sa.String(length=36),
            sa.ForeignKey("reflection.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("question_key", sa.String(), primary_key=True),
    )
    op.create_table(
        "store_setting",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_setting")
    op.drop_table("commitment_question")
    op.drop_index("ix_reflection_patterns", table_name="reflection")
    op.create_index("ix_reflection_draft_occurred", "reflection", ["is_draft", "occurred_at"])
    with op.batch_alter_table("answer") as batch:
        batch.drop_column("flagged")
    with op.batch_alter_table("reflection") as batch:
        batch.drop_column("occurred_day")
        batch.drop_column("responses")
        batch.drop_column("flagged")
