"""Hostile input at every entry point: a clear error, or stored and shown exactly as given.

The texts are tests/helpers/hostile.py's corpus; each entry point below is tried with every one: the
command line in this process, the time parser, the store and the parsing of each option. Pasting into the
app is tests/app/test_hostile_paste.py; arguments given to a real process, tests/system/test_hostile_arguments.py.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.cli import COMMANDS
from reflect.display import has_control_characters
from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.service import InputError, check_duration, check_person_code, check_tags, parse_answers
from reflect.store import StoreError, open_store
from reflect.when import WhenError, parse_when
from tests.helpers.hostile import HOSTILE_DATES, Hostile, assert_clear_message, ids, texts
from tests.helpers.running import reflect_main

QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys

NOW = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
ALL_YES = "yyyyyyyyyy"
KEEP = "--keep-identifiers"
"""Storing exactly is what is tested here; the check for identifiers is tests/app/test_privacy.py's."""


def run_main(argv: list[str]) -> tuple[int, str, str]:
    """`reflect` in this process (for what no real process can be given: NUL, ten megabytes): code, out, err."""
    result = reflect_main(*argv)
    return result.returncode, result.stdout, result.stderr


# Text too long to be a reflection ----------------------------------------------------------


def test_ten_megabytes_of_note_is_refused_at_once(db_path: Path) -> None:
    started = time.monotonic()
    code, out, err = run_main(["add", "--db", str(db_path), "--answers", ALL_YES, "--note", "3=" + "x" * 10_000_000])

    assert code == 2 and out == ""
    assert "--note 3" in err and "20,000" in err
    assert time.monotonic() - started < 5


# Times that are not times ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["a", "an", "a a"])
def test_a_word_that_is_not_a_time_is_refused_rather_than_read_as_the_first_of_the_month(text: str) -> None:
    with pytest.raises(WhenError):
        parse_when(text, NOW)


def test_a_time_thousands_of_characters_long_is_refused_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(WhenError, match="too long"):
        parse_when("yesterday " * 1_000_000, NOW)
    assert time.monotonic() - started < 1


# The store: anything valid is kept exactly; anything else refused with a message ---------


def test_text_that_is_not_valid_unicode_is_refused_by_the_store_with_a_message_not_an_exception(store, db_path: Path) -> None:
    from reflect.model import Reflection
    from reflect.store import StoreError

    reflection = Reflection(
        uuid="ffffffff-0000-4000-8000-000000000001", question_set_id="recovery-practices", question_set_version=1,
        occurred_at=NOW, created_at=NOW, updated_at=NOW, what_happened="half \ud800 a pair",
    )  # fmt: skip

    with pytest.raises(StoreError, match="not valid text"):
        store.save(reflection)
    assert store.get(reflection.uuid) is None



def stored(db_path: Path) -> list[Reflection]:
    if not db_path.exists():
        return []
    opened = open_store(db_path)
    try:
        return opened.list_reflections()
    finally:
        opened.close()


@pytest.mark.parametrize("hostile", texts(), ids=ids(texts()))
def test_the_store_keeps_every_valid_text_exactly_and_refuses_the_rest_leaving_nothing_behind(hostile: Hostile, store) -> None:
    reflection = Reflection(
        uuid="ffffffff-0000-4000-8000-000000000002", question_set_id=QUESTIONS.id, question_set_version=QUESTIONS.version,
        occurred_at=NOW, created_at=NOW, updated_at=NOW, person_code=hostile.text, tags=[hostile.text],
        what_happened=hostile.text, so_what=hostile.text, now_what=hostile.text, commitment=hostile.text,
        answers={"hope": Answer(Response.YES, hostile.text)},
    )  # fmt: skip
    try:
        hostile.text.encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(StoreError):
            store.save(reflection)
        assert store.get(reflection.uuid) is None
        return
    store.save(reflection)
    back = store.get(reflection.uuid)
    assert back is not None
    assert (back.what_happened, back.so_what, back.now_what, back.commitment, back.answers["hope"].note) == (hostile.text,) * 5
    assert back.person_code == (hostile.text or None)
    assert back.tags == [hostile.text]


# The command line, in this process (so that NUL and ten megabytes can be tried) -------------


@pytest.fixture
def existing(db_path: Path) -> bytes:
    """A database holding one reflection, closed; its bytes."""
    opened = open_store(db_path)
    opened.save(Reflection(
        uuid="11111111-0000-4000-8000-000000000001", question_set_id=QUESTIONS.id, question_set_version=QUESTIONS.version,
        occurred_at=NOW, created_at=NOW, updated_at=NOW, answers={"hope": Answer(Response.YES)},
    ))  # fmt: skip
    opened.close()
    return db_path.read_bytes()


def added(db_path: Path) -> Reflection:
    (newest,) = [reflection for reflection in stored(db_path) if not reflection.uuid.startswith("11111111")]
    return newest


@pytest.mark.parametrize("hostile", texts(), ids=ids(texts()))
def test_add_stores_free_text_exactly_or_refuses_it_clearly_leaving_the_database_as_it_was(
    hostile: Hostile, db_path: Path, existing: bytes
) -> None:
    argv = ["add", "--db", str(db_path), "--answers", ALL_YES, KEEP, f"--note-what={hostile.text}", f"--note-so-what={hostile.text}",
            f"--note-now-what={hostile.text}", f"--commitment={hostile.text}", "--note", f"3={hostile.text}"]  # fmt: skip

    code, out, err = run_main(argv)

    if hostile.is_valid_text:
        assert code == 0, err
        assert not has_control_characters(out.replace("\n", ""))
        reflection = added(db_path)
        assert (reflection.what_happened, reflection.so_what, reflection.now_what, reflection.commitment) == (hostile.text,) * 4
        assert reflection.answers["strengths"].note == hostile.text
    else:
        assert code == 2
        assert_clear_message(err, "--note-what")
        assert db_path.read_bytes() == existing


@pytest.mark.parametrize("hostile", texts(), ids=ids(texts()))
def test_add_stores_a_person_code_and_tags_as_documented_or_refuses_them_clearly(
    hostile: Hostile, db_path: Path, existing: bytes
) -> None:
    for option, check in (("--person", check_person_code), ("--tag", lambda text: check_tags(text.split(",")))):
        before = db_path.read_bytes()
        try:
            expected = check(hostile.text)
            hostile.text.encode("utf-8")
        except (InputError, UnicodeEncodeError):
            expected = InputError
        code, out, err = run_main(["add", "--db", str(db_path), "--answers", ALL_YES, KEEP, f"{option}={hostile.text}"])
        if expected is InputError:
            assert code == 2, (option, out, err)
            assert_clear_message(err)
            assert db_path.read_bytes() == before
            continue
        assert code == 0, (option, err)
        reflection = added(db_path)
        assert (reflection.person_code if option == "--person" else reflection.tags) == expected
        opened = open_store(db_path)
        opened.delete(reflection.uuid)
        opened.close()


@pytest.mark.parametrize("hostile", texts(), ids=ids(texts()))
def test_kinds_durations_answers_and_note_numbers_that_make_no_sense_are_refused_clearly(
    hostile: Hostile, db_path: Path, existing: bytes
) -> None:
    for argv in (
        ["--answers", ALL_YES, f"--kind={hostile.text}"],
        ["--answers", ALL_YES, f"--duration={hostile.text}"],
        [f"--answers={hostile.text}"],
        ["--answers", ALL_YES, "--note", f"{hostile.text}=a note"],
        ["--answers", ALL_YES, f"--when={hostile.text}"],
    ):
        before = db_path.read_bytes()
        code, out, err = run_main(["add", "--db", str(db_path), *argv])
        if code == 0:  # an empty kind, duration or time: not given
            assert hostile.text.strip() == "" or argv[-1].startswith("--when"), argv
            opened = open_store(db_path)
            opened.delete(added(db_path).uuid)
            opened.close()
            continue
        assert code == 2, (argv[-1][:60], err)
        assert_clear_message(err)
        assert db_path.read_bytes() == before


# Dates and times ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE_DATES)
def test_a_hostile_time_is_read_as_a_real_past_time_or_refused_with_a_message(text: str) -> None:
    try:
        moment = parse_when(text, NOW)
    except WhenError as error:
        assert str(error) and len(str(error)) < 300
        return
    assert moment.tzinfo is not None
    assert datetime(1970, 1, 1, tzinfo=UTC) <= moment <= NOW + timedelta(minutes=5)


@pytest.mark.parametrize("text", HOSTILE_DATES + [hostile.text for hostile in texts() if len(hostile.text) < 200])
def test_stats_periods_are_read_or_refused_clearly(text: str, tmp_path: Path) -> None:
    for option in ("--from", "--to"):
        code, out, err = run_main(["stats", "--db", str(tmp_path / "none.db"), f"{option}={text}"])
        assert code in (0, 2), err
        if code == 2:
            assert_clear_message(err)
        assert not (tmp_path / "none.db").exists()


# Properties of the command line's parsing --------------------------------------------------


@given(st.text(max_size=40))
def test_any_answers_text_gives_answers_for_known_questions_or_a_message(text: str) -> None:
    try:
        answers = parse_answers(text, QUESTIONS)
    except InputError as error:
        assert str(error)
        return
    assert set(answers) <= set(KEYS)
    assert all(answer.response is not None for answer in answers.values())


@given(st.text(max_size=30))
def test_any_duration_text_gives_up_to_a_day_of_minutes_or_a_message(text: str) -> None:
    try:
        minutes = check_duration(text)
    except InputError:
        return
    assert minutes is None or 1 <= minutes <= 24 * 60


@given(st.text(max_size=120))
def test_any_person_code_is_kept_short_and_on_one_line_or_refused(text: str) -> None:
    try:
        code = check_person_code(text)
    except InputError:
        return
    assert code is None or (0 < len(code) <= 40 and "\n" not in code and code == code.strip())


@given(st.lists(st.text(max_size=50), max_size=5))
def test_any_tags_are_lower_case_sorted_and_unique_or_refused(tags: list[str]) -> None:
    try:
        cleaned = check_tags(tags)
    except InputError:
        return
    assert cleaned == sorted(set(cleaned)) and all(tag == tag.lower() and 0 < len(tag) <= 40 for tag in cleaned)


@settings(deadline=None, max_examples=60)
@given(st.text(max_size=60))
def test_any_time_text_is_a_real_past_time_or_a_message(text: str) -> None:
    test_a_hostile_time_is_read_as_a_real_past_time_or_refused_with_a_message(text)


ARGUMENT_VALUES = st.one_of(
    st.sampled_from(["y,y,p,n,x,y,y,p,y,y", "yyyyyyyyyy", "", "-", "--", "3=a", "home-visit", "45", "yesterday 15:00"]),
    st.sampled_from([hostile.text for hostile in texts(argv=True) if len(hostile.text) < 100]),
    st.text(max_size=20),
)
ARGUMENTS = st.lists(
    st.one_of(
        st.sampled_from(["add", "list", "stats", "questions", "--answers", "--when", "--kind", "--person", "--duration", "--tag",
                         "--note", "--note-what", "--commitment", "--json", "--limit", "--from", "--to", "--help", "--version"]),
        ARGUMENT_VALUES,
    ),
    max_size=8,
)  # fmt: skip


@settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=ARGUMENTS)
def test_any_command_line_exits_0_1_or_2_without_a_traceback(argv: list[str], tmp_path: Path) -> None:
    db_path = tmp_path / "property.db"
    # Without a command (or with `new`) reflect opens the app: here it only says it would.
    with mock.patch.dict(COMMANDS, app=lambda args: 0, new=lambda args: 0):
        code, out, err = run_main([*argv, "--db", str(db_path)])
    assert code in (0, 1, 2), (argv, err)
    assert "Traceback" not in err
    if code:
        assert_clear_message(err)


