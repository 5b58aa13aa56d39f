"""Reading a large JSON file a record at a time: its top-level fields, and each item of one list.

An export of a million reflections is gigabytes of JSON; `json.loads` would hold all of it, and
every object built from it, at once. ijson reads the bytes as they come, and this module builds
one item of the list at a time (ijson's ObjectBuilder, as json.loads would build it: the last of
two equal keys wins) and hands it on.

It only reads what it is sure `json.loads` reads the same way. Anything else (a byte-order mark
aside: a top level that is not an object, a field given twice, a lone surrogate written as an
escape, which ijson reads as "?") raises Unusual, and the caller reads the file whole, as it
always has, for its exact verdict.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

import ijson

CHUNK = 64 * 1024
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
"""The start of a \\uD800-\\uDFFF escape, which ijson reads differently from json.loads."""


class Unusual(Exception):
    """The file is not one this reader reads exactly as json.loads would (or not JSON at all)."""


class _Watched:
    """A binary file as ijson reads it, watched for what it would read differently, and for size."""

    def __init__(self, handle: IO[bytes], limit: int) -> None:
        self._handle = handle
        self._left = limit
        self._tail = b""

    def read(self, size: int = CHUNK) -> bytes:
        if size == 0:  # ijson asks for nothing first, to see whether the file gives bytes or text
            return b""
        data = self._handle.read(min(size, CHUNK) if size > 0 else CHUNK)
        self._left -= len(data)
        if self._left < 0:
            raise Unusual("too large")
        if SURROGATE_ESCAPE.search(self._tail + data):
            raise Unusual("a surrogate escape")
        self._tail = data[-5:]
        return data


def read_records(handle: IO[bytes], *, items: str, limit: int, fields: dict[str, Any]) -> Iterator[Any]:
    """The items of the list `items` in the JSON object in `handle`, each as it is read; the
    object's other top-level fields go into `fields` (all of them once the items are used up).

    Raises Unusual if the file is not read here exactly as json.loads would read it, or is
    more than `limit` bytes, or has no list `items`.
    """
    if handle.read(3) != b"\xef\xbb\xbf":  # utf-8-sig, as the file is read whole
        handle.seek(0)
    # basic_parse, not parse: parse also builds each event's path ("item.item..."), which for a file of
    # nothing but brackets is a string as long as the depth for every bracket (20 s of allocating
    # for 100,000 of them before saying no).
    events = ijson.basic_parse(_Watched(handle, limit), use_float=True)
    try:
        yield from _read_object(events, items, fields)
        for _ in events:  # anything after the object is an error; whitespace gives no event
            raise Unusual("more after the object")
    except (ijson.JSONError, UnicodeDecodeError, RecursionError, ValueError) as error:
        raise Unusual(str(error)) from None


def _read_object(events: Iterator[tuple[str, Any]], items: str, fields: dict[str, Any]) -> Iterator[Any]:
    event, value = next(events, ("", None))
    if event != "start_map":
        raise Unusual("not an object")
    listed = False
    for event, value in events:
        if event == "end_map":
            break
        key = value  # at the top level, a field's name comes before its value
        if key in fields or (key == items and listed):
            raise Unusual("a field given twice")
        event, value = next(events, ("", None))
        if not event:
            raise Unusual("cut short")
        if key == items:
            if event != "start_array":
                raise Unusual(f"{items} is not a list")
            listed = True
            for event, value in events:
                if event == "end_array":
                    break
                yield _value(event, value, events)
        else:
            fields[key] = _value(event, value, events)
    if not listed:
        raise Unusual(f"no {items}")


def _value(event: str, value: Any, events: Iterator[tuple[str, Any]]) -> Any:
    """The whole value that starts with (event, value), built from the events that follow."""
    if event not in ("start_map", "start_array"):
        return value
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1
    for event, value in events:
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
            if not depth:
                return builder.value
    raise Unusual("cut short")
