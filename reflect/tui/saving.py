"""How the app saves: through the Journal, holding saves asked for while the database opens, and
showing a refusal or a conflict (another window changed the reflection) to the person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from reflect.model import Reflection
    from reflect.questions import QuestionSet
    from reflect.services.journal import Journal, Saved


class SavesReflections(App[None]):
    """The app's saving, as a part of ReflectApp (which sets these attributes up)."""

    journal: Journal | None
    clock: Callable[[], datetime]
    _pending_saves: dict[str, tuple[Reflection, Callable[[Journal], Saved]]]

    @property
    def question_set(self) -> QuestionSet:
        raise NotImplementedError  # ReflectApp's: read once, when first needed

    def refresh_home(self) -> None:
        """Show the home screen's figures and drafts anew (ReflectApp knows its screens)."""

    def save_draft(self, reflection: Reflection) -> bool:
        """Keep an unfinished reflection as a draft, now or as soon as the database is open."""
        now = self.clock()
        return self._save(reflection, lambda journal: journal.save_draft(reflection, now), finishing=False)

    def finish_reflection(self, reflection: Reflection) -> bool:
        """Save a reflection as finished (or a change to one), now or as soon as the database is open."""
        now = self.clock()
        return self._save(reflection, lambda journal: journal.finish(reflection, now), finishing=True)

    def _save(self, reflection: Reflection, write: Callable[[Journal], Saved], *, finishing: bool) -> bool:
        """False (and a message saying where the answers are kept) if the database refused it.

        `finishing`: the person asked for it to be saved as finished (not a draft kept as they go).
        """
        if self.journal is None:
            # The last save asked for is the one made when the database opens.
            self._pending_saves[reflection.uuid] = (reflection, write)
            return True
        saved = write(self.journal)
        if saved.conflict is not None:
            self._ask_which_version(reflection, write, saved, finishing=finishing)
            return False
        return self._report_refusal(saved)

    def _ask_which_version(self, reflection: Reflection, write: Callable[[Journal], Saved], saved: Saved, *, finishing: bool) -> None:
        """Another window saved or deleted this reflection meanwhile: show both, write only what is chosen."""
        from reflect.services.journal import Journal
        from reflect.tui.dialogs import ConflictDialog

        conflict = saved.conflict
        assert conflict is not None

        def decided(choice: str | None) -> None:
            if choice == "mine" and self.journal is not None:
                Journal.take_over(reflection, conflict)
                if self._save(reflection, write, finishing=finishing) and not (finishing and self._finish_editing(reflection.uuid)):
                    self.notify("Your version is saved.")
            elif choice == "theirs":
                self._leave_editing(reflection.uuid)
                self.notify("Kept the saved version." if conflict.current is not None else "It stays deleted.")
            self.refresh_home()

        self.push_screen(ConflictDialog(reflection, conflict.current, self.question_set), decided)

    def _finish_editing(self, uuid: str) -> bool:
        """The reflection being written or edited was saved once the person chose their version: go on
        as after any save (rather than leave the editor open, asking whether to discard what is saved).
        False if it is not the one on screen."""
        from reflect.tui.flow import ReflectionScreen

        screen = self.screen
        if isinstance(screen, ReflectionScreen) and screen.reflection.uuid == uuid:
            screen.finished()
            return True
        return False

    def _leave_editing(self, uuid: str) -> None:
        """Close the reflection being edited, writing nothing more (another version was chosen)."""
        from reflect.tui.flow import ReflectionScreen

        screen = self.screen
        if isinstance(screen, ReflectionScreen) and screen.reflection.uuid == uuid:
            screen.abandon()

    def _report_refusal(self, saved: Saved) -> bool:
        if not saved.ok:
            self.notify(
                f"{saved.problem} {saved.where_kept}", title="Not saved yet", severity="warning", timeout=15, markup=False
            )
        return saved.ok

    def keep_edit(self, reflection: Reflection) -> None:
        """Changes to a saved reflection, kept in a recovery file until they are saved or discarded."""
        if self.journal is not None:
            self.journal.keep_edit(reflection)

    def forget_edit(self, reflection: Reflection) -> None:
        if self.journal is not None:
            self.journal.forget_edit(reflection)

    def _offer_unsaved_edits(self) -> None:
        """Changes to a saved reflection that reflect closed on: apply them now, or leave them for later."""
        from reflect.tui.dialogs import ConfirmDialog

        if self.journal is None:
            return
        for edit, _path in self.journal.unsaved_edits()[:1]:

            def decided(apply: bool | None, edit: Reflection = edit) -> None:
                if apply and self.finish_reflection(edit):
                    self.notify("Your changes are saved.")
                    self.refresh_home()

            self.push_screen(
                ConfirmDialog(
                    "Changes not yet saved",
                    f"reflect closed while you were changing the reflection of {edit.occurred_at:%a %d %b %Y, %H:%M}, "
                    "and your changes were kept. Apply them now? (Not now keeps them to offer next time; "
                    "reflect doctor lists them.)",
                    confirm="Apply the changes",
                    cancel="Not now",
                ),
                decided,
            )

    def delete_reflection(self, uuid: str) -> None:
        self._pending_saves.pop(uuid, None)
        if self.journal is not None:
            self.journal.delete(uuid)

