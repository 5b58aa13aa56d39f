"""Supervision: in a team database, the record (agreements, sessions, who was there, what was
discussed, comments on flagged items, the actions agreed and how each went); in a practitioner's
own, the feedback received from supervision (comments on reflections, agreed actions) and the
reflective accounts written for revalidation (which reflection, when).

New tables only, empty in every existing database (each kind of database uses its own).

Revision ID: 0006_supervision_records
Revises: 0005_team_bundles_by_period
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_supervision_records"
# 0005 is another branch's migration; the two are chained when they are merged.
down_revision = "0005_team_bundles_by_period"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervision_agreement",
        sa.Column("practitioner_id", sa.String(length=36), primary_key=True),
        sa.Column("frequency", sa.String(), nullable=False),
        sa.Column("confidentiality", sa.String(), nullable=False),
        sa.Column("noted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "supervision_session",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("practitioner_id", sa.String(length=36), nullable=False),
        sa.Column("held_on", sa.String(), nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_supervision_session_practitioner_id", "supervision_session", ["practitioner_id"])
    op.create_table(
        "supervision_attendee",
        sa.Column("session_id", sa.String(length=36), sa.ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
    )
    op.create_table(
        "supervision_discussed",
        sa.Column("session_id", sa.String(length=36), sa.ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("reflection_id", sa.String(length=36), primary_key=True),
        sa.Column("day", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
    )
    op.create_table(
        "supervision_action",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("session_id", sa.String(length=36), sa.ForeignKey("supervision_session.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("reviewed_in", sa.String(length=36), nullable=True),
    )
    op.create_index("ix_supervision_action_session_id", "supervision_action", ["session_id"])
    op.create_table(
        "supervision_comment",
        sa.Column("session_id", sa.String(length=36), sa.ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("reflection_id", sa.String(length=36), primary_key=True),
        sa.Column("text", sa.String(), nullable=False),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("held_on", sa.String(), nullable=False),
        sa.Column("attendees", sa.String(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "feedback_comment",
        sa.Column("feedback_id", sa.String(length=36), sa.ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("reflection_id", sa.String(length=36), sa.ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("text", sa.String(), nullable=False),
    )
    op.create_index("ix_feedback_comment_reflection_id", "feedback_comment", ["reflection_id"])
    op.create_table(
        "feedback_action",
        sa.Column("feedback_id", sa.String(length=36), sa.ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("text", sa.String(), nullable=False),
    )
    op.create_table(
        "revalidation_account",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("reflection_id", sa.String(length=36), sa.ForeignKey("reflection.id", ondelete="CASCADE"), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("themes", sa.String(), nullable=False),
    )
    op.create_index("ix_revalidation_account_reflection_id", "revalidation_account", ["reflection_id"])


def downgrade() -> None:
    op.drop_index("ix_revalidation_account_reflection_id", table_name="revalidation_account")
    op.drop_table("revalidation_account")
    op.drop_table("feedback_action")
    op.drop_index("ix_feedback_comment_reflection_id", table_name="feedback_comment")
    op.drop_table("feedback_comment")
    op.drop_table("feedback")
    op.drop_table("supervision_comment")
    op.drop_index("ix_supervision_action_session_id", table_name="supervision_action")
    op.drop_table("supervision_action")
    op.drop_table("supervision_discussed")
    op.drop_table("supervision_attendee")
    op.drop_index("ix_supervision_session_practitioner_id", table_name="supervision_session")
    op.drop_table("supervision_session")
    op.drop_table("supervision_agreement")
