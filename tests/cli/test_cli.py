"""The `reflect` command line, run in-process through `reflect.cli.main`: what it prints, its exit codes, what it stores.

What only a real process shows (start-up imports) is in tests/system/test_start_up.py."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reflect import __version__
from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.store import open_store
from tests.helpers.cli import ALL_YES, assert_clean_failure, make_database, reflection_at, stored
from tests.helpers.environment import isolated_env
from tests.helpers.running import reflect_main

LONDON = ZoneInfo("Europe/London")
KEYS = default_question_set().keys
ANSWERS = "y,y,p,n,x,y,y,p,y,-"
EXPECTED_RESPONSES = {
    "make-sense": Response.YES,
    "personal-goals": Response.YES,
    "strengths": Response.PARTLY,
    "lived-experience": Response.NO,
    "beyond-sick-role": Response.NOT_APPLICABLE,
    "community": Response.YES,
    "self-management": Response.YES,
    "treatment-choice": Response.PARTLY,
    "respect": Response.YES,
    "hope": None,
}
FULL_ADD_OPTIONS = [
    "--answers", ANSWERS,
    "--when", "2020-02-03 14:30",
    "--kind", "Home visit",
    "--person", "JB-12",
    "--duration", "1h30",
    "--tag", "Housing",
    "--tag", "peer support, work",
    "--note", "3=named her strengths",
    "--note", "10=ran out of time",
    "--note-what", "We talked about moving flat.",
    "--note-so-what", "She knows what she wants.",
    "--note-now-what", "Find the housing contact.",
    "--commitment", "Ask about the allotment.",
]  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "reflect.db"


# The runs below happen once per module, each in its own folders (its own environment);
# each test then checks one thing.

EARLY = datetime(2020, 5, 1, 9, 0, tzinfo=UTC)
LIMIT_IDS = [f"{n}aaaaaaa-0000-4000-8000-00000000000{n}" for n in range(1, 5)]


@dataclass(frozen=True)
class Plan:
    args: tuple[str, ...]
    """The command line; "{db}" stands for the run's database path."""
    existing: tuple[Reflection, ...] | None = None
    """A database made beforehand holding these reflections, or None for no file at all."""
    reflect_db: bool = False
    """Set REFLECT_DB to from-env.db in the run's folder."""
    after: str | None = None
    """Run in this other run's folder, once it has finished."""


PLANS = {
    "full add": Plan(("add", "--json", "--db", "{db}", *FULL_ADD_OPTIONS)),
    "full list": Plan(("list", "--db", "{db}"), after="full add"),
    "full list json": Plan(("list", "--json", "--db", "{db}"), after="full add"),
    "yesterday": Plan(("add", "--db", "{db}", "--answers", ALL_YES, "--when", "yesterday 15:00")),
    # Made beforehand so that these runs need not load Alembic.
    "summer": Plan(("add", "--db", "{db}", "--answers", ALL_YES, "--when", "2020-07-01 09:30"), existing=()),
    "offset": Plan(("add", "--db", "{db}", "--answers", ALL_YES, "--when", "2020-01-05T10:00-05:00"), existing=()),
    "now, --db first": Plan(("--db", "{db}", "add", "--answers", ALL_YES), existing=()),
    # Saved out of order, so only sorting puts them newest first.
    "limit": Plan(
        ("list", "--limit", "3", "--db", "{db}"),
        existing=tuple(reflection_at(EARLY + timedelta(days=n), LIMIT_IDS[n]) for n in (2, 0, 3, 1)),
    ),
    "empty": Plan(("list", "--db", "{db}"), existing=()),
    "empty json": Plan(("list", "--json", "--db", "{db}"), existing=()),
    "REFLECT_DB": Plan(("add", "--answers", ALL_YES), reflect_db=True),
    "--db and REFLECT_DB": Plan(("add", "--db", "{db}", "--answers", ALL_YES), reflect_db=True),
    "default location": Plan(("add", "--answers", ALL_YES)),
}


@dataclass
class Run:
    root: Path
    env: dict[str, str]
    db: Path
    """The path given as {db}: reflect.db in the run's folder."""
    result: subprocess.CompletedProcess[str] | None = None


@dataclass
class Runs:
    started: date
    finished: date
    by_name: dict[str, Run]

    def __getitem__(self, name: str) -> Run:
        return self.by_name[name]


def _run_each(runs: dict[str, Run]) -> None:
    # One after another: an in-process run sets os.environ, which threads would share.
    for name, run in runs.items():
        args = [arg.replace("{db}", str(run.db)) for arg in PLANS[name].args]
        run.result = reflect_main(*args, env=run.env)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    made: dict[str, Run] = {}
    for name, plan in PLANS.items():
        if plan.after:
            continue
        root = tmp_path_factory.mktemp("run")
        env = isolated_env(root)
        if plan.reflect_db:
            env["REFLECT_DB"] = str(root / "from-env.db")
        made[name] = Run(root, env, root / "reflect.db")
        if plan.existing is not None:
            make_database(made[name].db, *plan.existing)

    started = datetime.now(LONDON).date()
    _run_each(made)
    finished = datetime.now(LONDON).date()

    following = {}
    for name, plan in PLANS.items():
        if plan.after:
            earlier = made[plan.after]
            following[name] = Run(earlier.root, earlier.env, earlier.db)
    _run_each(following)
    return Runs(started, finished, {**made, **following})


def succeeded(run: Run) -> subprocess.CompletedProcess[str]:
    assert run.result is not None
    assert run.result.returncode == 0, run.result.stderr
    assert "Traceback" not in run.result.stderr
    return run.result


def only_reflection(run: Run) -> Reflection:
    succeeded(run)
    (reflection,) = stored(run.db)
    return reflection


@pytest.fixture(scope="module")
def full(runs: Runs) -> Reflection:
    return only_reflection(runs["full add"])


@pytest.fixture(scope="module")
def listed(runs: Runs) -> dict:
    items = json.loads(succeeded(runs["full list json"]).stdout)
    assert len(items) == 1
    return items[0]


# `add` with every option, then `list` ------------------------------------------------------


def test_add_confirms_the_save_with_the_short_id_time_and_counts(runs: Runs) -> None:
    result = succeeded(runs["yesterday"])
    (reflection,) = stored(runs["yesterday"].db)

    assert result.stderr == ""
    assert result.stdout.strip() == (
        f"Saved reflection {reflection.uuid[:8]} ({reflection.occurred_at:%a %d %b %Y} 15:00): 10 Yes."
    )


def test_add_stores_each_answer_exactly(full: Reflection) -> None:
    assert {key: full.response_for(key) for key in KEYS} == EXPECTED_RESPONSES


def test_add_stores_the_question_notes(full: Reflection) -> None:
    assert full.answers["strengths"] == Answer(Response.PARTLY, "named her strengths")
    assert full.answers["hope"] == Answer(None, "ran out of time")


def test_add_stores_the_texts_and_commitment(full: Reflection) -> None:
    assert full.what_happened == "We talked about moving flat."
    assert full.so_what == "She knows what she wants."
    assert full.now_what == "Find the housing contact."
    assert full.commitment == "Ask about the allotment."


def test_add_stores_kind_person_duration_and_normalised_tags(full: Reflection) -> None:
    assert full.kind == "home-visit"
    assert full.person_code == "JB-12"
    assert full.duration_minutes == 90
    assert full.tags == ["housing", "peer support", "work"]


def test_add_stores_a_complete_reflection_not_a_draft(full: Reflection) -> None:
    assert full.is_draft is False
    assert (full.question_set_id, full.question_set_version) == ("recovery-practices", 1)


def test_add_reads_a_typed_winter_time_as_london_local_time(full: Reflection) -> None:
    assert full.occurred_at == datetime(2020, 2, 3, 14, 30, tzinfo=LONDON)
    assert full.occurred_at.utcoffset() == timedelta(0)


def test_add_json_prints_the_saved_reflection_as_list_json_does(runs: Runs, listed: dict) -> None:
    printed = json.loads(succeeded(runs["full add"]).stdout)

    assert printed == listed


def test_list_shows_one_line_per_reflection_with_its_answers_as_letters(runs: Runs, full: Reflection) -> None:
    lines = succeeded(runs["full list"]).stdout.splitlines()

    assert lines[0].startswith("Answers in question order")
    assert len(lines) == 2
    row = lines[1]
    assert row.startswith(full.uuid[:8])
    assert "2020-02-03 14:30" in row
    assert "yypnxyypy-" in row
    assert "Home visit" in row
    assert row.endswith("JB-12")


def test_list_json_gives_each_reflection_the_documented_keys(listed: dict) -> None:
    assert set(listed) == {
        "uuid", "occurred_at", "created_at", "updated_at", "kind", "person_code", "duration_minutes",
        "tags", "question_set", "answers", "notes", "flagged", "flagged_notes", "commitment_questions", "texts",
    }  # fmt: skip


def test_list_json_gives_the_scalar_fields(listed: dict, full: Reflection) -> None:
    assert listed["uuid"] == full.uuid
    assert listed["occurred_at"] == "2020-02-03T14:30:00+00:00"
    assert datetime.fromisoformat(listed["created_at"]) == full.created_at
    assert datetime.fromisoformat(listed["updated_at"]) == full.updated_at
    assert listed["kind"] == "home-visit"
    assert listed["person_code"] == "JB-12"
    assert listed["duration_minutes"] == 90
    assert listed["tags"] == ["housing", "peer support", "work"]


def test_list_json_names_the_question_set(listed: dict) -> None:
    assert listed["question_set"] == {"id": "recovery-practices", "version": 1}


def test_list_json_gives_every_one_of_the_ten_answers_by_key_in_question_order(listed: dict) -> None:
    assert list(listed["answers"]) == KEYS
    assert listed["answers"] == {
        key: (response.value if response else None) for key, response in EXPECTED_RESPONSES.items()
    }
    assert set(listed["answers"].values()) <= {"yes", "partly", "no", "not_applicable", None}


def test_list_json_gives_notes_by_question_key(listed: dict) -> None:
    assert listed["notes"] == {"strengths": "named her strengths", "hope": "ran out of time"}


def test_list_json_gives_the_four_texts(listed: dict) -> None:
    assert listed["texts"] == {
        "what_happened": "We talked about moving flat.",
        "so_what": "She knows what she wants.",
        "now_what": "Find the housing contact.",
        "commitment": "Ask about the allotment.",
    }


# Times -------------------------------------------------------------------------------------


def test_when_yesterday_at_three_is_stored_as_yesterday_15_00_london_time(runs: Runs) -> None:
    reflection = only_reflection(runs["yesterday"])

    expected = {
        datetime.combine(day - timedelta(days=1), time(15, 0), tzinfo=LONDON)
        for day in (runs.started, runs.finished)
    }
    assert reflection.occurred_at in expected
    assert (reflection.occurred_at.hour, reflection.occurred_at.minute) == (15, 0)
    assert reflection.occurred_at.utcoffset() == reflection.occurred_at.astimezone(LONDON).utcoffset()


def test_a_back_dated_summer_time_gets_the_british_summer_time_offset(runs: Runs) -> None:
    reflection = only_reflection(runs["summer"])

    assert reflection.occurred_at == datetime(2020, 7, 1, 9, 30, tzinfo=LONDON)
    assert reflection.occurred_at.utcoffset() == timedelta(hours=1)
    assert reflection.occurred_at.hour == 9


def test_a_time_typed_with_an_offset_keeps_that_offset(runs: Runs) -> None:
    reflection = only_reflection(runs["offset"])

    assert reflection.occurred_at == datetime(2020, 1, 5, 15, 0, tzinfo=UTC)
    assert reflection.occurred_at.utcoffset() == timedelta(hours=-5)
    assert reflection.occurred_at.hour == 10


def test_add_without_when_records_the_interaction_as_now(runs: Runs) -> None:
    reflection = only_reflection(runs["now, --db first"])

    assert abs(reflection.occurred_at - reflection.created_at) < timedelta(seconds=1)
    assert abs(datetime.now(UTC) - reflection.occurred_at) < timedelta(minutes=5)
    assert reflection.occurred_at.utcoffset() == reflection.occurred_at.astimezone(LONDON).utcoffset()


# Listing -----------------------------------------------------------------------------------


def _listed_short_ids(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [row[:8] for row in result.stdout.splitlines()[1:]]


def test_list_limit_shows_only_that_many_reflections(runs: Runs) -> None:
    assert len(_listed_short_ids(succeeded(runs["limit"]))) == 3


def test_list_limit_keeps_the_most_recent_interactions(runs: Runs) -> None:
    shown = set(_listed_short_ids(succeeded(runs["limit"])))

    assert shown == {uuid_text[:8] for uuid_text in LIMIT_IDS[1:]}


def test_list_shows_the_newest_interaction_first(runs: Runs) -> None:
    assert _listed_short_ids(succeeded(runs["limit"])) == [LIMIT_IDS[n][:8] for n in (3, 2, 1)]


def test_list_of_an_empty_database_says_how_to_start(runs: Runs) -> None:
    assert succeeded(runs["empty"]).stdout.startswith("No reflections yet.")


def test_list_json_of_an_empty_database_is_an_empty_list(runs: Runs) -> None:
    assert json.loads(succeeded(runs["empty json"]).stdout) == []


# Choosing the database ---------------------------------------------------------------------


def test_reflect_db_environment_variable_is_used_when_no_db_option_is_given(runs: Runs) -> None:
    run = runs["REFLECT_DB"]
    succeeded(run)

    assert len(stored(Path(run.env["REFLECT_DB"]))) == 1
    assert not (run.root / "data").exists()


def test_db_option_wins_over_the_reflect_db_environment_variable(runs: Runs) -> None:
    run = runs["--db and REFLECT_DB"]

    only_reflection(run)
    assert not Path(run.env["REFLECT_DB"]).exists()


def test_db_option_is_accepted_before_the_command_name(runs: Runs) -> None:
    only_reflection(runs["now, --db first"])


def test_without_db_option_or_variable_the_database_goes_in_an_owner_only_user_data_folder(runs: Runs) -> None:
    run = runs["default location"]
    succeeded(run)
    default = run.root / "data" / "reflect" / "reflect.db"

    assert len(stored(default)) == 1
    assert stat.S_IMODE(default.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(default.stat().st_mode) == 0o600
    assert not run.db.exists()


# Help and version --------------------------------------------------------------------------


def test_help_exits_zero_and_lists_the_commands(subprocess_env: dict[str, str]) -> None:
    result = reflect_main("--help", env=subprocess_env)

    assert result.returncode == 0
    assert result.stdout.startswith("usage: reflect")
    for command in ("new", "add", "list", "questions"):
        assert command in result.stdout
    assert result.stderr == ""


def test_version_exits_zero_and_prints_the_version(subprocess_env: dict[str, str]) -> None:
    result = reflect_main("--version", env=subprocess_env)

    assert result.returncode == 0
    assert result.stdout.strip() == f"reflect {__version__}"


@pytest.mark.parametrize("command", ["new", "add", "list", "questions"])
def test_each_command_has_help_that_exits_zero(command: str, subprocess_env: dict[str, str], tmp_path: Path) -> None:
    result = reflect_main(command, "--help", env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: reflect {command}")
    assert "--db" in result.stdout
    assert not (tmp_path / "data").exists(), "asking for help must not create a database"


def test_add_help_explains_the_answer_letters(subprocess_env: dict[str, str]) -> None:
    result = reflect_main("add", "--help", env=subprocess_env)

    assert "y = Yes, p = Partly, n = No, x = Not applicable" in " ".join(result.stdout.split())


# The questions -----------------------------------------------------------------------------


def test_questions_lists_the_ten_numbered_questions_with_their_labels(subprocess_env: dict[str, str]) -> None:
    result = reflect_main("questions", env=subprocess_env)

    assert result.returncode == 0, result.stderr
    numbered = [line for line in result.stdout.splitlines() if line[:3].strip().rstrip(".").isdigit()]
    assert len(numbered) == 10
    for number, (line, question) in enumerate(zip(numbered, default_question_set().questions), start=1):
        assert line == f"{number:>2}. [{question.label}] Did I {question.text}"


def test_questions_does_not_create_a_database(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    reflect_main("questions", env=subprocess_env)

    assert not (tmp_path / "data").exists()


# Bad input: exit 2, a one-line message, nothing written ------------------------------------

BAD_INPUT = {
    "too few answers": (["add", "--answers", "y,y,p"], ["10 answers", "got 3"]),
    "too many answers": (["add", "--answers", ALL_YES + ",y"], ["10 answers", "got 11"]),
    "unknown answer letter": (["add", "--answers", "y,y,p,n,q,y,y,p,y,y"], ["Answer 5", "'q'"]),
    "unknown kind": (["add", "--answers", ALL_YES, "--kind", "spaceship"], ["'spaceship'", "interaction kind"]),
    "unparseable date": (["add", "--answers", ALL_YES, "--when", "blorptastic"], ["'blorptastic'", "as a time"]),
    "time in the future": (["add", "--answers", ALL_YES, "--when", "2999-01-01 09:00"], ["2999-01-01 09:00", "future"]),
    "note for question 11": (["add", "--answers", ALL_YES, "--note", "11=too far"], ["--note", "11=too far"]),
    "note without a number": (["add", "--answers", ALL_YES, "--note", "just a note"], ["--note", "just a note"]),
    "duration not a number": (["add", "--answers", ALL_YES, "--duration", "forever"], ["'forever'", "duration"]),
    "duration of zero": (["add", "--answers", ALL_YES, "--duration", "0"], ["'0'", "duration"]),
    "person code too long": (["add", "--answers", ALL_YES, "--person", "x" * 41], ["person code", "41"]),
    "limit of zero": (["list", "--limit", "0"], ["--limit", "1 or more"]),
    "limit not a number": (["list", "--limit", "lots"], ["--limit", "'lots'"]),
    "limit beyond any database": (["list", "--limit", "99999999999999999999"], ["--limit", "1,000,000 or fewer"]),
    "tag too long": (["add", "--answers", ALL_YES, "--tag", "x" * 41], ["tag", "41 characters"]),
    "text that is not UTF-8": (["add", "--answers", ALL_YES, "--note-what", "caf\udcff"], ["--note-what", "UTF-8"]),
}


BAD_INPUT_EDGE_CASES = [
    pytest.param(
        ["add", "--answers", ALL_YES, "--duration", "infh"], ["'infh'", "duration"],
        id="duration of infinite hours",
    ),
    pytest.param(
        ["add", "--answers", ALL_YES, "--duration", "1h-30"], ["'1h-30'", "duration"],
        id="duration with negative minutes",
    ),
    pytest.param(
        ["add", "--answers", ALL_YES, "--note", "³=superscript"], ["--note", "³=superscript"],
        id="note numbered with a superscript digit",
    ),
    pytest.param(
        ["add", "--answers", ALL_YES, "--when", "0001-01-01"], ["'0001-01-01'"],
        id="when in year one",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "fragments"),
    [*(pytest.param(args, fragments, id=name) for name, (args, fragments) in BAD_INPUT.items()), *BAD_INPUT_EDGE_CASES],
)
def test_bad_input_exits_2_with_a_one_line_message_and_leaves_the_database_unchanged(
    args: list[str], fragments: list[str], db: Path, subprocess_env: dict[str, str]
) -> None:
    before = make_database(db, reflection_at(datetime(2020, 5, 1, 9, 0, tzinfo=UTC), "11111111-0000-4000-8000-000000000001"))

    result = reflect_main(*args, "--db", str(db), env=subprocess_env)

    assert_clean_failure(result, 2, *fragments)
    assert db.read_bytes() == before


# One case for each stage that checks input: answers, the rest of `add`'s options, then argparse.
NOT_CREATED = ["unknown answer letter", "time in the future", "unknown kind", "limit of zero"]


@pytest.mark.parametrize("args", [BAD_INPUT[name][0] for name in NOT_CREATED], ids=NOT_CREATED)
def test_bad_input_does_not_create_a_database(args: list[str], db: Path, subprocess_env: dict[str, str]) -> None:
    result = reflect_main(*args, "--db", str(db), env=subprocess_env)

    assert result.returncode == 2
    assert not db.exists()
    assert sorted(p.name for p in db.parent.iterdir()) == []


def test_a_missing_answers_option_is_a_usage_error(db: Path, subprocess_env: dict[str, str]) -> None:
    result = reflect_main("add", "--db", str(db), env=subprocess_env)

    assert_clean_failure(result, 2, "--answers")
    assert not db.exists()


def test_an_unknown_command_is_a_usage_error(subprocess_env: dict[str, str]) -> None:
    result = reflect_main("frobnicate", env=subprocess_env)

    assert_clean_failure(result, 2, "frobnicate")


# Databases reflect must not use: exit 1, a message, nothing changed ------------------------


def _newer_version_database(db: Path) -> None:
    make_database(db)
    connection = sqlite3.connect(db)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()


def _not_sqlite(db: Path) -> None:
    db.write_text("Shopping list\nmilk\neggs\n", encoding="utf-8")


def _foreign_sqlite(db: Path) -> None:
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()


BAD_DATABASES = {
    "not sqlite": (_not_sqlite, ["not an SQLite file"]),
    "another program's sqlite": (_foreign_sqlite, ["not one of reflect's"]),
    "newer version": (_newer_version_database, ["newer version", "9999_future"]),
}


@pytest.mark.parametrize("command", [["add", "--answers", ALL_YES], ["list"]], ids=["add", "list"])
@pytest.mark.parametrize(("prepare", "fragments"), BAD_DATABASES.values(), ids=BAD_DATABASES.keys())
def test_a_database_reflect_cannot_use_exits_1_and_is_left_byte_for_byte_unchanged(
    prepare, fragments: list[str], command: list[str], db: Path, subprocess_env: dict[str, str]
) -> None:
    prepare(db)
    before = db.read_bytes()

    result = reflect_main(*command, "--db", str(db), env=subprocess_env)

    assert_clean_failure(result, 1, str(db), *fragments)
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", [["add", "--answers", ALL_YES], ["list"]], ids=["add", "list"])
def test_a_database_path_in_a_missing_folder_exits_1_without_creating_anything(
    command: list[str], tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    db = tmp_path / "no-such-folder" / "reflect.db"

    result = reflect_main(*command, "--db", str(db), env=subprocess_env)

    assert_clean_failure(result, 1, str(db.parent), "does not exist")
    assert not db.parent.exists()


@pytest.mark.parametrize("command", [["add", "--answers", ALL_YES], ["list"]], ids=["add", "list"])
def test_a_database_path_that_is_a_folder_exits_1_and_leaves_the_folder_alone(
    command: list[str], tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep", encoding="utf-8")

    result = reflect_main(*command, "--db", str(folder), env=subprocess_env)

    assert_clean_failure(result, 1, str(folder), "folder")
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


@pytest.mark.skipif(sys.platform != "linux" or not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_a_folder_that_cannot_be_written_to_exits_1_with_a_message(subprocess_env: dict[str, str]) -> None:
    # /proc refuses new files even for root, who ignores a chmod-ed folder.
    db = Path("/proc/reflect-test.db")

    result = reflect_main("add", "--answers", ALL_YES, "--db", str(db), env=subprocess_env)

    assert_clean_failure(result, 1, str(db), "cannot create")
    assert not db.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write to a read-only folder")
def test_a_read_only_folder_exits_1_saying_permission_denied(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    db = folder / "reflect.db"
    try:
        result = reflect_main("add", "--answers", ALL_YES, "--db", str(db), env=subprocess_env)

        assert_clean_failure(result, 1, str(folder), "permission denied")
        assert not db.exists()
    finally:
        folder.chmod(0o700)


def test_a_dot_leaves_a_question_unanswered(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "dot.db"
    result = reflect_main("add", "--db", str(db), "--answers", ".,y,y,y,y,y,y,y,y,y", env=subprocess_env)
    assert result.returncode == 0, result.stderr
    store = open_store(db)
    (reflection,) = store.list_reflections()
    store.close()
    assert reflection.response_for(KEYS[0]) is None
    assert reflection.answered_count == 9


def test_listing_a_database_that_does_not_exist_creates_nothing(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "never.db"
    result = reflect_main("list", "--db", str(db), "--json", env=subprocess_env)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])
    assert not db.exists()


def test_a_database_path_too_long_for_the_file_system_gets_a_message(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    result = reflect_main("list", "--db", str(tmp_path / ("a" * 300 + ".db")), env=subprocess_env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "too long" in result.stderr


def test_stats_prints_rates_with_their_n_and_json_in_the_documented_shape(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "stats.db"
    for answers in ["yyyyyyyyyy", "pyyyyyyyyy", "nyyyyyyyyy", "xyyyyyyyyy", "yyyyyyyyyy", ".yyyyyyyyy"]:
        assert reflect_main("add", "--db", str(db), "--answers", answers, "--kind", "phone", env=subprocess_env).returncode == 0

    text = reflect_main("stats", "--db", str(db), env=subprocess_env)
    assert text.returncode == 0, text.stderr
    assert "All your reflections: 6 reflections." in text.stdout
    # Making sense: Yes 2, Partly 1, No 1 -> n = 4, below the minimum of 5: no rate, the answers instead.
    making_sense = next(line for line in text.stdout.splitlines() if line.startswith("Making sense"))
    assert making_sense.split("  ")[0:3] == ["Making sense", "", "2 Yes, 1 Partly, 1 No of 4"]
    assert making_sense.split()[9] == "4"

    data = json.loads(reflect_main("stats", "--db", str(db), "--json", env=subprocess_env).stdout)
    assert data["reflections"] == 6 and data["min_n"] == 5
    assert data["questions"]["make-sense"] == {
        "label": "Making sense", "yes": 2, "partly": 1, "no": 1, "not_applicable": 1, "unanswered": 1,
        "n": 4, "rate": None, "previous_rate": None, "change": None,
    }  # fmt: skip
    assert data["questions"]["hope"]["rate"] == 1.0
    assert set(data["chime"]) == {"Connectedness", "Hope", "Identity", "Meaning", "Empowerment"}
    assert data["by_kind"]["phone"]["reflections"] == 6


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--from", "2026-03-01", "--to", "2026-02-01"], "--to must come after --from"),
        (["--from", "the dawn of time"], "as a time"),
        (["--kind", "spaceship"], "interaction kind"),
    ],
)
def test_stats_refuses_bad_input_with_a_message(args: list[str], fragment: str, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    result = reflect_main("stats", "--db", str(tmp_path / "none.db"), *args, env=subprocess_env)
    assert result.returncode == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["--to", "2999-01-01"], "Up to 01 Jan 2999"),  # --to includes the day it names
        (["--from", "2026-01-01", "--to", "2026-01-31"], "From 01 Jan 2026 to 31 Jan 2026"),
    ],
)
def test_stats_describes_the_period_it_covers(args: list[str], first_line: str, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    result = reflect_main("stats", "--db", str(tmp_path / "none.db"), *args, env=subprocess_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(first_line)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["--from", "now"], "--from must be in the past"), (["--tag", "a,b"], "one tag")],
)
def test_stats_explains_a_period_or_tag_it_cannot_use(args: list[str], fragment: str, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    result = reflect_main("stats", "--db", str(tmp_path / "none.db"), *args, env=subprocess_env)
    assert result.returncode == 2 and fragment in result.stderr


def test_add_links_a_commitment_to_the_practices_it_is_about(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "about.db"
    result = reflect_main(
        "add", "--db", str(db), "--answers", ALL_YES, "--commitment", "Let her lead", "--about", "hope, 3",
        env=subprocess_env,
    )
    assert result.returncode == 0, result.stderr
    (reflection,) = stored(db)
    assert reflection.commitment_questions == ["strengths", "hope"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--commitment", "Let her lead", "--about", "11"], "'11' is not a question"),
        (["--commitment", "Let her lead", "--about", "courage"], "'courage' is not a question"),
        (["--about", "2"], "give the --commitment too"),
    ],
)
def test_add_refuses_an_about_it_cannot_use(args: list[str], fragment: str, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "about.db"
    result = reflect_main("add", "--db", str(db), "--answers", ALL_YES, *args, env=subprocess_env)
    assert result.returncode == 2 and fragment in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()


def test_stats_shows_the_trend_activity_and_commitments(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "trend.db"
    days = ["2026-01-05 10:00", "2026-01-06 10:00", "2026-01-07 10:00", "2026-01-08 10:00", "2026-01-09 10:00",
            "2026-02-02 10:00"]  # fmt: skip
    for when in days:
        assert reflect_main("add", "--db", str(db), "--answers", ALL_YES, "--when", when, env=subprocess_env).returncode == 0
    committed = reflect_main(
        "add", "--db", str(db), "--answers", ALL_YES, "--when", "2026-01-09 16:00",
        "--commitment", "Ask about the course", "--about", "10", env=subprocess_env,
    )
    assert committed.returncode == 0, committed.stderr

    text = reflect_main("stats", "--db", str(db), "--from", "2026-01-01", "--to", "2026-02-28", "--by", "month", env=subprocess_env)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert "Trend: practice rate by month (with fewer than 5 answers that month, the answers themselves)." in lines
    assert any(line.startswith("  Jan 2026 (6 reflections): Making sense 100% (n=6)") for line in lines)
    assert any(line.startswith("  Feb 2026 (1 reflection): Making sense Yes 1 of 1,") for line in lines)
    assert "Activity: you reflected on 6 days; at most 2 reflections in a day." in lines
    assert "  09 Jan 2026: Ask about the course" in lines
    # Before: the five reflections of that week, the last that morning; after: February's one.
    assert "    Hope: 4 weeks before 100% (n=5), 4 weeks after Yes 1 of 1" in lines

    data = json.loads(
        reflect_main("stats", "--db", str(db), "--from", "2026-01-01", "--to", "2026-02-28", "--by", "week", "--json",
                    env=subprocess_env).stdout  # fmt: skip
    )
    assert data["trend"]["grain"] == "week"
    assert data["trend"]["periods"][1] == {
        "start": "2026-01-05", "reflections": 6,
        "questions": {key: {"n": 6, "rate": 1.0} for key in KEYS},
    }  # fmt: skip
    assert data["activity"]["days_with_reflections"] == 6 and data["activity"]["by_day"]["2026-01-09"] == 2
    (commitment,) = data["commitments"]
    assert commitment["commitment"] == "Ask about the course"
    assert commitment["questions"] == [
        {"key": "hope", "before": {"n": 5, "rate": 1.0}, "after": {"n": 1, "rate": None}, "change": None}
    ]


def test_stats_refuses_a_trend_period_it_does_not_know(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    result = reflect_main("stats", "--db", str(tmp_path / "none.db"), "--by", "fortnight", env=subprocess_env)
    assert result.returncode == 2 and "invalid choice: 'fortnight'" in result.stderr
