"""The room's answers, per question: counts, how much the room disagrees, and the notes (no UI).

Disagreement is 1 - (the share of the most common answer): 0 when everyone gave the
same answer, rising as the room splits (two answers evenly split: 0.5; all four evenly:
0.75). Yes, Partly, No and Not applicable each count as an answer of their own, since
whether a practice applied to the vignette at all is itself worth talking about. A
question only a note was given for, or whose answer was cleared, counts no answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reflect.model import RESPONSE_ORDER, Response
from reflect.questions import Question, QuestionSet
from reflect.thresholds import TEAM_MINIMUM
from reflect.workshop.store import RoomAnswer

DISCUSSION_STARTERS = 3
"""How many of the most disputed questions are highlighted."""
MIN_ANSWERS_TO_DISAGREE = 2
"""One answer cannot disagree with anything."""
ROOM_MINIMUM = TEAM_MINIMUM
"""Answers a question needs before participants are shown the room's spread on it: as for a
team's figures, with fewer anyone could work out what another person answered."""


@dataclass(frozen=True)
class RoomNote:
    participant: str
    response: Response | None
    text: str


@dataclass(frozen=True)
class QuestionSpread:
    number: int
    question: Question
    counts: dict[Response, int]
    notes: tuple[RoomNote, ...]

    @property
    def n(self) -> int:
        """Participants who answered (Not applicable included)."""
        return sum(self.counts.values())

    @property
    def disagreement(self) -> float | None:
        return disagreement(self.counts)


def disagreement(counts: dict[Response, int]) -> float | None:
    """1 - share of the most common answer; None when nobody has answered."""
    total = sum(counts.values())
    if total == 0:
        return None
    return 1 - max(counts.values()) / total


def room_spread(question_set: QuestionSet, answers: Iterable[RoomAnswer]) -> list[QuestionSpread]:
    """Per question, in question order: each answer's count and the notes written."""
    counts = {question.key: dict.fromkeys(RESPONSE_ORDER, 0) for question in question_set.questions}
    notes: dict[str, list[RoomNote]] = {question.key: [] for question in question_set.questions}
    for answer in answers:
        if answer.question_key not in counts:
            continue  # a question from another question set: not shown
        if answer.response is not None:
            counts[answer.question_key][answer.response] += 1
        if answer.note.strip():
            notes[answer.question_key].append(RoomNote(answer.participant, answer.response, answer.note.strip()))
    return [
        QuestionSpread(number, question, counts[question.key], tuple(notes[question.key]))
        for number, question in enumerate(question_set.questions, start=1)
    ]


def discussion_starters(spreads: Sequence[QuestionSpread], limit: int = DISCUSSION_STARTERS) -> list[QuestionSpread]:
    """The questions the room disagrees on most, most disputed first (ties in question order).

    Only questions with at least two answers and some disagreement qualify: a room that
    agrees everywhere has no starters, and that is good news, not an empty list to fill.
    """
    candidates = [
        spread for spread in spreads if spread.n >= MIN_ANSWERS_TO_DISAGREE and (spread.disagreement or 0) > 0
    ]
    return sorted(candidates, key=lambda spread: (-(spread.disagreement or 0), spread.number))[:limit]


def shown_to_participants(spread: QuestionSpread) -> bool:
    """Whether participants, once the trainer reveals the spread, see this question's counts."""
    return spread.n >= ROOM_MINIMUM
