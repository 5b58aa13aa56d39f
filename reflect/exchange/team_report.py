"""The team summary to print or keep: the team view (reflect.exchange.team) as Markdown or one
self-contained HTML file that prints on A4, with the same styles as a practitioner's summary.

Team-wide figures appear only as the team view gives them: from TEAM_MINIMUM practitioners
(and for a month, from TEAM_MINIMUM practitioners who reflected in it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reflect import __version__
from reflect.exchange.report import render
from reflect.exchange.team import (
    MONTHS_SHOWN,
    NO_TEAM_MONTH,
    PractitionerView,
    TeamView,
    covered_words,
    flag_summary,
    item_answers,
    item_heading,
    month_heading,
    rate_cell,
    shared_words,
    waiting_for_team,
)
from reflect.thresholds import MIN_N, TEAM_MINIMUM

COLUMNS_PER_TABLE = 5
"""Practitioners side by side in one table of the printed summary (more would not fit A4's width)."""


@dataclass(frozen=True)
class ColumnGroup:
    """One table's worth of practitioners, beside the practices (and the team's column)."""

    practitioners: list[PractitionerView]
    first: int
    """The position of its first practitioner in the team (1 for the first table)."""


def column_groups(view: TeamView) -> list[ColumnGroup]:
    people = view.practitioners
    return [ColumnGroup(people[start : start + COLUMNS_PER_TABLE], start + 1) for start in range(0, len(people), COLUMNS_PER_TABLE)]


def render_team_report(view: TeamView, fmt: str, *, now: datetime) -> str:
    """The team summary in `fmt` ("md" or "html")."""
    return render(
        f"team.{fmt}.jinja",
        view=view,
        groups=column_groups(view),
        written_at=now,
        team_months=view.team_months[-MONTHS_SHOWN:],
        month_headings=[month_heading(month) for month in view.months][-MONTHS_SHOWN:],
        generator=f"reflect {__version__}",
        TEAM_MINIMUM=TEAM_MINIMUM,
        MIN_N=MIN_N,
        MONTHS_SHOWN=MONTHS_SHOWN,
        NO_TEAM_MONTH=NO_TEAM_MONTH,
        rate_cell=rate_cell,
        item_heading=item_heading,
        item_answers=lambda item: item_answers(item, view.question_set).replace("\u00a0", " "),
        flag_summary=flag_summary,
        shared_words=shared_words,
        waiting_for_team=waiting_for_team,
        covered_words=covered_words,
    )
