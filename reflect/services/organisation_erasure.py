"""The administrator erasing a practitioner's rows from an organisation's database on a PostgreSQL
server (`reflect org erase-practitioner URL ROLE`): what the role owns there first, then all of it.

Works the same on the practitioners' stores database (`reflect org init`) and the team database
(`reflect org init-team`), and for a role that has been dropped already (its rows are found by its
name). Imported only when the command runs (it loads the store). The front end asks between the two steps; the store does the SQL
(reflect.store.practitioner_erasure).
"""

from __future__ import annotations

from dataclasses import dataclass

from reflect.server_url import Location
from reflect.store.practitioner_erasure import DRAFTS, Holding

__all__ = ["DRAFTS", "Erasure", "Holding", "erase_practitioner", "held_by"]


@dataclass(frozen=True)
class Erasure:
    """What one run erased: the rows by table, and how the VACUUM after it went."""

    rows: dict[str, int]
    vacuumed: list[str]
    vacuum_problem: str
    vacuum_statement: str


def held_by(database: Location, role: str) -> Holding:
    """What `role` owns in `database`; changes nothing."""
    from reflect.services.organisation import checked_roles, server_of
    from reflect.store.practitioner_erasure import held_by as holding

    url = server_of(database)
    return holding(url, checked_roles([role])[0])


def erase_practitioner(database: Location, role: str) -> Erasure:
    """Delete every row `role` owns in `database` (one transaction), then VACUUM the tables that held them."""
    from reflect.services.organisation import checked_roles, server_of
    from reflect.store.practitioner_erasure import erase_rows_of, vacuum

    url = server_of(database)
    removed = erase_rows_of(url, checked_roles([role])[0])
    tables = [table.partition(":")[0] for table in removed]
    done = vacuum(url, tables)
    return Erasure(removed, done.tables, done.problem, done.statement if done.tables else "")
