"""Every setting reflect keeps, by name, with where it is kept and typed ways to read and write it.

Settings live in one of two places:

- settings.json in the config folder (reflect.paths.settings_file): the preferences of
  whoever uses this computer, whichever database is open. Only the theme, today.
- the store_setting table of a database (Store.setting, Store.set_settings): facts about
  that database and its practitioner, which move with the file (backups, exports) and
  are never mixed between databases.

Standard library only: the app reads the theme before its first paint.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final, Protocol

from reflect.private_files import write_private

# In settings.json ------------------------------------------------------------------------

THEME: Final = "theme"
"""The name of the Textual theme last chosen (such as "high-contrast"), kept in settings.json."""

FILE_KEYS: Final = (THEME,)
"""Every key reflect keeps in settings.json."""

# In a database's store_setting table ---------------------------------------------------------

DISPLAY_NAME: Final = "display_name"
"""The name last given to `reflect share --as`, offered again next time and shown on reports."""

PRACTITIONER_ID: Final = "practitioner_id"
"""A random id, made on the first `reflect share`, that tells a team database whose bundles are whose.

An export carries it, and importing into a database without one adopts it."""

DATABASE_ROLE: Final = "database_role"
"""Set to "team" in a team database of supervision bundles; a practitioner's own database has none.
Kept by the store itself (reflect.store.opening)."""

RESPONSE_SLOTS: Final = "response_slots"
"""The question keys, comma-separated, that each reflection's answer code was written for.
Kept by the store itself (reflect.store.derived)."""

REVALIDATION_DATE: Final = "revalidation_date"
"""The NMC revalidation date the nurse gave `reflect revalidation --date` (YYYY-MM-DD): the end of the cycle."""

DATABASE_KEYS: Final = (DISPLAY_NAME, PRACTITIONER_ID, DATABASE_ROLE, RESPONSE_SLOTS, REVALIDATION_DATE)
"""Every key reflect keeps in a database's store_setting table."""

PRACTITIONER_KEYS: Final = (PRACTITIONER_ID, DISPLAY_NAME, REVALIDATION_DATE)
"""The store_setting keys that are facts about the practitioner, not the file: `reflect copy` carries
them to another database and `reflect erase` on a server removes them. DATABASE_ROLE and RESPONSE_SLOTS
belong to the database itself."""


class HoldsSettings(Protocol):
    """What the database accessors need of a store (Store has it; no SQLAlchemy imported here)."""

    def setting(self, key: str) -> str | None: ...


# settings.json ----------------------------------------------------------------------------------


def load_settings(path: Path) -> dict[str, object]:
    """Everything in the settings file at `path`; empty if it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(path: Path, key: str, value: object) -> None:
    """Update one setting; a settings file that cannot be written is not worth interrupting anyone for."""
    settings = load_settings(path)
    settings[key] = value
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private(path, json.dumps(settings, indent=2))
    except OSError:  # PrivateFileError included: the file is left as it was
        pass


def theme(path: Path) -> str | None:
    """The theme last chosen, from the settings file at `path`; None if none was (or it is not a name)."""
    value = load_settings(path).get(THEME)
    return value if isinstance(value, str) else None


def save_theme(path: Path, name: str) -> None:
    """Remember `name` as the theme in the settings file at `path` (quietly, if it cannot be written)."""
    save_setting(path, THEME, name)


# A database's store_setting ---------------------------------------------------------------------


def display_name(store: HoldsSettings) -> str | None:
    """The name this database's practitioner last shared under, if they have shared."""
    return store.setting(DISPLAY_NAME)


def practitioner_id(store: HoldsSettings) -> str | None:
    """This database's practitioner id, if one was made (by sharing) or adopted (by importing)."""
    return store.setting(PRACTITIONER_ID)
