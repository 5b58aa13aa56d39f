"""The participant's screens on a phone: which screens count as narrow, and what Textual's
stylesheet cannot do for them (a footer in rows, text that depends on the width).

Textual has no media queries; it sets a breakpoint class on the screen as its width changes
(ParticipantApp.HORIZONTAL_BREAKPOINTS), and workshop.tcss styles `.-narrow` screens.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen

from reflect.tui.widgets.footer import Footer

NARROW = "-narrow"
"""The class every participant screen has while the screen is narrower than WIDE columns (a phone
in portrait: about 40), for the narrow layout in workshop.tcss."""
WIDE = 60


def is_narrow(screen: Screen[Any]) -> bool:
    return screen.has_class(NARROW)


class RoomFooter(Footer):
    """The footer, whose keys take rows of two on a phone so that none is cut (each can be tapped).

    Footer puts every key in one row by setting its grid's columns itself, over any stylesheet.
    """

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        if is_narrow(self.screen):
            self.styles.grid_size_columns = min(2, len(keys)) or 1
        yield from keys


class FitsAPhone(Screen[None]):
    """A participant's screen, laid out again when the screen crosses the phone breakpoint."""

    _laid_out_narrow: bool | None = None
    """Whether the width-dependent text was last fitted to a phone (None: not yet)."""

    def __init__(self) -> None:
        super().__init__()
        # Textual sets the breakpoint class when the screen is first resized, after its first
        # frame; set it now, so that a phone never sees the wide layout first.
        narrow = self.app.size.width < WIDE
        self.set_class(narrow, NARROW)
        self.set_class(not narrow, "-wide")
        self._laid_out_narrow = narrow  # each screen fits its text to the width as it mounts

    def on_resize(self) -> None:
        # After Screen's own resize handler, which sets the breakpoint class (it may run after this).
        self.call_later(self._refit)

    def _refit(self) -> None:
        narrow = is_narrow(self)
        if narrow != self._laid_out_narrow:
            self._laid_out_narrow = narrow
            for footer in self.query(RoomFooter):
                footer.refresh(recompose=True)
            self.fit_to_width()

    def fit_to_width(self) -> None:
        """What the stylesheet cannot change: text that depends on the width."""
