"""Build a realistic synthetic reflect database, for benchmarks.

    python benchmarks/generate.py OUT.db --count 20000 --seed 1

As a module: `generate(path, count, seed)`.

The reflections are random but seeded: the same count, seed and end date always give
the same database. They are built as reflect.model.Reflection objects and written
either one at a time through Store.save (`fast=False`), or in one transaction by
Store.save_many (`verify_fast_path` checks that both store the same rows, and
`--verify` runs it).

Never point this at your real reflect database: it refuses to write into a file that
already holds reflections.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path

from reflect.model import INTERACTION_KINDS, Answer, Reflection, Response, normalise_tags
from reflect.questions import QuestionSet, default_question_set

YEARS = 10
TIME_ZONE = "Europe/London"

# How often each answer is given, per question (the rest are left unanswered).
ANSWER_WEIGHTS: list[tuple[Response | None, float]] = [
    (Response.YES, 0.52),
    (Response.PARTLY, 0.20),
    (Response.NO, 0.09),
    (Response.NOT_APPLICABLE, 0.11),
    (None, 0.08),
]
KIND_WEIGHTS = {
    "one-to-one": 34,
    "home-visit": 18,
    "community": 10,
    "phone": 16,
    "video": 7,
    "group": 8,
    "family-meeting": 4,
    "crisis": 3,
}
TAGS = [
    "housing", "benefits", "employment", "medication", "family", "peer support",
    "physical health", "substance use", "safety plan", "education", "court", "discharge",
]
DRAFT_RATE = 0.003
NOTE_RATE = 0.06
QUESTION_NOTES = [
    "Asked what mattered most to them this week.",
    "I talked more than I listened; slow down next time.",
    "They named two strengths without prompting.",
    "Shared a little of my own story when it fitted.",
    "Linked them with the allotment group.",
    "We agreed they would lead the review.",
    "Not the moment for this one.",
    "Offered choices about the medication review.",
    "Noticed I used clinical words; said it again plainly.",
    "Hope came up when we talked about the course.",
]
WHAT_HAPPENED = [
    "Met at the café near the library; they were anxious about the housing letter.",
    "Phone check-in after the weekend; things had been hard.",
    "Home visit with their mum present for the first half.",
    "Group session on planning the week; eight came.",
    "They arrived late and wanted to talk about work.",
    "Crisis call in the evening; stayed on the line until the team arrived.",
    "Reviewed the support plan together, line by line.",
]
SO_WHAT = [
    "I jumped to solutions before I understood what they wanted.",
    "Letting them set the agenda changed the whole conversation.",
    "The family's worries took over; their own voice got lost.",
    "They seemed more hopeful when we talked about next month.",
    "I was tired and it showed in how little I asked.",
]
NOW_WHAT = [
    "Start next time by asking what they want from the session.",
    "Bring the course leaflet and let them decide.",
    "Check in with my supervisor about the boundaries question.",
    "Leave more silence; count to five before speaking.",
]
COMMITMENTS = [
    "Ask about their goals before anything else.",
    "Name one strength I notice, out loud.",
    "Offer at least two options whenever a decision comes up.",
    "Find out about the peer-led group on Thursdays.",
    "Check my language: no jargon.",
    "Follow up on the housing letter by Friday.",
]
COMMITMENT_PRACTICES = {
    "Ask about their goals before anything else.": ["personal-goals"],
    "Name one strength I notice, out loud.": ["strengths"],
    "Offer at least two options whenever a decision comes up.": ["treatment-choice"],
    "Find out about the peer-led group on Thursdays.": ["community"],
    "Check my language: no jargon.": ["respect"],
}
"""The practices each commitment is about (the housing letter is about none)."""


def _zone() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(TIME_ZONE)
    except Exception:  # no tz database: a fixed offset still exercises the offset column
        return UTC


def _as_app_does(moment: datetime) -> datetime:
    """The app's clock is utc_now().astimezone(): a fixed-offset zone, not a ZoneInfo."""
    offset = moment.utcoffset() or timedelta(0)
    return moment.astimezone(timezone(offset))


def _default_end() -> date:
    return date.today()


def build_reflections(
    count: int,
    seed: int,
    *,
    end: date | None = None,
    question_set: QuestionSet | None = None,
    draft_rate: float = DRAFT_RATE,
) -> Iterator[Reflection]:
    """`count` seeded reflections, their interactions spread over the ten years before `end`."""
    rng = random.Random(seed)
    question_set = question_set or default_question_set()
    keys = question_set.keys
    zone = _zone()
    end_day = end or _default_end()
    start = datetime(end_day.year - YEARS, end_day.month, min(end_day.day, 28), tzinfo=UTC)
    finish = datetime(end_day.year, end_day.month, end_day.day, tzinfo=UTC)
    span_days = (finish - start).days
    kinds = [kind.key for kind in INTERACTION_KINDS]
    kind_weights = [KIND_WEIGHTS.get(kind, 5) for kind in kinds]
    responses = [response for response, _ in ANSWER_WEIGHTS]
    response_weights = [weight for _, weight in ANSWER_WEIGHTS]
    people = [f"P-{number}" for number in rng.sample(range(100, 1000), 300)]
    # A Zipf-like caseload: a few people are seen very often, most now and then.
    people_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(people))]

    for _ in range(count):
        day = start + timedelta(days=rng.randrange(span_days))
        while day.weekday() >= 5 and rng.random() < 0.85 and day + timedelta(days=1) < finish:  # mostly weekdays
            day += timedelta(days=1)
        local = day.replace(tzinfo=None) + timedelta(hours=rng.randint(8, 18), minutes=rng.choice((0, 15, 30, 45, rng.randrange(60))))
        occurred_at = _as_app_does(local.replace(tzinfo=zone))
        delay = timedelta(minutes=rng.choice((rng.randint(5, 90), rng.randint(5, 90), rng.randint(90, 60 * 48))))
        created_at = occurred_at + delay
        updated_at = created_at + timedelta(seconds=rng.randint(40, 900))
        if rng.random() < 0.05:  # edited later
            updated_at += timedelta(days=rng.randint(1, 30))
        is_draft = rng.random() < draft_rate

        answers: dict[str, Answer] = {}
        answered_upto = rng.randint(0, len(keys)) if is_draft else len(keys)
        for index, key in enumerate(keys):
            response = rng.choices(responses, response_weights)[0] if index < answered_upto else None
            note = rng.choice(QUESTION_NOTES) if rng.random() < NOTE_RATE else ""
            if response is not None or note:
                answers[key] = Answer(response=response, note=note)

        reflection = Reflection(
            uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            question_set_id=question_set.id,
            question_set_version=question_set.version,
            occurred_at=occurred_at,
            created_at=created_at,
            updated_at=updated_at,
            kind=rng.choices(kinds, kind_weights)[0] if rng.random() < 0.92 else None,
            person_code=rng.choices(people, people_weights)[0] if rng.random() < 0.85 else None,
            duration_minutes=rng.choice((15, 20, 30, 30, 45, 45, 60, 60, 90, rng.randint(5, 120))) if rng.random() < 0.7 else None,
            tags=normalise_tags(rng.sample(TAGS, rng.choice((0, 0, 1, 1, 1, 2, 2, 3)))),
            what_happened=rng.choice(WHAT_HAPPENED) if rng.random() < 0.3 else "",
            so_what=rng.choice(SO_WHAT) if rng.random() < 0.2 else "",
            now_what=rng.choice(NOW_WHAT) if rng.random() < 0.2 else "",
            commitment=rng.choice(COMMITMENTS) if rng.random() < 0.15 else "",
            answers=answers,
            is_draft=is_draft,
        )
        reflection.commitment_questions = list(COMMITMENT_PRACTICES.get(reflection.commitment, []))
        yield reflection


def _existing_reflections(path: Path) -> int:
    import sqlite3

    if not path.exists() or path.stat().st_size == 0:
        return 0
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "reflection" not in tables:
            return 0
        return connection.execute("SELECT count(*) FROM reflection").fetchone()[0]
    finally:
        connection.close()


def generate(
    path: str | Path,
    count: int,
    seed: int,
    *,
    end: date | None = None,
    fast: bool = True,
    draft_rate: float = DRAFT_RATE,
) -> Path:
    """Create the database at `path` (which must not already hold reflections) with `count` reflections."""
    from reflect.store import open_store

    path = Path(path)
    if _existing_reflections(path):
        raise SystemExit(f"{path} already holds reflections; choose a new file.")
    store = open_store(path)
    try:
        reflections = build_reflections(count, seed, end=end, draft_rate=draft_rate)
        if fast:
            from sqlalchemy import event

            # save_many writes them all in one transaction: with SQLite's default page cache (2 MB)
            # it spilled pages to the log and read them back all the way through (a million
            # reflections took most of an hour). Its pages now stay in memory, up to 1 GB.
            event.listen(store.engine, "checkout", lambda dbapi, _record, _proxy: dbapi.execute("PRAGMA cache_size = -1000000"))
            store.save_many(reflections)
        else:
            for reflection in reflections:
                store.save(reflection)
    finally:
        store.close()
    return path


# Checking the fast path ---------------------------------------------------------------------


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of the three tables, as SQLite stores them, in a stable order."""
    import sqlite3

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
            for table, order in (
                ("reflection", "id"),
                ("answer", "reflection_id, question_key"),
                ("reflection_tag", "reflection_id, tag"),
            )
        }
    finally:
        connection.close()


def verify_fast_path(folder: Path, *, count: int = 300, seed: int = 7) -> tuple[bool, str]:
    """Write the same reflections via Store.save_many and via Store.save; compare every stored value."""
    fast_db = generate(Path(folder) / "verify-fast.db", count, seed, end=date(2024, 6, 1), fast=True, draft_rate=0.05)
    slow_db = generate(Path(folder) / "verify-slow.db", count, seed, end=date(2024, 6, 1), fast=False, draft_rate=0.05)
    fast_rows, slow_rows = dump(fast_db), dump(slow_db)
    for table in fast_rows:
        if fast_rows[table] != slow_rows[table]:
            differing = next(
                (pair for pair in zip(fast_rows[table], slow_rows[table]) if pair[0] != pair[1]),
                (len(fast_rows[table]), len(slow_rows[table])),
            )
            return False, f"table {table} differs: {differing}"
    sizes = ", ".join(f"{len(rows)} {table}" for table, rows in fast_rows.items())
    return True, f"identical ({sizes})"


def describe(path: Path) -> str:
    import sqlite3

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        reflections, drafts, first, last = connection.execute(
            "SELECT count(*), sum(is_draft), min(occurred_at), max(occurred_at) FROM reflection"
        ).fetchone()
        answers = connection.execute("SELECT count(*) FROM answer").fetchone()[0]
        tags = connection.execute("SELECT count(*) FROM reflection_tag").fetchone()[0]
    finally:
        connection.close()
    size = path.stat().st_size / 1e6
    return (
        f"{reflections} reflections ({drafts or 0} drafts), {answers} answers, {tags} tags, "
        f"{str(first)[:10]} to {str(last)[:10]}, {size:.1f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create a synthetic reflect database for benchmarks.")
    parser.add_argument("out", metavar="OUT.db", type=Path, help="database file to create (must not hold reflections)")
    parser.add_argument("--count", type=int, default=20_000, help="number of reflections (default 20000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--end", type=date.fromisoformat, default=None, help="last day of the ten years, YYYY-MM-DD (default today)")
    parser.add_argument("--slow", action="store_true", help="write each reflection through Store.save instead of in bulk")
    parser.add_argument("--verify", action="store_true", help="first check that the bulk path writes what Store.save writes")
    args = parser.parse_args(argv)

    if args.verify:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="reflect-verify-") as folder:
            same, detail = verify_fast_path(Path(folder))
        print(f"bulk path vs Store.save: {'OK' if same else 'DIFFERENT'}: {detail}")
        if not same:
            return 1
    started = time.perf_counter()
    generate(args.out, args.count, args.seed, end=args.end, fast=not args.slow)
    print(f"{args.out}: {describe(args.out)} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
