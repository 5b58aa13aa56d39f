"""The patterns view of a selection: the figures, the trend, the activity and the commitments, together.

Both the Patterns screen and `reflect stats` show these four for one selection; they are worked
out here, in one place and in one order, so that the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def patterns_view(store: Store, question_set: QuestionSet, selection: Selection, now: datetime, *, grain: str | None = None) -> PatternsView:
    """The patterns of the selection's reflections as of `now`; the store's StoreError passes through."""
    return PatternsView(
        figures=figures(store, question_set, selection),
        trend=trend(store, question_set, selection, now, grain=grain),
        activity=activity(store, selection, now),
        commitments=commitments(store, question_set, selection),
        grain=grain,
    )
