"""The administrator renaming a practitioner's role in an organisation's database on a PostgreSQL
server (`reflect org rename-practitioner URL OLD NEW`): what the rename would do first, then the role
and every row of theirs under the new name, in one transaction.

Works the same on the practitioners' stores database (`reflect org init`) and the team database
(`reflect org init-team`), for a practitioner's, a supervisor's or a reporter's role, and for rows
whose role is gone already. The front end asks between the steps; the store does the SQL
(reflect.store.practitioner_rename). Imported only when the command runs, as it loads the store.
"""

from __future__ import annotations

from urllib.parse import quote

from reflect.server_url import Location
from reflect.services.organisation import checked_roles, server_of
from reflect.store.practitioner_rename import Renamed, Renaming, looked_at, rename

__all__ = ["Renamed", "Renaming", "rename_practitioner", "renaming", "url_as"]


def _two(old: str, new: str) -> tuple[str, str]:
    checked_roles([old, new])  # BadRoleName for a name that cannot be a person's role
    return old, new


def renaming(database: Location, old: str, new: str, *, renamed_already: bool = False) -> Renaming:
    """What renaming `old` to `new` would do in `database`; StoreError for one that must not be done. Changes nothing."""
    return looked_at(server_of(database), *_two(old, new), renamed_already=renamed_already)


def rename_practitioner(database: Location, old: str, new: str, *, renamed_already: bool = False) -> Renamed:
    """Rename the role `old` to `new` and give `new` every row of `old`'s in `database`, in one transaction."""
    return rename(server_of(database), *_two(old, new), renamed_already=renamed_already)


def url_as(database: Location, role: str) -> str:
    """The database's URL connecting as `role` (no password): the one the renamed person now uses."""
    from reflect.store.server import without_role

    bare = without_role(server_of(database))
    scheme, _, rest = bare.partition("://")
    return f"{scheme}://{quote(role, safe='')}@{rest}"
