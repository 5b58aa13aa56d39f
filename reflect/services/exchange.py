"""Moving reflections between computers: exporting them to a file, and importing such a file.

Export writes every field (drafts too) as JSON, or a spreadsheet's CSV; import reads only what
export wrote, checked whole before anything is stored (reflect.exchange has the file formats).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reflect.model import Selection
from reflect.questions import QuestionSet

if TYPE_CHECKING:
    from reflect.exchange.importing import ReadExport
    from reflect.store import ImportCounts, Store


@dataclass(frozen=True)
class Export:
    """An export ready to write: its text, and how many reflections it holds."""

    text: str
    reflections: int


def export_reflections(
    store: Store | None, question_set: QuestionSet, *, period: Selection, fmt: str
) -> Export:
    """The reflections (drafts too) of `period` as "json" or "csv"; with no store (no database yet), none."""
    from reflect.exchange.export import export_csv, export_document, export_json
    from reflect.settings import PRACTITIONER_ID

    reflections = store.reflections(period, drafts=True) if store is not None else []
    if fmt == "csv":
        return Export(export_csv(reflections, question_set), len(reflections))
    practitioner_id = store.setting(PRACTITIONER_ID) if store is not None else None
    document = export_document(reflections, question_set, practitioner_id=practitioner_id, start=period.start, end=period.end)
    return Export(export_json(document), len(reflections))


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
