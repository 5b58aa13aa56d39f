"""Reports of a practitioner's reflections: the supervision summary of a period, and a reflective account.

The summary is what the app writes to the reports folder (`write_summary`) and what
`reflect report` prints or writes; the reflective account writes up one reflection for NMC
revalidation. Neither shows person codes or tags (reflect.exchange.report builds and renders them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.model import Reflection, Selection
from reflect.questions import QuestionSet

if TYPE_CHECKING:
    from reflect.exchange.report import Report
    from reflect.store import Store


def supervision_report(store: Store, question_set: QuestionSet, selection: Selection, *, now: datetime, name: str | None = None) -> Report:
    """The supervision summary of the selection, under `name` or else the name last shared under (if any)."""
    from reflect.exchange.report import build_report
    from reflect.settings import DISPLAY_NAME

    if name is None:
        name = store.setting(DISPLAY_NAME)
    return build_report(store, question_set, selection, now=now, name=name)


def summary_file_name(selection: Selection, now: datetime) -> str:
    """The summary's file name in the reports folder, after the days it covers."""
    # A custom period may end before today: the file is named after the last day it covers.
    last = min(selection.end - timedelta(microseconds=1), now) if selection.end is not None else now
    span = f"{selection.start:%Y-%m-%d}-to-{last:%Y-%m-%d}" if selection.start else f"all-time-to-{last:%Y-%m-%d}"
    # A summary of one kind (or tag) is a file of its own beside the one of everything; a tag is
    # never written into the name, as it is never written into the summary.
    only = (f"{selection.kind}-" if selection.kind else "") + ("one-tag-" if selection.tag else "")
    return f"supervision-summary-{only}{span}.html"


@dataclass(frozen=True)
class WrittenSummary:
    """A supervision summary written to a file: where, and what it holds (for saying so)."""

    path: Path
    report: Report


def write_summary(store: Store, question_set: QuestionSet, selection: Selection, now: datetime) -> WrittenSummary:
    """Write the selection's summary as HTML (one file that prints on A4) into the reports folder.

    Readable by the practitioner alone; raises StoreError, FileProblem or OSError saying why it was not written.
    """
    from reflect.exchange.files import write_private
    from reflect.exchange.report import render_report
    from reflect.paths import reports_dir

    report = supervision_report(store, question_set, selection, now=now)
    path = reports_dir() / summary_file_name(selection, now)
    write_private(path, render_report(report, "html"))
    return WrittenSummary(path, report)


class ReflectionNotFound(LookupError):
    """No reflection, or more than one, has an id starting with what was given."""

    def __init__(self, given: str, *, several: bool) -> None:
        super().__init__(given)
        self.given = given
        self.several = several
        """True when the start of the id fits more than one reflection."""


@dataclass(frozen=True)
class AccountSource:
    """What a reflective account is written from: the reflection, and the person codes to keep out of it."""

    reflection: Reflection
    person_codes: set[str]


def account_source(store: Store, id_start: str) -> AccountSource:
    """The one reflection whose id starts with `id_start` (as `reflect list` shows it); ReflectionNotFound if not one."""
    matches = store.find(id_start)
    reflection = store.get(matches[0]) if len(matches) == 1 else None
    if reflection is None:
        raise ReflectionNotFound(id_start.strip(), several=len(matches) > 1)
    return AccountSource(reflection, store.person_codes())
