"""Filling a DataTable whose columns fit what they hold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text

if TYPE_CHECKING:
    # Not at run time: the home screen uses this module, and its first paint has no table.
    from textual.widgets import DataTable

Cell = Text | str
Column = tuple[str, int | None]
"""A heading and a width; None for as wide as the widest cell (or the heading)."""


def _width(cell: Cell) -> int:
    plain = cell.plain if isinstance(cell, Text) else cell
    return max((cell_len(line) for line in plain.splitlines()), default=0)


def fill_table(
    table: DataTable[Any],
    columns: Sequence[Column],
    rows: Sequence[tuple[Sequence[Cell], str | None]],
    *,
    fit_height: bool = False,
) -> None:
    """Replace the table's columns and rows (each row its cells and its key).

    Every column gets a fixed width, worked out here from the cells, and with
    `fit_height` the table is as tall as its rows. Left to the DataTable, both are
    measured when it is next idle, and a table painted before that keeps its lines
    cached at the old widths, or its height at none at all (Textual 8.2).
    """
    widths = [
        width if width is not None else max([_width(heading), *(_width(cells[index]) for cells, _ in rows)])
        for index, (heading, width) in enumerate(columns)
    ]
    table.clear(columns=True)
    for index, ((heading, _), width) in enumerate(zip(columns, widths)):
        # Text, never markup: a heading can hold what a practitioner typed (a kind, a tag).
        table.add_column(Text(heading), width=width, key=f"{index}:{heading}")
    for cells, key in rows:
        table.add_row(*cells, key=key)
    if fit_height:
        table.styles.height = len(rows) + (table.header_height if table.show_header else 0)
