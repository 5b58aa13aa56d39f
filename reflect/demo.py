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


TEAM = [("Sam", 11, 10, True), ("Alex", 12, 13, False), ("Jo", 13, 14, False)]
"""Fictional practitioners for the team view: name, seed, reflections, whether notes are shared."""


def demo_team(question_set: QuestionSet, now: datetime, *, practitioners: int = 3) -> list:  # type: ignore[type-arg]
    """Supervision bundles (as reflect.exchange.bundle reads them) from fictional practitioners."""
    from reflect.exchange.bundle import parse_bundle

    documents = demo_team_bundles(question_set, now, practitioners=practitioners)
    return [parse_bundle(document, f"{name.lower()}.json") for document, (name, *_) in zip(documents, TEAM)]


def demo_team_bundles(question_set: QuestionSet, now: datetime, *, practitioners: int = 3) -> list[dict]:  # type: ignore[type-arg]
    """The fictional practitioners' supervision bundles as `reflect share` writes them (JSON-ready)."""
    from reflect.exchange.bundle import make_bundle

    bundles = []
    for name, seed, count, include_notes in TEAM[:practitioners]:
        rng = random.Random(seed)
        reflections = demo_reflections(question_set, now, count=count, seed=seed)
        reflections.sort(key=lambda r: r.occurred_at)
        flagged = reflections[-2]
        flagged.flagged = True
        flagged.what_happened = flagged.what_happened or "A long phone call after a hard week."
        flagged.so_what = "I noticed I wanted to fix things rather than listen."
        for reflection in reflections[::3]:
            key = rng.choice(question_set.keys)
            answer = reflection.answers.setdefault(key, Answer())
            answer.note = answer.note or rng.choice(NOTES)
            answer.flagged = True
        document = make_bundle(
            reflections, question_set, practitioner_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), name=name,
            start=now - timedelta(days=28), end=now, include_notes=include_notes, person_codes=set(), now=now,
            bundle_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        )  # fmt: skip
        bundles.append(document)
    return bundles
