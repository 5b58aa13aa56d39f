"""Practice rates laid out as grids: question by period (the trend) and question by kind."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.color import Color, ColorParseError

from reflect.display import visible
from reflect.model import KIND_LABELS
from reflect.patterns import Distribution, Figures, Trend
from reflect.tui.tables import Cell

LABEL_WIDTH = 15
NOT_ENOUGH_MARK = "·"


def rate_shade(rate: float, theme_variables: dict[str, str]) -> str:
    """A background for a rate: the theme's primary colour, stronger as the rate rises.

    Never red, and never the only sign: every shaded cell also shows its number.
    """
    try:
        background = Color.parse(theme_variables.get("background", "#000000"))
        primary = Color.parse(theme_variables.get("primary", "#0178D4"))
    except ColorParseError:
        return ""
    return f"on {background.blend(primary, 0.15 + 0.6 * rate).hex6}"


def rate_cell(distribution: Distribution, min_n: int, theme_variables: dict[str, str], *, width: int) -> Text:
    """A rate as a whole percentage on its shade; the Yes answers of n ("2/3") when there are too few
    for a rate (· where that does not fit); blank when none."""
    rate = distribution.rate(min_n)
    if rate is not None:
        return Text(f"{rate * 100:.0f}".rjust(width - 1) + " ", style=rate_shade(rate, theme_variables))
    if distribution.n:
        counts = f"{distribution.yes}/{distribution.n}"
        return Text((counts if len(counts) < width else NOT_ENOUGH_MARK).rjust(width - 1) + " ", style="dim")
    return Text(" " * width)


def period_heading(start: date, grain: str, previous: date | None) -> str:
    """Two short lines naming a period: the month or year above, the day or month below."""
    if grain == "week":
        top = f"{start:%b}" if previous is None or previous.month != start.month else ""
        return f"{top}\n{start.day:>2}"
    if grain == "month":
        top = f"{start:%Y}" if previous is None or previous.year != start.year else ""
        return f"{top}\n{start:%b}"
    if grain == "quarter":
        top = f"{start:%Y}" if previous is None or previous.year != start.year else ""
        return f"{top}\nQ{(start.month - 1) // 3 + 1}"
    return f"\n{start:%Y}"


TREND_CELL_WIDTH = {"week": 4, "month": 4, "quarter": 5, "year": 5}


def trend_rows(trend: Trend, theme_variables: dict[str, str]) -> tuple[list[tuple[str, int]], list[tuple[Sequence[Cell], str]]]:
    """The columns and rows of the trend grid: a question per row, a period per column."""
    width = TREND_CELL_WIDTH.get(trend.grain, 5)
    columns: list[tuple[str, int]] = [("Practice", LABEL_WIDTH)]
    previous = None
    for start in trend.periods:
        columns.append((period_heading(start, trend.grain, previous), width))
        previous = start
    rows: list[tuple[Sequence[Cell], str]] = []
    for question, cells in trend.questions:
        rendered: list[Cell] = [Text(question.label)]
        rendered.extend(rate_cell(cell, trend.min_n, theme_variables, width=width) for cell in cells)
        rows.append((rendered, question.key))
    counts: list[Cell] = [Text("Reflections", style="dim")]
    counts.extend(Text(str(count).rjust(width - 1) + " " if count else " " * width, style="dim") for count in trend.reflections)
    rows.append((counts, "reflections"))
    return columns, rows


KIND_CELL_WIDTH = 11
SHORT_KIND_LABELS = {"one-to-one": "One-to-one", "community": "Community", "family-meeting": "Family"}
"""Labels that fit a column (the rest are short already)."""


def kind_rows(result: Figures, theme_variables: dict[str, str]) -> tuple[list[tuple[str, int]], list[tuple[Sequence[Cell], str]]]:
    """The columns and rows of the kinds grid: a question per row, a kind of interaction per column."""
    kinds = list(result.by_kind)
    columns: list[tuple[str, int]] = [("Practice", LABEL_WIDTH)]
    for kind in kinds:
        name = SHORT_KIND_LABELS.get(kind or "") or visible(KIND_LABELS.get(kind or "", kind or "")) if kind else "Not given"
        count = result.reflections_by_kind.get(kind, 0)
        columns.append((f"{name[:KIND_CELL_WIDTH - 1]}\n{count} refl.", KIND_CELL_WIDTH))

    def cell(distribution: Distribution, rate: float | None) -> Text:
        if rate is not None:
            text = f"{rate * 100:>3.0f}% n={distribution.n}"
        elif distribution.n:
            # Below the minimum, the answers themselves (the legend says so), in the cell's width.
            text = f"Yes {distribution.yes} of {distribution.n}"
            text = text if len(text) < KIND_CELL_WIDTH else f"{distribution.yes}/{distribution.n} Yes"
        else:
            text = ""
        return Text(text.ljust(KIND_CELL_WIDTH), style=rate_shade(rate, theme_variables) if rate is not None else "dim")

    rows: list[tuple[Sequence[Cell], str]] = []
    pooled: list[Cell] = [Text("All practices", style="bold")]
    # A pooled rate only once each practice has enough answers, as for a CHIME domain.
    pooled.extend(cell(result.kind_pooled(kind)[0], result.kind_rate(kind)) for kind in kinds)
    rows.append((pooled, "all"))
    for index, question in enumerate(result.questions):
        rendered: list[Cell] = [Text(question.question.label)]
        rendered.extend(cell(d := result.by_kind[kind][index].distribution, d.rate(result.min_n)) for kind in kinds)
        rows.append((rendered, question.question.key))
    return columns, rows
