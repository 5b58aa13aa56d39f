"""A one-line text field that never selects what is in it when it takes the focus.

Textual's Input selects its whole text on focus, so Tab into a note followed by typing replaced
the note (and the draft saved the replacement at once). Here focus puts the cursor at the end of
what is there, as a text editor does: nothing typed is ever replaced by moving to a field.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class TextField(Input):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def on_focus(self) -> None:
        # Input's own focus handler has run (Textual calls each class's handler); a click then
        # moves the cursor where it was clicked.
        self.cursor_position = len(self.value)
