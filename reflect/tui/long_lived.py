"""What the app does once it is open and waiting for the first key, when run as the program.

Two things that make the screens a person opens next quick to open:

- The modules of the Patterns and History screens are imported in a thread, and the Patterns
  screen's first figures worked out once and thrown away (the store's queries prepared): the first
  `t` or `h` of a session no longer waits for either (about a third of the time to the figures).
- Then Python's cycle collector is told to leave alone everything alive at that point. A full
  collection walks every object the program holds (Textual's, SQLAlchemy's, every style rule and
  module just imported); opening the Patterns screen made enough new objects to set one off, and it
  took 120 of the 210 ms from `t` to the figures on a 2-core machine. gc.freeze() moves everything
  alive into a generation no collection walks again, so each later one walks only what is new.

Only for the program as a person runs it: a test process makes one app after another, and freezing
there would keep each app's garbage for good.
"""

from __future__ import annotations

import gc
import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp

READ_AHEAD = ("reflect.tui.patterns.screen", "reflect.services.patterns_view", "reflect.exchange.stats", "reflect.tui.screens.history")
"""The modules of the screens opened from home most often after a reflection (Patterns, History)."""


def settle_in(app: ReflectApp) -> None:
    """Import the next screens' modules and rehearse the Patterns screen's first figures, then set
    aside what the program holds from the cycle collector (see the module's docstring). Run in a
    thread, while the app waits for a key. Only to make what comes next quicker: anything that goes
    wrong here leaves it undone, and the screens do it as they open, as they always could."""
    try:
        for name in READ_AHEAD:
            importlib.import_module(name)
        from reflect.tui.patterns.screen import rehearse_first_figures

        if not app.is_running:
            return  # closed meanwhile: its store with it
        rehearse_first_figures(app)
    except Exception:  # noqa: BLE001 - a head start, never a reason to stop the app
        return
    # No collection first: it would be the very walk this saves, and it finds nothing to free then
    # (measured on a 20,000-reflection database).
    gc.freeze()
