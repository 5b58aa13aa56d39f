"""The footer of every screen: Textual's, rebuilt only when the keys it shows have changed.

Textual's Footer rebuilds all its keys whenever the screen's bindings may have changed, and that
happens on every move of the focus: each question answered, each Page Down, each Tab. Rebuilding
mounts a dozen widgets and restyles them, which was most of the work of a key press. The keys a
screen shows change far less often than the focus moves, so the footer compares what it would
show with what it shows and leaves itself alone when they are the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widgets import Footer as TextualFooter

if TYPE_CHECKING:
    from textual.screen import Screen

Shown = tuple[tuple[Binding, str, bool, str], ...]


class Footer(TextualFooter):
    """A footer of key bindings that is recomposed only when the keys on show change."""

    _shown: Shown | None = None
    _recompose_due = False
    """A rebuild is already waiting for the next refresh: it reads the keys as they are then."""

    def _keys_on_show(self, screen: Screen[object]) -> Shown:
        """Every binding the footer would draw, with what it draws of it (the command palette's too)."""
        return tuple(
            (binding, self.app.get_key_display(binding), enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        will_recompose = screen.app.app_focus and self.is_attached and screen is self.screen
        if not will_recompose:
            super().bindings_changed(screen)
            return
        shown = self._keys_on_show(screen)
        if self._bindings_ready and shown == self._shown:
            return
        self._shown = shown
        if self._recompose_due:
            return  # two changes before one refresh (a screen opening) made the footer twice
        self._recompose_due = True
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        self._recompose_due = False
        await super().recompose()
