"""`reflect export` and `reflect import`: complete JSON that round-trips, readable CSV, imports that
are checked whole, add nothing twice, let the newer edit win, and leave the database untouched
when the file is bad."""

from __future__ import annotations

import copy
import csv
import io
import json
import stat
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.exchange.export import export_document, export_json
from reflect.exchange.importing import read_export
from reflect.model import INTERACTION_KINDS, Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.store import open_store
from tests.helpers.app import seed_demo
from tests.helpers.cli import assert_clean_failure, make_database
from tests.helpers.environment import FIXED_NOW
from tests.helpers.running import reflect_main

QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys


def varied_reflections() -> list[Reflection]:
    """Demo reflections and every kind of field worth carrying: flags, links, drafts, offsets, notes only."""
    reflections = [copy.deepcopy(r) for r in seed_demo_objects()]
    first, second, third = reflections[:3]
    first.flagged = True
    first.answers["hope"] = Answer(Response.NO, "She talked about giving up; worth talking through", flagged=True)
    first.commitment = "Ask what hope looks like to her"
    first.commitment_questions = ["hope", "make-sense"]
    second.occurred_at = datetime(2026, 7, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))
    second.answers["respect"] = Answer(None, "a note without an answer")
    second.so_what, second.now_what = "It meant a lot", "Keep going"
    third.is_draft = True
    return reflections


def seed_demo_objects() -> list[Reflection]:
    from reflect.demo import demo_reflections

    return demo_reflections(QUESTIONS, FIXED_NOW, count=12)


def database_with(db: Path, reflections: list[Reflection]) -> bytes:
    return make_database(db, *reflections)


def exported(db: Path, env: dict[str, str], *args: str) -> str:
    result = reflect_main("export", "--db", str(db), *args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


# Round trips ------------------------------------------------------------------------------------


def test_export_import_into_an_empty_database_and_export_again_gives_identical_json(tmp_path: Path, subprocess_env) -> None:
    database_with(tmp_path / "first.db", varied_reflections())
    first = exported(tmp_path / "first.db", subprocess_env)
    (tmp_path / "first.json").write_text(first, encoding="utf-8")

    imported = reflect_main("import", "--db", str(tmp_path / "second.db"), str(tmp_path / "first.json"), env=subprocess_env)

    assert imported.returncode == 0, imported.stderr
    assert "12 reflections added" in imported.stdout
    assert exported(tmp_path / "second.db", subprocess_env) == first


def test_the_round_trip_keeps_every_field_of_every_reflection_drafts_included(tmp_path: Path, subprocess_env) -> None:
    original = varied_reflections()
    database_with(tmp_path / "first.db", original)
    (tmp_path / "all.json").write_text(exported(tmp_path / "first.db", subprocess_env), encoding="utf-8")
    reflect_main("import", "--db", str(tmp_path / "second.db"), str(tmp_path / "all.json"), env=subprocess_env)

    store = open_store(tmp_path / "second.db")
    back = {r.uuid: r for r in store.reflections(drafts=True)}
    store.close()
    store = open_store(tmp_path / "first.db")
    there = {r.uuid: r for r in store.reflections(drafts=True)}
    store.close()
    assert back == there
    assert len(back) == 12 and sum(r.is_draft for r in back.values()) == 1


ANSWER = st.sampled_from([None, *Response])
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@st.composite
def reflections(draw) -> Reflection:  # type: ignore[no-untyped-def]
    offset = timedelta(minutes=draw(st.integers(-12 * 60, 14 * 60)))
    moment = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=draw(st.integers(0, 6 * 365 * 86400)), microseconds=draw(st.integers(0, 999999)))
    answers = {}
    for key in KEYS:
        response, note = draw(ANSWER), draw(st.one_of(st.just(""), TEXT))
        if response is not None or note.strip():
            answers[key] = Answer(response, note, draw(st.booleans()) and bool(note.strip()))
    made = Reflection(
        uuid=str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)), version=4)),
        question_set_id=QUESTIONS.id,
        question_set_version=QUESTIONS.version,
        occurred_at=moment.astimezone(timezone(offset)),
        created_at=moment,
        updated_at=moment + timedelta(seconds=draw(st.integers(0, 10**6))),
        kind=draw(st.sampled_from([None, *(k.key for k in INTERACTION_KINDS)])),
        person_code=draw(st.one_of(st.none(), st.from_regex(r"[A-Z]{2}-[0-9]{1,3}", fullmatch=True))),
        duration_minutes=draw(st.one_of(st.none(), st.integers(1, 1440))),
        tags=sorted(set(draw(st.lists(st.from_regex(r"[a-z]{1,8}( [a-z]{1,8})?", fullmatch=True), max_size=3)))),
        what_happened=draw(TEXT), so_what=draw(TEXT), now_what=draw(TEXT), commitment=draw(TEXT),
        answers=answers,
        is_draft=draw(st.booleans()),
        flagged=draw(st.booleans()),
        commitment_questions=[key for key in KEYS if draw(st.booleans()) and draw(st.booleans())],
    )  # fmt: skip
    return made


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(reflections(), max_size=6, unique_by=lambda r: r.uuid))
def test_any_reflections_survive_export_and_import_exactly(tmp_path_factory, drawn: list[Reflection]) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    first, second = open_store(folder / "a.db"), open_store(folder / "b.db")
    try:
        first.save_many(drawn)
        text = export_json(export_document(first.reflections(drafts=True), QUESTIONS))
        (folder / "a.json").write_text(text, encoding="utf-8")
        second.import_reflections(read_export(str(folder / "a.json")).reflections)
        again = export_json(export_document(second.reflections(drafts=True), QUESTIONS))
    finally:
        first.close()
        second.close()
    assert again == text


# The JSON ------------------------------------------------------------------------------------------


def test_the_json_names_its_format_and_carries_every_field_with_zoned_times(tmp_path: Path, subprocess_env) -> None:
    database_with(tmp_path / "r.db", varied_reflections())
    document = json.loads(exported(tmp_path / "r.db", subprocess_env))

    assert (document["format"], document["format_version"]) == ("reflect-export", 1)
    flagged = next(r for r in document["reflections"] if r["flagged"])
    assert set(flagged) == {
        "uuid", "occurred_at", "created_at", "updated_at", "kind", "person_code", "duration_minutes", "tags",
        "question_set", "answers", "notes", "flagged", "flagged_notes", "commitment_questions", "texts", "is_draft",
    }  # fmt: skip
    assert flagged["question_set"] == {"id": "recovery-practices", "version": 1}
    assert flagged["flagged_notes"] == ["hope"] and flagged["commitment_questions"] == ["make-sense", "hope"]
    for record in document["reflections"]:
        for field in ("occurred_at", "created_at", "updated_at"):
            assert datetime.fromisoformat(record[field]).utcoffset() is not None
    assert any(r["occurred_at"].endswith("-05:30") for r in document["reflections"])


def test_export_from_and_to_choose_the_reflections_by_when_they_happened(tmp_path: Path, subprocess_env) -> None:
    database_with(tmp_path / "r.db", seed_demo_objects())
    document = json.loads(exported(tmp_path / "r.db", subprocess_env, "--from", "2026-11-16", "--to", "2026-11-20"))

    days = sorted(datetime.fromisoformat(r["occurred_at"]).date().isoformat() for r in document["reflections"])
    assert days and all("2026-11-16" <= day <= "2026-11-20" for day in days)
    assert document["period"]["from"].startswith("2026-11-16T00:00:00")


def test_exporting_to_a_file_writes_it_for_its_owner_alone_and_says_how_many(tmp_path: Path, subprocess_env) -> None:
    database_with(tmp_path / "r.db", seed_demo_objects())
    result = reflect_main("export", "--db", str(tmp_path / "r.db"), "--output", str(tmp_path / "out.json"), env=subprocess_env)

    assert result.returncode == 0 and result.stdout == ""
    assert "Exported 12 reflections to" in result.stderr
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == 0o600
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["reflections"]) == 12


def test_exporting_a_database_that_does_not_exist_creates_nothing(tmp_path: Path, subprocess_env) -> None:
    document = json.loads(exported(tmp_path / "none.db", subprocess_env))

    assert document["reflections"] == [] and not (tmp_path / "none.db").exists()


# The CSV ---------------------------------------------------------------------------------------------


def test_the_csv_has_one_row_per_reflection_and_a_readable_column_per_question(tmp_path: Path, subprocess_env) -> None:
    reflections = varied_reflections()
    reflections[0].commitment = '=HYPERLINK("x")'
    database_with(tmp_path / "r.db", reflections)
    text = exported(tmp_path / "r.db", subprocess_env, "--format", "csv")

    assert text.startswith("\ufeff")  # so spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 12
    assert [q.label for q in QUESTIONS.questions] == list(rows[0])[8:18]
    first = next(row for row in rows if row["Reflection id"] == reflections[0].uuid)
    assert first["Hope"] == "No" and first["Flagged for supervision"] == "Yes"
    assert first["Flagged notes"] == "Hope" and first["Commitment is about"] == "Making sense, Hope"
    assert first["Commitment for next time"] == "'=HYPERLINK(\"x\")"  # never run as a formula
    assert "Hope: She talked about giving up" in first["Notes"]
    assert {row["Making sense"] for row in rows} <= {"Yes", "Partly", "No", "Not applicable", ""}


# Importing --------------------------------------------------------------------------------------------


def write_export(path: Path, reflections: list[Reflection]) -> Path:
    path.write_text(export_json(export_document(reflections, QUESTIONS)), encoding="utf-8")
    return path


def test_importing_the_same_file_twice_adds_nothing_the_second_time(tmp_path: Path, subprocess_env) -> None:
    file = write_export(tmp_path / "in.json", seed_demo_objects())
    reflect_main("import", "--db", str(tmp_path / "r.db"), str(file), env=subprocess_env)
    before = (tmp_path / "r.db").read_bytes()

    again = reflect_main("import", "--db", str(tmp_path / "r.db"), str(file), env=subprocess_env)

    assert again.returncode == 0
    assert again.stdout.strip() == f"Nothing new in {file}: its 12 reflections are already here, left as they were."
    store = open_store(tmp_path / "r.db")
    assert len(store.list_reflections()) == 12
    store.close()
    assert len(before) > 0


def test_a_newer_edit_in_the_file_wins_and_an_older_one_does_not(tmp_path: Path, subprocess_env) -> None:
    newer_here, older_here = seed_demo_objects()[:2]
    database_with(tmp_path / "r.db", [newer_here, older_here])
    in_file = [copy.deepcopy(newer_here), copy.deepcopy(older_here)]
    in_file[0].commitment, in_file[0].updated_at = "an older version", newer_here.updated_at - timedelta(hours=1)
    in_file[1].commitment, in_file[1].updated_at = "edited since", older_here.updated_at + timedelta(hours=1)

    result = reflect_main("import", "--db", str(tmp_path / "r.db"), str(write_export(tmp_path / "in.json", in_file)), env=subprocess_env)

    assert result.stdout.strip().endswith("0 reflections added; 1 replaced by a newer edit; 1 already here, left as they were.")
    store = open_store(tmp_path / "r.db")
    assert store.get(newer_here.uuid).commitment == newer_here.commitment
    assert store.get(older_here.uuid).commitment == "edited since"
    store.close()


def test_import_reads_standard_input(tmp_path: Path, subprocess_env) -> None:
    text = export_json(export_document(seed_demo_objects()[:3], QUESTIONS))
    result = reflect_main("import", "--db", str(tmp_path / "r.db"), "-", env=subprocess_env, stdin=text)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "From standard input: 3 reflections added."


def test_an_imported_practitioner_id_is_kept_so_later_bundles_replace_earlier_ones(tmp_path: Path, subprocess_env) -> None:
    document = export_document(seed_demo_objects()[:1], QUESTIONS, practitioner_id="77777777-0000-4000-8000-000000000007")
    (tmp_path / "in.json").write_text(export_json(document), encoding="utf-8")

    reflect_main("import", "--db", str(tmp_path / "r.db"), str(tmp_path / "in.json"), env=subprocess_env)

    assert json.loads(exported(tmp_path / "r.db", subprocess_env))["practitioner_id"] == document["practitioner_id"]


# Bad files: exit 1, one line naming the first problem, the database exactly as it was -------------------


def good_document() -> dict:
    return json.loads(export_json(export_document(varied_reflections()[:4], QUESTIONS)))


def changed(change) -> str:  # type: ignore[no-untyped-def]
    document = good_document()
    change(document)
    return json.dumps(document)


def set_in(path: list, value):  # type: ignore[no-untyped-def]
    def change(document: dict) -> None:
        target = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


def drop(path: list):  # type: ignore[no-untyped-def]
    def change(document: dict) -> None:
        target = document
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return change


GOOD_TEXT = export_json(export_document(varied_reflections()[:4], QUESTIONS))
BAD_FILES = {
    "not json": ("Dear diary, today was long.", ["not a reflect export", "line 1"]),
    "cut short": (GOOD_TEXT[: len(GOOD_TEXT) // 2], ["cut short"]),
    "empty": ("", ["empty"]),
    "a list, not an export": ("[1, 2, 3]", ["not a reflect export"]),
    "another format": (json.dumps({"format": "shopping-list"}), ["not a reflect export"]),
    "a supervision bundle": (json.dumps({"format": "reflect-supervision-bundle", "format_version": 1}), ["supervision bundle", "reflect team"]),
    "a newer format version": (changed(set_in(["format_version"], 2)), ["newer version of reflect", "format version 2"]),
    "a format version as text": (changed(set_in(["format_version"], "1")), ["format_version", "'1'"]),
    "an answer that is not one": (changed(set_in(["reflections", 1, "answers", "hope"], "maybe")), ["reflection 2 (answers.hope)", "'maybe'"]),
    "a time without its offset": (changed(set_in(["reflections", 2, "occurred_at"], "2026-11-20T10:00:00")), ["reflection 3 (occurred_at)", "UTC offset"]),
    "a time as a number": (changed(set_in(["reflections", 0, "created_at"], 1700000000)), ["reflection 1 (created_at)", "as text"]),
    "a missing field": (changed(drop(["reflections", 0, "texts"])), ["reflection 1 (texts)", "missing"]),
    "an unknown field": (changed(set_in(["reflections", 3, "mood"], "fine")), ["reflection 4 (mood)", "not a field"]),
    "an unknown kind": (changed(set_in(["reflections", 0, "kind"], "spaceship")), ["reflection 1 (kind)", "'spaceship'"]),
    "an unknown question": (changed(set_in(["reflections", 1, "answers", "telepathy"], "yes")), ["reflection 2", "'telepathy'", "question key"]),
    "the same id twice": (changed(lambda d: d["reflections"][3].update(uuid=d["reflections"][0]["uuid"])), ["reflection 4 (uuid)", "reflection 1"]),
    "an id that is no id": (changed(set_in(["reflections", 0, "uuid"], "my-reflection")), ["reflection 1 (uuid)", "'my-reflection'"]),
    "a flag without a note": (changed(lambda d: (d["reflections"][1]["notes"].pop("community", None), d["reflections"][1].update(flagged_notes=["community"]))), ["reflection 2", "'community'", "no note"]),
    "an unknown question set": (changed(set_in(["reflections", 0, "question_set", "version"], 9)), ["reflection 1 (question_set)", "version 9"]),
    "minutes as text": (changed(set_in(["reflections", 0, "duration_minutes"], "45")), ["reflection 1 (duration_minutes)", "'45'"]),
    "no minutes at all": (changed(set_in(["reflections", 0, "duration_minutes"], 0)), ["reflection 1 (duration_minutes)", "1 to 1440"]),
    "a flag as a word": (changed(set_in(["reflections", 2, "flagged"], "yes")), ["reflection 3 (flagged)", "'yes'"]),
    "a person code too long": (changed(set_in(["reflections", 0, "person_code"], "x" * 41)), ["reflection 1 (person_code)", "40"]),
}


@pytest.mark.parametrize(("content", "fragments"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_naming_the_first_problem_and_the_database_is_unchanged(
    content: str, fragments: list[str], tmp_path: Path, subprocess_env
) -> None:
    db = tmp_path / "r.db"
    before = database_with(db, seed_demo_objects()[:2])
    (tmp_path / "in.json").write_text(content, encoding="utf-8")

    result = reflect_main("import", "--db", str(db), str(tmp_path / "in.json"), env=subprocess_env)

    assert_clean_failure(result, 1, *fragments)
    assert db.read_bytes() == before


def test_the_first_bad_reflection_is_the_one_named(tmp_path: Path, subprocess_env) -> None:
    document = good_document()
    document["reflections"][1]["answers"]["hope"] = "maybe"
    document["reflections"][3]["kind"] = "spaceship"
    (tmp_path / "in.json").write_text(json.dumps(document), encoding="utf-8")

    result = reflect_main("import", "--db", str(tmp_path / "r.db"), str(tmp_path / "in.json"), env=subprocess_env)

    assert "reflection 2 (answers.hope)" in assert_clean_failure(result, 1)


@pytest.mark.parametrize(
    ("make", "fragments"),
    [
        (lambda tmp: tmp / "missing.json", ["no file", "missing.json"]),
        (lambda tmp: tmp, ["is a folder"]),
        (lambda tmp: (tmp / "bytes.json").write_bytes(b"\xff\xfe\x00junk") and tmp / "bytes.json", ["not UTF-8"]),
    ],
    ids=["missing", "a folder", "not text"],
)
def test_a_file_that_cannot_be_read_is_refused_and_no_database_is_created(make, fragments, tmp_path: Path, subprocess_env) -> None:
    source = tmp_path / "files"
    source.mkdir()
    path = make(source)

    result = reflect_main("import", "--db", str(tmp_path / "r.db"), str(path), env=subprocess_env)

    assert_clean_failure(result, 1, *fragments)
    assert not (tmp_path / "r.db").exists()


def test_a_database_given_as_the_file_to_import_is_refused_and_left_alone(tmp_path: Path, subprocess_env) -> None:
    other = tmp_path / "other.db"
    before = database_with(other, seed_demo_objects()[:1])

    result = reflect_main("import", "--db", str(tmp_path / "r.db"), str(other), env=subprocess_env)

    assert_clean_failure(result, 1, "is a database", "export")
    assert other.read_bytes() == before


@pytest.mark.parametrize(
    ("output", "fragments"),
    [("missing-folder/out.json", ["does not exist"]), (".", ["is a folder"]), ("r.db", ["your database"])],
    ids=["missing folder", "a folder", "the database itself"],
)
def test_export_refuses_an_output_it_must_not_write(output: str, fragments: list[str], tmp_path: Path, subprocess_env) -> None:
    db = tmp_path / "r.db"
    before = database_with(db, seed_demo_objects()[:1])

    result = reflect_main("export", "--db", str(db), "--output", str(tmp_path / output), env=subprocess_env)

    assert_clean_failure(result, 1, *fragments)
    assert db.read_bytes() == before


def test_import_into_a_team_database_is_refused(tmp_path: Path, subprocess_env) -> None:
    open_store(tmp_path / "team.db", team=True).close()
    before = (tmp_path / "team.db").read_bytes()
    file = write_export(tmp_path / "in.json", seed_demo_objects()[:1])

    result = reflect_main("import", "--db", str(tmp_path / "team.db"), str(file), env=subprocess_env)

    assert_clean_failure(result, 1, "team database")
    assert (tmp_path / "team.db").read_bytes() == before


def test_seed_demo_is_importable_as_is(db_path: Path, tmp_path: Path) -> None:
    seed_demo(db_path)
    store = open_store(db_path)
    text = export_json(export_document(store.reflections(drafts=True), QUESTIONS))
    store.close()
    (tmp_path / "demo.json").write_text(text, encoding="utf-8")

    assert len(read_export(str(tmp_path / "demo.json")).reflections) == 12
