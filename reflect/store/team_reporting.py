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
        {_left_out("left_out", "big", least)},
        kept AS (
            SELECT month, cell, practitioners FROM big
            WHERE NOT (smallest = 1 AND month IN (SELECT month FROM left_out))),
        {_left_out("still_left_out", "kept", least, within="left_out")},
        shown AS (SELECT month, cell, practitioners FROM kept WHERE month NOT IN (SELECT month FROM still_left_out))"""


def _left_out(name: str, shown: str, least: int, within: str | None = None) -> str:
    """The months (of those in `within`, if given) in which the cells of `shown` leave out (hold none
    of the rows of) some practitioners, but fewer than `least`: the figures that a month's total less
    those cells would give away."""
    months = f" WHERE month IN (SELECT month FROM {within})" if within else ""
    return f"""{name}_rows AS (
            -- Each month row, and whether a cell shown holds it: summed rather than joined (an anti-join
            -- over the rows, planned as a nested loop, took seconds at 20,000 of them).
            SELECT month, owner, practitioner, max(covered) AS covered FROM (
                SELECT month, period, kind, owner, practitioner, 0 AS covered FROM everyone
                UNION ALL
                SELECT c.month, c.period, c.kind, c.owner, c.practitioner, 1 FROM cell_rows c
                JOIN {shown} b ON b.month = c.month AND b.cell = c.cell) AS marked{months}
            GROUP BY month, period, kind, owner, practitioner),
        {name} AS (
            SELECT month FROM {name}_rows WHERE covered = 0
            GROUP BY month
            HAVING count(DISTINCT owner) < {least} OR count(DISTINCT practitioner) < {least})"""


def _counts_view(by: str, label: str) -> str:
    return f"""WITH {_shown(by)}
        SELECT s.cell AS {label}, s.month, s.practitioners, sum(r.reflections)::bigint AS reflections
        FROM shown s JOIN cell_rows c ON c.month = s.month AND c.cell = s.cell
        JOIN public.answer_rollup r ON r.span = 'month' AND r.period = c.period AND r.kind = c.kind
            AND r.owner = c.owner AND r.practitioner = c.practitioner
        GROUP BY s.cell, s.month, s.practitioners"""


def _answers_view(by: str, label: str) -> str:
    slots = f"(SELECT string_to_array(value, ',') FROM public.{SETTINGS_TABLE} WHERE key = 'response_slots' AND owner = '')"
    return f"""WITH {_shown(by)}
        SELECT s.cell AS {label}, s.month, {slots}[q.slot] AS question, q.slot AS position,
            sum(q.yes)::bigint AS yes, sum(q.partly)::bigint AS partly, sum(q.no)::bigint AS no,
            sum(q.not_applicable)::bigint AS not_applicable
        FROM shown s JOIN cell_rows c ON c.month = s.month AND c.cell = s.cell
        JOIN public.answer_rollup r ON r.span = 'month' AND r.period = c.period AND r.kind = c.kind
            AND r.owner = c.owner AND r.practitioner = c.practitioner
        {_unnested()}
        WHERE {slots}[q.slot] IS NOT NULL
        GROUP BY s.cell, s.month, q.slot"""


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
