"""Showing stored text in a terminal exactly as written, with nothing in it read as a command.

A terminal obeys control characters: an escape sequence in a note could retitle the
window, clear the screen or recolour everything after it. Everything reflect shows
(screens, command output, messages) passes through `visible`, which swaps each control
character for a visible symbol: ESC is shown as ␛, so "\\x1b[31m" reads "␛[31m". The
stored text is never changed. Standard library only: the command line uses it too.
"""

from __future__ import annotations

import json
import re
from typing import Any

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls but tab and newline, DEL, and the C1 controls (U+0080-U+009F)."""
C1_SYMBOL = "\ufffd"
"""C1 controls have no symbols of their own in Unicode: shown as the replacement character."""


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ... ␛ ... ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return C1_SYMBOL


DIRECTION_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Marks, embeddings, overrides and isolates that reorder the text around them (U+202E before "21-BJ" shows "JB-12")."""


def visible(text: str) -> str:
    """`text` with every control character but tab and newline made visible (and \\r\\n as a newline)."""
    text = text.replace("\r\n", "\n")
    if CONTROL_CHARACTERS.search(text):
        text = CONTROL_CHARACTERS.sub(_symbol, text)
    if not text.isascii() and DIRECTION_CONTROLS.search(text):
        # Shown by code point, <U+202E>, so that nothing around them reads reversed.
        text = DIRECTION_CONTROLS.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)
    return text


QUOTE_MAX = 40


def quoted(text: str) -> str:
    """What was typed, quoted for a message (repr, so control characters show as escapes), cut short if long."""
    return repr(text) if len(text) <= QUOTE_MAX else repr(text[:QUOTE_MAX]) + "…"


def quoted_value(value: object) -> str:
    """Any value from a file, as `quoted` shows text: its repr, cut short if long."""
    shown = repr(value)
    return shown if len(shown) <= QUOTE_MAX else shown[:QUOTE_MAX] + "…"


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def json_for_terminal(data: Any, **options: Any) -> str:
    """JSON as `json.dumps(data, ensure_ascii=False, ...)` gives it, with DEL and C1 controls escaped too.

    json.dumps escapes C0 controls itself; the others would reach a terminal raw. The
    result is the same JSON: parsed, it gives back exactly `data`.
    """
    text = json.dumps(data, ensure_ascii=False, **options)
    return re.sub("[\x7f-\x9f]", lambda match: f"\\u{ord(match.group()):04x}", text)


def encodes_all_text(stream: object) -> bool:
    """Whether a text stream's encoding can write every character (UTF-8 or -16; or it names none)."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    return not encoding or encoding.startswith("utf")
