from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.model import Reflection


class StoreError(Exception):
    """A problem with the database that the user can act on; the message says how."""


class SaveConflict(StoreError):
    """A save started from an older revision than the store holds: someone else changed or deleted it.

    `current` is the reflection as stored now, or None when it was deleted. Nothing was written.
    """

    def __init__(self, message: str, current: Reflection | None) -> None:
        super().__init__(message)
        self.current = current
