"""reflect: reflect on recovery-oriented practice after each interaction."""

__version__ = "0.1.0"
