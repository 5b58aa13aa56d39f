"""A folder on read-only media, as a CD, a locked USB stick or a read-only network share is: a read-only bind mount.

Run as root, chmod does not stop writes, so the folder is mounted read-only instead (Linux, root only);
where that cannot be done the test using it is skipped, saying why.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only_view(source: Path, view: Path) -> Iterator[Path]:
    """`source` seen at `view` through a read-only bind mount, for the length of the `with`."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command here, so no read-only media can be made")
    view.mkdir()
    made = subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot make a read-only bind mount here ({made.stderr.strip()})")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], capture_output=True).returncode != 0:
            pytest.skip("cannot remount the bind mount read-only here")
        yield view
    finally:
        subprocess.run(["umount", str(view)], capture_output=True)
