"""The last guard between what reflect draws and the terminal: no control character gets through.

Screens show stored text through `reflect.display.visible`, which makes control characters
visible. Text fields (Input, TextArea) show a value as it is, and Textual sends whatever a
line holds to the terminal, escape sequences included. This line filter, applied to every
line of every widget, drops any control character left in the text of a line; Textual's own
commands to the terminal travel separately (as control segments) and are not touched.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from reflect.display import CONTROL_CHARACTERS


class DropControlCharacters(LineFilter):
    """Remove control characters from the text of every line (they take no cells, so nothing moves)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(not segment.control and CONTROL_CHARACTERS.search(segment.text) for segment in segments):
            return segments
        return [
            segment
            if segment.control or not CONTROL_CHARACTERS.search(segment.text)
            else Segment(CONTROL_CHARACTERS.sub("", segment.text), segment.style, segment.control)
            for segment in segments
        ]
