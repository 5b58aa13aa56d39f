"""Likely identifiers in what a practitioner writes: found when there, left alone when not."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.model import Answer, Reflection, Response
from reflect.privacy import IdentifierKind, describe_findings, find_identifiers, identifiers_in, looks_like_full_name
from reflect.privacy.identifiers import is_valid_nhs_number
from reflect.questions import default_question_set

TODAY = date(2026, 11, 23)
NHS, DOB, PHONE, EMAIL, POSTCODE = (
    IdentifierKind.NHS_NUMBER,
    IdentifierKind.DATE_OF_BIRTH,
    IdentifierKind.PHONE_NUMBER,
    IdentifierKind.EMAIL_ADDRESS,
    IdentifierKind.POSTCODE,
)


def found(text: str) -> list[tuple[IdentifierKind, str]]:
    return [(finding.kind, finding.text) for finding in find_identifiers(text, today=TODAY)]


def with_check_digit(nine: str) -> str | None:
    """The NHS number these nine digits begin, or None where no check digit works (remainder 10)."""
    total = sum(int(digit) * weight for digit, weight in zip(nine, range(10, 1, -1)))
    check = (11 - total % 11) % 11
    return None if check == 10 else nine + str(check)


# NHS numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["943 476 5919", "9434765919", "943-476-5919"])
def test_an_nhs_number_is_found_however_it_is_spaced(written: str) -> None:
    assert found(f"Her NHS number is {written}, she said.") == [(NHS, written)]


def test_ten_digits_failing_the_modulus_11_check_are_not_an_nhs_number() -> None:
    assert found("ref 943 476 5918") == []
    assert not is_valid_nhs_number("9434765918")


def test_a_check_digit_of_ten_never_makes_a_valid_nhs_number() -> None:
    # 000000001 weighs 2; 11 - 2 = 9 is fine, but 000000010 weighs 3 ... find one that gives 10.
    nine = next(f"{n:09d}" for n in range(1, 10_000) if with_check_digit(f"{n:09d}") is None)
    assert not any(is_valid_nhs_number(nine + str(digit)) for digit in range(10))


def test_ten_identical_digits_are_not_taken_for_an_nhs_number() -> None:
    assert found("0000000000") == []


@given(st.integers(min_value=1, max_value=999_999_999), st.sampled_from(["{}{}{}", "{} {} {}", "{}-{}-{}"]))
def test_every_number_passing_the_check_is_found_in_each_way_of_writing_it(number: int, layout: str) -> None:
    digits = with_check_digit(f"{number:09d}")
    if digits is None or len(set(digits)) == 1:
        return
    written = layout.format(digits[:3], digits[3:6], digits[6:])
    assert (NHS, written) in found(f"noted {written} today")


# Phone numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["07700 900123", "07700900123", "07700-900-123", "+44 7700 900123", "+447700900123", "0044 7700 900123",
     "020 7946 0958", "+44 (0)20 7946 0958", "(01632) 960123", "0161 496 0000", "0800 123 4567"],
)  # fmt: skip
def test_a_uk_phone_number_is_found_as_people_write_them(written: str) -> None:
    assert found(f"Ring {written} after 5.") == [(PHONE, written)]


def test_brackets_round_a_phone_number_belong_to_the_sentence() -> None:
    assert found("her mobile (07700 900123) is new") == [(PHONE, "07700 900123")]


# E-mail addresses --------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["jo.bloggs@example.org", "j+reflect@nhs.net", "first_last@mail.co.uk"])
def test_an_e_mail_address_is_found(written: str) -> None:
    assert found(f"wrote to {written}.") == [(EMAIL, written)]


@pytest.mark.parametrize(
    "written",
    ["94347 65919", "943 476 59 19", "943.476.5919", "943\u00a0476\u00a05919", "943\u2009476\u20095919",
     "943\u202f476\u202f5919", "９４３ ４７６ ５９１９", "943\u2011476\u20115919"],
)  # fmt: skip
def test_an_nhs_number_is_found_as_record_systems_group_and_paste_it(written: str) -> None:
    """Grouped 5-5 or 3-3-2-2, dotted, or pasted with non-breaking, thin or full-width characters."""
    assert found(f"NHS no {written} on the letter") == [(NHS, written)]


# Postcodes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["EX1 2AB", "TQ12 4PQ", "SW1A 1AA", "M1 1AE", "ex1 2ab", "EX12AB", "GIR 0AA"])
def test_a_uk_postcode_is_found_in_capitals_or_typed_in_lower_case(written: str) -> None:
    assert found(f"moved to {written} last week") == [(POSTCODE, written)]


@pytest.mark.parametrize("written", ["sw1a1aa", "ex12ab", "Tq12 4pq", "SW1A\u00a01AA", "ex1\u20092ab"])
def test_a_postcode_typed_in_lower_case_without_its_space_or_pasted_with_a_non_breaking_one_is_found(written: str) -> None:
    assert found(f"moved to {written} last week") == [(POSTCODE, written)]


# Dates of birth ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, written",
    [("DOB 14/03/85", "14/03/85"), ("d.o.b. 14-3-1985", "14-3-1985"), ("born 3rd March 1990", "3rd March 1990"),
     ("date of birth: 1985-03-14", "1985-03-14"), ("birthday is 14 Mar 2001", "14 Mar 2001"),
     ("born on March 14, 1985", "March 14, 1985")],
)  # fmt: skip
def test_a_date_after_words_about_birth_is_found(text: str, written: str) -> None:
    assert found(text) == [(DOB, written)]


def test_a_full_date_ten_or_more_years_ago_may_be_a_date_of_birth() -> None:
    assert found("14/03/1985") == [(DOB, "14/03/1985")]


@pytest.mark.parametrize("written", ["03-Mar-1985", "3 Mar 1985", "03/Mar/1985", "03.mar.1985", "03-MAR-85"])
def test_a_date_with_its_month_in_letters_between_separators_is_found(written: str) -> None:
    assert found(f"DOB {written}") == [(DOB, written)]


@pytest.mark.parametrize(
    "text",
    ["we met on 21/11/2026", "next review 01/12/2026", "since 3 March 2024", "on 21/11 at 9:30", "31/02/1985 (no such day)"],
)
def test_recent_dates_and_dates_that_do_not_exist_are_not_taken_for_a_date_of_birth(text: str) -> None:
    assert found(text) == []


# What is not an identifier -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["We talked for 45 minutes at 10:30.", "She rated her week 7/10.", "Room 101, week 12 of 52.",
     "£1,250 arrears, 2 of 3 payments made.", "A 1234567890 reference that fails the check.",
     "JB-12 and KT-7 met at the café.", "Plan B 2 days later.", "Version 1.2.3 of the leaflet.",
     "PHQ-9 was 14, down from 19; GAD-7 11.", "PHQ-9 14 GAD-7 11 WEMWBS 42 CORE-10 18.",
     "Sertraline 50 mg, up to 100mg on 21/11; olanzapine 2.5 mg at night.", "Sessions on 14/11, 21/11 and 28/11/2026.",
     "Scores 12 14 16 18 20 over five weeks.", "Depot 37.5 mg every 14 days, next 05-Dec-2026.",
     "Met at 10:30 in room 2b; 45 min; 3 of 4 goals."],
)  # fmt: skip
def test_everyday_practice_notes_have_no_findings(text: str) -> None:
    assert found(text) == []


# Person codes that look like names ---------------------------------------------------------


@pytest.mark.parametrize("code", ["John Smith", "jane doe", "JOHN SMITH", "Mary-Jane O'Neil", "J. Smith", "Mr Smith"])
def test_a_person_code_that_reads_like_a_full_name_is_flagged(code: str) -> None:
    assert looks_like_full_name(code)


@pytest.mark.parametrize("code", ["JB-12", "KT 7", "AB CD", "Anne", "P12", "JB"])
def test_a_pseudonym_is_not_taken_for_a_name(code: str) -> None:
    assert not looks_like_full_name(code)


# Any text at all ---------------------------------------------------------------------------


def assert_findings_are_exact_and_apart(text: str) -> None:
    findings = find_identifiers(text, today=TODAY)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    for earlier, later in zip(findings, findings[1:]):
        assert earlier.end <= later.start


@given(st.text(max_size=300))
def test_any_text_is_checked_without_error_and_each_finding_is_exactly_the_text_found(text: str) -> None:
    assert_findings_are_exact_and_apart(text)


@given(st.text(alphabet="0123456789 -+()/.:@abcEXTQ", max_size=80))
def test_text_full_of_digits_and_separators_is_checked_without_error(text: str) -> None:
    assert_findings_are_exact_and_apart(text)


# A whole reflection ------------------------------------------------------------------------


def test_a_reflection_is_checked_field_by_field_naming_where_each_finding_is() -> None:
    questions = default_question_set()
    moment = datetime(2026, 11, 23, 15, tzinfo=UTC)
    reflection = Reflection(
        uuid="r", question_set_id=questions.id, question_set_version=questions.version,
        occurred_at=moment, created_at=moment, updated_at=moment,
        person_code="Jane Smith", tags=["ex1 2ab"],
        answers={"strengths": Answer(Response.YES, "NHS 943 476 5919")},
        what_happened="Met at her flat", commitment="e-mail jo@example.org",
    )  # fmt: skip

    findings = identifiers_in(reflection, questions, today=TODAY)

    assert [(item.field, item.finding.kind) for item in findings] == [
        ("person_code", IdentifierKind.FULL_NAME),
        ("tags", POSTCODE),
        ("note:strengths", NHS),
        ("commitment", EMAIL),
    ]
    assert describe_findings(findings[2:3]) == "an NHS number (943 476 5919) in the note on question 3 (Strengths)"
