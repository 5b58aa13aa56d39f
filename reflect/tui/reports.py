"""The supervision summary the app writes (the palette, or r on Patterns): in a worker, then said where."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from reflect.model import Selection
    from reflect.questions import QuestionSet
    from reflect.store import Store


class WritesReports(App[None]):
    """Writing the summary, as a part of ReflectApp (which sets these attributes up)."""

    store: Store | None
    clock: Callable[[], datetime]

    @property
    def question_set(self) -> QuestionSet:
        raise NotImplementedError  # ReflectApp's: read once, when first needed
    last_report: Path | None

    def write_report(self, selection: Selection, words: str) -> None:
        """Write the supervision summary of `selection` as HTML in the reports folder, and say where."""
        if self.store is None:
            return
        self.notify(f"Writing the supervision summary for the {words}…", timeout=3)
        self.run_worker(lambda: self._write_report(selection, words), thread=True, group="report")

    def _write_report(self, selection: Selection, words: str) -> None:
        from reflect.exchange.files import FileProblem
        from reflect.services.reporting import write_summary
        from reflect.store import StoreError

        assert self.store is not None
        try:
            written = write_summary(self.store, self.question_set, selection, self.clock())
            path, reflections_words, only = written.path, written.report.reflections_words, written.report.only
        except (StoreError, FileProblem, OSError) as error:
            self.call_from_thread(
                self.notify, str(error), title="The report was not written", severity="warning", timeout=10, markup=False
            )
            return
        self.last_report = path
        self.call_from_thread(
            self.notify,
            f"{reflections_words.capitalize()} over {words if words == 'all time' else 'the ' + words}. "
            + (f"{only} " if only else "")
            + f"Open it in a browser to read or print it:\n{path}",
            title="Supervision summary written",
            timeout=12,
            markup=False,
        )

    def action_report(self) -> None:
        from reflect.model import Selection
        from reflect.patterns import PERIODS, period_bounds

        start, end = period_bounds("4w", self.clock())
        self.write_report(Selection(start=start, end=end), PERIODS["4w"][0])

