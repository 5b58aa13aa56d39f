"""A practitioner's journal: saving, finishing, deleting and recovering their own reflections.

Every front end saves through `Journal`, so a guarantee added here (a recovery file when the
database will not take a save, the timestamps a finished reflection carries) holds for the app and
the command line alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.model import Reflection
from reflect.paths import local_file_for
from reflect.server_url import Location

if TYPE_CHECKING:
    from reflect.store import SaveConflict, Store


@dataclass(frozen=True)
class WaitingDrafts:
    """What the home screen and the draft offer need of the unfinished reflections: the newest, and how many."""

    newest: Reflection | None
    count: int


@dataclass(frozen=True)
class Saved:
    """What became of a save: stored, or refused with the store's message (and where it was kept)."""

    ok: bool
    problem: str = ""
    """Why the database did not take it, in the store's words (empty when saved)."""
    kept_in: Path | None = None
    """The recovery file that holds it instead, offered back when reflect next opens."""
    conflict: SaveConflict | None = None
    """Someone else changed or deleted it since it was opened: what is stored now is in here."""

    @property
    def where_kept(self) -> str:
        """For a refused save: where the answers are now, in a sentence."""
        if self.kept_in is not None:
            return f"Your answers are kept on screen and in {self.kept_in.name}, which reflect offers back next time it starts."
        return "Your answers are kept on screen only: keep reflect open and try saving again."


class Journal:
    """The use cases on one practitioner's reflections, over an open store."""

    def __init__(self, store: Store, db_path: Location, *, keep_failed_saves: bool = True) -> None:
        self.store = store
        self.db_path = local_file_for(db_path)
        """The file recovery files are named by and kept beside (a server's database has one in the data folder)."""
        self.keep_failed_saves = keep_failed_saves
        """Write a recovery file when a save fails (the app); a command line refusal keeps its input anyway."""

    def save_draft(self, reflection: Reflection, now: datetime) -> Saved:
        """Keep an unfinished reflection as a draft, as it stands at `now`."""
        reflection.is_draft = True
        reflection.updated_at = now
        return self._write(reflection)

    def finish(self, reflection: Reflection, now: datetime) -> Saved:
        """Save a reflection as finished: a draft becomes a reflection written `now`; an edit is dated `now`.

        If the store refuses it, the reflection is left as it was (still a draft, if it was one).
        """
        was_draft, created_at, updated_at = reflection.is_draft, reflection.created_at, reflection.updated_at
        if was_draft:
            # Written now: "last edited" is kept for later changes, not the draft's own saves.
            reflection.created_at = now
        reflection.is_draft = False
        reflection.updated_at = now
        saved = self._write(reflection)
        if not saved.ok:
            reflection.is_draft, reflection.created_at, reflection.updated_at = was_draft, created_at, updated_at
        return saved

    def delete(self, uuid: str) -> bool:
        return self.store.delete(uuid)

    @staticmethod
    def take_over(reflection: Reflection, conflict: SaveConflict) -> None:
        """After a conflict, let the next save of `reflection` replace what is stored now (or bring
        back what was deleted): the practitioner has seen both versions and chosen their own."""
        reflection.revision = conflict.current.revision if conflict.current is not None else 0

    def drafts(self, *, except_uuid: str | None = None) -> list[Reflection]:
        """Unfinished reflections, newest first (leaving out the one open now, if named)."""
        return [draft for draft in self.store.drafts() if draft.uuid != except_uuid]

    def waiting(self, *, except_uuid: str | None = None) -> WaitingDrafts:
        """The newest unfinished reflection (leaving out the one open now, if named) and how many wait,
        without reading every draft: a practitioner who leaves many unfinished is offered one at once."""
        newest = next((draft for draft in self.store.drafts(limit=2) if draft.uuid != except_uuid), None)
        return WaitingDrafts(newest, self.store.draft_count(except_uuid=except_uuid) if newest is not None else 0)

    def keep_edit(self, reflection: Reflection) -> Path | None:
        """Keep changes to a saved reflection, not yet saved, in its recovery file (closing the
        terminal mid-edit loses nothing); finishing the edit removes the file."""
        from reflect.recovery import write_recovery

        return write_recovery(self.db_path, reflection, edit=True)

    def forget_edit(self, reflection: Reflection) -> None:
        """The changes were discarded: their recovery file goes too."""
        from reflect.recovery import recovery_path

        try:
            recovery_path(self.db_path, reflection).unlink(missing_ok=True)
        except OSError:
            pass

    def unsaved_edits(self) -> list[tuple[Reflection, Path]]:
        """Changes to saved reflections that were never saved (reflect closed mid-edit), with their files."""
        from reflect.recovery import read_recovery_entry, recovery_files

        edits = []
        for path in recovery_files(self.db_path):
            entry = read_recovery_entry(path)
            if entry is not None and entry[1]:
                edits.append((entry[0], path))
        return edits

    def recover_unsaved(self) -> int:
        """Put reflections that could not be saved last time back as drafts; how many came back.

        A recovery file is removed only once its draft is safely stored; one that cannot be read
        is left for the practitioner (`reflect doctor` lists it).
        """
        from reflect.recovery import read_recovery_entry, recovery_files
        from reflect.store import StoreError

        recovered = 0
        for path in recovery_files(self.db_path):
            entry = read_recovery_entry(path)
            if entry is None or entry[1]:
                continue  # unreadable (doctor lists it), or an edit (offered as changes: unsaved_edits)
            reflection = entry[0]
            reflection.is_draft = True
            try:
                self.store.save(reflection)
                path.unlink()
            except (StoreError, OSError):
                continue
            recovered += 1
        return recovered

    def _write(self, reflection: Reflection) -> Saved:
        from reflect.recovery import recovery_path, write_recovery
        from reflect.store import SaveConflict, StoreError

        try:
            self.store.save_checked(reflection)
        except SaveConflict as conflict:
            # Not a failure to keep: the store is fine, and the person must choose between versions.
            return Saved(ok=False, problem=str(conflict), conflict=conflict)
        except StoreError as error:
            kept = write_recovery(self.db_path, reflection) if self.keep_failed_saves else None
            return Saved(ok=False, problem=str(error), kept_in=kept)
        try:
            recovery_path(self.db_path, reflection).unlink(missing_ok=True)
        except OSError:
            pass
        return Saved(ok=True)


def keep_unsaved(db_path: Location, reflections: Iterable[Reflection]) -> list[Path]:
    """The database could not be opened at all: keep these reflections in recovery files for next time."""
    from reflect.recovery import write_recovery

    beside = local_file_for(db_path)
    return [path for reflection in reflections if (path := write_recovery(beside, reflection)) is not None]
