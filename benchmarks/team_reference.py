"""The team view's figures by hand-written SQL, on SQLite or PostgreSQL, and the check that `reflect team
summary` prints the same. For benchmarks/postgres.py.

The reference is what a person would write for the organisation's figures: each practice's Yes,
Partly and No per practitioner and for the whole team, with the flagged notes, in one grouped query
over the answers (the same SQL text on both engines), and each practitioner's reflections and flagged
reflections in another. It runs as a process of its own (`python -c REFERENCE ENGINE LOCATION`) so
that it is timed as `reflect team summary` is: from spawning it until it has printed its figures.
"""

from __future__ import annotations

import json
from typing import Any

MIN_N = 5
TEAM_MINIMUM = 3

RATES_SQL = """
WITH per AS MATERIALIZED (
    SELECT r.practitioner_id AS who, a.question_key AS question,
           sum(CASE WHEN a.response = 'yes' THEN 1 ELSE 0 END) AS yes,
           sum(CASE WHEN a.response = 'partly' THEN 1 ELSE 0 END) AS partly,
           sum(CASE WHEN a.response = 'no' THEN 1 ELSE 0 END) AS no,
           sum(CASE WHEN a.flagged THEN 1 ELSE 0 END) AS flagged
    FROM answer a JOIN reflection r ON r.id = a.reflection_id
    WHERE NOT r.is_draft
    GROUP BY r.practitioner_id, a.question_key
)
SELECT who, question, yes, partly, no, flagged FROM per
UNION ALL
SELECT NULL, question, sum(yes), sum(partly), sum(no), sum(flagged) FROM per GROUP BY question
"""
PEOPLE_SQL = """
SELECT p.id, p.display_name, count(r.id), coalesce(sum(CASE WHEN r.flagged THEN 1 ELSE 0 END), 0)
FROM practitioner p LEFT JOIN reflection r ON r.practitioner_id = p.id AND NOT r.is_draft
GROUP BY p.id, p.display_name
ORDER BY lower(p.display_name), p.id
"""

REFERENCE = f"""
import json, sys
engine, location = sys.argv[1], sys.argv[2]
if engine == "postgresql":
    import psycopg
    db = psycopg.connect(location)
else:
    import sqlite3
    db = sqlite3.connect("file:" + location + "?mode=ro", uri=True)
rates = [list(row) for row in db.execute({RATES_SQL!r}).fetchall()]
people = [list(row) for row in db.execute({PEOPLE_SQL!r}).fetchall()]
print(json.dumps({{"rates": rates, "people": people}}, default=int))  # PostgreSQL sums numerics
"""


def cell(yes: int, partly: int, no: int) -> str:
    n = yes + partly + no
    return f"{(yes + partly / 2) / n * 100:.0f}% n={n}" if n >= MIN_N else f"– n={n}"


def disagreements(output: str, reference_output: str) -> list[str]:
    """What `reflect team summary`'s `output` shows that the reference's figures disagree with (empty: all agree)."""
    from reflect.questions import default_question_set

    figures: dict[str, Any] = json.loads(reference_output)
    rates = {(who, question): (int(yes), int(partly), int(no), int(flagged)) for who, question, yes, partly, no, flagged in figures["rates"]}
    people = figures["people"]
    questions = default_question_set().questions
    lines = output.splitlines()
    problems: list[str] = []
    total = sum(int(reflections) for _, _, reflections, _ in people)
    contributors = sum(1 for _, _, reflections, _ in people if reflections)
    if not lines or not lines[0].startswith(f"{len(people)} practitioners, {total:,} reflections"):
        problems.append(f"first line {lines[0][:80] if lines else ''!r}: the reference has {len(people):,} practitioners, {total:,} reflections")
    table: dict[str, list[str]] = {}
    for line in lines:  # the practices side by side come first (the month-on-month tables follow)
        if line[:16].strip() in {question.label for question in questions}:
            table.setdefault(line[:16].strip(), line[16:].split())
    columns = ([None] if contributors >= TEAM_MINIMUM else []) + [pid for pid, *_ in people]
    for question in questions:
        expected = " ".join(cell(*rates.get((who, question.key), (0, 0, 0, 0))[:3]) for who in columns).split()
        if table.get(question.label) != expected:
            problems.append(f"{question.label}: the cells differ from the reference")
    if contributors >= TEAM_MINIMUM and not any(line.startswith(f"The team's pattern ({contributors} practitioners") for line in lines):
        problems.append(f"no line on the team's pattern of {contributors:,} practitioners")
    starts = {line.partition(": ")[0]: index for index, line in enumerate(lines) if line.startswith("Practitioner ")}
    for pid, name, reflections, flagged in people:
        notes = sum(rates.get((pid, question.key), (0, 0, 0, 0))[3] for question in questions)
        start = starts.get(name)
        if start is None:
            problems.append(f"no section for {name}")
            continue
        word = "reflection" if reflections == 1 else "reflections"
        if f", {reflections:,} {word}, shared" not in lines[start]:
            problems.append(f"{name}: the reference has {reflections:,} {word}, not as in {lines[start][:80]!r}")
        headings = []
        for line in lines[start + 1 :]:
            if not line.startswith("  "):
                break
            if not line.startswith("    "):
                headings.append(line)
        shown = (sum(line.endswith("· reflection") for line in headings), sum("· note on " in line for line in headings))
        if shown != (flagged, notes):
            problems.append(f"{name}: shows {shown[0]} flagged reflections and {shown[1]} flagged notes; the reference has {flagged} and {notes}")
    return problems
