"""Keeping the people supported out of what is shared: person codes out of free text."""

from __future__ import annotations

import re
from collections.abc import Iterable

PERSON_PLACEHOLDER = "[person]"


def person_code_pattern(codes: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern matching any of `codes` as a word of its own, any case; None for no codes."""
    cleaned = sorted({code.strip() for code in codes if code and code.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    alternatives = "|".join(re.escape(code) for code in cleaned)
    # Not inside a longer word or code: "JB-12" in "JB-123" or "XJB-12" is someone else.
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def without_person_codes(text: str, pattern: re.Pattern[str] | None) -> str:
    """`text` with every person code in it replaced by "[person]"."""
    return pattern.sub(PERSON_PLACEHOLDER, text) if pattern is not None and text else text
