"""Building, checking and describing reflections: shared by the app and the command line."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from reflect.display import quoted
from reflect.model import RESPONSE_ORDER, Answer, Reflection, Response, normalise_tags, without_hidden_characters
from reflect.questions import QuestionSet

UNANSWERED_LETTER = "-"
PERSON_CODE_MAX = 40
TAG_MAX = 40
TEXT_MAX = 20_000
"""Characters in one note or text: some 3,000 words. Longer is a paste gone wrong, and would slow every screen."""


class InputError(ValueError):
    """Input that cannot be stored; the message says what was wrong and what to do."""


def new_reflection(question_set: QuestionSet, now: datetime) -> Reflection:
    """A fresh draft for an interaction that happened `now`."""
    return Reflection(
        uuid=str(uuid.uuid4()),
        question_set_id=question_set.id,
        question_set_version=question_set.version,
        occurred_at=now,
        created_at=now,
        updated_at=now,
        is_draft=True,
    )


def parse_answers(text: str, question_set: QuestionSet) -> dict[str, Answer]:
    """"y,y,p,n,x,y,y,p,y,y" (or "yypnxyypyy") -> answers by question key.

    `.` (or `-`) leaves a question unanswered. Raises InputError naming the first problem.
    """
    items = [item.strip() for item in text.split(",")] if "," in text else list(text.replace(" ", ""))
    items = [UNANSWERED_LETTER if item == "." else item for item in items]
    expected = len(question_set)
    if len(items) != expected:
        raise InputError(
            f"--answers needs {expected} answers, one per question, but got {len(items)}. "
            "Use y, p, n or x (or . to leave one unanswered), e.g. y,y,p,n,x,y,y,p,y,y."
        )
    answers: dict[str, Answer] = {}
    for position, (question, item) in enumerate(zip(question_set.questions, items), start=1):
        if item in ("", UNANSWERED_LETTER):
            continue
        try:
            answers[question.key] = Answer(Response.from_letter(item))
        except ValueError:
            raise InputError(
                f"Answer {position} ({question.label}) is {quoted(item)}, which is not an answer. "
                "Use y (Yes), p (Partly), n (No), x (Not applicable) or . (not answered)."
            ) from None
    return answers


def parse_question_list(text: str, question_set: QuestionSet, *, option: str) -> list[str]:
    """ "2,4" or "personal-goals, strengths" -> question keys in question order, each once."""
    chosen: set[str] = set()
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if item.isascii() and item.isdigit() and 1 <= int(item) <= len(question_set):
            chosen.add(question_set.questions[int(item) - 1].key)
        elif question_set.by_key(item.lower()) is not None:
            chosen.add(item.lower())
        else:
            raise InputError(
                f"{option} {item!r} is not a question. Give question numbers 1-{len(question_set)} "
                "or keys (see `reflect questions`), separated by commas."
            )
    return [key for key in question_set.keys if key in chosen]


def check_tags(text: str | list[str]) -> list[str]:
    """Tags as typed ("housing, Peer support") -> the stored list; each at most TAG_MAX characters."""
    tags = normalise_tags(text)
    for tag in tags:
        _check_encodable("A tag", tag)
    too_long = next((tag for tag in tags if len(tag) > TAG_MAX), None)
    if too_long is not None:
        raise InputError(f"The tag {too_long[:20]!r}… is {len(too_long)} characters long; keep each tag to {TAG_MAX} or fewer.")
    return tags


def check_text(label: str, text: str) -> str:
    """Free text as given, refused only if too long or not storable as UTF-8 (bytes from a broken terminal)."""
    if len(text) > TEXT_MAX:
        raise InputError(f"{label} is {len(text):,} characters long; keep it to {TEXT_MAX:,} or fewer.")
    _check_encodable(label, text)
    return text


def _check_encodable(label: str, text: str) -> None:
    """Refuse bytes a broken terminal or locale passed through (lone surrogates): they cannot be stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{label} contains bytes that are not valid text (UTF-8). Retype it and try again.") from None


def check_person_code(code: str) -> str | None:
    """A person code as stored: a short pseudonym, or None when left empty."""
    _check_encodable("The person code", code)
    cleaned = " ".join(without_hidden_characters(code).split())
    if not cleaned:
        return None
    if len(cleaned) > PERSON_CODE_MAX:
        raise InputError(
            f"The person code is {len(cleaned)} characters long; keep it to {PERSON_CODE_MAX} or fewer "
            "(a short pseudonym such as \"JB-12\", never a name)."
        )
    return cleaned


DURATION_PATTERN = re.compile(r"^(?:(?P<hours>\d{1,2})\s*h(?:ours?|rs?)?)?\s*(?:(?P<minutes>\d{1,4})\s*(?:m|mins?|minutes?)?)?$")


def check_duration(text: str) -> int | None:
    """Minutes as typed ("45", "45m", "1h30", "2h") -> whole minutes, or None when left empty."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    match = DURATION_PATTERN.match(cleaned)
    minutes = None
    if match and (match["hours"] or match["minutes"]):
        minutes = int(match["hours"] or 0) * 60 + int(match["minutes"] or 0)
    if minutes is None or not 0 < minutes <= 24 * 60:
        raise InputError(f"Could not read {quoted(text.strip())} as a duration. Give minutes, such as 45 or 1h30 (at most 24 hours).")
    return minutes


def reflections_phrase(count: int) -> str:
    """ "1 reflection", "12 reflections", "19,932 reflections"."""
    return f"{count:,} reflection" if count == 1 else f"{count:,} reflections"


def answers_as_letters(reflection: Reflection, question_set: QuestionSet) -> str:
    """The answers in the `--answers` format, `-` for unanswered: "yypnxyypyy"."""
    return "".join(
        (response.letter if (response := reflection.response_for(key)) else UNANSWERED_LETTER)
        for key in question_set.keys
    )


def response_counts(reflection: Reflection) -> dict[Response, int]:
    return {response: reflection.count(response) for response in RESPONSE_ORDER}


def counts_phrase(reflection: Reflection) -> str:
    """ "7 Yes, 2 Partly, 1 No" with zero counts left out."""
    parts = [f"{count} {response.word}" for response, count in response_counts(reflection).items() if count]
    return ", ".join(parts) if parts else "no answers yet"


FLAG_SYMBOL = "⚑"
"""Marks what is flagged for supervision, always beside words saying so."""


def flagged_note_keys(reflection: Reflection) -> list[str]:
    """The questions whose notes are flagged for supervision (a flag needs a note)."""
    return [key for key, answer in reflection.answers.items() if answer.flagged and answer.note.strip()]


def is_flagged(reflection: Reflection) -> bool:
    """Flagged for supervision itself, or through one of its notes."""
    return reflection.flagged or bool(flagged_note_keys(reflection))


def flags_phrase(reflection: Reflection) -> str:
    """ "flagged for supervision, and 2 notes flagged", or "" when nothing is flagged."""
    notes = len(flagged_note_keys(reflection))
    note_words = f"{notes} note flagged" if notes == 1 else f"{notes} notes flagged"
    if reflection.flagged:
        return "flagged for supervision" + (f", and {note_words}" if notes else "")
    return f"{note_words} for supervision" if notes else ""


def warm_summary(reflection: Reflection, question_set: QuestionSet) -> list[str]:
    """A few kind sentences about a saved reflection, for the end of the flow."""
    lines = ["Thank you for taking a moment to reflect."]
    yes_labels = [q.label for q in question_set.questions if reflection.response_for(q.key) is Response.YES]
    partly_labels = [q.label for q in question_set.questions if reflection.response_for(q.key) is Response.PARTLY]
    explore = [q.label for q in question_set.questions if reflection.response_for(q.key) is Response.NO]
    if yes_labels:
        lines.append(f"Practices you brought to this interaction: {_join(yes_labels)}.")
    if partly_labels:
        lines.append(f"Partly there: {_join(partly_labels)}.")
    if explore:
        lines.append(f"Practices to explore next time: {_join(explore)}.")
    if not (yes_labels or partly_labels or explore):
        lines.append("You can come back and add your answers whenever you are ready.")
    if reflection.commitment.strip():
        about = practice_labels(reflection, question_set)
        lines.append(f"Your commitment for next time: {reflection.commitment.strip()}" + (f" (about {about})" if about else ""))
    return lines


def practice_labels(reflection: Reflection, question_set: QuestionSet) -> str:
    """The practices a reflection's commitment is about, as words: "Strengths and Hope"."""
    return _join([q.label for q in question_set.questions if q.key in reflection.commitment_questions])


def _join(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def to_json(reflection: Reflection, question_set: QuestionSet) -> dict[str, Any]:
    """The stable `reflect list --json` shape, documented in the README."""
    keys = question_set.keys + sorted(set(reflection.answers) - set(question_set.keys))
    return {
        "uuid": reflection.uuid,
        "occurred_at": reflection.occurred_at.isoformat(),
        "created_at": reflection.created_at.isoformat(),
        "updated_at": reflection.updated_at.isoformat(),
        "kind": reflection.kind,
        "person_code": reflection.person_code,
        "duration_minutes": reflection.duration_minutes,
        "tags": list(reflection.tags),
        "question_set": {"id": reflection.question_set_id, "version": reflection.question_set_version},
        "answers": {
            key: (response.value if (response := reflection.response_for(key)) else None) for key in keys
        },
        "notes": {key: answer.note for key, answer in reflection.answers.items() if answer.note},
        "flagged": reflection.flagged,
        "flagged_notes": [key for key in keys if (answer := reflection.answers.get(key)) and answer.flagged and answer.note],
        "commitment_questions": list(reflection.commitment_questions),
        "texts": {
            "what_happened": reflection.what_happened,
            "so_what": reflection.so_what,
            "now_what": reflection.now_what,
            "commitment": reflection.commitment,
        },
    }
