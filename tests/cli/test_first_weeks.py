"""`reflect stats` and `reflect report` in a practitioner's first weeks: every figure says what it is
made of, a rate appears only when there are enough answers and the counts show until then, and a
change from a few answers says so."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from tests.helpers.cli import make_database
from tests.helpers.running import reflect_main

LONDON = ZoneInfo("Europe/London")
QUESTIONS = default_question_set()
Y, P, N = Response.YES, Response.PARTLY, Response.NO


def reflection(moment: datetime, ident: int, responses: list[Response], kind: str | None = "phone") -> Reflection:
    return Reflection(
        uuid=f"00000000-0000-4000-8000-{ident:012d}",
        question_set_id=QUESTIONS.id,
        question_set_version=QUESTIONS.version,
        occurred_at=moment,
        created_at=moment,
        updated_at=moment,
        kind=kind,
        answers={key: Answer(response) for key, response in zip(QUESTIONS.keys, responses)},
    )


def three_reflections(db: Path) -> None:
    """Three reflections on two days: Making sense Yes, Yes, Partly; every other practice Yes three times."""
    start = datetime.now(LONDON) - timedelta(days=3)
    make_database(
        db,
        reflection(start, 1, [Y] * 10),
        reflection(start + timedelta(hours=2), 2, [Y] * 10, kind="home-visit"),
        reflection(start + timedelta(days=1), 3, [P] + [Y] * 9),
    )


def test_stats_in_the_first_weeks_show_the_answers_rather_than_a_dash(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "first.db"
    three_reflections(db)
    result = reflect_main("stats", "--db", str(db), env=subprocess_env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    making_sense = next(line for line in lines if line.startswith("Making sense"))
    assert "2 Yes, 1 Partly of 3" in making_sense
    hope = next(line for line in lines if line.startswith("Hope"))
    assert "Yes 3 of 3" in hope
    assert "–" not in "\n".join(line for line in lines if line.startswith(tuple(q.label for q in QUESTIONS.questions)))
    # The legend says exactly when a rate is shown, and what n is.
    assert any("n = the Yes, Partly and No answers" in line and "5 or more" in line for line in lines)
    # CHIME: the counts, and why there is no rate yet, in words that match.
    chime = result.stdout.split("CHIME")[1].split("\n\n")[0]
    assert "– (n=" not in chime
    assert "Empowerment" in chime and "until each of its" in chime
    # By kind: no pooled rate made of one reflection a practice; no "– (n=1)".
    by_kind = result.stdout.split("By kind")[1].split("\n\n")[0]
    assert "– (n=" not in by_kind and "Yes 1 of 1" in by_kind
    # Activity says what was done, not how many days were missed.
    assert any(line.startswith("Activity: you reflected on 2 days") for line in lines), lines
    assert not any(" of " in line and "days" in line for line in lines if line.startswith("Activity"))


def test_a_change_from_few_answers_says_how_many(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "change.db"
    start = datetime(2026, 3, 2, 10, tzinfo=LONDON)
    # Before (2 to 15 March): six reflections, Making sense No each time; after (16 to 29 March): seven, all Yes.
    before = [reflection(start + timedelta(days=day), day, [N] + [Y] * 9) for day in range(6)]
    after = [reflection(start + timedelta(days=14 + day), 20 + day, [Y] * 10) for day in range(7)]
    make_database(db, *before, *after)
    result = reflect_main("stats", "--db", str(db), "--from", "2026-03-16", "--to", "2026-03-29", env=subprocess_env)
    assert result.returncode == 0, result.stderr
    making_sense = next(line for line in result.stdout.splitlines() if line.startswith("Making sense"))
    assert making_sense.endswith("+100 points, from 6 to 7 answers")
    assert any("fewer than 20 answers" in line for line in result.stdout.splitlines())


def test_stats_of_all_time_have_no_change_column(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "all.db"
    three_reflections(db)
    result = reflect_main("stats", "--db", str(db), env=subprocess_env)
    header = next(line for line in result.stdout.splitlines() if line.startswith("Question"))
    assert "Change" not in header


def test_the_report_in_the_first_weeks_shows_the_answers_rather_than_a_dash(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "first.db"
    three_reflections(db)
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        result = reflect_main("report", "--db", str(db), "--format", fmt, "--output", str(out), env=subprocess_env)
        assert result.returncode == 0, result.stderr
        text = out.read_text()
        assert "2 Yes, 1 Partly of 3" in text and "Yes 3 of 3" in text
        assert "– (n=" not in text and "(n=3)" not in text
        assert "until each of its" in text
        assert "5 or more" in text
