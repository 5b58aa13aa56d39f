"""The administrator erasing a practitioner's rows from an organisation's database on a PostgreSQL
server (`reflect org erase-practitioner URL ROLE`): what the role owns there first, then all of it,
then VACUUM on the tables that held it.

Works the same on the practitioners' stores database (`reflect org init`) and the team database
(`reflect org init-team`), and for a role that has been dropped already (its rows are found by its
name). The front end asks between the steps; the store does the SQL (reflect.store.practitioner_erasure).
Imported only when the command runs, as it loads the store.
"""

from __future__ import annotations

from reflect.server_url import Location
from reflect.services.organisation import checked_roles, server_of
from reflect.store.practitioner_erasure import DRAFTS, WAIT_FOR_OLDER_SNAPSHOTS_S, Holding, Owner, Vacuumed, erase_rows_of, vacuum
from reflect.store.practitioner_erasure import held_by as holding
from reflect.store.practitioner_erasure import owners as owning

__all__ = [
    "DRAFTS", "WAIT_FOR_OLDER_SNAPSHOTS_S", "Holding", "Owner", "Vacuumed", "clear_deleted_rows", "erase_practitioner", "held_by", "owners",
]


def owners(database: Location) -> list[Owner]:
    """Every role name whose rows `database` holds, with how many and whether the role is still one of reflect's."""
    return owning(server_of(database))


def held_by(database: Location, role: str) -> Holding:
    """What `role` owns in `database`; changes nothing."""
    return holding(server_of(database), checked_roles([role])[0])


def erase_practitioner(database: Location, role: str) -> dict[str, int]:
    """Delete every row `role` owns in `database`, in one transaction: the rows deleted, by table
    (the drafts apart under DRAFTS)."""
    return erase_rows_of(server_of(database), checked_roles([role])[0])


def clear_deleted_rows(database: Location, erased: dict[str, int], *, rewrite: bool = False) -> Vacuumed:
    """VACUUM the tables that held the `erased` rows (VACUUM FULL if `rewrite`: new files without their
    bytes), rather than leave them to autovacuum. Never raises: says why it could not."""
    return vacuum(server_of(database), [table.partition(":")[0] for table in erased], full=rewrite)
