"""The few preferences reflect remembers between runs (the theme), as a small JSON file."""

from __future__ import annotations

import json
import os
from pathlib import Path


def load_settings(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(path: Path, key: str, value: object) -> None:
    """Update one setting; a settings file that cannot be written is not worth interrupting anyone for."""
    settings = load_settings(path)
    settings[key] = value
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(settings, handle, indent=2)
        temporary.replace(path)
    except OSError:
        pass
