"""A period of whole days means the days on the practitioner's clock, whatever the time zone is now.

A reflection made at 00:30 on 11 June in London is on 11 June (as `reflect list` shows it), even when
`stats`, `export`, `report` or `share` is run later in New York, where that moment was still 10 June.
Each test adds in one zone and asks in another, in this process, re-reading TZ in between.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from tests.helpers.cli import ALL_YES
from tests.helpers.running import reflect_main

LONDON = "Europe/London"
NEW_YORK = "America/New_York"


def in_zone(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()


def add(db: Path, when: str) -> None:
    result = reflect_main("add", "--db", str(db), "--answers", ALL_YES, "--when", when)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def after_midnight_in_london(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A reflection at 00:30 on 11 June 2025 in London (23:30 UTC on the 10th), then the clock moved to New York."""
    db = tmp_path / "r.db"
    in_zone(monkeypatch, LONDON)
    add(db, "2025-06-11 00:30")
    in_zone(monkeypatch, NEW_YORK)
    return db


@pytest.fixture
def before_midnight_in_new_york(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A reflection at 23:30 on 10 June 2025 in New York (03:30 UTC on the 11th), then the clock moved to London."""
    db = tmp_path / "r.db"
    in_zone(monkeypatch, NEW_YORK)
    add(db, "2025-06-10 23:30")
    in_zone(monkeypatch, LONDON)
    return db


def counted(db: Path, *period: str) -> int:
    result = reflect_main("stats", "--db", str(db), "--json", *period)
    assert result.returncode == 0, result.stderr
    reflections: int = json.loads(result.stdout)["reflections"]
    return reflections


def test_list_shows_the_day_the_practitioner_saw(after_midnight_in_london: Path) -> None:
    listed = reflect_main("list", "--db", str(after_midnight_in_london))

    assert " 2025-06-11 00:30 " in listed.stdout


def test_stats_of_a_day_counts_the_reflections_list_shows_on_it(after_midnight_in_london: Path) -> None:
    assert counted(after_midnight_in_london, "--from", "2025-06-11", "--to", "2025-06-11") == 1
    assert counted(after_midnight_in_london, "--from", "2025-06-10", "--to", "2025-06-10") == 0


def test_stats_of_a_day_counts_them_in_a_zone_ahead_too(before_midnight_in_new_york: Path) -> None:
    assert counted(before_midnight_in_new_york, "--from", "2025-06-10", "--to", "2025-06-10") == 1
    assert counted(before_midnight_in_new_york, "--from", "2025-06-11", "--to", "2025-06-11") == 0


def test_a_period_open_at_one_end_uses_the_day_at_the_other(after_midnight_in_london: Path) -> None:
    assert counted(after_midnight_in_london, "--from", "2025-06-11") == 1
    assert counted(after_midnight_in_london, "--to", "2025-06-10") == 0
    assert counted(after_midnight_in_london, "--to", "2025-06-11") == 1


def test_export_of_a_day_holds_the_reflections_list_shows_on_it(after_midnight_in_london: Path) -> None:
    def exported(day: str) -> int:
        result = reflect_main("export", "--db", str(after_midnight_in_london), "--format", "csv", "--from", day, "--to", day)
        assert result.returncode == 0, result.stderr
        return len(list(csv.DictReader(io.StringIO(result.stdout))))

    assert (exported("2025-06-11"), exported("2025-06-10")) == (1, 0)


def test_report_of_a_day_holds_the_reflections_list_shows_on_it(after_midnight_in_london: Path) -> None:
    def reported(day: str) -> str:
        result = reflect_main("report", "--db", str(after_midnight_in_london), "--from", day, "--to", day)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "1 reflection" in reported("2025-06-11")
    assert "1 reflection" not in reported("2025-06-10")


def test_share_of_a_day_holds_the_reflections_list_shows_on_it(after_midnight_in_london: Path, tmp_path: Path) -> None:
    def shared(day: str) -> int:
        return reflect_main(
            "share", "--db", str(after_midnight_in_london), "--as", "Sam", "--yes", "--output", str(tmp_path / f"{day}.json"),
            "--from", day, "--to", day,
        ).returncode  # fmt: skip

    assert shared("2025-06-11") == 0
    assert len(json.loads((tmp_path / "2025-06-11.json").read_text(encoding="utf-8"))["reflections"]) == 1
    assert shared("2025-06-10") != 0 and not (tmp_path / "2025-06-10.json").exists()


def test_a_period_given_as_moments_stays_moments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "r.db"
    add(db, "3 hours ago")

    assert counted(db, "--from", "4 hours ago") == 1
    assert counted(db, "--from", "2 hours ago") == 0
