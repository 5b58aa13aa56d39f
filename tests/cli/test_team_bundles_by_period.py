"""A team database keeps each practitioner's bundles by period: a bundle of another month is added
beside the ones held, only a newer bundle of the same period replaces one, and the summary shows
month on month (per practitioner, and for the team from three practitioners a month)."""

from __future__ import annotations

from pathlib import Path

from reflect.store import open_store
from tests.cli.test_team_what_the_supervisor_sees import Practitioner, team

SEPTEMBER = ("--from", "2026-09-01", "--to", "2026-09-30")
NOVEMBER = ("--from", "2026-11-01", "--to", "2026-11-30")


def reflect_days(practitioner: Practitioner, days: list[str], answers: str = "y,y,y,y,y,y,y,y,y,y") -> None:
    for day in days:
        practitioner.add("--answers", answers, "--when", f"{day} 10:00")


SEPTEMBER_DAYS = [f"2026-09-{day:02d}" for day in range(1, 7)]
NOVEMBER_DAYS = [f"2026-11-{day:02d}" for day in range(2, 10)]


def test_a_september_bundle_made_later_is_kept_beside_the_november_one(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    sam = Practitioner(tmp_path / "sam", "Sam", subprocess_env)
    reflect_days(sam, SEPTEMBER_DAYS)
    reflect_days(sam, NOVEMBER_DAYS, "n,n,n,n,n,n,n,n,n,n")
    november = sam.share(*NOVEMBER, called="november.json")
    september = sam.share(*SEPTEMBER, called="september.json")  # made after November's
    db = tmp_path / "team.db"

    team(db, "import", str(november), env=subprocess_env)
    second = team(db, "import", str(september), env=subprocess_env)

    assert "replaces" not in second.stdout
    assert "added their bundle of" in second.stdout and "for 1 Sep 2026 to 30 Sep 2026 (6 reflections)" in second.stdout
    assert "the team database holds 2 periods of theirs" in second.stdout
    store = open_store(db, team=True)
    assert [b.reflections for b in store.bundles()] == [6, 8]  # September's, then November's
    assert [p.reflections for p in store.practitioners()] == [14]
    store.close()


def test_only_a_newer_bundle_of_the_same_period_replaces_one(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    sam = Practitioner(tmp_path / "sam", "Sam", subprocess_env)
    reflect_days(sam, SEPTEMBER_DAYS + NOVEMBER_DAYS[:4])
    db = tmp_path / "team.db"
    team(db, "import", str(sam.share(*SEPTEMBER, called="september.json")), str(sam.share(*NOVEMBER, called="november.json")),
         env=subprocess_env)  # fmt: skip
    reflect_days(sam, NOVEMBER_DAYS[4:])

    again = team(db, "import", str(sam.share(*NOVEMBER, called="november-again.json")), env=subprocess_env)

    assert "(8 reflections) replaces the one of" in again.stdout and "for the same period, 1 Nov 2026 to 30 Nov 2026." in again.stdout
    store = open_store(db, team=True)
    assert sorted(b.reflections for b in store.bundles()) == [6, 8]
    store.close()


def test_the_summary_shows_month_on_month_with_n_and_says_which_periods_it_pools(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "team.db"
    names = ["Alex", "Jo", "Sam"]
    for name in names:
        person = Practitioner(tmp_path / name, name, subprocess_env)
        reflect_days(person, NOVEMBER_DAYS)
        if name == "Sam":  # only Sam reflected in September
            reflect_days(person, SEPTEMBER_DAYS, "n,n,n,n,n,n,n,n,n,n")
            team(db, "import", str(person.share(*SEPTEMBER, called="september.json")), env=subprocess_env)
        team(db, "import", str(person.share(*NOVEMBER, called="november.json")), env=subprocess_env)

    summary = team(db, "summary", env=subprocess_env).stdout
    the_team = summary.split("Month on month, the team")[1].split("\n\n")[0].splitlines()
    sam = summary.split("\nSam: ")[1]

    assert "Periods pooled: 1 Sep 2026 to 30 Nov 2026 (the practitioners' periods differ" in summary
    assert the_team[1].split() == ["Sep", "2026", "Nov", "2026"]
    # September: one practitioner only, so no team figure; November: all three, pooled.
    assert the_team[2].split() == ["Making", "sense", "–", "100%", "n=24"]
    assert the_team[-1].split() == ["Reflections", "–", "24"]
    assert sam.startswith("14 reflections in 2 periods: 1 Sep 2026 to 30 Sep 2026 (6 reflections, shared ")
    month_on_month = sam.split("Month on month:\n")[1].splitlines()
    assert month_on_month[1].split() == ["Making", "sense", "0%", "n=6", "100%", "n=8"]
    assert month_on_month[11].split() == ["Reflections", "6", "8"]


def test_a_team_no_month_of_which_has_enough_practitioners_says_so_instead_of_a_table_of_dashes(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    db = tmp_path / "team.db"
    sam = Practitioner(tmp_path / "Sam", "Sam", subprocess_env)
    reflect_days(sam, NOVEMBER_DAYS)
    reflect_days(sam, SEPTEMBER_DAYS, "n,n,n,n,n,n,n,n,n,n")
    team(db, "import", str(sam.share(*SEPTEMBER, called="september.json")), env=subprocess_env)
    team(db, "import", str(sam.share(*NOVEMBER, called="november.json")), env=subprocess_env)

    summary = team(db, "summary", env=subprocess_env).stdout

    the_team = summary.split("Month on month, the team")[1].split("\n\n")[0]
    assert the_team == ": No month yet has 3 practitioners reflecting in it, so there are no team figures month by month: " \
        "a month's appear once it has, so that no one can be singled out from them."
    assert "Month on month:\n" in summary.split("\nSam: ")[1]  # Sam's own months are still shown
