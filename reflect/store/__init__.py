"""Storage: SQLModel tables, the engine, Alembic migrations and the repository.

Importing this package is cheap; `open_store` pulls in SQLAlchemy when called.
"""

from reflect.store.errors import StoreError

__all__ = ["StoreError", "open_store"]


def open_store(path, *, create_parent: bool = False, slots: tuple[str, ...] | None = None, team: bool = False):  # type: ignore[no-untyped-def]
    """Open (creating or migrating if needed) the database at `path`; see reflect.store.repository.

    `slots`: the question keys, in order, that answer codes are written for (by default the
    questions' own order). `team`: a team database of supervision bundles rather than a
    practitioner's own (each kind refuses to open as the other).
    """
    from reflect.store.repository import Store

    return Store.open(path, create_parent=create_parent, slots=slots, team=team)
