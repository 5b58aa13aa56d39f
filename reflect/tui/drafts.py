"""Offering an unfinished reflection from an earlier session back: resume it, leave it for later, or discard it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.tui.dialogs.draft import DraftDialog

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp


def offer_waiting_draft(app: ReflectApp) -> None:
    """Show the newest waiting draft in a dialog, and do what the practitioner chooses."""
    draft = app.waiting_drafts().newest
    if draft is None:
        return

    def decided(choice: str | None) -> None:
        if choice == "resume":
            app.open_reflection_flow(draft, resumed=True)
        elif choice == "discard":
            app.delete_reflection(draft.uuid)
            app.notify("The unfinished reflection was discarded.")
            app.refresh_home()

    app.push_screen(DraftDialog(draft, app.question_set), decided)
