"""Storage: SQLModel tables, the engine, Alembic migrations, and `Store`, through which all SQL goes.

Import the database and what it returns from here, not from the modules inside (they may be
rearranged). Backups and the doctor's examination are modules of their own, used as such:
reflect.store.backup and reflect.store.health.

Importing this package is cheap (the app imports it after its first paint, and `reflect
--help` must import neither Textual nor SQLAlchemy): only StoreError is imported at once,
and every other name below is imported from its module when it is first asked for.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.server_url import Location, ServerURL
from reflect.store.errors import SaveConflict, StoreError

if TYPE_CHECKING:
    from reflect.model import Practitioner as Practitioner
    from reflect.store.aggregates import WeekSummary as WeekSummary
    from reflect.store.database import Store
    from reflect.store.files import check_folder as check_folder
    from reflect.store.files import database_exists as database_exists
    from reflect.store.opening import NotATeamDatabase as NotATeamDatabase
    from reflect.store.reflections import ImportCounts as ImportCounts
    from reflect.store.schema import HEAD_REVISION as HEAD_REVISION
    from reflect.store.schema import KNOWN_REVISIONS as KNOWN_REVISIONS
    from reflect.store.schema import current_revision as current_revision
    from reflect.store.team import BundleConflict as BundleConflict
    from reflect.store.team import HeldBundle as HeldBundle
    from reflect.store.team import TeamBundle as TeamBundle

_LAZY = {
    # The database and what its methods return (these import SQLAlchemy).
    "Store": "reflect.store.database",
    "ImportCounts": "reflect.store.reflections",
    "TeamBundle": "reflect.store.team",
    "HeldBundle": "reflect.store.team",
    "BundleConflict": "reflect.store.team",
    "NotATeamDatabase": "reflect.store.opening",
    "Practitioner": "reflect.store.team",
    "WeekSummary": "reflect.store.aggregates",
    # The file itself, with the standard library only (quick enough for every start).
    "current_revision": "reflect.store.schema",
    "HEAD_REVISION": "reflect.store.schema",
    "KNOWN_REVISIONS": "reflect.store.schema",
    "check_folder": "reflect.store.files",
    "database_exists": "reflect.store.files",
}

__all__ = ["SaveConflict", "StoreError", "open_store", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found once; later look-ups do not come back here
    return value


def open_store(
    path: Location | str, *, create_parent: bool = False, slots: tuple[str, ...] | None = None, team: bool = False,
    existing_team: bool = False,
) -> Store:
    """Open (creating or migrating if needed) the database at `path`; see Store.open.

    `slots`: the question keys, in order, that answer codes are written for (by default the
    questions' own order). `team`: a team database of supervision bundles rather than a
    practitioner's own (each kind refuses to open as the other). `existing_team`: only one that is
    a team database already (NotATeamDatabase otherwise, with nothing changed).
    """
    from reflect.store.database import Store

    return Store.open(path if isinstance(path, ServerURL) else Path(path), create_parent=create_parent, slots=slots, team=team,
                      existing_team=existing_team)
