"""Moving a practitioner's reflections to another database: a file into their database on a server,
a server's back into a file, or one file into another (`reflect copy`).

The reflections are read from the source a page at a time and written to the destination in one
transaction, as an import writes them (a new id is added, a newer edit replaces the one held, the same
one adds nothing), so a failure part-way leaves the destination as it was and a second copy changes
nothing. The practitioner's own facts (reflect.settings.PRACTITIONER_KEYS) come along where the
destination has none, and so do their feedback from supervision and revalidation accounts (those it
lacks); the source is never changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reflect.model import Reflection

if TYPE_CHECKING:
    from reflect.store import ImportCounts, Store


class AnotherPractitioner(Exception):
    """The destination holds the reflections of a practitioner with another id: nothing was copied."""


@dataclass
class Copied:
    """What a copy did: the reflections read and what became of them, and what it brought besides."""

    counts: ImportCounts
    drafts: int
    """How many of the reflections read were unfinished."""
    settings: list[str] = field(default_factory=list)
    """The practitioner's settings the destination did not have, now copied (reflect.settings keys)."""
    carried: dict[str, int] = field(default_factory=dict)
    """Rows beside the reflections the destination did not have, now copied, by table
    (reflect.store.practitioner_data.CARRIED_TABLES: feedback, revalidation accounts)."""

    @property
    def reflections(self) -> int:
        return self.counts.added + self.counts.updated + self.counts.unchanged


def copy_reflections(source: Store, destination: Store, *, another_practitioner: bool = False) -> Copied:
    """Copy every reflection (drafts too), the practitioner's settings, their feedback from supervision and
    their revalidation accounts from `source` into `destination`, in one transaction there.

    Raises AnotherPractitioner, before anything is written, if both name a practitioner id and the ids
    differ (unless `another_practitioner`); StoreError from either database as they raise it.
    """
    from reflect.settings import PRACTITIONER_ID, PRACTITIONER_KEYS
    from reflect.store.practitioner_data import rows_to_carry

    theirs, ours = destination.setting(PRACTITIONER_ID), source.setting(PRACTITIONER_ID)
    if theirs and ours and theirs != ours and not another_practitioner:
        raise AnotherPractitioner(theirs)
    settings = {key: value for key in PRACTITIONER_KEYS if (value := source.setting(key))}
    missing = [key for key in settings if destination.setting(key) is None]
    carried = rows_to_carry(source)
    drafts = 0

    def counted() -> Iterator[Reflection]:
        nonlocal drafts
        for reflection in source.iter_reflections(drafts=True):
            drafts += reflection.is_draft
            yield reflection

    counts = destination.import_reflections(counted(), settings_if_missing=settings, keep_revisions=True, then=carried.write)
    return Copied(counts=counts, drafts=drafts, settings=missing, carried={table: rows for table, rows in carried.written.items() if rows})
