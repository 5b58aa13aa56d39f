"""Widgets more than one screen uses, each with its own DEFAULT_CSS."""
