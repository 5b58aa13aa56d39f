"""The keys of the screen you are on, as the command palette's "Keys" shows them.

Textual's own Keys panel lists every binding of the focused widget (a table's cursor keys, a
text field's editing keys) and stays open until the palette is used again; this one lists the
keys reflect gives the screen, hidden ones too, and Escape closes it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reflect.tui.dialogs.base import Dialog


def screen_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, what they do) for each enabled binding reflect gives `screen`, its focused widget and the app.

    The bindings Textual's own classes bring (cursor movement, editing, Tab) are left out: they are
    the same everywhere, and they crowd out what is particular to the screen.
    """
    app = screen.app
    found: dict[str, list[str]] = {}
    order: list[tuple[int, str]] = []
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if not active.enabled or not binding.description or (binding.action, binding.description) not in reflect_bindings(type(node)):
            continue
        if binding.description not in found:
            found[binding.description] = []
            # The screen's own keys first, then its widgets', then the app's.
            order.append((0 if node is screen else 2 if node is app else 1, binding.description))
        shown = app.get_key_display(binding)
        if shown not in found[binding.description]:
            found[binding.description].append(shown)
    return [(", ".join(found[description]), description) for _, description in sorted(order, key=lambda item: item[0])]


def reflect_bindings(cls: type) -> set[tuple[str, str]]:
    """(action, description) of the bindings reflect's own classes in `cls`'s ancestry declare
    (not those a Textual base class brings, such as Tab's "Focus Next")."""
    declared: set[tuple[str, str]] = set()
    for ancestor in cls.__mro__:
        if not ancestor.__module__.startswith("reflect."):
            continue
        for binding in ancestor.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                declared.add((binding.action, binding.description))
            elif len(binding) >= 3:
                declared.add((binding[1], binding[2]))
    return declared


class KeysDialog(Dialog[None]):
    """The keys of one screen; Escape (or Enter, or q) closes it."""

    DEFAULT_CSS = """
    KeysDialog .keys-hint {
        margin-top: 1;
        color: $text-muted;
    }
    """
    BINDINGS = [Binding("escape,enter,q", "dismiss", "Close")]

    def __init__(self, title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_words = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _ in self.keys), default=0)
        lines = Content("\n").join(
            Content.assemble((keys.ljust(width), "bold"), "  ", description) for keys, description in self.keys
        )
        with VerticalScroll():
            yield Static(Content(f"Keys: {self.title_words}"), classes="dialog-title")
            yield Static(lines if self.keys else Content("No keys of its own here."))
            yield Static(Content("Press Escape to close. ctrl+p opens the palette."), classes="keys-hint")
