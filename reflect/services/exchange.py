"""Moving reflections between computers: exporting them to a file, and importing such a file.

Export writes every field (drafts too) as JSON, or a spreadsheet's CSV; import reads only what
export wrote, checked whole before anything is stored (reflect.exchange has the file formats).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from reflect.model import Reflection, Selection
from reflect.questions import QuestionSet

if TYPE_CHECKING:
    from reflect.exchange.importing import ReadExport
    from reflect.store import ImportCounts, Store


class Export:
    """An export to write: its text a piece at a time, read from the store as it is written (so
    the store stays open until `pieces()` is used up), and then how many reflections it held."""

    def __init__(self, reflections: Iterable[Reflection], render: Callable[[Iterable[Reflection]], Iterator[str]]) -> None:
        self._reflections = reflections
        self._render = render
        self.reflections = 0
        """How many reflections the pieces written so far held: all of them, once written."""

    def pieces(self) -> Iterator[str]:
        return self._render(self._counted())

    def _counted(self) -> Iterator[Reflection]:
        for reflection in self._reflections:
            self.reflections += 1
            yield reflection


def export_reflections(store: Store | None, question_set: QuestionSet, *, period: Selection, fmt: str) -> Export:
    """The reflections (drafts too) of `period` as "json" or "csv"; with no store (no database yet), none.

    They are read a page at a time as the export is written: its memory is the same for ten
    reflections or a million.
    """
    from reflect.exchange.export import csv_pieces, json_pieces
    from reflect.settings import PRACTITIONER_ID

    reflections: Iterable[Reflection] = store.iter_reflections(period, drafts=True) if store is not None else []
    if fmt == "csv":
        return Export(reflections, lambda counted: csv_pieces(counted, question_set))
    practitioner_id = store.setting(PRACTITIONER_ID) if store is not None else None
    return Export(
        reflections,
        lambda counted: json_pieces(counted, question_set, practitioner_id=practitioner_id, start=period.start, end=period.end),
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
