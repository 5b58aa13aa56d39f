"""Team databases keep each practitioner's bundles by period, not only their latest one.

A row of `team_bundle` for every bundle held, and `reflection.bundle_id` saying which bundle a
reflection came from, so that a September bundle no longer replaces a November one: only a newer
bundle of the same period replaces a bundle. `practitioner` keeps the practitioner's name and
their latest bundle's details. Each practitioner's one bundle becomes their first `team_bundle`
row. In a practitioner's own database the table stays empty and the column NULL.

Revision ID: 0005_team_bundles_by_period
Revises: 0004_reflection_revision
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_team_bundles_by_period"
down_revision = "0004_reflection_revision"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_bundle",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("practitioner_id", sa.String(length=36), sa.ForeignKey("practitioner.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("includes_notes", sa.Boolean(), nullable=False),
        sa.Column("flagged_reflections", sa.Integer(), nullable=False),
        sa.Column("flagged_notes", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_team_bundle_practitioner_id", "team_bundle", ["practitioner_id"])
    # A plain ADD COLUMN (no table copy, see reflect.store.migrate), as 0003 added practitioner_id.
    op.execute("ALTER TABLE reflection ADD COLUMN bundle_id VARCHAR(36) REFERENCES team_bundle (id)")
    op.create_index("ix_reflection_bundle_id", "reflection", ["bundle_id"])
    op.execute(
        "INSERT INTO team_bundle (id, practitioner_id, created_at, period_start, period_end, includes_notes, "
        "flagged_reflections, flagged_notes, imported_at) "
        "SELECT bundle_id, id, bundle_created_at, period_start, period_end, includes_notes, flagged_reflections, "
        "flagged_notes, imported_at FROM practitioner"
    )
    op.execute(
        "UPDATE reflection SET bundle_id = (SELECT bundle_id FROM practitioner WHERE practitioner.id = reflection.practitioner_id) "
        "WHERE practitioner_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_reflection_bundle_id", table_name="reflection")
    with op.batch_alter_table("reflection") as batch:
        batch.drop_column("bundle_id")
    op.drop_index("ix_team_bundle_practitioner_id", table_name="team_bundle")
    op.drop_table("team_bundle")
