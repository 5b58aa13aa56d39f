"""The first schema: reflections, their answers and their tags.

Revision ID: 0001_initial
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reflection",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("question_set_id", sa.String(), nullable=False),
        sa.Column("question_set_version", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("person_code", sa.String(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("what_happened", sa.String(), nullable=False),
        sa.Column("so_what", sa.String(), nullable=False),
        sa.Column("now_what", sa.String(), nullable=False),
        sa.Column("commitment", sa.String(), nullable=False),
        sa.Column("is_draft", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_reflection_draft_occurred", "reflection", ["is_draft", "occurred_at"])
    op.create_table(
        "answer",
        sa.Column(
            "reflection_id",
            sa.String(length=36),
            sa.ForeignKey("reflection.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("question_key", sa.String(), primary_key=True),
        sa.Column("response", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
    )
    op.create_table(
        "reflection_tag",
        sa.Column(
            "reflection_id",
            sa.String(length=36),
            sa.ForeignKey("reflection.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("tag", sa.String(), primary_key=True),
    )
    op.create_index("ix_reflection_tag_tag", "reflection_tag", ["tag"])


def downgrade() -> None:
    op.drop_table("reflection_tag")
    op.drop_table("answer")
    op.drop_table("reflection")
