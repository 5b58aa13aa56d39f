"""The patterns view of a selection: the figures, the trend, the activity and the commitments, together.

Both the Patterns screen and `reflect stats` show these four for one selection; they are worked
out here, in one place and in one order, so that the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from reflect.model import Selection
from reflect.patterns import Activity, Commitment, Figures, Trend, activity, commitments, figures, trend
from reflect.questions import QuestionSet

if TYPE_CHECKING:
    from reflect.store import Store


@dataclass(frozen=True)
class PatternsView:
    """Everything the patterns show for one selection, worked out together."""

    figures: Figures
    trend: Trend
    activity: Activity | None
    commitments: list[Commitment]
    grain: str | None
    """The trend's grain as asked for (None: the finest that fits)."""
    commitments_read: bool = True
    """Whether `commitments` has been read (False: still to come, from with_commitments)."""


def patterns_view(
    store: Store, question_set: QuestionSet, selection: Selection, now: datetime, *, grain: str | None = None,
    commitments_too: bool = True,
) -> PatternsView:  # fmt: skip
    """The patterns of the selection's reflections as of `now`; the store's StoreError passes through.

    Without `commitments_too`, the commitments are left to with_commitments: the Patterns screen
    shows the figures first (the commitments' follow-ups are the slowest part, and their section
    is not the one on show)."""
    view = PatternsView(
        figures=figures(store, question_set, selection),
        trend=trend(store, question_set, selection, now, grain=grain),
        activity=activity(store, selection, now),
        commitments=[],
        grain=grain,
        commitments_read=False,
    )
    return with_commitments(store, question_set, view) if commitments_too else view


def with_commitments(store: Store, question_set: QuestionSet, view: PatternsView) -> PatternsView:
    """The view with the commitments of its selection and their follow-ups read."""
    found = commitments(store, question_set, view.figures.selection)
    return replace(view, commitments=found, commitments_read=True)
