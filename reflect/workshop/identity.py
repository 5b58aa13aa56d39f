"""A participant's key: a random string their browser keeps, so that a reload or a reconnect is
the same participant, resuming where they were, rather than a new one counted again.

The key identifies nobody: the browser makes it at random, and the workshop file keeps only a
hash of it (with the workshop's id, so the same browser in two workshops cannot be linked).
Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import re

ENVIRONMENT_VARIABLE = "REFLECT_PARTICIPANT_KEY"
"""How `reflect serve` hands a browser's key to the participant process it starts for it."""

KEY = re.compile(r"[A-Za-z0-9_-]{22,64}")
"""What a key may be: what the page makes (32 URL-safe characters), with room for other browsers'
randomness; nothing that could mean anything in a path, a shell or SQL."""


def valid_key(text: str | None) -> str | None:
    """`text` if it is a participant key, else None (a new participant, never an error)."""
    if text is not None and KEY.fullmatch(text):
        return text
    return None


def key_from_environment() -> str | None:
    """The key `reflect serve` passed to this participant process, if it passed a valid one."""
    return valid_key(os.environ.get(ENVIRONMENT_VARIABLE))


def key_hash(workshop_id: str, key: str) -> str:
    """What the workshop file keeps of a key."""
    return hashlib.sha256(f"reflect-participant\0{workshop_id}\0{key}".encode()).hexdigest()
