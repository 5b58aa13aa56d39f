"""Person codes masked in shared words in every form a person would type them, and nothing else masked."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reflect.privacy import person_code_pattern, without_person_codes


def masked(text: str, *codes: str) -> str:
    return without_person_codes(text, person_code_pattern(codes))


@pytest.mark.parametrize(
    "written",
    [
        "JB-12",
        "jb-12",
        "JB 12",
        "JB12",
        "jb12",
        "JB\u201112",  # a non-breaking hyphen, as word processors put in
        "JB\u201312",  # an en dash
        "JB\u221212",  # a minus sign
        "JB\u00a012",  # a non-breaking space
        "ＪＢ－１２",  # full width, as phone keyboards for some languages type
        "ｊｂ１２",
        "J\u200bB-12",  # a zero-width space pasted inside
        "JB-\u200d12",  # a zero-width joiner
        "JB\u00ad-12",  # a soft hyphen
        "J.B. 12",
        "JB_12",
    ],
)
def test_every_form_of_a_person_code_a_person_would_type_is_masked(written: str) -> None:
    assert masked(f"Met {written} at the clinic.", "JB-12") == "Met [person] at the clinic."


@pytest.mark.parametrize("written", ["JB-123", "XJB-12", "JB-12a", "AJB12", "JB-1"])
def test_a_longer_or_shorter_code_is_someone_else_and_is_left_alone(written: str) -> None:
    assert masked(f"Met {written} today.", "JB-12") == f"Met {written} today."


def test_the_words_around_a_masked_code_are_kept_exactly_as_written() -> None:
    text = "Ｗｅ met JB 12’s sister — then jb-12 again."
    assert masked(text, "JB-12") == "Ｗｅ met [person]’s sister — then [person] again."


def test_no_codes_and_empty_codes_mask_nothing() -> None:
    assert person_code_pattern([]) is None
    assert person_code_pattern(["", "  ", "--"]) is None
    assert masked("JB-12 was there", "") == "JB-12 was there"


def test_codes_written_in_another_form_still_mask_the_usual_one() -> None:
    assert masked("Saw JB-12 and KT-7.", "ｊｂ １２", "kt\u20117") == "Saw [person] and [person]."


# Properties ----------------------------------------------------------------------------------------

GROUP = st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ0123456789", min_size=1, max_size=4)
SEPARATORS = st.sampled_from(["", " ", "-", "\u2011", "\u2010", "\u2013", "\u2014", "\u2212", "\u00a0", "\u202f", "_", ".", "\u200b"])


def full_width(text: str) -> str:
    return "".join(chr(ord(character) + 0xFEE0) if "!" <= character <= "~" else character for character in text)


@st.composite
def code_and_variant(draw: st.DrawFn) -> tuple[str, str]:
    """A person code ("JB-12") and a form of it someone could type for the same person ("jb\u201112")."""
    groups = draw(st.lists(GROUP, min_size=1, max_size=3))
    code = "-".join(groups)
    assume(len(code.replace("-", "")) >= 2)
    pieces = [draw(SEPARATORS) if index else "" for index in range(len(groups))]
    variant = "".join(separator + group for separator, group in zip(pieces, groups))
    variant = "".join(character.lower() if draw(st.booleans()) else character for character in variant)
    if draw(st.booleans()):
        variant = full_width(variant)
    if draw(st.booleans()) and len(variant) > 1:
        cut = draw(st.integers(1, len(variant) - 1))
        variant = variant[:cut] + draw(st.sampled_from(["\u200b", "\u200c", "\u2060", "\ufeff"])) + variant[cut:]
    return code, variant


WORDS_AROUND = st.sampled_from(["Met ", "", "(", "Saw\u00a0", "“", "I told "]), st.sampled_from(["", " today.", ")", "’s mum", ", again", "."])


@given(code_and_variant(), *WORDS_AROUND)
def test_any_typed_form_of_a_code_is_masked_wherever_it_stands_in_a_sentence(drawn: tuple[str, str], before: str, after: str) -> None:
    code, variant = drawn
    assert masked(before + variant + after, code) == before + "[person]" + after


@given(code_and_variant(), st.text(alphabet="ab12 -", max_size=12))
def test_masking_twice_changes_nothing_more_and_leaves_no_code(drawn: tuple[str, str], around: str) -> None:
    code, variant = drawn
    pattern = person_code_pattern([code])
    assert pattern is not None
    once = without_person_codes(f"{around} {variant} {around}", pattern)
    assert without_person_codes(once, pattern) == once
    assert pattern.spans(once) == []


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz .,'", max_size=40))
def test_words_without_a_code_come_back_unchanged(text: str) -> None:
    assert masked(text, "JB-12", "KT-7") == text
