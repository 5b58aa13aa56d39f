"""Reading the segments of a file's text index (FTS5's `history_text`), to see when they are merged.

FTS5 keeps its index as segments in levels, described by one record (rowid 10 of its _data table):
a 4-byte cookie, then varints: the number of levels, of segments, a write counter, and for each
level the segments in an ongoing merge, its number of segments, and each one's id and first and
last page. (SQLite 3.44 and later may write a second version of it, only for tables with
contentless_delete, which reflect's is not.)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

STRUCTURE_ROWID = 10


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for _ in range(8):
        byte = data[at]
        at += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at
    return (value << 8) | data[at], at + 1


def segments_by_level(path: Path, table: str = "history_text") -> list[int]:
    """How many segments each level of the file's text index holds, level 0 (the newest) first."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (record,) = connection.execute(f"SELECT block FROM {table}_data WHERE id = ?", (STRUCTURE_ROWID,)).fetchone()
    finally:
        connection.close()
    levels, at = _varint(record, 4)
    _segments, at = _varint(record, at)
    _write_counter, at = _varint(record, at)
    counts = []
    for _ in range(levels):
        _merging, at = _varint(record, at)
        count, at = _varint(record, at)
        for _ in range(count * 3):  # each segment's id, first page and last page
            _, at = _varint(record, at)
        counts.append(count)
    return counts
