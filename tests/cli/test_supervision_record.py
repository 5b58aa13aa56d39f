"""`reflect team --db TEAM.db supervision ...`: a supervisor's record of supervision, kept in the team
database: the agreement, each session (day, who was there, bundle and flagged items discussed, actions
agreed), how each action went at the next session, listed per practitioner and printable."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.cli.test_share_and_team import personal_reflections, share
from tests.helpers.cli import assert_clean_failure, make_database
from tests.helpers.running import reflect_main

FLAGGED = "00000000-0000-4000-8000-000000000003"
"""The reflection flagged for supervision; ...005 has a flagged note."""
NOTE_FLAGGED = "00000000-0000-4000-8000-000000000005"


@pytest.fixture
def team(tmp_path: Path, subprocess_env) -> Path:  # type: ignore[no-untyped-def]
    personal = tmp_path / "mine.db"
    make_database(personal, *personal_reflections())
    share(personal, tmp_path / "sam.json", subprocess_env, "--as", "Sam Okafor", "--include-notes")
    database = tmp_path / "team.db"
    reflect_main("team", "--db", str(database), "import", str(tmp_path / "sam.json"), env=subprocess_env)
    return database


def supervision(team: Path, env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return reflect_main("team", "--db", str(team), "supervision", *args, env=env)


def test_show_lists_the_flagged_items_with_the_ids_to_name_them_by(team: Path, subprocess_env) -> None:
    result = supervision(team, subprocess_env, "show", "Sam Okafor")

    assert result.returncode == 0, result.stderr
    assert "Supervision record: Sam Okafor" in result.stdout
    assert "No session recorded yet" in result.stdout and "No agreement noted yet" in result.stdout
    # The ids differ only at their end, so each is shown in full: enough to name it alone.
    assert f"{FLAGGED}  4 Nov 2025" in result.stdout and f"{NOTE_FLAGGED}  6 Nov 2025" in result.stdout
    assert "JB-12" not in result.stdout and "[person]" not in result.stdout


def test_a_session_is_recorded_with_who_was_there_what_was_discussed_and_the_actions_agreed(team: Path, subprocess_env) -> None:
    result = supervision(team, subprocess_env, "record", "sam okafor", "--date", "2025-12-01", "--with", "Sam Okafor", "--with", "Dr Ali Shah",
                         "--discussed", FLAGGED, "--action", "Ask about strengths earlier", "--action", "Read the crisis plan guidance")  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout == "Recorded the session of 1 Dec 2025 with Sam Okafor, Dr Ali Shah: 1 flagged item discussed; actions 1, 2 agreed.\n"
    shown = supervision(team, subprocess_env, "show", "Sam Okafor").stdout
    assert "1 Dec 2025, with Sam Okafor, Dr Ali Shah" in shown
    assert f"Discussed: A reflection of 4 Nov 2025 ({FLAGGED[:8]})" in shown
    assert "Action 1 agreed: Ask about strengths earlier" in shown and "Action 2 agreed: Read the crisis plan guidance" in shown
    assert "Actions to follow up at the next session" in shown
    assert f"{FLAGGED}  4 Nov 2025" in shown and "(discussed)" in shown


def test_the_next_session_records_how_each_action_went_and_only_the_rest_stay_open(team: Path, subprocess_env) -> None:
    supervision(team, subprocess_env, "record", "Sam Okafor", "--date", "2025-12-01", "--with", "Sam", "--action", "Ask earlier", "--action", "Read the guidance")

    result = supervision(team, subprocess_env, "record", "Sam Okafor", "--date", "2026-01-05", "--with", "Sam", "--went", "1", "Asked on three visits",
                         "--action", "Bring a visit to discuss")  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "action 3 agreed; how 1 went" in result.stdout
    shown = supervision(team, subprocess_env, "show", "Sam Okafor").stdout
    assert "How action 1 went: Asked on three visits" in shown.split("5 Jan 2026")[1]
    follow_up = shown.split("Actions to follow up at the next session")[1]
    assert "2. Read the guidance" in follow_up and "3. Bring a visit to discuss" in follow_up and "Ask earlier" not in follow_up


def test_the_agreement_is_noted_once_per_practitioner_and_noting_it_again_replaces_it(team: Path, subprocess_env) -> None:
    supervision(team, subprocess_env, "agreement", "Sam Okafor", "--frequency", "Monthly", "--confidentiality", "Between us")
    result = supervision(team, subprocess_env, "agreement", "Sam Okafor", "--frequency", "Every 6 weeks, one hour",
                         "--confidentiality", "Between us unless someone is at risk")  # fmt: skip

    assert result.returncode == 0, result.stderr
    shown = supervision(team, subprocess_env, "show", "Sam Okafor").stdout
    assert "Agreed frequency: Every 6 weeks, one hour" in shown and "Confidentiality: Between us unless someone is at risk" in shown
    assert "Monthly" not in shown


@pytest.fixture
def recorded(team: Path, subprocess_env) -> Path:  # type: ignore[no-untyped-def]
    supervision(team, subprocess_env, "agreement", "Sam Okafor", "--frequency", "Monthly, one hour", "--confidentiality", "Between us <unless> at risk")
    supervision(team, subprocess_env, "record", "Sam Okafor", "--date", "2025-12-01", "--with", "Sam Okafor", "--with", "Ali *Shah*",
                "--discussed", FLAGGED, "--action", "Ask about *strengths* earlier")  # fmt: skip
    supervision(team, subprocess_env, "record", "Sam Okafor", "--date", "2026-01-05", "--with", "Sam Okafor", "--went", "1", "Done <b>well</b>")
    return team


def test_the_record_prints_as_markdown_with_every_session_and_outcome(recorded: Path, subprocess_env) -> None:
    result = supervision(recorded, subprocess_env, "print", "Sam Okafor")

    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Supervision record\n")
    assert "- Frequency: Monthly, one hour" in text and "- Confidentiality: Between us \\<unless\\> at risk" in text
    assert text.index("### 1 Dec 2025") < text.index("### 5 Jan 2026")
    assert "- Present: Sam Okafor, Ali \\*Shah\\*" in text
    assert f"({FLAGGED[:8]})" in text.split("### 5 Jan 2026")[0]
    assert "- Action 1 agreed: Ask about \\*strengths\\* earlier (how it went, 5 Jan 2026: Done \\<b\\>well\\</b\\>)" in text


def test_the_record_prints_as_one_self_contained_html_file_readable_by_its_owner_alone(recorded: Path, tmp_path: Path, subprocess_env) -> None:
    output = tmp_path / "sam-record.html"

    result = supervision(recorded, subprocess_env, "print", "Sam Okafor", "--output", str(output))

    assert result.returncode == 0, result.stderr
    html = output.read_text(encoding="utf-8")
    ET.fromstring(html.split("\n", 1)[1])
    assert "http" not in html and "<script" not in html and "<b>" not in html
    assert "Done &lt;b&gt;well&lt;/b&gt;" in html and "Monthly, one hour" in html
    assert output.stat().st_mode & 0o077 == 0


def test_a_practitioner_is_named_by_the_start_of_their_id_too(team: Path, subprocess_env) -> None:
    summary_id = supervision(team, subprocess_env, "show", "Sam Okafor").stdout.split("(id ")[1][:8]

    result = supervision(team, subprocess_env, "show", summary_id[:5])

    assert result.returncode == 0, result.stderr
    assert "Supervision record: Sam Okafor" in result.stdout


def test_a_practitioner_is_named_by_the_start_of_their_name_as_a_supervisor_would_say_it(team: Path, subprocess_env) -> None:
    result = supervision(team, subprocess_env, "record", "sam", "--with", "Sam", "--action", "Ask about strengths earlier")

    assert result.returncode == 0, result.stderr
    assert "Action 1 agreed: Ask about strengths earlier" in supervision(team, subprocess_env, "show", "Sam O").stdout


BAD = {
    "no one named": (["record", "Sam Okafor"], ["--with"]),
    "a day still to come": (["record", "Sam Okafor", "--with", "Sam", "--date", "2999-01-01"], ["still to come"]),
    "a day that is not one": (["record", "Sam Okafor", "--with", "Sam", "--date", "31/12"], ["'31/12'", "2026-12-01"]),
    "an item not flagged": (["record", "Sam Okafor", "--with", "Sam", "--discussed", "00000000-0000-4000-8000-000000000001"], ["no flagged reflection"]),
    "an item two ids start with": (["record", "Sam Okafor", "--with", "Sam", "--discussed", "0000"], ["more than one"]),
    "an action that does not exist": (["record", "Sam Okafor", "--with", "Sam", "--went", "4", "Done"], ["no action 4"]),
    "an action number that is not one": (["record", "Sam Okafor", "--with", "Sam", "--went", "first", "Done"], ["'first'", "not an action number"]),
    "an empty action": (["record", "Sam Okafor", "--with", "Sam", "--action", "  "], ["action", "empty"]),
    "a control character": (["record", "Sam Okafor", "--with", "Sam\x1b[2J"], ["control characters"]),
    "the same name twice": (["record", "Sam Okafor", "--with", "Sam", "--with", "sam"], ["twice"]),
    "a name too long": (["record", "Sam Okafor", "--with", "S" * 61], ["61 characters"]),
    "someone not in the team": (["show", "Jo"], ["'Jo'", "summary"]),
    "empty agreement terms": (["agreement", "Sam Okafor", "--frequency", "", "--confidentiality", "x"], ["frequency", "empty"]),
}


@pytest.mark.parametrize(("args", "fragments"), BAD.values(), ids=BAD.keys())
def test_what_cannot_be_recorded_is_refused_in_one_line_and_nothing_is_written(
    args: list[str], fragments: list[str], team: Path, subprocess_env
) -> None:
    before = supervision(team, subprocess_env, "show", "Sam Okafor").stdout

    result = supervision(team, subprocess_env, *args)

    assert_clean_failure(result, 2, *fragments)
    assert supervision(team, subprocess_env, "show", "Sam Okafor").stdout == before


def test_how_an_action_went_is_recorded_once(team: Path, subprocess_env) -> None:
    supervision(team, subprocess_env, "record", "Sam Okafor", "--date", "2025-12-01", "--with", "Sam", "--action", "Ask earlier")
    supervision(team, subprocess_env, "record", "Sam Okafor", "--date", "2025-12-02", "--with", "Sam", "--went", "1", "Done")

    result = supervision(team, subprocess_env, "record", "Sam Okafor", "--with", "Sam", "--went", "1", "Done again")

    assert_clean_failure(result, 2, "already recorded")


def test_a_missing_team_database_is_refused_and_not_made(tmp_path: Path, subprocess_env) -> None:
    result = reflect_main("team", "--db", str(tmp_path / "none.db"), "supervision", "show", "Sam", env=subprocess_env)

    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not (tmp_path / "none.db").exists()
