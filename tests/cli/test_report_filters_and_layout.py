"""`reflect report --kind/--tag` (and what the summary says of them), a summary with no earlier period
to compare, and flagged cards that may break across pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import assert_clean_failure
from tests.helpers.running import reflect_main

PERIOD = ("--from", "2026-11-01", "--to", "2026-11-28")


@pytest.fixture
def database(tmp_path: Path, subprocess_env: dict[str, str]) -> Path:
    """Three phone calls and two home visits in November (one visit tagged housing); nothing before."""
    db = tmp_path / "mine.db"
    for day, kind, answers, *tag in [
        ("2026-11-02", "phone", "y,y,y,y,y,y,y,y,y,y"),
        ("2026-11-03", "phone", "y,y,y,y,y,y,y,y,y,y"),
        ("2026-11-04", "phone", "n,y,y,y,y,y,y,y,y,y"),
        ("2026-11-05", "home-visit", "n,n,n,n,n,n,n,n,n,n", "housing"),
        ("2026-11-06", "home-visit", "p,p,p,p,p,p,p,p,p,p"),
    ]:
        tags = ["--tag", tag[0]] if tag else []
        made = reflect_main("add", "--db", str(db), "--answers", answers, "--kind", kind, "--when", f"{day} 10:00", *tags,
                            env=subprocess_env)  # fmt: skip
        assert made.returncode == 0, made.stderr
    return db


def report(db: Path, env: dict[str, str], *args: str) -> str:
    result = reflect_main("report", "--db", str(db), *PERIOD, *args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_report_kind_holds_only_that_kind_and_says_so(database: Path, subprocess_env: dict[str, str]) -> None:
    markdown = report(database, subprocess_env, "--kind", "phone")

    assert "· 3 reflections" in markdown and "**Only phone reflections.**" in markdown
    assert "| Phone | 3 |" in markdown and "Home visit" not in markdown


def test_report_tag_says_a_tag_was_chosen_without_naming_it(database: Path, subprocess_env: dict[str, str]) -> None:
    html = report(database, subprocess_env, "--tag", "housing", "--format", "html")

    assert "1 reflection" in html and "Only the reflections with the tag chosen (reports never name tags)." in html
    assert "housing" not in html.lower()


def test_report_refuses_a_kind_it_does_not_know(database: Path, subprocess_env: dict[str, str]) -> None:
    assert_clean_failure(reflect_main("report", "--db", str(database), "--kind", "lunch", env=subprocess_env), 2, "'lunch'")


def test_with_no_reflections_before_there_is_no_before_column_and_no_empty_chart(database: Path, subprocess_env: dict[str, str]) -> None:
    markdown = report(database, subprocess_env)
    html = report(database, subprocess_env, "--format", "html")

    assert "Before" not in markdown and "(n=0)" not in markdown
    assert "There are no reflections in the period before (4 Oct 2026 to 31 Oct 2026) to compare with." in markdown
    assert html.count("<svg") == 1 and "<th class=\"number\">Before</th>" not in html


def test_with_reflections_before_the_comparison_stays(database: Path, subprocess_env: dict[str, str]) -> None:
    for day in range(20, 25):
        reflect_main("add", "--db", str(database), "--answers", "y,y,y,y,y,y,y,y,y,y", "--when", f"2026-10-{day} 10:00", env=subprocess_env)

    markdown = report(database, subprocess_env)

    assert "| Before | Change |" in markdown and "There are no reflections in the period before" not in markdown
    # A change from few answers says how few: Making sense 100% of 5 before, (2 + 0.5) / 5 = 50% now.
    assert "| 100% (n=5) | -50 points, from 5 to 5 answers |" in markdown


def test_a_flagged_card_may_break_across_pages_rather_than_leave_one_half_blank(database: Path, subprocess_env: dict[str, str]) -> None:
    html = report(database, subprocess_env, "--format", "html")

    assert "#flagged article, #flagged table.answers tr { break-inside: auto; }" in html
    assert "tr, article, figure, .keep { break-inside: avoid; }" in html  # rows and other cards stay whole
