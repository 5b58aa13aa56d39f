"""Checking a whole reflection for likely identifiers, field by field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reflect.privacy.identifiers import Finding, find_identifiers, find_in_person_code

if TYPE_CHECKING:
    from reflect.model import Reflection
    from reflect.questions import QuestionSet

TEXT_FIELDS = [
    ("what_happened", "What happened?"),
    ("so_what", "So what?"),
    ("now_what", "Now what?"),
    ("commitment", "the commitment for next time"),
]


@dataclass(frozen=True)
class FieldFinding:
    """A likely identifier and the field it is in.

    `field` is "person_code", "tags", "note:<question key>", or one of "what_happened",
    "so_what", "now_what", "commitment"; `label` says the same for a person.
    """

    field: str
    label: str
    finding: Finding


def identifiers_in(reflection: Reflection, question_set: QuestionSet, *, today: date | None = None) -> list[FieldFinding]:
    """Every likely identifier in the fields a practitioner writes in, in the order the flow shows them."""
    found: list[FieldFinding] = []
    for finding in find_in_person_code(reflection.person_code or "", today=today):
        found.append(FieldFinding("person_code", "the person code", finding))
    for finding in find_identifiers(", ".join(reflection.tags), today=today):
        found.append(FieldFinding("tags", "the tags", finding))
    for number, question in enumerate(question_set.questions, start=1):
        answer = reflection.answers.get(question.key)
        for finding in find_identifiers(answer.note if answer else "", today=today):
            found.append(FieldFinding(f"note:{question.key}", f"the note on question {number} ({question.label})", finding))
    for attribute, label in TEXT_FIELDS:
        for finding in find_identifiers(getattr(reflection, attribute), today=today):
            found.append(FieldFinding(attribute, label if label.startswith("the ") else f'"{label}"', finding))
    return found


def describe_findings(findings: Iterable[FieldFinding]) -> str:
    """One line: "an NHS number (943 476 5919) in the note on question 3 (Strengths); a postcode (...) in ..."."""
    return "; ".join(f"{item.finding.kind.description} ({item.finding.text}) in {item.label}" for item in findings)
