"""The supervision summary the app writes (command palette, or r on Patterns): an HTML file in the reports folder."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.model import Selection

if TYPE_CHECKING:
    from reflect.questions import QuestionSet
    from reflect.store import Store


def write_supervision_summary(store: Store, question_set: QuestionSet, selection: Selection, now: datetime) -> tuple[Path, str]:
    """Write the summary of `selection`; where it went, and how many reflections it covers, in words.

    Raises StoreError, FileProblem or OSError, for the app to show.
    """
    from reflect.exchange.files import write_private
    from reflect.exchange.report import build_report, render_report
    from reflect.paths import reports_dir

    report = build_report(store, question_set, selection, now=now, name=store.setting("display_name"))
    # A custom period may end before today: the file is named after the last day it covers.
    last = min(selection.end - timedelta(microseconds=1), now) if selection.end is not None else now
    span = f"{selection.start:%Y-%m-%d}-to-{last:%Y-%m-%d}" if selection.start else f"all-time-to-{last:%Y-%m-%d}"
    path = reports_dir() / f"supervision-summary-{span}.html"
    write_private(path, render_report(report, "html"))
    return path, report.reflections_words
