"""What a paste puts into a text field: never more than a field can hold, every line of it kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.widgets import Input, TextArea

from reflect.service import TEXT_MAX

if TYPE_CHECKING:
    from textual.app import App


def checked_paste(app: App[Any], paste: events.Paste) -> events.Paste | None:
    """The paste to deliver to the focused field, or None (with a message) when it is too long to take.

    A one-line field (Input) would keep only the first of several lines: they are joined with
    spaces instead, so nothing pasted is dropped. A field of any kind takes at most TEXT_MAX
    characters: a huge paste is refused whole, before a text area spends minutes laying it out.
    Text that is not valid Unicode (bytes a terminal could not decode) is refused too: it could
    never be saved, and the save would only fail later.
    """
    field = app.focused
    if not isinstance(field, (Input, TextArea)):
        return paste
    text = paste.text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        app.notify(
            "That paste holds bytes that are not valid text (UTF-8), so nothing was pasted. "
            "Copy it again, or type it.",
            title="Not pasted",
            severity="warning",
            markup=False,
        )
        return None
    joined = False
    if isinstance(field, Input) and len(lines := text.splitlines()) > 1:
        text = " ".join(lines)
        joined = True
    current = field.value if isinstance(field, Input) else field.text
    if len(current) + len(text) > TEXT_MAX:
        app.notify(
            f"That is too long to paste here: {len(text):,} characters, and a field holds up to {TEXT_MAX:,}. "
            "Nothing was pasted; try a shorter part.",
            title="Not pasted",
            severity="warning",
            markup=False,
        )
        return None
    if joined:
        app.notify("The pasted lines were joined with spaces: this field holds one line.", markup=False)
        return events.Paste(text)
    return paste
