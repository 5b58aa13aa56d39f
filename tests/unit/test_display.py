"""Stored text made safe to show in a terminal, with every character still there to see."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from reflect.display import has_control_characters, json_for_terminal, visible


def test_an_escape_sequence_is_shown_with_a_visible_escape_symbol() -> None:
    assert visible("\x1b[31mred") == "␛[31mred"


def test_every_c0_control_but_tab_and_newline_has_its_own_symbol() -> None:
    assert visible("a\x00b\x07c\x08d\te\nf") == "a␀b␇c␈d\te\nf"


def test_delete_and_c1_controls_are_shown_not_sent() -> None:
    assert visible("\x7f\x9b2J") == "␡\ufffd2J"


def test_windows_line_endings_are_newlines_and_a_lone_carriage_return_is_shown() -> None:
    assert visible("one\r\ntwo\rthree") == "one\ntwo␍three"


def test_markup_right_to_left_text_and_emoji_are_left_exactly_as_written() -> None:
    text = "[bold]x[/bold] [@click=app.quit] $accent עברית 👩🏽‍⚕️ 中文"
    assert visible(text) == text


def test_direction_overrides_are_shown_by_code_point_so_that_nothing_reads_reversed() -> None:
    assert visible("\u202eעברית\u202c 21-BJ") == "<U+202E>עברית<U+202C> 21-BJ"


@given(st.text())
def test_what_is_shown_never_holds_a_control_character_but_tab_and_newline(text: str) -> None:
    assert not has_control_characters(visible(text))


@given(st.text())
def test_json_for_a_terminal_has_no_control_characters_and_reads_back_exactly(text: str) -> None:
    dumped = json_for_terminal({"note": text})
    assert not has_control_characters(dumped.replace("\n", ""))
    assert json.loads(dumped) == {"note": text}
