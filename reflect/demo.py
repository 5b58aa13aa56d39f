"""Deterministic, fictional reflections for screenshots, snapshot tests and trying reflect out.

Nothing here describes a real person: person codes are invented pseudonyms.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

from reflect.model import INTERACTION_KINDS, RESPONSE_ORDER, Answer, Reflection
from reflect.questions import QuestionSet

TAGS = ["housing", "peer support", "employment", "family", "first meeting", "medication", "college"]
# Each commitment, and the practices it is about.
COMMITMENTS = [
    ("Ask what matters to them before I talk about the plan.", ["personal-goals"]),
    ("Share how others have found a way through setbacks.", ["lived-experience", "hope"]),
    ("Find out about the allotment group together.", ["community"]),
    ("Let them lead the agenda next time.", ["treatment-choice"]),
]
NOTES = [
    "They named two things they are proud of this month.",
    "I did most of the talking; next time I will leave more space.",
    "We looked up the community café's open mic night together.",
    "Talked through what helped last winter.",
]
WHAT_HAPPENED = [
    "A home visit to talk through the move to a new flat.",
    "A phone call after a hard week; we planned the next few days together.",
    "First meeting at the community café.",
]


def demo_reflections(question_set: QuestionSet, now: datetime, count: int = 12, seed: int = 7) -> list[Reflection]:
    """`count` completed reflections spread over the weeks before `now`, newest first."""
    rng = random.Random(seed)
    reflections = []
    # Later reflections lean more towards Yes, so there is growth to see.
    for index in range(count):
        days_ago = index * 2 + rng.randint(0, 1) if index else 0
        occurred = (now - timedelta(days=days_ago)).replace(
            hour=rng.choice([9, 10, 11, 14, 15, 16]), minute=rng.choice([0, 15, 30, 45]), second=0, microsecond=0
        )
        if occurred > now:
            occurred = now.replace(second=0, microsecond=0) - timedelta(hours=1)
        growth = 1 - index / max(count, 1)
        answers = {}
        for question in question_set.questions:
            roll = rng.random()
            if roll < 0.08:
                continue  # left unanswered
            weights = [0.45 + 0.3 * growth, 0.25, 0.2 - 0.1 * growth, 0.1]
            response = rng.choices(RESPONSE_ORDER, weights=weights)[0]
            note = rng.choice(NOTES) if rng.random() < 0.08 else ""
            answers[question.key] = Answer(response, note)
        reflection = Reflection(
            uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            question_set_id=question_set.id,
            question_set_version=question_set.version,
            occurred_at=occurred,
            created_at=occurred + timedelta(minutes=20),
            updated_at=occurred + timedelta(minutes=25),
            kind=rng.choice(INTERACTION_KINDS).key,
            person_code=f"P-{rng.randint(10, 99)}",
            duration_minutes=rng.choice([20, 30, 45, 60, None]),
            tags=sorted(set(rng.sample(TAGS, rng.randint(0, 2)))),
            what_happened=rng.choice(WHAT_HAPPENED) if rng.random() < 0.5 else "",
            answers=answers,
        )
        if index % 3 == 0:
            reflection.commitment, reflection.commitment_questions = rng.choice(COMMITMENTS)
            reflection.commitment_questions = list(reflection.commitment_questions)
        reflections.append(reflection)
    return reflections
