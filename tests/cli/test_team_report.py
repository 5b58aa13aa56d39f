"""`reflect team --db TEAM.db report`: the team view as Markdown or one self-contained HTML file that
prints on A4, keeping the minimum group size for every team-wide figure."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from tests.cli.test_share_and_team import write_demo_bundles
from tests.helpers.cli import assert_clean_failure
from tests.helpers.running import reflect_main


def team_of(tmp_path: Path, env: dict[str, str], practitioners: int) -> Path:
    folder = tmp_path / "bundles"
    folder.mkdir()
    db = tmp_path / "team.db"
    imported = reflect_main("team", "--db", str(db), "import", *map(str, write_demo_bundles(folder, practitioners)), env=env)
    assert imported.returncode == 0, imported.stderr
    return db


@pytest.fixture
def three(tmp_path: Path, subprocess_env: dict[str, str]) -> Path:
    return team_of(tmp_path, subprocess_env, 3)


def test_the_team_report_in_html_is_one_self_contained_file_that_prints_on_a4(three: Path, tmp_path: Path, subprocess_env) -> None:
    output = tmp_path / "team.html"

    result = reflect_main("team", "--db", str(three), "report", "--output", str(output), env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"Wrote the team summary (3 practitioners) to {output}."
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    html = output.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "@page { size: A4;" in html
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html) and "<link" not in html and "<script" not in html
    assert "<th class=\"number\">Team</th>" in html and "The team's pattern" in html and "Strengths:" in html


def test_the_team_report_shows_each_practitioner_with_rates_their_n_and_what_they_flagged(three: Path, subprocess_env) -> None:
    markdown = reflect_main("team", "--db", str(three), "report", env=subprocess_env).stdout

    assert markdown.startswith("# Team supervision summary\n\n3 practitioners · 37 reflections · 26 Oct 2026 to 23 Nov 2026")
    assert "| Practice | Team | Alex | Jo | Sam |" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| Making sense |")]
    assert rows and all(cell.strip() == "–" or " n=" in cell for cell in rows[0].strip("|").split("|")[1:])
    sam = markdown.split("\n### Sam\n")[1]
    assert "I noticed I wanted to fix things rather than listen." in sam and "Answers: Making sense " in sam
    alex = markdown.split("\n### Alex\n")[1].split("\n### Jo\n")[0]
    assert "Their words were not included in this bundle" in alex and "· reflection**" in alex


def test_the_team_report_keeps_the_minimum_group_size(tmp_path: Path, subprocess_env) -> None:
    two = team_of(tmp_path, subprocess_env, 2)

    markdown = reflect_main("team", "--db", str(two), "report", env=subprocess_env).stdout
    html = reflect_main("team", "--db", str(two), "report", "--format", "html", env=subprocess_env).stdout

    assert "| Practice | Alex | Sam |" in markdown and "| Team |" not in markdown
    assert "(2 so far), so that no one can be singled out" in markdown and "CHIME" not in markdown
    assert ">Team<" not in html and "CHIME" not in html
    # No month has three practitioners in it: one sentence says so, not a table of dashes.
    team_months = markdown.split("## Month on month, the team")[1].split("## Each practitioner")[0]
    assert team_months.strip() == "No month yet has 3 practitioners reflecting in it, so there are no team figures month " \
        "by month: a month's appear once it has, so that no one can be singled out from them."
    assert "<h2>Month on month, the team</h2>\n<p>No month yet has 3 practitioners" in html


def test_the_team_report_of_a_team_too_wide_for_a4_is_split_into_tables_of_five(tmp_path: Path, subprocess_env) -> None:
    from tests.app.test_team_view import SIX, seed_many

    seed_many(tmp_path / "team.db", SIX)
    html = reflect_main("team", "--db", str(tmp_path / "team.db"), "report", "--format", "html", env=subprocess_env).stdout

    assert html.count('<table class="side-by-side">') == 2


def test_the_team_report_needs_a_team_database(tmp_path: Path, subprocess_env) -> None:
    result = reflect_main("team", "--db", str(tmp_path / "none.db"), "report", env=subprocess_env)

    assert_clean_failure(result, 1, "There is no team database at")
