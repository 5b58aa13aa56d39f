"""Hostile input at every entry point: a clear error, or stored and shown exactly as given.

The texts are tests/hostile.py's corpus; each entry point below is tried with every one.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unittest import mock

import pytest
from tests.helpers.environment import FIXED_NOW, isolated_env
from tests.helpers.app import wait_for_store
from tests.helpers.hostile import HOSTILE_DATES, Hostile, texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.widgets import Input, TextArea

from reflect.cli import COMMANDS, main
from reflect.display import has_control_characters
from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.service import InputError, check_duration, check_person_code, check_tags, parse_answers
from reflect.store import StoreError, open_store
from reflect.when import WhenError, parse_when

QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys

NOW = datetime(2026, 11, 23, 16, 30, tzinfo=timezone.utc)
ALL_YES = "yyyyyyyyyy"
KEEP = "--keep-identifiers"
"""Storing exactly is what is tested here; the check for identifiers is tests/test_privacy.py's."""


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`reflect` in this process (for what no real process can be given: NUL, ten megabytes)."""
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


async def paste(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Paste into the focused field, as a terminal delivers a paste."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


# Text too long to be a reflection ----------------------------------------------------------


def test_a_text_of_100_000_characters_is_refused_naming_the_limit(db_path: Path, subprocess_env) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reflect", "add", "--db", str(db_path), "--answers", ALL_YES, "--note-what", "x" * 100_000],
        env=subprocess_env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert result.returncode == 2, result.stderr
    assert "--note-what" in result.stderr and "20,000" in result.stderr
    assert not db_path.exists()


def test_ten_megabytes_of_note_is_refused_at_once(db_path: Path, capsys) -> None:
    started = time.monotonic()
    code, out, err = run_main(["add", "--db", str(db_path), "--answers", ALL_YES, "--note", "3=" + "x" * 10_000_000], capsys)

    assert code == 2 and out == ""
    assert "--note 3" in err and "20,000" in err
    assert time.monotonic() - started < 5


async def test_pasting_ten_megabytes_into_a_note_is_refused_with_a_message_and_the_note_kept(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "tab")
        note = app.screen.query_one("#note", Input)
        await pilot.press("o", "k")
        await paste(pilot, "x" * 10_000_000)
        assert note.value == "ok"
        assert any("Nothing was pasted" in str(n.message) for n in app._notifications)  # noqa: SLF001


async def test_pasting_more_than_a_field_holds_into_what_happened_is_refused(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", *["pagedown"] * 10)
        field = app.screen.query_one("#what-happened", TextArea)
        assert app.focused is field
        await paste(pilot, "x" * 200_000)
        assert field.text == ""


async def test_pasting_several_lines_into_a_one_line_note_keeps_every_line_joined_by_spaces(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "tab")
        await paste(pilot, "first line\nsecond line\r\nthird")
        assert app.screen.query_one("#note", Input).value == "first line second line third"


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



def ids(corpus: list[Hostile]) -> list[str]:
    return [hostile.name for hostile in corpus]


def stored(db_path: Path) -> list[Reflection]:
    if not db_path.exists():
        return []
    opened = open_store(db_path)
    try:
        return opened.list_reflections()
    finally:
        opened.close()


def assert_clear_message(err: str, *fragments: str) -> None:
    """One short line, no traceback, nothing a terminal would obey, naming what was wrong."""
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith(("usage:", " "))]
    assert len(lines) == 1, err[:2000]
    assert "Traceback" not in err
    assert len(lines[0]) < 400, lines[0][:400]
    assert not has_control_characters(err.replace("\n", ""))
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


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
    hostile: Hostile, db_path: Path, existing: bytes, capsys
) -> None:
    argv = ["add", "--db", str(db_path), "--answers", ALL_YES, KEEP, f"--note-what={hostile.text}", f"--note-so-what={hostile.text}",
            f"--note-now-what={hostile.text}", f"--commitment={hostile.text}", "--note", f"3={hostile.text}"]  # fmt: skip

    code, out, err = run_main(argv, capsys)

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
    hostile: Hostile, db_path: Path, existing: bytes, capsys
) -> None:
    for option, check in (("--person", check_person_code), ("--tag", lambda text: check_tags(text.split(",")))):
        before = db_path.read_bytes()
        try:
            expected = check(hostile.text)
            hostile.text.encode("utf-8")
        except (InputError, UnicodeEncodeError):
            expected = InputError
        code, out, err = run_main(["add", "--db", str(db_path), "--answers", ALL_YES, KEEP, f"{option}={hostile.text}"], capsys)
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
    hostile: Hostile, db_path: Path, existing: bytes, capsys
) -> None:
    for argv in (
        ["--answers", ALL_YES, f"--kind={hostile.text}"],
        ["--answers", ALL_YES, f"--duration={hostile.text}"],
        [f"--answers={hostile.text}"],
        ["--answers", ALL_YES, "--note", f"{hostile.text}=a note"],
        ["--answers", ALL_YES, f"--when={hostile.text}"],
    ):
        before = db_path.read_bytes()
        code, out, err = run_main(["add", "--db", str(db_path), *argv], capsys)
        if code == 0:  # an empty kind, duration or time: not given
            assert hostile.text.strip() == "" or argv[-1].startswith("--when"), argv
            opened = open_store(db_path)
            opened.delete(added(db_path).uuid)
            opened.close()
            continue
        assert code == 2, (argv[-1][:60], err)
        assert_clear_message(err)
        assert db_path.read_bytes() == before


# The command line as a real process: arguments decoded from bytes, output encoded -----------


def test_every_text_a_real_process_can_be_given_is_stored_exactly(tmp_path: Path) -> None:
    valid = [hostile for hostile in texts(argv=True) if hostile.is_valid_text]
    batches = [valid[start : start + 14] for start in range(0, len(valid), 14)]  # ten notes and four texts a process
    db_path = tmp_path / "reflect.db"
    for batch in batches:
        notes = [arg for number, hostile in enumerate(batch[:10], start=1) for arg in ("--note", f"{number}={hostile.text}")]
        options = [f"--{name}={hostile.text}" for name, hostile in zip(("note-what", "note-so-what", "note-now-what", "commitment"), batch[10:])]
        result = subprocess.run(
            [sys.executable, "-m", "reflect", "add", "--db", str(db_path), "--answers", ALL_YES, KEEP, *notes, *options],
            env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert not has_control_characters(result.stdout.replace("\n", ""))
    reflections = sorted(stored(db_path), key=lambda reflection: reflection.created_at)
    for reflection, batch in zip(reflections, batches):
        assert [reflection.answers[key].note for key in KEYS[: len(batch[:10])]] == [hostile.text for hostile in batch[:10]]
        texts_given = [reflection.what_happened, reflection.so_what, reflection.now_what, reflection.commitment][: len(batch[10:])]
        assert texts_given == [hostile.text for hostile in batch[10:]]
    assert len(reflections) == len(batches)


@pytest.mark.parametrize(
    "hostile", [hostile for hostile in texts(argv=True) if not hostile.is_valid_text], ids=ids([h for h in texts(argv=True) if not h.is_valid_text])
)
def test_text_a_real_process_cannot_store_is_refused_with_one_clear_line(hostile: Hostile, tmp_path: Path) -> None:
    argument = f"--note-what={hostile.text}".encode("utf-8", "surrogateescape")
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"reflect", b"add", b"--db", str(tmp_path / "reflect.db").encode(), b"--answers", ALL_YES.encode(), argument],
        env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert_clear_message(result.stderr, "--note-what")
    assert not (tmp_path / "reflect.db").exists()


# Dates and times ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE_DATES)
def test_a_hostile_time_is_read_as_a_real_past_time_or_refused_with_a_message(text: str) -> None:
    try:
        moment = parse_when(text, NOW)
    except WhenError as error:
        assert str(error) and len(str(error)) < 300
        return
    assert moment.tzinfo is not None
    assert datetime(1970, 1, 1, tzinfo=timezone.utc) <= moment <= NOW + timedelta(minutes=5)


@pytest.mark.parametrize("text", HOSTILE_DATES + [hostile.text for hostile in texts() if len(hostile.text) < 200])
def test_stats_periods_are_read_or_refused_clearly(text: str, tmp_path: Path, capsys) -> None:
    for option in ("--from", "--to"):
        code, out, err = run_main(["stats", "--db", str(tmp_path / "none.db"), f"{option}={text}"], capsys)
        assert code in (0, 2), err
        if code == 2:
            assert_clear_message(err)
        assert not (tmp_path / "none.db").exists()


# Notes typed (pasted) in the app -----------------------------------------------------------

LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def as_one_line(text: str) -> str:
    """What a one-line field holds after the paste: several lines joined with spaces."""
    lines = text.splitlines()
    return " ".join(lines) if len(lines) > 1 else (lines[0] if lines else "")


def as_lines(text: str) -> str:
    """What a text area holds after the paste: any line break (\\r\\n, \\v, U+2028, ...) a new line."""
    return LINE_BREAKS.sub("\n", text)


APP_TEXTS = [hostile for hostile in texts() if len(hostile.text) <= 20_000 or hostile.name == "ten megabytes"]


async def test_every_hostile_text_pasted_into_a_note_and_what_happened_is_saved_as_the_field_shows_it(make_app, db_path) -> None:
    ticks = itertools.count()
    app = make_app(clock=lambda: FIXED_NOW + timedelta(seconds=next(ticks)))  # each reflection its own time, to tell them apart
    expected: list[tuple[str, str, str]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        for hostile in APP_TEXTS:
            await pilot.press("n", "enter", "y", "tab")  # question 1 answered; question 2's note
            await paste(pilot, hostile.text)
            note = app.screen.query_one("#note", Input).value
            await pilot.press(*["pagedown"] * 10)
            await paste(pilot, hostile.text)
            what_happened = app.screen.query_one("#what-happened", TextArea).text
            if hostile.is_valid_text:
                assert (note, what_happened) == (as_one_line(hostile.text), as_lines(hostile.text)), hostile.name
            else:
                assert (note, what_happened) == ("", ""), hostile.name
            await pilot.press("ctrl+s")
            await wait_for_store(pilot)
            await pilot.press("enter")  # home again
            expected.append((hostile.name, note, what_happened))
        assert app.is_running

    by_name = {name: (note, what) for name, note, what in expected}
    saved = sorted(stored(db_path), key=lambda reflection: reflection.created_at)
    assert len(saved) == len(APP_TEXTS)
    for reflection, hostile in zip(saved, APP_TEXTS):
        note = reflection.answers.get(KEYS[1], Answer()).note
        note_shown, what_happened_shown = by_name[hostile.name]
        # A note of nothing but spaces on an unanswered question is no answer at all, so is not kept.
        assert (note, reflection.what_happened) == (note_shown if note_shown.strip() else "", what_happened_shown), hostile.name


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
def test_any_command_line_exits_0_1_or_2_without_a_traceback(argv: list[str], tmp_path: Path, capsys) -> None:
    db_path = tmp_path / "property.db"
    # Without a command (or with `new`) reflect opens the app: here it only says it would.
    with mock.patch.dict(COMMANDS, app=lambda args: 0, new=lambda args: 0):
        code, out, err = run_main([*argv, "--db", str(db_path)], capsys)
    assert code in (0, 1, 2), (argv, err)
    assert "Traceback" not in err
    if code:
        assert_clear_message(err)


# The context fields in the app: when, person code, tags, duration --------------------------

CONTEXT_FIELDS = {
    "when": lambda text: parse_when(text, FIXED_NOW) if text.strip() else None,
    "person": check_person_code,
    "tags": check_tags,
    "duration": check_duration,
}


async def test_every_hostile_text_pasted_into_the_context_fields_moves_on_as_read_or_is_explained(make_app, db_path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n")
        await wait_for_store(pilot)
        flow = app.screen
        for hostile in APP_TEXTS:
            if not hostile.is_valid_text:
                continue  # refused by the paste itself (tested above)
            for field_id, check in CONTEXT_FIELDS.items():
                for other in CONTEXT_FIELDS:
                    flow.query_one(f"#{other}", Input).value = ""
                field = flow.query_one(f"#{field_id}", Input)
                field.focus()
                await paste(pilot, hostile.text)
                typed = field.value
                await pilot.press("enter")
                await pilot.pause()
                try:
                    expected = check(typed)
                except (InputError, WhenError):
                    assert flow.position == 0, (hostile.name, field_id)  # stays, saying why
                    assert app.focused is field
                    shown = str(flow.query_one("#when-hint" if field_id == "when" else "#context-error").render())
                    assert shown.strip() and len(shown) < 400, (hostile.name, field_id)
                    continue
                assert flow.position == 1, (hostile.name, field_id)
                stored_value = {"when": flow.reflection.occurred_at, "person": flow.reflection.person_code,
                                "tags": flow.reflection.tags, "duration": flow.reflection.duration_minutes}[field_id]  # fmt: skip
                assert stored_value == (FIXED_NOW if field_id == "when" and expected is None else expected)
                await pilot.press("pageup")
                await pilot.pause()
                assert flow.position == 0
        assert app.is_running
