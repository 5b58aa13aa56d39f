"""The organisation's reporting views on PostgreSQL: how long a read of each takes, beside the plain query.

`reflect org init-team` gives the reporting role (a BI tool's, say) four views in the schema
`reporting` and nothing else: every row has TEAM_MINIMUM or more practitioners behind it, and a
cell held back cannot be found by subtracting the others (reflect/store/team_reporting.py). This
reads each view whole, --reads times, as the reporting role would (the same SQL; the role only
changes what may be read, not how it is planned), and beside it a hand-written GROUP BY over the
same answer rollup that a person would write for the same figures without those rules. The view
must give, for every cell it shows, exactly the reference's numbers: checked on every run.

    python benchmarks/reporting_views.py --url postgresql://ADMIN@HOST/TEAM_DB [--reads 3]

The database is a team database on a server (`reflect org init-team` is run on it first; it changes
nothing if done). If no practitioner is in a team yet, the practitioners (the roles that own the
rows) are put in ten teams by the order of their names, written straight into the members' table,
as `reflect org add-member` would one by one. benchmarks/postgres.py builds such a database
(1,000 practitioners x 1,000 reflections) in its own cluster. No target: the issue names none for
these views; the times are reported, with the ratio to the plain query (the rules' cost).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SLOTS = 12
TEAMS = 10
MINIMUM = 3

PLAIN_COUNTS = {
    "kind": """SELECT substr(period, 1, 7), coalesce(nullif(kind, ''), 'none'), count(DISTINCT practitioner), sum(reflections)
               FROM answer_rollup WHERE span = 'month' AND reflections > 0 GROUP BY 1, 2""",
    "team": """SELECT substr(r.period, 1, 7), m.team, count(DISTINCT r.practitioner), sum(r.reflections)
               FROM answer_rollup r JOIN team_member m ON m.role = r.owner
               WHERE r.span = 'month' AND r.reflections > 0 GROUP BY 1, 2""",
}
"""Each month's cells, by kind or by team: practitioners and reflections, with no rule on who may be seen."""

_SUMS = ", ".join(f"sum(r.y{s}), sum(r.p{s}), sum(r.n{s}), sum(r.x{s})" for s in range(1, SLOTS + 1))
PLAIN_ANSWERS = {
    "kind": f"""SELECT substr(r.period, 1, 7), coalesce(nullif(r.kind, ''), 'none'), {_SUMS}
                FROM answer_rollup r WHERE r.span = 'month' AND r.reflections > 0 GROUP BY 1, 2""",
    "team": f"""SELECT substr(r.period, 1, 7), m.team, {_SUMS}
                FROM answer_rollup r JOIN team_member m ON m.role = r.owner
                WHERE r.span = 'month' AND r.reflections > 0 GROUP BY 1, 2""",
}
"""Each month's cells' Yes, Partly, No and Not applicable counts for every question slot."""

VIEWS = {
    "reflections_by_month_and_kind": ("kind", "counts", "SELECT month, kind, practitioners, reflections FROM reporting.reflections_by_month_and_kind"),
    "answers_by_month_and_kind": ("kind", "answers",
                                  "SELECT month, kind, position, yes, partly, no, not_applicable FROM reporting.answers_by_month_and_kind"),
    "reflections_by_team_and_month": ("team", "counts", "SELECT month, team, practitioners, reflections FROM reporting.reflections_by_team_and_month"),
    "answers_by_team_and_month": ("team", "answers",
                                  "SELECT month, team, position, yes, partly, no, not_applicable FROM reporting.answers_by_team_and_month"),
}  # fmt: skip


def reflect_command() -> list[str]:
    installed = Path(sys.executable).with_name("reflect")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "reflect"]


def set_up(url: str, connection: Any) -> str:
    """`reflect org init-team` on the database, and teams if there are none: what was done."""
    done = subprocess.run([*reflect_command(), "org", "init-team", url], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"reflect org init-team failed: {done.stderr.strip() or done.stdout.strip()}")
    if connection.execute("SELECT count(*) FROM team_member").fetchone()[0]:
        return "init-team run; teams as they were"
    owners = [row[0] for row in connection.execute("SELECT DISTINCT owner FROM answer_rollup ORDER BY owner")]
    size = max(1, -(-len(owners) // TEAMS))
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO team_member (team, role) VALUES (%s, %s)",
                           [(f"team{index // size + 1}", owner) for index, owner in enumerate(owners)])  # fmt: skip
    connection.commit()
    return f"init-team run; {len(owners):,} practitioners put in {TEAMS} teams"


def timed_reads(connection: Any, sql: str, reads: int) -> tuple[list[float], list[tuple[Any, ...]]]:
    times, rows = [], []
    for _ in range(reads):
        started = time.perf_counter()
        rows = connection.execute(sql).fetchall()
        times.append(time.perf_counter() - started)
    return times, rows


def agree(kind: str, shown: list[tuple[Any, ...]], plain: list[tuple[Any, ...]]) -> tuple[bool, int]:
    """Whether every row the view gives has the plain query's numbers for its cell; how many cells the view shows."""
    if kind == "counts":
        expected = {(month, cell): (int(people), int(total)) for month, cell, people, total in plain}
        same = all(expected.get((month, cell)) == (people, total) for month, cell, people, total in shown)
        return same and all(people >= MINIMUM for _, _, people, _ in shown), len(shown)
    sums = {(row[0], row[1]): [int(value) for value in row[2:]] for row in plain}
    same = all(
        (cell := sums.get((month, team))) is not None and cell[(position - 1) * 4 : position * 4] == [yes, partly, no, not_applicable]
        for month, team, position, yes, partly, no, not_applicable in shown
    )
    return same, len({(row[0], row[1]) for row in shown})


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s, worst {max(values):.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the team database's URL, as its administrator (who ran or may run org init-team)")
    parser.add_argument("--reads", type=int, default=3, help="reads of each view and of each plain query (alternated)")
    options = parser.parse_args(argv)
    import psycopg

    with psycopg.connect(options.url) as connection:
        print(set_up(options.url, connection))
        rows = connection.execute("SELECT count(*), count(DISTINCT owner) FROM answer_rollup WHERE span = 'month'").fetchone()
        print(f"{rows[1]:,} practitioners' {rows[0]:,} month rows in the answer rollup; load average {os.getloadavg()[0]:.2f} at the start")
        lines, passed = [], True
        for name, (by, what, sql) in VIEWS.items():
            plain_sql = (PLAIN_COUNTS if what == "counts" else PLAIN_ANSWERS)[by]
            view_times: list[float] = []
            plain_times: list[float] = []
            shown: list[tuple[Any, ...]] = []
            plain: list[tuple[Any, ...]] = []
            for _ in range(options.reads):  # alternated, so that the load falls on both alike
                times, shown = timed_reads(connection, sql, 1)
                view_times += times
                times, plain = timed_reads(connection, plain_sql, 1)
                plain_times += times
            same, cells = agree(what, shown, plain)
            passed &= same
            ratio = statistics.median(view_times) / statistics.median(plain_times)
            lines.append(f"{name}: {spread(view_times)}; the plain query {spread(plain_times)}; ratio {ratio:.1f}x; "
                         f"{cells:,} of {len(plain):,} cells shown; numbers agree: {same}  (reported)")  # fmt: skip
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    print("\nVerdicts:")
    for line in lines:
        print(line)
    print(f"reporting views: {'numbers agree' if passed else 'NUMBERS DISAGREE'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
