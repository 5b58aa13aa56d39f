"""The text index's segments merged apart from the saves, never inside one.

FTS5 merges the segments of its index inside whichever write adds one too many. As 0011 left it,
a level was merged whole inside one save when it reached sixteen segments, and at a million
reflections the upper levels are large: one save in 300 waited 3.4 s. From here a write only adds
its own small segments, and reflect.store.checkpoint merges them in short steps of their own once
writes pause (reflect.store.text_index.merge_step). A server database has no FTS5 table: nothing
changes there, nor in a file that has no text index.

Revision ID: 0012_text_index_merges_apart
Revises: 0011_history_text_index
"""

from alembic import op

from reflect.store.text_index import AUTOMERGE_0011, FTS_TABLE, SQLITE_MERGES_APART, sqlite_has_text_index

revision = "0012_text_index_merges_apart"
down_revision = "0011_history_text_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite" or not sqlite_has_text_index(connection):
        return
    for statement in SQLITE_MERGES_APART:
        op.execute(statement)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite" or not sqlite_has_text_index(connection):
        return
    # As 0011 left it: merged inside the saves once sixteen segments wait, crisismerge at FTS5's default.
    op.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('automerge', {AUTOMERGE_0011})")
    op.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('crisismerge', 16)")
