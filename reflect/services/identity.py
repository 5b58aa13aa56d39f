"""Who a practitioner is to others: the name they share under, and the random id that tells their bundles apart.

Both are kept in the practitioner's own database (store settings), so they travel with an
export to another computer and a supervisor's team database knows a newer bundle from the same
person.
"""

from __future__ import annotations

# The setting keys themselves are reflect.settings.DISPLAY_NAME and PRACTITIONER_ID.
DISPLAY_NAME_MAX = 60


def display_name(text: str) -> str | None:
    """The name as it will be shown (spaces tidied), or None if it cannot be one: empty, too long, or with controls."""
    name = " ".join(text.split())
    if not name or len(name) > DISPLAY_NAME_MAX or not name.isprintable():
        return None
    return name
