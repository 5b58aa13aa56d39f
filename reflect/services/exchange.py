"""Moving reflections between computers: exporting them to a file, and importing such a file.

Export writes every field (drafts too) as JSON, or a spreadsheet's CSV; import reads only what
export wrote, checked whole before anything is stored (reflect.exchange has the file formats).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from reflect.model import Selection
from reflect.questions import QuestionSet

if TYPE_CHECKING:
    from reflect.exchange.importing import ReadExport
    from reflect.store import ImportCounts, Store
    from reflect.store.exporting import StoredReflection


class Export:
    """An export to write: its text a piece at a time, read from the store as it is written (so
    the store stays open until `pieces()` is used up), and then how many reflections it held."""

    def __init__(self, reflections: Iterable[StoredReflection], render: Callable[[Iterable[StoredReflection]], Iterator[str]]) -> None:
        self._reflections = reflections
        self._render = render
        self.reflections = 0
        """How many reflections the pieces written so far held: all of them, once written."""

    def pieces(self) -> Iterator[str]:
        # What is alive before the export (the modules, the open store) stays alive until it ends:
        # frozen, the garbage collector no longer goes through all of it again every few pages.
        gc.freeze()
        try:
            yield from self._render(self._counted())
        finally:
            gc.unfreeze()

    def _counted(self) -> Iterator[StoredReflection]:
        for reflection in self._reflections:
            self.reflections += 1
            yield reflection


def export_reflections(store: Store | None, question_set: QuestionSet, *, period: Selection, fmt: str) -> Export:
    """The reflections (drafts too) of `period` as "json" or "csv"; with no store (no database yet), none.

    They are read a page at a time as the export is written: its memory is the same for ten
    reflections or a million. They come as the values the store holds, made into the file's
    records directly (no model objects in between: an export writes each reflection once).
    """
    from reflect.exchange.export import csv_pieces, json_pieces, stored_record_texts
    from reflect.settings import PRACTITIONER_ID

    reflections: Iterable[StoredReflection] = store.iter_stored(period, drafts=True) if store is not None else []
    if fmt == "csv":
        return Export(reflections, lambda counted: csv_pieces(counted, question_set))
    practitioner_id = store.setting(PRACTITIONER_ID) if store is not None else None
    return Export(
        reflections,
        lambda counted: json_pieces(stored_record_texts(counted, question_set), practitioner_id=practitioner_id, start=period.start, end=period.end),
    )


def read_export_file(name: str) -> ReadExport:
    """An export file ("-" for standard input), checked whole; raises FileProblem saying what is wrong."""
    from reflect.exchange.importing import read_export

    return read_export(name)


def import_export(store: Store, exported: ReadExport) -> ImportCounts:
    """Store an export's reflections in one go: a newer edit replaces the one held; the same one adds nothing."""
    from reflect.settings import PRACTITIONER_ID

    # The practitioner id comes along, so that bundles shared from here replace those shared before.
    adopted = {PRACTITIONER_ID: exported.practitioner_id} if exported.practitioner_id else {}
    return store.import_reflections(exported.reflections, settings_if_missing=adopted)
