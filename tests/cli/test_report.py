"""`reflect report`: the supervision summary checked against figures worked out by hand, the HTML
parsed and checked for anything external, and the revalidation account kept free of identifiers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reflect.exchange.report import build_account, build_report, render_account, render_report
from reflect.model import Answer, Reflection, Response, Selection
from reflect.questions import default_question_set
from tests.helpers.cli import assert_clean_failure, make_database
from tests.helpers.running import reflect_main

LONDON = ZoneInfo("Europe/London")
QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys
Y, P, N, X = Response.YES, Response.PARTLY, Response.NO, Response.NOT_APPLICABLE
NOVEMBER = Selection(start=datetime(2025, 11, 1, tzinfo=LONDON), end=datetime(2025, 11, 29, tzinfo=LONDON))
NOW = datetime(2025, 11, 30, 9, 0, tzinfo=LONDON)


def made(day: str, make_sense: Response | None, hope: Response | None, *, others: Response = Y, ident: int, **fields) -> Reflection:  # type: ignore[no-untyped-def]
    moment = datetime.fromisoformat(day).replace(hour=10, tzinfo=LONDON)
    answers = {key: Answer(others) for key in KEYS[1:-1]}
    if make_sense is not None:
        answers["make-sense"] = Answer(make_sense)
    if hope is not None:
        answers["hope"] = Answer(hope)
    reflection = Reflection(
        uuid=f"00000000-0000-4000-8000-{ident:012d}",
        question_set_id=QUESTIONS.id,
        question_set_version=1,
        occurred_at=moment,
        created_at=moment,
        updated_at=moment,
        answers=answers,
    )
    for name, value in fields.items():
        setattr(reflection, name, value)
    return reflection


def hand_worked() -> list[Reflection]:
    """Six November reflections (and a draft), five in the four weeks before; figures below by hand."""
    flagged = made("2025-11-09", Y, Y, ident=3, kind="home-visit", person_code="JB-12", tags=["zebra-crossing"], flagged=True,
                   what_happened="A first visit at home.", so_what="JB-12 said it was the first time anyone asked.",
                   now_what="Ask earlier next time.")  # fmt: skip
    with_note = made("2025-11-12", N, P, ident=4, kind="home-visit", commitment="Ask about the course")
    with_note.answers["respect"] = Answer(Y, "I rushed the ending <script>alert(1)</script>", flagged=True)
    return [
        made("2025-11-02", Y, Y, ident=1, kind="phone", commitment="Leave more silence", commitment_questions=["make-sense", "hope"]),
        made("2025-11-05", P, N, ident=2, kind="phone"),
        flagged,
        with_note,
        made("2025-11-20", X, Y, ident=5),
        made("2025-11-27", Y, None, ident=6, kind="phone", person_code="KT-7"),
        made("2025-11-28", N, N, ident=7, is_draft=True),
        # The four weeks before: Making sense y, y, n, n, p (50%, n=5); Hope never answered.
        *(made(day, answer, None, ident=10 + index) for index, (day, answer) in enumerate(
            [("2025-10-05", Y), ("2025-10-12", Y), ("2025-10-19", N), ("2025-10-26", N), ("2025-10-31", P)])),
    ]  # fmt: skip


@pytest.fixture
def report(store):  # type: ignore[no-untyped-def]
    store.save_many(hand_worked())
    return build_report(store, QUESTIONS, NOVEMBER, now=NOW, name="Sam")


@pytest.fixture
def markdown(report) -> str:  # type: ignore[no-untyped-def]
    return render_report(report, "md")


@pytest.fixture
def html(report) -> str:  # type: ignore[no-untyped-def]
    return render_report(report, "html")


def row(markdown: str, label: str) -> list[str]:
    line = next(line for line in markdown.splitlines() if line.startswith(f"| {label} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


# The figures, by hand ---------------------------------------------------------------------------


def test_the_summary_counts_the_periods_reflections_and_their_kinds(markdown: str) -> None:
    assert "Sam · 1 Nov 2025 to 28 Nov 2025 · 6 reflections" in markdown  # the draft is not one
    assert row(markdown, "Phone") == ["Phone", "3"]
    assert row(markdown, "Home visit") == ["Home visit", "2"]
    assert row(markdown, "Kind not given") == ["Kind not given", "1"]


def test_each_practice_shows_its_distribution_rate_with_n_and_change(markdown: str) -> None:
    # Making sense: Yes 3 (2, 9, 27 Nov), Partly 1, No 1, N/A 1 -> n = 5, (3 + 0.5) / 5 = 70%;
    # before: (2 + 0.5) / 5 = 50%, so +20 points.
    assert row(markdown, "Making sense") == ["Making sense", "3", "1", "1", "1", "0", "5", "70%", "50% (n=5)", "+20 points, from 5 to 5 answers"]
    # Hope: Yes 3, Partly 1, No 1, unanswered once -> 70% of n = 5; never answered before: no rate, n = 0.
    assert row(markdown, "Hope") == ["Hope", "3", "1", "1", "0", "1", "5", "70%", "no answers", "–"]
    # Respect: Yes in all six -> 100%, n = 6.
    assert row(markdown, "Respect")[1:8] == ["6", "0", "0", "0", "0", "6", "100%"]


def test_strengths_and_practices_to_explore_are_named_with_their_rates_and_n(markdown: str) -> None:
    strengths = markdown.split("\nStrengths:\n")[1].split("Practices to explore:")[0]
    explore = markdown.split("\nPractices to explore:\n")[1].split("CHIME")[0]
    assert strengths.count("100% (n=6)") == 3
    assert "- Making sense: 70% (n=5)" in explore and "- Hope: 70% (n=5)" in explore


def test_a_flagged_reflection_appears_in_full_without_its_person_code_or_tags(markdown: str) -> None:
    flagged = markdown.split("## Flagged for supervision")[1].split("### Flagged notes")[0]
    assert "⚑ Flagged · Sunday 9 November 2025 · Home visit" in flagged
    assert "A first visit at home." in flagged and "Ask earlier next time." in flagged
    assert "\\[person\\] said it was the first time anyone asked." in flagged
    assert flagged.count("● Yes") == 10


def test_a_flagged_note_appears_in_full_with_its_practice_and_answer(markdown: str) -> None:
    notes = markdown.split("### Flagged notes")[1].split("## Commitments")[0]
    assert "Wednesday 12 November 2025 · Home visit · Respect: ● Yes" in notes
    assert "I rushed the ending \\<script\\>alert(1)\\</script\\>" in notes


def test_each_commitment_says_what_followed_it(markdown: str) -> None:
    commitments = markdown.split("## Commitments and what followed")[1]
    first = commitments.split("### Wednesday 12 November 2025")[0]
    # After 2 Nov and before the next commitment (12 Nov): 5 Nov (Partly, No) and 9 Nov (Yes, Yes).
    assert "2 reflections followed it before the next commitment." in first
    assert row(first, "Making sense") == ["Making sense", "1", "1", "0", "0", "0"]
    assert row(first, "Hope") == ["Hope", "1", "0", "1", "0", "0"]
    second = commitments.split("### Wednesday 12 November 2025")[1]
    assert "2 reflections followed it in this period." in second and "Not linked to particular practices." in second


def test_no_person_code_or_tag_appears_anywhere(markdown: str, html: str) -> None:
    for text in (markdown, html):
        assert "JB-12" not in text and "KT-7" not in text and "zebra" not in text


def test_the_html_has_the_same_figures(html: str) -> None:
    root = ET.fromstring(html.split("\n", 1)[1])
    cells = {
        row[0].text: [cell.text for cell in row]
        for row in root.iter("tr")
        if len(row) == 10
    }
    assert cells["Making sense"] == ["Making sense", "3", "1", "1", "1", "0", "5", "70%", "50% (n=5)", "+20 points, from 5 to 5 answers"]
    assert "70% (n=5)" in html and "100% (n=6)" in html


def test_an_empty_period_says_so_kindly(store) -> None:
    text = render_report(build_report(store, QUESTIONS, NOVEMBER, now=NOW), "md")
    assert "There are no reflections in this period." in text


# The HTML: one file, nothing from the network, prints on A4 -------------------------------------------


def test_the_html_is_well_formed_and_self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    root = ET.fromstring(html.split("\n", 1)[1])  # parses as XML: every tag closed
    tags = {element.tag for element in root.iter()}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not re.search(r"(https?:|//|data:)", value), (element.tag, name, value)
            assert not name.startswith("on"), (element.tag, name)
    assert "http" not in html and "url(" not in html and "@import" not in html


def test_the_html_charts_are_inline_svg_and_every_rate_in_them_has_its_n(html: str) -> None:
    root = ET.fromstring(html.split("\n", 1)[1])
    charts = [element for element in root.iter("svg")]
    assert len(charts) == 2  # distribution, and rates against the period before
    captions = [text.text for text in charts[0].iter("text") if text.get("class") == "caption"]
    assert len(captions) == 10 and all("(n=" in caption for caption in captions)


def test_the_html_prints_on_a4(html: str) -> None:
    style = html.split("<style>")[1].split("</style>")[0]
    assert "@page { size: A4;" in style and "break-inside: avoid" in style


def test_text_written_in_notes_is_escaped_not_run(html: str) -> None:
    assert "I rushed the ending &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html


def test_no_for_red_never_appears_in_the_styles(html: str) -> None:
    style = html.split("<style>")[1].split("</style>")[0].lower()
    assert "red" not in style and "#f00" not in style and "fail" not in html.lower()


# The command ------------------------------------------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path) -> Path:
    db = tmp_path / "r.db"
    make_database(db, *hand_worked())
    return db


def test_report_writes_html_when_the_output_ends_in_html_and_says_where(database: Path, tmp_path: Path, subprocess_env) -> None:
    result = reflect_main("report", "--db", str(database), "--from", "2025-11-01", "--to", "2025-11-28",
                         "--output", str(tmp_path / "november.html"), env=subprocess_env)  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "Wrote the supervision summary for 1 Nov 2025 to 28 Nov 2025 (6 reflections)" in result.stderr
    written = (tmp_path / "november.html").read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>") and "70% (n=5)" in written
    assert (tmp_path / "november.html").stat().st_mode & 0o777 == 0o600


def test_report_prints_markdown_by_default(database: Path, subprocess_env) -> None:
    result = reflect_main("report", "--db", str(database), "--from", "2025-11-01", "--to", "2025-11-28", env=subprocess_env)

    assert result.returncode == 0 and result.stdout.startswith("# Supervision summary")


def test_report_without_dates_covers_the_last_four_weeks(tmp_path: Path, subprocess_env) -> None:
    db = tmp_path / "r.db"
    reflect_main("add", "--db", str(db), "--answers", "yyyyyyyyyy", env=subprocess_env)
    reflect_main("add", "--db", str(db), "--answers", "nnnnnnnnnn", "--when", "8 weeks ago", env=subprocess_env)

    result = reflect_main("report", "--db", str(db), env=subprocess_env)

    assert " · 1 reflection\n" in result.stdout


BAD_REPORTS = {
    "a theme without --revalidation": (["--theme", "people"], 2, ["--theme", "--revalidation"]),
    "an unknown theme": (["--revalidation", "00000000", "--theme", "kindness"], 2, ["'kindness'", "people, effectively, safety, trust"]),
    "an id that matches nothing": (["--revalidation", "abcdef"], 2, ["'abcdef'", "reflect list"]),
    "an id that matches several": (["--revalidation", "00000000"], 2, ["more than one"]),
    "a period with dates": (["--revalidation", "00000000-0000-4000-8000-000000000003", "--from", "2025-11-01"], 2, ["--from"]),
    "dates the wrong way round": (["--from", "2025-11-28", "--to", "2025-11-01"], 2, ["--to must come after --from"]),
    "an unknown format": (["--format", "pdf"], 2, ["--format", "'pdf'"]),
    "an output in a missing folder": (["--output", "/nonexistent-folder/r.md"], 1, ["does not exist"]),
}


@pytest.mark.parametrize(("args", "code", "fragments"), BAD_REPORTS.values(), ids=BAD_REPORTS.keys())
def test_a_report_that_cannot_be_made_is_refused_and_the_database_left_as_it_was(
    args: list[str], code: int, fragments: list[str], database: Path, subprocess_env
) -> None:
    before = database.read_bytes()

    result = reflect_main("report", "--db", str(database), *args, env=subprocess_env)

    assert_clean_failure(result, code, *fragments)
    assert database.read_bytes() == before


def test_a_report_from_a_database_that_does_not_exist_says_so_and_creates_nothing(tmp_path: Path, subprocess_env) -> None:
    result = reflect_main("report", "--db", str(tmp_path / "none.db"), env=subprocess_env)

    assert_clean_failure(result, 1, "no database")
    assert not (tmp_path / "none.db").exists()


# The reflective account for revalidation ----------------------------------------------------------------


@pytest.fixture
def account_text():  # type: ignore[no-untyped-def]
    flagged = hand_worked()[2]
    account = build_account(flagged, QUESTIONS, ["safety", "people"], person_codes={"KT-7"}, now=NOW)
    return {fmt: render_account(account, fmt) for fmt in ("md", "html")}


def test_the_account_prefills_the_four_prompts_from_what_so_what_and_now_what(account_text) -> None:  # type: ignore[no-untyped-def]
    text = account_text["md"]
    experience, learned, changed, code = (text.split(f"**{number}. ")[1].split("**", 1)[1] for number in (1, 2, 3, 4))
    assert "What was the nature of the CPD activity" in text
    assert "Home visit. A first visit at home." in experience.split("**2.")[0]
    assert "\\[person\\] said it was the first time anyone asked." in learned.split("**3.")[0]
    assert "Reflecting on the ten recovery practices afterwards, the ones I brought" in learned.split("**3.")[0]
    assert "Ask earlier next time." in changed.split("**4.")[0]
    assert "How is this relevant to the Code?" in text


def test_the_account_ticks_the_code_themes_chosen_and_only_those(account_text) -> None:  # type: ignore[no-untyped-def]
    text = account_text["md"]
    assert "- ☒ Prioritise people" in text and "- ☒ Preserve safety" in text
    assert "- ☐ Practise effectively" in text and "- ☐ Promote professionalism and trust" in text


def test_the_account_holds_nothing_that_identifies_the_person(account_text) -> None:  # type: ignore[no-untyped-def]
    for text in account_text.values():
        assert "JB-12" not in text and "zebra" not in text
        assert "9 November" not in text and "10:00" not in text and "November 2025" in text
        assert "00000000-0000" not in text


def test_the_account_html_is_self_contained(account_text) -> None:  # type: ignore[no-untyped-def]
    html = account_text["html"]
    ET.fromstring(html.split("\n", 1)[1])
    assert "http" not in html and "<script" not in html


def test_revalidation_from_the_command_line_takes_a_short_id_and_themes(database: Path, subprocess_env) -> None:
    result = reflect_main("report", "--db", str(database), "--revalidation", "00000000-0000-4000-8000-000000000003",
                         "--theme", "trust,effectively", env=subprocess_env)  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "- ☒ Practise effectively" in result.stdout and "- ☒ Promote professionalism and trust" in result.stdout
    assert "JB-12" not in result.stdout


def test_revalidation_without_themes_leaves_the_boxes_to_tick_and_says_so(database: Path, subprocess_env) -> None:
    result = reflect_main("report", "--db", str(database), "--revalidation", "00000000-0000-4000-8000-000000000004", env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("- ☐") == 4
    assert "No theme of the Code was chosen" in result.stderr
    # Nothing written under the prompts: a placeholder says what to write.
    assert "*(Describe the experience here" in result.stdout
