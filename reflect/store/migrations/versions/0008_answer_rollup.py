"""The answer rollup: completed reflections' answers summed per day, week and month (see
reflect.store.rollup), so that figures over any period are summed from a few thousand rows
instead of every reflection.

Filled here from the answer codes already stored: the database sums them per practitioner,
local day and kind, and those sums are added into weeks and months. A database whose codes were
never made (older than 0002) is left empty here and filled when its codes are made, on opening.
Self-contained on purpose: later versions of the rollup's code must not change what this did.

Revision ID: 0008_answer_rollup
Revises: 0007_history_index
"""

from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0008_answer_rollup"
down_revision = "0007_history_index"
branch_labels = None
depends_on = None

LETTERS = "ypnx"
SLOTS = 12
"""Questions the rollup has columns for (reflect.store.tables.ROLLUP_SLOTS when this was written)."""
COUNTS = ("reflections", *(f"{letter}{slot}" for slot in range(1, SLOTS + 1) for letter in LETTERS))
KEYS = ("span", "practitioner", "period", "kind")


def upgrade() -> None:
    rollup = op.create_table(
        "answer_rollup",
        sa.Column("span", sa.String(length=5), primary_key=True),
        sa.Column("period", sa.String(length=10), primary_key=True),  # a range of periods is a range of the key
        sa.Column("practitioner", sa.String(length=36), primary_key=True),
        sa.Column("kind", sa.String(), primary_key=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
    )
    connection = op.get_bind()
    if not connection.execute(sa.text("SELECT value FROM store_setting WHERE key = 'response_slots'")).scalar_one_or_none():
        return  # no answer codes yet: they are made, and the rollup with them, when the database is opened
    sums = ", ".join(
        f"sum(CASE WHEN substr(responses, {position}, 1) = '{letter}' THEN 1 ELSE 0 END)"
        for position in range(1, SLOTS + 1)
        for letter in LETTERS
    )
    found = connection.execute(
        sa.text(
            f"SELECT practitioner_id, occurred_day, kind, count(*), {sums} FROM reflection "
            "WHERE NOT is_draft AND occurred_day != '' GROUP BY practitioner_id, occurred_day, kind"
        )
    )
    longer: dict[tuple[str, str, str, str], list[int]] = {}
    rows = []
    for practitioner, day, kind, *totals in found:
        counts = [int(value or 0) for value in totals]
        owner, group = practitioner or "", kind or ""
        rows.append(dict(zip(KEYS, ("day", owner, day, group))) | dict(zip(COUNTS, counts)))
        moment = date.fromisoformat(day)
        for key in (("week", owner, (moment - timedelta(days=moment.weekday())).isoformat(), group), ("month", owner, day[:8] + "01", group)):
            kept = longer.setdefault(key, [0] * len(COUNTS))
            for index, value in enumerate(counts):
                kept[index] += value
    rows += [dict(zip(KEYS, key)) | dict(zip(COUNTS, counts)) for key, counts in longer.items()]
    for start in range(0, len(rows), 500):
        connection.execute(rollup.insert(), rows[start : start + 500])


def downgrade() -> None:
    op.drop_table("answer_rollup")
