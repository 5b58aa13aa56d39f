"""The header of every screen: Textual's, whose title may change while it is being taken down.

Textual's Header shows the title through a watcher that looks for its title widget each time the
title changes, and only allows for the header having left its screen. A title set in the moment a
screen is replaced or the app closes (ctrl+s, then the summary screen, then quitting) can reach a
header whose children are already gone, and the app stopped with a traceback. This one lets that
change go: a header being taken down has nothing to show it on.
"""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.events import Mount
from textual.widget import NoScreen
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    """Textual's header, whose title updates never fail on a header being taken down."""

    def _on_mount(self, event: Mount) -> None:
        # Instead of Textual's Header._on_mount (the same watchers, but for the one exception):
        # preventing the default stops the handlers of the classes above this one, none of which
        # does anything else for a header (Widget's only shows scroll bars, which it has none of).
        event.prevent_default()

        async def show_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoScreen, NoMatches):
                pass  # off its screen, or its children gone: nothing to show the title on

        self.watch(self.app, "title", show_title)
        self.watch(self.app, "sub_title", show_title)
        self.watch(self.screen, "title", show_title)
        self.watch(self.screen, "sub_title", show_title)
