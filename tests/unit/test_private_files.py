"""write_private: owner-only from the start, whole or not at all, and saying what went wrong."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reflect import private_files
from reflect.private_files import PrivateFileError, write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_the_text_owner_only_and_replaces_a_looser_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o644)
    write_private(target, "new ✓\r\n")
    assert target.read_bytes() == "new ✓\r\n".encode()
    assert mode(target) == 0o600
    assert os.listdir(tmp_path) == ["out.json"]


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(private_files.os, "fsync", full)
    with pytest.raises(PrivateFileError) as raised:
        write_private(target, "new")
    assert str(raised.value) == f"Cannot write {target}: No space left on device. Nothing was written."
    assert raised.value.strerror == "No space left on device"
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.json"]


def test_a_missing_folder_is_reported_with_the_advice_given(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.json"
    with pytest.raises(OSError) as raised:  # an OSError, for callers that catch those
        write_private(target, b"x", advice="Choose another --output.")
    assert str(raised.value).endswith("Choose another --output.")


def test_without_replace_an_existing_file_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "mine.md"
    target.write_text("keep")
    with pytest.raises(PrivateFileError, match="already exists"):
        write_private(target, "other", replace=False)
    assert target.read_text() == "keep"
    write_private(tmp_path / "new.md", "fresh", replace=False)
    assert sorted(os.listdir(tmp_path)) == ["mine.md", "new.md"]
    assert mode(tmp_path / "new.md") == 0o600


def test_text_that_cannot_be_utf8_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(PrivateFileError, match="not valid text"):
        write_private(tmp_path / "out.json", "bad \udc80")
    assert os.listdir(tmp_path) == []
