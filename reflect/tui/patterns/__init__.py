"""The Patterns screen: how a practitioner's practice looks over weeks and months."""

from reflect.tui.patterns.screen import PatternsScreen

__all__ = ["PatternsScreen"]
