"""Masking person codes in shared words: every form of a code a person would type, not just the exact one.

A practitioner who keeps "JB-12" as a person code writes "JB 12", "jb12", "Jb-12" (with a
non-breaking hyphen from a word processor), "ＪＢ１２" (full width, from a phone keyboard) or
the code with a zero-width space pasted inside it. Each of those names the same person, so each
is replaced by "[person]" before anything leaves the practitioner's computer.

A code is compared by its letters and digits alone: compatibility forms folded (NFKC), case
folded, and any spaces, dashes, hyphens, dots, underscores or invisible characters between its
characters ignored. A code is only masked as a word of its own: "JB-12" inside "JB-123" or
"XJB-12" is someone else. Standard library only: this runs while a bundle is made.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

PERSON_PLACEHOLDER = "[person]"

SEPARATOR = " "
"""What every space, dash, hyphen, dot and underscore is folded to."""
SEPARATORS_BETWEEN = 3
"""How many separators may stand between two characters of a code ("J. B. 12" has up to two)."""
DASHES = {"\u2212", "\ufe63", "\uff0d", "\u2043"}
"""Minus signs and the hyphen bullet: not in Unicode's dash category (Pd), but typed as dashes."""
SEPARATING = {".", "_", "/"}


def _is_separator(character: str) -> bool:
    return character.isspace() or character in DASHES or character in SEPARATING or unicodedata.category(character) == "Pd"


def _is_invisible(character: str) -> bool:
    # Format characters: zero-width space and joiners, word joiner, soft hyphen, byte-order mark.
    return unicodedata.category(character) == "Cf"


@dataclass(frozen=True)
class Folded:
    """Text folded for comparison, with where each folded character came from in the text as written."""

    text: str
    origins: tuple[int, ...]
    """origins[i] is the index, in the text as written, of the character folded[i] came from."""


def fold_for_codes(text: str) -> Folded:
    """`text` with compatibility forms folded (NFKC), case folded, separators as one space, invisibles gone."""
    characters: list[str] = []
    origins: list[int] = []
    for index, character in enumerate(text):
        if _is_invisible(character):
            continue
        for folded in unicodedata.normalize("NFKC", character).casefold():
            if _is_invisible(folded):
                continue
            characters.append(SEPARATOR if _is_separator(folded) else folded)
            origins.append(index)
    return Folded("".join(characters), tuple(origins))


def code_skeleton(code: str) -> str:
    """A code's letters and digits alone, folded: "JB-12", "jb 12" and "ＪＢ１２" are all "jb12"."""
    return "".join(character for character in fold_for_codes(code).text if character.isalnum())


@dataclass(frozen=True)
class PersonCodes:
    """The person codes to mask, compiled once for all the words of a bundle or a report."""

    pattern: re.Pattern[str]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where, in `text` as written, a person code stands, as (start, end) pairs in order."""
        folded = fold_for_codes(text)
        found: list[tuple[int, int]] = []
        for match in self.pattern.finditer(folded.text):
            found.append((folded.origins[match.start()], folded.origins[match.end() - 1] + 1))
        return found


def person_code_pattern(codes: Iterable[str]) -> PersonCodes | None:
    """What finds any of `codes`, in any form a person would type them, as a word of its own; None for no codes."""
    skeletons = sorted({skeleton for code in codes if code and (skeleton := code_skeleton(code))}, key=len, reverse=True)
    if not skeletons:
        return None
    between = f"[{re.escape(SEPARATOR)}]{{0,{SEPARATORS_BETWEEN}}}"
    alternatives = "|".join(between.join(re.escape(character) for character in skeleton) for skeleton in skeletons)
    # Not inside a longer word or code: "JB-12" in "JB-123" or "XJB-12" is someone else.
    return PersonCodes(re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])"))


def without_person_codes(text: str, codes: PersonCodes | None) -> str:
    """`text` with every person code in it, in any form, replaced by "[person]"."""
    if codes is None or not text:
        return text
    pieces: list[str] = []
    written = 0
    for start, end in codes.spans(text):
        pieces += [text[written:start], PERSON_PLACEHOLDER]
        written = end
    return "".join([*pieces, text[written:]])
