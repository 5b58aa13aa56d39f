"""`reflect report --revalidation`, ready to paste: plain text for the NMC form, the practitioner's own
words on the Code, and the practices in the question set's full wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.exchange.report import build_account, render_account
from tests.cli.test_report import NOW, QUESTIONS, hand_worked
from tests.helpers.cli import assert_clean_failure, make_database
from tests.helpers.running import reflect_main

FLAGGED = "00000000-0000-4000-8000-000000000003"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    db = tmp_path / "r.db"
    make_database(db, *hand_worked())
    return db


def revalidation(database: Path, env: dict[str, str], *extra: str):  # type: ignore[no-untyped-def]
    return reflect_main("report", "--db", str(database), "--revalidation", FLAGGED, *extra, env=env)


def test_the_plain_text_account_pastes_as_written_without_markdown(database: Path, subprocess_env) -> None:
    result = revalidation(database, subprocess_env, "--format", "text", "--theme", "people")

    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "[person] said it was the first time anyone asked." in text
    assert "\\" not in text and "**" not in text and "*(" not in text and "# " not in text
    assert "1. What was the nature of the CPD activity" in text
    assert "☒ Prioritise people" in text and "☐ Preserve safety" in text


def test_an_output_ending_in_txt_is_written_as_plain_text(database: Path, tmp_path: Path, subprocess_env) -> None:
    result = revalidation(database, subprocess_env, "--output", str(tmp_path / "account.txt"), "--theme", "people")

    assert result.returncode == 0, result.stderr
    written = (tmp_path / "account.txt").read_text(encoding="utf-8")
    assert written.startswith("Reflective account\n") and "\\[person\\]" not in written


@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_the_practitioners_own_words_answer_the_code_question_instead_of_a_placeholder(database: Path, subprocess_env, fmt: str) -> None:
    words = "Asking about JB 12's hopes early is how I prioritise people."
    result = revalidation(database, subprocess_env, "--format", fmt, "--theme", "people", "--relevance", words)

    assert result.returncode == 0, result.stderr
    assert "How this is relevant to the theme" not in result.stdout
    assert "hopes early is how I prioritise people." in result.stdout
    assert "JB 12" not in result.stdout  # a person code, in any form, is masked in these words too
    assert "left for you to write" not in result.stderr


def test_themes_without_words_keep_a_placeholder_and_say_how_to_give_them(database: Path, subprocess_env) -> None:
    result = revalidation(database, subprocess_env, "--format", "text", "--theme", "safety")

    assert result.returncode == 0, result.stderr
    assert "(How this is relevant to the theme of the Code you chose, in your own words" in result.stdout
    assert "--relevance" in result.stderr


def test_the_practices_are_in_the_question_sets_full_wording_not_the_apps_short_labels() -> None:
    account = build_account(hand_worked()[2], QUESTIONS, ["people"], person_codes=set(), now=NOW)

    for fmt in ("md", "html", "text"):
        text = render_account(account, fmt).replace("&#39;", "'")
        for question in QUESTIONS.questions:
            assert question.full_text(QUESTIONS.stem) in text, (fmt, question.key)
        assert "Making sense" not in text and "Personal goals" not in text, fmt


def test_practices_partly_there_and_to_explore_are_listed_under_their_own_headings() -> None:
    account = build_account(hand_worked()[3], QUESTIONS, [], person_codes=set(), now=NOW)
    text = render_account(account, "text")

    explore = text.split("Practices to explore next time:")[1].split("3. ")[0]
    assert "- Did I actively listen to help the person to make sense of their mental health problems?" in explore
    assert "Partly there:" in text.split("Practices to explore next time:")[0]


BAD = {
    "text for the supervision summary": (["--format", "text"], ["--format text", "--revalidation"]),
    "--relevance without --revalidation": (["--relevance", "Some words"], ["--relevance", "--revalidation"]),
    "empty words": (["--revalidation", FLAGGED, "--relevance", "  "], ["--relevance is empty"]),
    "a control character": (["--revalidation", FLAGGED, "--relevance", "words\x1b[2J"], ["control characters"]),
    "words too long": (["--revalidation", FLAGGED, "--relevance", "w" * 5000], ["5000 characters"]),
}


@pytest.mark.parametrize(("args", "fragments"), BAD.values(), ids=BAD.keys())
def test_bad_account_options_are_refused_in_one_line_and_nothing_is_written(
    args: list[str], fragments: list[str], database: Path, tmp_path: Path, subprocess_env
) -> None:
    output = tmp_path / "out.txt"

    result = reflect_main("report", "--db", str(database), "--output", str(output), *args, env=subprocess_env)

    assert_clean_failure(result, 2, *fragments)
    assert not output.exists()
