"""The organisation's figures in a team database on a server: the schema `reporting` and its views,
each row only where TEAM_MINIMUM or more practitioners are behind it, applied inside the database.

The views are owned by the administrator, who owns the tables too, so they sum across every role's
rows (a table's owner is not bound by its policies), and are security_barrier views; the role
reflect_reporting holds USAGE on the schema and SELECT on the views, and nothing on any table.
They read the answer rollup's month rows (reflect.store.rollup): one per practitioner, month and kind.
"""

from __future__ import annotations

from typing import Any

from reflect.store.tables import ROLLUP_SLOTS
from reflect.store.team_access import MEMBERS_TABLE, REPORTING, SETTINGS_TABLE, Changes, privileges_of, quoted
from reflect.thresholds import TEAM_MINIMUM

REPORTING_SCHEMA = "reporting"

SLOTS = ROLLUP_SLOTS
"""The answer rollup's question slots: every one unnested, those with no question in the answer codes' order left out."""


def _unnested() -> str:
    values = ", ".join(f"({slot}, r.y{slot}, r.p{slot}, r.n{slot}, r.x{slot})" for slot in range(1, SLOTS + 1))
    return f"CROSS JOIN LATERAL (VALUES {values}) AS q(slot, yes, partly, no, not_applicable)"


MONTH_ROWS = (
    "SELECT substr(r.period, 1, 7) AS month, r.period, r.kind, r.owner, r.practitioner FROM public.answer_rollup r "
    "WHERE r.span = 'month' AND r.reflections > 0"
)
"""Each practitioner's months of each kind, with whose (owner: the role that submitted; practitioner: their id)."""

CELLS = {
    "kind": f"SELECT e.*, coalesce(nullif(e.kind, ''), 'none') AS cell FROM ({MONTH_ROWS}) e",
    "team": f"SELECT e.*, m.team AS cell FROM ({MONTH_ROWS}) e JOIN public.{MEMBERS_TABLE} m ON m.role = e.owner",
}
"""The rows behind each cell of a breakdown of a month: by kind of interaction, or by team (a
practitioner in two teams counts in both; one in none, in no team's figures)."""


def _shown(by: str) -> str:
    """The cells (month, cell) of a breakdown that may be shown, with the practitioners behind each.

    A cell needs TEAM_MINIMUM different practitioners behind it (by role and by practitioner id,
    so that one role submitting under several ids cannot make up the number). A cell held back must
    not be found by subtraction either: a month's total for the organisation less the cells shown
    would give it. So when what the cells shown leave out of a month (the rows of no cell shown) is
    the figures of fewer than TEAM_MINIMUM practitioners, the smallest cell shown that month is held
    back as well (as in a team of 5 where one kind has 2: the 2 and the next smallest kind are both
    held back). Kinds share no rows, so that leaves out at least TEAM_MINIMUM; teams do share them (a
    team inside another leaves out no one of its own), so what is left out is counted again, and if
    it is still the figures of fewer than TEAM_MINIMUM, the month's whole breakdown is held back (team
    A of 3 inside team B of 6, and one practitioner in no team: B alone beside the month's 7 by kind
    would give that one away).

    Teams overlap, so two teams' rows could give away the practitioners in one and not the other: of
    two teams whose practitioners that month differ by fewer than TEAM_MINIMUM (one nested in the
    other, say), the larger is held back. (Sums of three or more teams can still differ by one
    person; the README says what to do about that.)
    """
    least = TEAM_MINIMUM
    # Cells of a breakdown by kind never share a row, so only teams can be near one another.
    near = (
        f"""
        people AS (SELECT DISTINCT month, cell, owner, practitioner FROM cell_rows),
        sizes AS (SELECT month, cell, count(*) AS n FROM people GROUP BY month, cell),
        pairs AS (
            -- How many practitioners each two teams share in a month, from each one's teams (a join of
            -- the practitioners with themselves, planned as a nested loop, took most of a second).
            SELECT month, a AS cell, b AS other, count(*) AS shared
            FROM (SELECT month, array_agg(cell) AS teams FROM people GROUP BY month, owner, practitioner) AS theirs,
                unnest(teams) AS a, unnest(teams) AS b
            WHERE a <> b GROUP BY month, a, b),
        near AS (
            SELECT p.month, p.cell FROM pairs p
            JOIN eligible ea ON ea.month = p.month AND ea.cell = p.cell JOIN eligible eb ON eb.month = p.month AND eb.cell = p.other
            JOIN sizes sa ON sa.month = p.month AND sa.cell = p.cell JOIN sizes sb ON sb.month = p.month AND sb.cell = p.other
            WHERE sa.n + sb.n - 2 * p.shared BETWEEN 1 AND {least - 1} AND (sb.n < sa.n OR (sb.n = sa.n AND p.other < p.cell))),"""
        if by == "team"
        else "\n        near AS (SELECT NULL::text AS month, NULL::text AS cell WHERE false),"
    )
    return f"""
        cell_rows AS ({CELLS[by]}),
        everyone AS ({MONTH_ROWS}),
        cells AS (
            SELECT month, cell, count(DISTINCT owner) AS owners, count(DISTINCT practitioner) AS practitioners
            FROM cell_rows GROUP BY month, cell),
        eligible AS (SELECT month, cell, practitioners FROM cells WHERE owners >= {least} AND practitioners >= {least}),{near}
        big AS (
            SELECT month, cell, practitioners, row_number() OVER (PARTITION BY month ORDER BY practitioners, cell) AS smallest
            FROM eligible WHERE (month, cell) NOT IN (SELECT month, cell FROM near)),
        {_left_out("left_out", by, "big", least)},
        kept AS (
            SELECT month, cell, practitioners FROM big
            WHERE NOT (smallest = 1 AND month IN (SELECT month FROM left_out))),
        {_left_out("still_left_out", by, "kept", least, within="left_out")},
        shown AS (SELECT month, cell, practitioners FROM kept WHERE month NOT IN (SELECT month FROM still_left_out))"""


UNCOVERED = {
    "kind": "(e.month, coalesce(nullif(e.kind, ''), 'none')) NOT IN (SELECT month, cell FROM {shown})",
    "team": f"(e.month, e.owner) NOT IN (SELECT b.month, m.role FROM {{shown}} b JOIN public.{MEMBERS_TABLE} m ON m.team = b.cell)",
}
"""Whether a month row of `everyone` is in none of the cells of {shown} that month: its kind's cell
is not one of them; or its role is a member of none of the teams shown (membership goes by role)."""


def _left_out(name: str, by: str, shown: str, least: int, within: str | None = None) -> str:
    """The months (of those in `within`, if given) in which the cells of `shown` leave out (hold none
    of the rows of) some practitioners, but fewer than `least`: the figures that a month's total less
    those cells would give away.

    Each row is checked against the (few) cells shown, as a hashed NOT IN: marking every row and
    grouping them all again sorted twice the rows there are (5 of the 14 s of a read at 1,000
    practitioners of 1,000 reflections), and an anti-join over the rows was planned as a nested loop."""
    months = f" AND e.month IN (SELECT month FROM {within})" if within else ""
    return f"""{name} AS (
            SELECT e.month FROM everyone e
            WHERE {UNCOVERED[by].format(shown=shown)}{months}
            GROUP BY e.month
            HAVING count(DISTINCT e.owner) < {least} OR count(DISTINCT e.practitioner) < {least})"""


CELL_SOURCES = {
    "kind": "coalesce(nullif(r.kind, ''), 'none') AS cell FROM public.answer_rollup r",
    "team": f"m.team AS cell FROM public.answer_rollup r JOIN public.{MEMBERS_TABLE} m ON m.role = r.owner",
}
"""Where each cell's sums come from: the month rows of the rollup, as CELLS takes them."""


def _sums(by: str, columns: str) -> str:
    """Each cell's sums of the rollup's `columns` (its month rows, as in CELLS), month by month.

    Summed for every cell and then joined to the cells shown, rather than each row joined to the
    cells shown first: the planner took those (whose rows it cannot foresee) for a handful and
    looped over them once per row, 570,000 times at 1,000 practitioners of 1,000 reflections
    (most of the 45 s a read took)."""
    return f"""SELECT substr(r.period, 1, 7) AS month, {columns}, {CELL_SOURCES[by]}
            WHERE r.span = 'month' AND r.reflections > 0 GROUP BY 1, cell"""


def _counts_view(by: str, label: str) -> str:
    return f"""WITH {_shown(by)},
        sums AS ({_sums(by, "sum(r.reflections)::bigint AS reflections")})
        SELECT s.cell AS {label}, s.month, s.practitioners, t.reflections
        FROM shown s JOIN sums t ON t.month = s.month AND t.cell = s.cell"""


def _answers_view(by: str, label: str) -> str:
    slots = f"(SELECT string_to_array(value, ',') FROM public.{SETTINGS_TABLE} WHERE key = 'response_slots' AND owner = '')"
    columns = ", ".join(
        f"sum(r.{letter}{slot})::bigint AS {letter}{slot}" for slot in range(1, SLOTS + 1) for letter in ("y", "p", "n", "x")
    )
    return f"""WITH {_shown(by)},
        sums AS ({_sums(by, columns)})
        SELECT s.cell AS {label}, s.month, {slots}[q.slot] AS question, q.slot AS position,
            q.yes, q.partly, q.no, q.not_applicable
        FROM shown s JOIN sums r ON r.month = s.month AND r.cell = s.cell
        {_unnested()}
        WHERE {slots}[q.slot] IS NOT NULL"""


REPORTING_VIEWS = {
    "reflections_by_month_and_kind": _counts_view("kind", "kind"),
    "answers_by_month_and_kind": _answers_view("kind", "kind"),
    "reflections_by_team_and_month": _counts_view("team", "team"),
    "answers_by_team_and_month": _answers_view("team", "team"),
}
"""The organisation's figures, month by month: completed reflections (and the practitioners behind
them), and per question how many answered Yes, Partly, No and Not applicable; by kind of interaction
across the organisation, and by team. Every row has TEAM_MINIMUM or more practitioners behind it."""




def create_reporting_views(connection: Any, done: Changes) -> None:
    """The schema `reporting`, its views (replaced by this version's every time) and the reporting role's grants on them."""
    from psycopg import sql

    if connection.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (REPORTING_SCHEMA,)).fetchone() is None:
        connection.execute(f"CREATE SCHEMA {REPORTING_SCHEMA}")
        done.add(f"created the schema {REPORTING_SCHEMA} (the organisation's figures, over groups of {TEAM_MINIMUM} or more)")
    if not connection.execute("SELECT has_schema_privilege(%s, %s, 'USAGE')", (REPORTING, REPORTING_SCHEMA)).fetchone()[0]:
        connection.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(quoted(REPORTING_SCHEMA), quoted(REPORTING)))
        done.add(f"granted {REPORTING} USAGE on the schema {REPORTING_SCHEMA}")
    for name, query in REPORTING_VIEWS.items():
        qualified = f"{REPORTING_SCHEMA}.{name}"
        exists = connection.execute("SELECT to_regclass(%s)", (qualified,)).fetchone()[0] is not None
        # Replaced every time, so that a newer reflect's definition takes the place of an older one.
        connection.execute(f"CREATE OR REPLACE VIEW {qualified} WITH (security_barrier = true) AS {query}")
        if not exists:
            done.add(f"created the view {qualified}")
        if "SELECT" not in privileges_of(connection, qualified, REPORTING):
            connection.execute(sql.SQL("GRANT SELECT ON {}.{} TO {}").format(quoted(REPORTING_SCHEMA), quoted(name), quoted(REPORTING)))
            done.add(f"granted {REPORTING} SELECT on {qualified}")
