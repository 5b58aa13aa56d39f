"""What differs between two versions of one reflection, field by field, in words. Pure.

Shown when a save meets a version saved elsewhere in the meantime, so the person can see both
and choose, rather than one silently replacing the other.
"""

from __future__ import annotations

from reflect.model import Reflection
from reflect.questions import QuestionSet


def _answer_words(reflection: Reflection, key: str) -> str:
    answer = reflection.answers.get(key)
    if answer is None or answer.is_empty:
        return "not answered"
    words = answer.response.word if answer.response else "not answered"
    return f"{words}: {answer.note.strip()}" if answer.note.strip() else words


def differences(mine: Reflection, theirs: Reflection, question_set: QuestionSet) -> list[tuple[str, str, str]]:
    """(what, as in `mine`, as in `theirs`) for each field that differs, in the order the flow asks them."""
    fields: list[tuple[str, str, str]] = [
        ("When", f"{mine.occurred_at:%a %d %b %Y %H:%M}", f"{theirs.occurred_at:%a %d %b %Y %H:%M}"),
        ("Kind", mine.kind_label or "not given", theirs.kind_label or "not given"),
        ("Person code", mine.person_code or "none", theirs.person_code or "none"),
        ("Duration", f"{mine.duration_minutes} min" if mine.duration_minutes else "not given",
         f"{theirs.duration_minutes} min" if theirs.duration_minutes else "not given"),
        ("Tags", ", ".join(mine.tags) or "none", ", ".join(theirs.tags) or "none"),
    ]  # fmt: skip
    fields += [(question.label, _answer_words(mine, question.key), _answer_words(theirs, question.key)) for question in question_set.questions]
    fields += [
        ("What happened", mine.what_happened.strip() or "empty", theirs.what_happened.strip() or "empty"),
        ("So what", mine.so_what.strip() or "empty", theirs.so_what.strip() or "empty"),
        ("Now what", mine.now_what.strip() or "empty", theirs.now_what.strip() or "empty"),
        ("Commitment", mine.commitment.strip() or "none", theirs.commitment.strip() or "none"),
        ("Flagged for supervision", "yes" if mine.flagged else "no", "yes" if theirs.flagged else "no"),
    ]
    return [(what, ours, other) for what, ours, other in fields if ours != other]
