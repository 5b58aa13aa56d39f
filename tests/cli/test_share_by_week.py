"""`reflect share --by-week`: a bundle that says only the week of each reflection, read by the team side as well as one by day."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_share_and_team import personal, share  # noqa: F401  (the fixture, used by name)
from tests.helpers.cli import assert_clean_failure
from tests.helpers.running import reflect_main


def test_the_preview_offers_the_week_instead_of_the_day(personal: Path, tmp_path: Path, subprocess_env) -> None:  # noqa: F811
    result = share(personal, tmp_path / "b.json", subprocess_env, "--as", "Sam")

    assert result.returncode == 0, result.stderr
    assert "Add --by-week to share only the week of each reflection instead of its day." in result.stderr


def test_a_bundle_by_week_holds_each_reflections_monday_and_no_day(personal: Path, tmp_path: Path, subprocess_env) -> None:  # noqa: F811
    result = share(personal, tmp_path / "b.json", subprocess_env, "--as", "Sam", "--by-week", "--include-notes")

    assert result.returncode == 0, result.stderr
    assert "each with its ten answers, its kind of interaction and only its week (the Monday it began), not its day." in result.stderr
    assert "--by-week to share" not in result.stderr
    document = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert document["dated_by"] == "week"
    assert all("day" not in record for record in document["reflections"])
    # 2 Nov 2025 was a Sunday, 4 and 6 Nov in the week from Monday 3 Nov.
    assert sorted(record["week"] for record in document["reflections"]) == ["2025-10-27", "2025-11-03", "2025-11-03"]
    assert "2025-11-04" not in (tmp_path / "b.json").read_text(encoding="utf-8")


def test_a_bundle_by_day_says_so(personal: Path, tmp_path: Path, subprocess_env) -> None:  # noqa: F811
    share(personal, tmp_path / "b.json", subprocess_env, "--as", "Sam")
    document = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))

    assert document["dated_by"] == "day"
    assert all("week" not in record for record in document["reflections"])


def test_the_team_side_reads_bundles_by_week_and_by_day_together(personal: Path, tmp_path: Path, subprocess_env) -> None:  # noqa: F811
    share(personal, tmp_path / "week.json", subprocess_env, "--as", "Sam", "--by-week")
    other = tmp_path / "other.db"
    other.write_bytes(personal.read_bytes())
    day = tmp_path / "day.json"
    share(other, day, subprocess_env, "--as", "Ali")
    # The two copies hold the same reflections; a supervisor's team would not, so give Ali's their own ids.
    document = json.loads(day.read_text(encoding="utf-8"))
    for number, record in enumerate(document["reflections"]):
        record["id"] = f"00000000-0000-4000-8000-9{number:011d}"
    document["practitioner"]["id"] = "00000000-0000-4000-8000-999999999999"
    from reflect.exchange.bundle import bundle_json, checksum

    document["checksum"] = checksum(document)
    day.write_text(bundle_json(document), encoding="utf-8")

    result = reflect_main("team", "--db", str(tmp_path / "team.db"), "import", str(tmp_path / "week.json"), str(day), env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert "Sam: added" in result.stdout and "Ali: added" in result.stdout


def test_a_bundle_whose_records_do_not_match_how_it_says_it_is_dated_is_refused(personal: Path, tmp_path: Path, subprocess_env) -> None:  # noqa: F811
    from reflect.exchange.bundle import bundle_json, checksum

    share(personal, tmp_path / "b.json", subprocess_env, "--as", "Sam", "--by-week")
    document = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    document["reflections"][0]["day"] = "2025-11-04"
    document["checksum"] = checksum(document)
    (tmp_path / "b.json").write_text(bundle_json(document), encoding="utf-8")

    result = reflect_main("team", "--db", str(tmp_path / "team.db"), "import", str(tmp_path / "b.json"), env=subprocess_env)

    assert_clean_failure(result, 1, "reflection 1", "dated by week")
    assert not (tmp_path / "team.db").exists()


def test_a_week_that_does_not_begin_on_a_monday_is_refused(personal: Path, tmp_path: Path, subprocess_env) -> None:  # noqa: F811
    from reflect.exchange.bundle import bundle_json, checksum

    share(personal, tmp_path / "b.json", subprocess_env, "--as", "Sam", "--by-week")
    document = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    document["reflections"][0]["week"] = "2025-11-04"
    document["checksum"] = checksum(document)
    (tmp_path / "b.json").write_text(bundle_json(document), encoding="utf-8")

    result = reflect_main("team", "--db", str(tmp_path / "team.db"), "import", str(tmp_path / "b.json"), env=subprocess_env)

    assert_clean_failure(result, 1, "not a Monday")
