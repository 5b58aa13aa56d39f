"""Alembic environment: reflect always hands over an open connection (see reflect.store.migrate)."""

from alembic import context
from sqlmodel import SQLModel

import reflect.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
