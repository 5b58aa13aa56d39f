"""Keeping the people supported unidentifiable: checks for likely identifiers in what is written.

`find_identifiers(text)` checks any free text; `identifiers_in(reflection, question_set)`
checks every field of a reflection a practitioner writes in. Both only report: the
practitioner decides what to do. `without_person_codes(text, person_code_pattern(codes))` masks
person codes in words that are shared, in every form a person would type them. Standard library only, so the command line stays quick.
"""

from reflect.privacy.identifiers import Finding, IdentifierKind, find_identifiers, find_in_person_code, looks_like_full_name
from reflect.privacy.person_codes import PERSON_PLACEHOLDER, PersonCodes, person_code_pattern, without_person_codes
from reflect.privacy.reflections import FieldFinding, describe_findings, identifiers_in

__all__ = [
    "PERSON_PLACEHOLDER",
    "PersonCodes",
    "FieldFinding",
    "Finding",
    "IdentifierKind",
    "describe_findings",
    "find_identifiers",
    "find_in_person_code",
    "identifiers_in",
    "looks_like_full_name",
    "person_code_pattern",
    "without_person_codes",
]
