"""Deterministic, fictional reflections for screenshots, snapshot tests and trying reflect out.

Nothing here describes a real person: person codes are invented pseudonyms.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from reflect.model import INTERACTION_KINDS, RESPONSE_ORDER, Answer, Reflection
from reflect.questions import QuestionSet

if TYPE_CHECKING:  # for the annotation only: the functions below import the bundle format when they run
    from reflect.exchange.bundle import ReadBundle

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


def demo_team(question_set: QuestionSet, now: datetime, *, practitioners: int = 3) -> list[ReadBundle]:
    """Supervision bundles (as reflect.exchange.bundle reads them) from fictional practitioners."""
    from reflect.exchange.bundle import parse_bundle

    documents = demo_team_bundles(question_set, now, practitioners=practitioners)
    return [parse_bundle(document, f"{name.lower()}.json") for document, (name, *_) in zip(documents, TEAM)]


def demo_team_bundles(question_set: QuestionSet, now: datetime, *, practitioners: int = 3) -> list[dict[str, Any]]:
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
# Six months of a fictional practitioner, for `reflect demo` and the screenshots -------------

DEMO_WEEKS = 26
PER_WEEK = 5
"""Reflections in a usual week: the default count is six months of them."""
DEMO_KIND_WEIGHTS = {
    "one-to-one": 30, "home-visit": 20, "phone": 18, "community": 12,
    "group": 8, "family-meeting": 5, "crisis": 4, "video": 3,
}
BASE_YES = {
    "make-sense": 0.70, "personal-goals": 0.45, "strengths": 0.60, "lived-experience": 0.20,
    "beyond-sick-role": 0.40, "community": 0.45, "self-management": 0.55, "treatment-choice": 0.45,
    "respect": 0.80, "hope": 0.65,
}
"""How often each practice is a Yes: strengths to see (respect, listening) and practices to explore."""
GROWING_PRACTICE = "lived-experience"
GROWTH_COMMITMENT = (
    "Share a story of someone who found a way through, when it fits.",
    ["lived-experience", "hope"],
)
"""Made half-way through; "Shared stories" grows in the weeks after it."""
COMMUNITY_BY_KIND = {"community": 0.30, "home-visit": 0.20, "group": 0.15, "phone": -0.30, "crisis": -0.35, "video": -0.25}
""""Community" comes far more easily out and about than on the phone."""
DEMO_NOTES = {
    "make-sense": ["They found their own words for the panic: 'the fog'.", "I rushed to explain; next time, ask first."],
    "personal-goals": ["Their goal: walking the dog to the park and back.", "I brought my plan before asking about theirs."],
    "strengths": ["Named how well they handled the landlord.", "They were proud of cooking for their sister."],
    "lived-experience": [
        "Told them about the peer group member who went back to college.",
        "Shared a little of my own story about setbacks; they asked more.",
        "Not the moment for stories today.",
    ],
    "beyond-sick-role": ["Talked about volunteering at the food bank.", "They want to coach football again."],
    "community": [
        "We looked up the community café's open mic night together.",
        "Over the phone I forgot to ask about the allotment.",
        "Walked past the library; they signed up for the reading group.",
    ],
    "self-management": ["They chose their own early warning signs.", "Wrote the wellbeing plan in their words."],
    "treatment-choice": ["Laid out three options for the review; they chose.", "Medication came up and I answered for them."],
    "respect": ["Asked where they would like to meet.", "I was late and said sorry."],
    "hope": ["Reminded them how far they have come since spring.", "Hard to stay hopeful today; said it honestly."],
}
DEMO_WHAT = [
    "A home visit to talk through the move to a new flat.",
    "A phone call after a hard week; we planned the next few days together.",
    "First meeting at the community café.",
    "Walked to the allotment together and met the group.",
    "Review of the support plan, line by line, in their words.",
    "Family meeting about going back to college.",
]
DEMO_SO_WHAT = [
    "Letting them set the agenda changed the whole conversation.",
    "I noticed I talked more than I listened.",
    "They were more hopeful once we talked about next month.",
    "The family's worries took over; their own voice got lost.",
]
DEMO_NOW_WHAT = [
    "Start next time by asking what they want from the session.",
    "Bring the course leaflet and let them decide.",
    "Take it to supervision: how much of my own story to share.",
]
DEMO_COMMITMENTS = [
    ("Ask what matters to them before I talk about the plan.", ["personal-goals"]),
    ("Find out about the allotment group together.", ["community"]),
    ("Let them lead the agenda next time.", ["treatment-choice"]),
    ("Name one strength I notice, out loud.", ["strengths"]),
]
DEMO_TAGS = ["housing", "peer support", "employment", "family", "first meeting", "medication", "college", "benefits"]


def _working_hours(moment: datetime, now: datetime, rng: random.Random) -> datetime:
    """The moment moved to a time in a working day (a weekend to the Friday), never after `now`."""
    local = moment.replace(hour=rng.choice([9, 10, 11, 13, 14, 15, 16]), minute=rng.choice([0, 15, 30, 45]), second=0, microsecond=0)
    if local.weekday() >= 5:
        local -= timedelta(days=local.weekday() - 4)
    return min(local, now.replace(second=0, microsecond=0) - timedelta(hours=1))


def practice_reflections(
    question_set: QuestionSet, now: datetime, count: int | None = None, seed: int = 1
) -> list[Reflection]:
    """About six months (or `count`, at five a week) of one fictional practitioner, newest first.

    Patterns worth discovering: "Shared stories" grows after a commitment linked to it,
    half-way through; "Community" differs by interaction kind (easy out and about, rare on
    the phone); some reflections and notes are flagged for supervision; commitments come
    every couple of weeks, linked to the practices they are about.
    """
    rng = random.Random(seed)
    total = count if count is not None else DEMO_WEEKS * PER_WEEK
    span = timedelta(days=max(1.0, total * 7 / PER_WEEK))
    start = now - span
    moments = sorted(_working_hours(start + span * rng.random(), now, rng) for _ in range(total))
    growth_at = start + span / 2
    kinds = list(DEMO_KIND_WEIGHTS)
    people = [f"P-{number}" for number in rng.sample(range(10, 100), 24)]
    reflections = []
    commitment_made = False
    for position, local in enumerate(moments):
        kind = rng.choices(kinds, [DEMO_KIND_WEIGHTS[key] for key in kinds])[0]
        after_growth = local >= growth_at
        answers: dict[str, Answer] = {}
        for question in question_set.questions:
            if rng.random() < 0.04:
                continue  # left unanswered
            yes = BASE_YES.get(question.key, 0.5)
            if question.key == GROWING_PRACTICE and after_growth:
                # Grows over the weeks after the commitment, rather than jumping.
                weeks_after = (local - growth_at).days / 7
                yes += min(0.5, 0.06 * (weeks_after + 1))
            if question.key == "community":
                yes += COMMUNITY_BY_KIND.get(kind, 0.0)
            yes = max(0.05, min(0.92, yes))
            not_applicable = 0.25 if question.key in ("beyond-sick-role", "treatment-choice") and kind == "crisis" else 0.05
            rest = 1 - yes - not_applicable
            response = rng.choices(RESPONSE_ORDER, weights=[yes, rest * 0.6, rest * 0.4, not_applicable])[0]
            note = rng.choice(DEMO_NOTES[question.key]) if question.key in DEMO_NOTES and rng.random() < 0.07 else ""
            answers[question.key] = Answer(response, note, flagged=bool(note) and rng.random() < 0.2)
        created = local + timedelta(minutes=rng.choice([10, 20, 30, 90]))
        reflection = Reflection(
            uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            question_set_id=question_set.id,
            question_set_version=question_set.version,
            occurred_at=local,
            created_at=min(created, now),
            updated_at=min(created + timedelta(minutes=3), now),
            kind=kind,
            person_code=rng.choice(people) if rng.random() < 0.9 else None,
            duration_minutes=rng.choice([20, 30, 45, 60, 90, None]),
            tags=sorted(set(rng.sample(DEMO_TAGS, rng.choice([0, 1, 1, 2])))),
            what_happened=rng.choice(DEMO_WHAT) if rng.random() < 0.35 else "",
            so_what=rng.choice(DEMO_SO_WHAT) if rng.random() < 0.25 else "",
            now_what=rng.choice(DEMO_NOW_WHAT) if rng.random() < 0.2 else "",
            answers=answers,
            flagged=rng.random() < 0.05,
        )
        if after_growth and not commitment_made:
            reflection.commitment, questions = GROWTH_COMMITMENT
            reflection.commitment_questions = list(questions)
            reflection.now_what = "Next time it fits, share how someone else found a way through."
            commitment_made = True
        elif position % 11 == 5:
            reflection.commitment, questions = rng.choice(DEMO_COMMITMENTS)
            reflection.commitment_questions = list(questions)
        reflections.append(reflection)
    reflections.reverse()
    return reflections
