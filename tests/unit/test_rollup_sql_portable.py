"""The answer rollup's SQL is SQLAlchemy Core that PostgreSQL runs as well as SQLite: no SQLite-only functions.

Compiled for each dialect (no server needed): every statement that keeps the rollup (the
upsert of increments) and every shape of statement that sums from it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from reflect.model import Selection
from reflect.store import rollup

SQLITE_ONLY = ("date(", "printf(", "strftime(", "julianday(", "ifnull(", "group_concat(", "json_each(")
NOW = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)
SELECTIONS = [
    Selection(),
    Selection(start=datetime(2026, 8, 18, tzinfo=UTC), end=NOW, kind="phone"),
    Selection(start=NOW, end=datetime(2027, 3, 1, tzinfo=UTC), start_day=date(2026, 11, 18), end_day=date(2027, 3, 1), practitioner="p"),
    Selection(start=datetime(2026, 1, 1, 9, tzinfo=UTC)),
    Selection(end=NOW, end_day=date(2026, 11, 18)),
]


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "postgresql"])
@pytest.mark.parametrize("span", [None, "day", "week", "month"])
def test_every_shape_of_sum_compiles_without_sqlite_only_functions(dialect, span) -> None:  # type: ignore[no-untyped-def]
    for selection in SELECTIONS:
        chosen = rollup.plan(selection, 10)
        assert chosen is not None
        statement, _ = rollup._statement(selection, chosen, span, 10, (True, True))
        sql = str(statement.compile(dialect=dialect)).lower()
        assert not [name for name in SQLITE_ONLY if name in sql], sql


class Recording:
    """A connection that only records what it is asked to run (no database), as one of `dialect` would."""

    def __init__(self, dialect: object) -> None:
        self.dialect = dialect
        self.statements: list[object] = []

    def execute(self, statement: object, rows: object = None) -> None:
        self.statements.append(statement)


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "postgresql"])
def test_the_rollup_is_kept_by_the_dialects_own_upsert_of_increments(dialect) -> None:  # type: ignore[no-untyped-def]
    connection = Recording(dialect)
    rollup._apply(connection, {("day", "", "2026-11-18", "phone"): [1] + [0] * len(rollup.ANSWER_COLUMNS)})  # type: ignore[arg-type]
    (statement,) = connection.statements
    sql = str(statement.compile(dialect=dialect))  # type: ignore[attr-defined]
    assert "ON CONFLICT (span, practitioner, period, kind, owner) DO UPDATE SET reflections = (answer_rollup.reflections + excluded.reflections)" in sql
    assert type(statement).__module__.startswith(f"sqlalchemy.dialects.{dialect.name}")


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "postgresql"])
def test_each_scan_beside_an_instant_bound_reads_between_two_instants_only(dialect) -> None:  # type: ignore[no-untyped-def]
    # Given the period's bounds and the edge's as two ranges, SQLite sought the index by the
    # period's and read every row of it (a year of rows, to keep the day or two beside a bound).
    selection = SELECTIONS[1]  # the last three months, ending now
    chosen = rollup.plan(selection, 10)
    assert chosen is not None and [edge for edge, _ in chosen.edges] == ["low", "high"]
    statement, values = rollup._statement(selection, chosen, None, 10, (False, True))
    _, *edges = str(statement.compile(dialect=dialect)).split("UNION ALL")
    assert len(edges) == 2
    for edge in edges:
        assert edge.count("reflection.occurred_at >=") == 1 and edge.count("reflection.occurred_at <") == 1, edge
    (_, (_, low_at)), (_, (_, high_at)) = chosen.edges
    assert (values["low_from"], values["low_to"]) == (selection.start, low_at)
    assert (values["high_from"], values["high_to"]) == (high_at, selection.end)


def test_an_edge_keeps_within_the_period_where_the_period_is_shorter_than_its_day_or_two() -> None:
    start, end = datetime(2026, 11, 1, 9, tzinfo=UTC), datetime(2026, 11, 30, 10, tzinfo=UTC)
    for selection in (Selection(start=start, end=end), Selection(start=start, end_day=date(2026, 11, 3)),
                      Selection(start_day=date(2026, 11, 28), end=end)):  # fmt: skip
        chosen = rollup.plan(selection, 10)
        if chosen is None:
            continue  # a day or two: the row scan
        _, values = rollup._statement(selection, chosen, None, 10, (False, True))
        for edge, _ in chosen.edges:
            low, high = values[f"{edge}_from"], values[f"{edge}_to"]
            assert (selection.start is None or low >= selection.start) and (selection.end is None or high <= selection.end)


def test_the_sums_are_compiled_without_a_parameter_for_each_answer() -> None:
    # Forty CASE expressions of three bound values each made the first figures in a process
    # (`reflect stats`, the Patterns screen) spend most of their time building and compiling SQL.
    selection = SELECTIONS[1]
    chosen = rollup.plan(selection, 10)
    assert chosen is not None
    statement, _ = rollup._statement(selection, chosen, None, 10, (False, True))
    compiled = statement.compile(dialect=sqlite.dialect())
    assert len(compiled.params) < 40, sorted(compiled.params)  # the bounds, pieces and kinds (there were 400)
