"""The export's JSON writer writes exactly the text json.dumps(ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.exchange.json_text import indented

# What an export holds: text of every kind (quotes, backslashes, control characters, line breaks,
# non-ASCII, lone surrogates), whole numbers, true, false, null, and lists and dicts of them.
texts = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF))
leaves = st.none() | st.booleans() | st.integers() | texts
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4), max_leaves=30)


@given(values, st.sampled_from(["", "  ", "    "]))
def test_any_value_is_written_as_the_standard_library_writes_it_indented(value: Any, indent: str) -> None:
    assert indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def test_empty_lists_and_dicts_nested_in_a_record_are_written_on_one_line() -> None:
    record = {"tags": [], "notes": {}, "answers": {"hope": None, "respect": "yes"}, "texts": {"what": 'a "b"\n\té'}, "n": 3}
    assert indented(record, "    ") == json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def test_a_value_json_cannot_write_is_refused_as_the_standard_library_refuses_it() -> None:
    with pytest.raises(TypeError):
        indented({"when": object()})
    with pytest.raises(TypeError):
        indented({1: "a key that is not text"})
