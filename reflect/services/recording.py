"""Recording a reflection from typed-in fields: every field checked, then one finished reflection.

The command line's `reflect add` gathers the fields; this turns them into a Reflection, or raises
InputError naming the first field that is wrong and what to do. Saving it is the Journal's job
(reflect.services.journal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from reflect.display import quoted
from reflect.model import Answer, Reflection, has_content
from reflect.questions import QuestionSet
from reflect.service import (
    InputError,
    check_duration,
    check_person_code,
    check_tags,
    check_text,
    new_reflection,
    parse_answers,
    parse_question_list,
)


@dataclass
class ReflectionFields:
    """A reflection as typed: each field as text, in the form the command line's options take."""

    answers: str
    """Ten answers, such as "y,y,p,n,x,y,y,p,y,y" (. for not answered)."""
    when: str = ""
    kind: str = ""
    person: str = ""
    duration: str = ""
    tags: list[str] = field(default_factory=list)
    """Each item one tag, or several separated by commas."""
    notes: list[str] = field(default_factory=list)
    """Notes on questions, each "N=TEXT" with N the question's number (1-10)."""
    what_happened: str = ""
    so_what: str = ""
    now_what: str = ""
    commitment: str = ""
    about: str = ""
    """The practices the commitment is about: question numbers or keys, separated by commas."""
    flagged: bool = False
    flagged_notes: list[str] = field(default_factory=list)
    """Question numbers whose note is flagged for supervision."""


def interaction_kind(text: str) -> str | None:
    """An interaction kind's key from its key or label (None for none given); InputError if it is none."""
    from reflect.model import INTERACTION_KINDS, kind_from_text

    if not text.strip():
        return None
    try:
        return kind_from_text(text)
    except ValueError:
        keys = ", ".join(kind.key for kind in INTERACTION_KINDS)
        raise InputError(f"{quoted(text.strip())} is not an interaction kind. Use one of: {keys}.") from None


def build_reflection(fields: ReflectionFields, question_set: QuestionSet, now: datetime) -> Reflection:
    """The reflection the fields describe, still a draft until the Journal finishes it.

    Fields are checked in the order the help lists them, so the first problem is the one named.
    """
    from reflect.when import WhenError, parse_when

    try:
        answers = parse_answers(fields.answers, question_set)
        occurred_at = parse_when(fields.when, now)
        kind = interaction_kind(fields.kind)
        person_code = check_person_code(fields.person)
        duration = check_duration(fields.duration)
        tags = check_tags([part for tag in fields.tags for part in tag.split(",")])
        what_happened = check_text("--note-what", fields.what_happened)
        so_what = check_text("--note-so-what", fields.so_what)
        now_what = check_text("--note-now-what", fields.now_what)
        commitment = check_text("--commitment", fields.commitment)
    except WhenError as error:
        raise InputError(str(error)) from None
    about = parse_question_list(fields.about, question_set, option="--about")
    if about and not commitment.strip():
        raise InputError("--about says which practices a commitment is about: give the --commitment too.")
    _add_notes(answers, fields.notes, question_set)
    _flag_notes(answers, fields.flagged_notes, question_set)

    reflection = new_reflection(question_set, now)
    reflection.occurred_at = occurred_at
    reflection.kind = kind
    reflection.person_code = person_code
    reflection.duration_minutes = duration
    reflection.tags = tags
    reflection.answers = answers
    reflection.what_happened = what_happened
    reflection.so_what = so_what
    reflection.now_what = now_what
    reflection.commitment = commitment
    reflection.commitment_questions = about
    reflection.flagged = fields.flagged
    if not has_content(reflection):
        raise InputError(
            "Nothing to save: no question is answered and nothing is written. "
            "Give at least one answer in --answers (y, p, n or x), or a note."
        )
    return reflection


def _question_number(text: str, question_set: QuestionSet) -> str | None:
    """The question number as given (stripped), if it is one of the set's; else None."""
    number = text.strip()
    if number.isascii() and number.isdigit() and 1 <= int(number) <= len(question_set):
        return number
    return None


def _add_notes(answers: dict[str, Answer], notes: list[str], question_set: QuestionSet) -> None:
    for item in notes:
        given, separator, note = item.partition("=")
        number = _question_number(given, question_set) if separator else None
        if number is None:
            raise InputError(f"--note {quoted(item)}: give a question number 1-{len(question_set)}, '=', then the note.")
        key = question_set.questions[int(number) - 1].key
        answers.setdefault(key, Answer()).note = check_text(f"--note {number}", note)


def _flag_notes(answers: dict[str, Answer], numbers: list[str], question_set: QuestionSet) -> None:
    for item in numbers:
        number = _question_number(item, question_set)
        if number is None:
            raise InputError(f"--flag-note {item!r}: give a question number 1-{len(question_set)}.")
        answer = answers.get(question_set.questions[int(number) - 1].key)
        if answer is None or not answer.note.strip():
            raise InputError(f"--flag-note {number}: question {number} has no note to flag. Add one with --note {number}=TEXT.")
        answer.flagged = True


def possible_identifiers(reflection: Reflection, question_set: QuestionSet, *, today: date) -> str:
    """What in the reflection may identify someone (an NHS number, a phone number, ...), in words; "" for nothing."""
    from reflect.privacy import describe_findings, identifiers_in

    findings = identifiers_in(reflection, question_set, today=today)
    return describe_findings(findings) if findings else ""
