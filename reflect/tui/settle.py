"""Waiting, in a headless run, until the app shows what it will keep showing.

Tests, snapshots and the screenshot script take pictures of the screen; a picture
taken while a table is still measuring its columns differs from one taken after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.pilot import Pilot

MAX_ROUNDS = 500


def _busy(pilot: Pilot[Any]) -> bool:
    """Whether anything on screen still has work queued that would change what it shows."""
    from textual.widgets import DataTable

    app = pilot.app
    screen = app.screen
    if any(worker.is_running for worker in app.workers):
        return True
    if any(node.message_queue_size for node in (app, screen, *screen.walk_children())):
        return True
    # The screen's next refresh is still to come: a layout or repaint it owes, or the callbacks
    # that wait for it (call_after_refresh). With every queue empty, a busy machine can take a
    # picture before them: a table not yet fitted, a key pressed before its binding was shown.
    if (
        screen._callbacks  # noqa: SLF001
        or screen._layout_required  # noqa: SLF001
        or screen._scroll_required  # noqa: SLF001
        or screen._repaint_required  # noqa: SLF001
        or screen._recompose_required  # noqa: SLF001
        or screen._dirty_widgets  # noqa: SLF001
    ):
        return True
    # A DataTable measures new rows and columns when it is next idle; on a busy machine
    # that can come after the pauses that a test would otherwise rely on.
    return any(
        table._require_update_dimensions or table._updated_cells  # noqa: SLF001
        for table in screen.query(DataTable)
    )


async def settled(pilot: Pilot[Any]) -> None:
    """Wait for the database to open, background work to finish and tables to be measured."""
    app = pilot.app
    for _ in range(MAX_ROUNDS):
        if getattr(app, "store", None) is not None:
            break
        await pilot.pause(0.02)
    else:
        raise AssertionError("the database did not open")
    quiet_rounds = 0
    for _ in range(MAX_ROUNDS):
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Twice in a row: a screen just pushed may start its work a moment after the last
        # screen's messages were handled.
        quiet_rounds = 0 if _busy(pilot) else quiet_rounds + 1
        if quiet_rounds == 2:
            return
    raise AssertionError("the screen did not settle")
