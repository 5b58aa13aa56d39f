"""Characters that hide or disguise what was typed: taken out of codes and tags, shown where they stay."""

from __future__ import annotations

import pytest

from reflect.display import visible
from reflect.model import normalise_tags
from reflect.service import check_person_code, check_tags


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("\u202e21-BJ", "21-BJ"),  # a right-to-left override made it display as JB-12
        ("JB\u200b-12", "JB-12"),  # zero-width space
        ("\ufeffJB-12", "JB-12"),  # byte order mark pasted from a file
        ("A\u0301B-12", "\u00c1B-12"),  # combining accent: stored composed (NFC)
        ("JB\u2066-12\u2069", "JB-12"),  # isolates
    ],
)
def test_a_person_code_is_stored_without_characters_that_hide_or_reorder_what_it_shows(typed: str, stored: str) -> None:
    assert check_person_code(typed) == stored


@pytest.mark.parametrize("typed", ["hous\u200ding", "hous\u200bing", "\u202ehousing", "housing\u2060", "ho\u00adusing"])
def test_a_tag_that_looks_like_housing_is_housing(typed: str) -> None:
    assert check_tags([typed]) == ["housing"]
    assert normalise_tags(["housing", typed]) == ["housing"]


def test_a_tag_in_decomposed_form_is_the_same_tag_as_its_composed_form() -> None:
    assert normalise_tags(["cafe\u0301", "caf\u00e9"]) == ["caf\u00e9"]


@pytest.mark.parametrize("character", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_a_direction_control_left_in_a_note_is_shown_visibly_rather_than_reordering_the_text(character: str) -> None:
    shown = visible(f"see {character}21-BJ")
    assert character not in shown
    assert f"<U+{ord(character):04X}>" in shown


def test_emoji_joined_with_zero_width_joiners_are_shown_as_written() -> None:
    health_worker = "\U0001f469\u200d\u2695\ufe0f"
    assert visible(f"met {health_worker}") == f"met {health_worker}"
