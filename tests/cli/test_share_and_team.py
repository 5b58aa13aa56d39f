"""`reflect share` and `reflect team`: bundles that hold only what the practitioner chose, a team
database that collects them, team figures only from three practitioners up, and bad bundles refused
with nothing written."""

from __future__ import annotations

import json
import re
import stat
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.exchange.bundle import bundle_json, checksum, make_bundle, parse_bundle
from reflect.exchange.team import team_view, team_view_as_text
from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.store import TeamBundle, open_store
from tests.helpers.cli import assert_clean_failure, make_database
from tests.helpers.environment import FIXED_NOW
from tests.helpers.running import reflect_main

QUESTIONS = default_question_set()
KEYS = QUESTIONS.keys
UTC = UTC
NOW = datetime(2025, 11, 30, 12, 0, tzinfo=UTC)


def reflection(day: int, *, ident: int, answers: dict[str, Answer] | None = None, **fields) -> Reflection:  # type: ignore[no-untyped-def]
    moment = datetime(2025, 11, 1, 10, 0, tzinfo=UTC) + timedelta(days=day)
    made = Reflection(
        uuid=f"00000000-0000-4000-8000-{ident:012d}",
        question_set_id=QUESTIONS.id,
        question_set_version=1,
        occurred_at=moment,
        created_at=moment,
        updated_at=moment,
        answers=dict(answers or {key: Answer(Response.YES) for key in KEYS}),
    )
    for name, value in fields.items():
        setattr(made, name, value)
    return made


def personal_reflections() -> list[Reflection]:
    flagged = reflection(3, ident=3, person_code="JB-12", tags=["zebra-crossing"], flagged=True, duration_minutes=47,
                         what_happened="JB-12 told me about the move", so_what="It meant a lot", now_what="Follow up",
                         commitment="Ask about the course")  # fmt: skip
    flagged.answers["hope"] = Answer(Response.NO, "A flagged note about JB-12's hopes", flagged=True)
    flagged.answers["respect"] = Answer(Response.YES, "An unflagged note, never shared")
    other = reflection(5, ident=5, person_code="KT-7", what_happened="Unflagged words, never shared")
    other.answers["strengths"] = Answer(Response.PARTLY, "Flagged on an unflagged reflection", flagged=True)
    return [reflection(1, ident=1, kind="phone"), flagged, other, reflection(40, ident=40)]


@pytest.fixture
def personal(tmp_path: Path) -> Path:
    db = tmp_path / "mine.db"
    make_database(db, *personal_reflections())
    return db


def share(db: Path, output: Path, env: dict[str, str], *extra: str):  # type: ignore[no-untyped-def]
    return reflect_main("share", "--db", str(db), "--from", "2025-11-01", "--to", "2025-11-30", "--output", str(output),
                       *extra, env=env)  # fmt: skip


# Sharing ----------------------------------------------------------------------------------------------


def test_share_says_exactly_what_the_bundle_holds_before_writing_it(personal: Path, tmp_path: Path, subprocess_env) -> None:
    result = share(personal, tmp_path / "b.json", subprocess_env, "--as", "Sam Okafor")

    assert result.returncode == 0, result.stderr
    said = result.stderr
    assert "as 'Sam Okafor'" in said
    assert "1 Nov 2025 to 30 Nov 2025: 3 reflections, each with its ten answers, its kind of interaction and its day." in said
    assert "1 flagged reflection and 2 flagged notes" in said
    assert "Your words: none. Add --include-notes" in said
    assert "Never included: person codes, tags, times of day, durations" in said
    assert said.index("Never included") < said.index("Wrote")


def test_a_bundle_without_notes_holds_answers_days_and_flags_and_none_of_the_words(personal: Path, tmp_path: Path, subprocess_env) -> None:
    share(personal, tmp_path / "b.json", subprocess_env, "--as", "Sam")
    text = (tmp_path / "b.json").read_text(encoding="utf-8")
    document = json.loads(text)

    assert stat.S_IMODE((tmp_path / "b.json").stat().st_mode) == 0o600
    assert (document["format"], document["format_version"], document["includes_notes"]) == ("reflect-supervision-bundle", 1, False)
    assert document["practitioner"]["display_name"] == "Sam"
    assert document["counts"] == {"reflections": 3, "flagged_reflections": 1, "flagged_notes": 2, "notes_included": 0, "texts_included": 0}
    flagged = next(r for r in document["reflections"] if r["flagged"])
    assert set(flagged) == {"id", "day", "kind", "question_set", "answers", "flagged", "flagged_notes"}
    assert flagged["day"] == "2025-11-04" and flagged["answers"]["hope"] == "no" and flagged["flagged_notes"] == ["hope"]
    for private in ("JB-12", "KT-7", "zebra", "move", "meant a lot", "flagged note", "never shared", "course", "Unflagged"):
        assert private not in text, private


def test_include_notes_adds_the_flagged_words_only_with_person_codes_replaced(personal: Path, tmp_path: Path, subprocess_env) -> None:
    result = share(personal, tmp_path / "b.json", subprocess_env, "--as", "Sam", "--include-notes")
    text = (tmp_path / "b.json").read_text(encoding="utf-8")
    flagged = next(r for r in json.loads(text)["reflections"] if r["flagged"])

    assert "Your words: the 2 notes you flagged and What happened, So what, Now what and the commitment of the 1 reflection" in result.stderr
    assert flagged["notes"] == {"hope": "A flagged note about [person]'s hopes"}
    assert flagged["texts"]["what_happened"] == "[person] told me about the move"
    assert "Flagged on an unflagged reflection" in text
    assert "JB-12" not in text and "never shared" not in text and "zebra" not in text


def test_the_name_is_remembered_and_the_practitioner_id_stays_the_same(personal: Path, tmp_path: Path, subprocess_env) -> None:
    share(personal, tmp_path / "first.json", subprocess_env, "--as", "Sam")
    again = share(personal, tmp_path / "second.json", subprocess_env)

    assert again.returncode == 0, again.stderr
    first, second = (json.loads((tmp_path / name).read_text(encoding="utf-8")) for name in ("first.json", "second.json"))
    assert second["practitioner"] == first["practitioner"] and second["bundle_id"] != first["bundle_id"]


@pytest.mark.parametrize(
    ("args", "code", "fragments"),
    [
        ([], 2, ["--as"]),
        (["--as", "   "], 2, ["--as", "1 to 60"]),
        (["--as", "Sam", "--from", "2020-01-01", "--to", "2020-01-31"], 1, ["no reflections", "1 Jan 2020 to 31 Jan 2020"]),
    ],
    ids=["no name yet", "an empty name", "an empty period"],
)
def test_share_that_cannot_be_made_writes_nothing_and_leaves_the_database(
    args: list[str], code: int, fragments: list[str], personal: Path, tmp_path: Path, subprocess_env
) -> None:
    before = personal.read_bytes()

    result = reflect_main("share", "--db", str(personal), "--output", str(tmp_path / "b.json"), *args, env=subprocess_env)

    assert_clean_failure(result, code, *fragments)
    assert personal.read_bytes() == before and not (tmp_path / "b.json").exists()


def test_share_needs_an_output(personal: Path, subprocess_env) -> None:
    assert_clean_failure(reflect_main("share", "--db", str(personal), "--as", "Sam", env=subprocess_env), 2, "--output")


# Bundles never hold person codes or unflagged notes, whatever the reflections ---------------------------------

CODE = st.from_regex(r"[A-Z]{2}-[0-9]{2}", fullmatch=True)
WORD = st.sampled_from(["the", "visit", "went", "well", "we", "talked", "about", "work", "hope"])


@st.composite
def practice_reflections(draw) -> tuple[list[Reflection], set[str], set[str]]:  # type: ignore[no-untyped-def]
    """Random reflections whose notes and texts mention person codes; which words may be shared."""
    codes = draw(st.lists(CODE, min_size=1, max_size=4, unique=True))
    made, shareable, private = [], set(), set()
    for index in range(draw(st.integers(1, 6))):
        def words(tag: str) -> str:
            marker = f"m{uuid.uuid4().hex[:12]}"  # a word found nowhere else
            chosen = draw(st.lists(st.one_of(WORD, st.sampled_from(codes)), max_size=6))
            (shareable if tag == "shared" else private).add(marker)
            return " ".join([marker, *chosen])

        flagged = draw(st.booleans())
        answers = {}
        for key in KEYS:
            if draw(st.booleans()):
                note_flagged = draw(st.booleans())
                answers[key] = Answer(draw(st.sampled_from(list(Response))), words("shared" if note_flagged else "private"), note_flagged)
        texts = {field: words("shared" if flagged else "private") for field in ("what_happened", "so_what", "now_what", "commitment")}
        made.append(reflection(index, ident=index + 1, answers=answers, flagged=flagged, person_code=draw(st.sampled_from(codes)),
                               tags=[draw(st.sampled_from(["tagone", "tagtwo"]))], **texts))  # fmt: skip
    return made, shareable, private


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(practice_reflections(), st.booleans())
def test_a_bundle_never_holds_a_person_code_a_tag_or_an_unflagged_word(drawn, include_notes: bool) -> None:  # type: ignore[no-untyped-def]
    reflections, shareable, private = drawn
    codes = {r.person_code for r in reflections}
    document = make_bundle(reflections, QUESTIONS, practitioner_id=str(uuid.uuid4()), name="Sam", start=None, end=NOW,
                           include_notes=include_notes, person_codes=set(), now=NOW)  # fmt: skip
    text = bundle_json(document)

    for code in codes:
        assert code not in text
    assert "tagone" not in text and "tagtwo" not in text
    for marker in private:
        assert marker not in text
    for marker in shareable:
        assert (marker in text) == include_notes
    # And the team side reads it back as a valid bundle.
    assert len(parse_bundle(json.loads(text), "drawn.json").reflections) == len(reflections)


# The team database --------------------------------------------------------------------------------------------


def write_demo_bundles(folder: Path, practitioners: int = 3) -> list[Path]:
    """The demo team's bundles as files: sam.json, alex.json, jo.json."""
    from reflect.demo import TEAM, demo_team_bundles

    paths = []
    for document, (name, *_) in zip(demo_team_bundles(QUESTIONS, FIXED_NOW, practitioners=practitioners), TEAM):
        path = folder / f"{name.lower()}.json"
        path.write_text(bundle_json(document), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def bundles(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "bundles"
    folder.mkdir()
    return write_demo_bundles(folder)


def test_team_import_collects_bundles_and_says_what_it_did(bundles: list[Path], tmp_path: Path, subprocess_env) -> None:
    result = reflect_main("team", "--db", str(tmp_path / "team.db"), "import", *map(str, bundles), env=subprocess_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Sam: added their bundle of 23 Nov 2026 (10 reflections).",
        "Alex: added their bundle of 23 Nov 2026 (13 reflections).",
        "Jo: added their bundle of 23 Nov 2026 (14 reflections).",
    ]
    team = open_store(tmp_path / "team.db", team=True)
    assert [(p.display_name, p.reflections) for p in team.practitioners()] == [("Alex", 13), ("Jo", 14), ("Sam", 10)]
    team.close()


def test_importing_the_same_bundle_again_changes_nothing(bundles: list[Path], tmp_path: Path, subprocess_env) -> None:
    reflect_main("team", "--db", str(tmp_path / "team.db"), "import", str(bundles[0]), env=subprocess_env)

    again = reflect_main("team", "--db", str(tmp_path / "team.db"), "import", str(bundles[0]), env=subprocess_env)

    assert again.stdout.strip() == f"Sam: {bundles[0]} is already in the team database; nothing changed."


def test_a_newer_bundle_of_the_same_period_replaces_the_older(bundles: list[Path], tmp_path: Path, subprocess_env) -> None:
    older = json.loads(bundles[0].read_text(encoding="utf-8"))
    newer = dict(older, bundle_id=str(uuid.uuid4()), created_at=(FIXED_NOW + timedelta(days=30)).isoformat(),
                 reflections=older["reflections"][:4])  # fmt: skip
    newer["counts"] = {**older["counts"], "reflections": 4, "flagged_reflections": sum(r["flagged"] for r in newer["reflections"]),
                       "flagged_notes": sum(len(r["flagged_notes"]) for r in newer["reflections"]),
                       "notes_included": sum(len(r.get("notes", {})) for r in newer["reflections"]),
                       "texts_included": sum("texts" in r for r in newer["reflections"])}  # fmt: skip
    newer["checksum"] = checksum(newer)
    (tmp_path / "newer.json").write_text(json.dumps(newer), encoding="utf-8")
    team = str(tmp_path / "team.db")

    replaced = reflect_main("team", "--db", team, "import", str(tmp_path / "newer.json"), str(bundles[0]), env=subprocess_env)
    older_again = reflect_main("team", "--db", team, "import", str(bundles[0]), env=subprocess_env)

    assert replaced.stdout.splitlines() == [
        "Sam: added their bundle of 23 Nov 2026 (10 reflections).",
        "Sam: their bundle of 23 Dec 2026 (4 reflections) replaces the one of 23 Nov 2026 for the same period, "
        "26 Oct 2026 to 23 Nov 2026.",
    ]
    assert "is older than the bundle already held for 26 Oct 2026 to 23 Nov 2026; left as it was." in older_again.stdout
    store = open_store(tmp_path / "team.db", team=True)
    assert [(p.display_name, p.reflections) for p in store.practitioners()] == [("Sam", 4)]
    store.close()


def test_team_figures_appear_only_from_three_practitioners(bundles: list[Path], tmp_path: Path, subprocess_env) -> None:
    team = str(tmp_path / "team.db")
    reflect_main("team", "--db", team, "import", *map(str, bundles[:2]), env=subprocess_env)
    two = reflect_main("team", "--db", team, "summary", env=subprocess_env).stdout
    reflect_main("team", "--db", team, "import", str(bundles[2]), env=subprocess_env)
    three = reflect_main("team", "--db", team, "summary", env=subprocess_env).stdout

    assert "Team" not in two.splitlines()[3] and "(2 so far), so that no one can be singled out" in two
    assert "The team's pattern" not in two and "CHIME" not in two
    assert three.splitlines()[3].split()[:3] == ["Practice", "Team", "Alex"]
    assert "The team's pattern (3 practitioners, 37 reflections):" in three


def test_team_figures_are_the_pooled_answers_of_everyone_and_each_column_has_its_n(tmp_path: Path) -> None:
    # Three practitioners, worked out by hand: Making sense Yes x5 / No x5 / Yes x2 Partly x4.
    plans = {"A": ["yes"] * 5, "B": ["no"] * 5, "C": ["yes"] * 2 + ["partly"] * 4}
    store = open_store(tmp_path / "team.db", team=True)
    for number, (name, answers) in enumerate(plans.items(), start=1):
        made = [reflection(day, ident=number * 100 + day, answers={"make-sense": Answer(Response(a))}) for day, a in enumerate(answers)]
        document = make_bundle(made, QUESTIONS, practitioner_id=f"00000000-0000-4000-8000-00000000000{number}", name=name,
                               start=None, end=NOW, include_notes=False, person_codes=set(), now=NOW)  # fmt: skip
        read = parse_bundle(document, name)
        store.import_bundles([TeamBundle(read.practitioner, read.reflections)])
    view = team_view(store, QUESTIONS)
    store.close()
    text = team_view_as_text(view)
    making_sense = next(line for line in text.splitlines() if line.startswith("Making sense")).split()

    # Team: Yes 7, Partly 4, No 5 -> n = 16, (7 + 2) / 16 = 56%. A: 100% (5); B: 0% (5); C: (2 + 2) / 6 = 67%.
    assert making_sense[2:] == ["56%", "n=16", "100%", "n=5", "0%", "n=5", "67%", "n=6"]
    hope = next(line for line in text.splitlines() if line.startswith("Hope")).split()
    assert hope[1:] == ["–", "n=0"] * 4


# Bad bundles: refused with a clear message, nothing written ---------------------------------------------------


def edited(path: Path, change) -> str:  # type: ignore[no-untyped-def]
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    return json.dumps(document)


def resealed(change):  # type: ignore[no-untyped-def]
    """An edit whose counts and checksum are made to agree again: only the privacy checks can catch it."""

    def apply(document: dict) -> None:
        change(document)
        records = document["reflections"]
        document["counts"]["notes_included"] = sum(len(r.get("notes") or {}) for r in records)
        document["counts"]["texts_included"] = sum(1 for r in records if r.get("texts") is not None)
        document["checksum"] = checksum(document)

    return apply


def first_unflagged(document: dict) -> dict:
    return next(r for r in document["reflections"] if not r["flagged"])


BAD_BUNDLES = {
    "not JSON": (lambda sam: "Notes from supervision", ["not a supervision bundle"]),
    "a reflect export": (lambda sam: json.dumps({"format": "reflect-export", "format_version": 1}), ["reflect export", "not a supervision bundle"]),
    "a newer format version": (lambda sam: edited(sam, lambda d: d.update(format_version=2)), ["newer version of reflect", "format version 2"]),
    "cut short": (lambda sam: sam.read_text(encoding="utf-8")[:2000], ["cut short", "Ask for it again"]),
    "a reflection taken out": (lambda sam: edited(sam, lambda d: d["reflections"].pop()), ["says it holds 10 reflections but has 9", "changed or damaged"]),
    "a flag added": (lambda sam: edited(sam, lambda d: first_unflagged(d).update(flagged=True)), ["says it holds 1 flagged reflections but has 2"]),
    "an answer changed": (lambda sam: edited(sam, lambda d: d["reflections"][0]["answers"].update({"hope": "no" if d["reflections"][0]["answers"]["hope"] != "no" else "yes"})), ["checksum"]),
    "a person code added": (lambda sam: edited(sam, resealed(lambda d: d["reflections"][0].update(person_code="JB-12"))), ["reflection 1 (person_code)", "not a field"]),
    "an unflagged note added": (lambda sam: edited(sam, resealed(lambda d: first_unflagged(d).update(notes={"make-sense": "private words"}))), ["was not flagged", "never holds an unflagged note"]),
    "words of an unflagged reflection": (lambda sam: edited(sam, resealed(lambda d: first_unflagged(d).update(texts={"what_happened": "x", "so_what": "", "now_what": "", "commitment": ""}))), ["only a flagged reflection's words"]),
    "a day outside the period": (lambda sam: edited(sam, resealed(lambda d: d["reflections"][0].update(day="2019-01-01"))), ["reflection 1 (day)", "outside the bundle's period"]),
    "no practitioner name": (lambda sam: edited(sam, resealed(lambda d: d["practitioner"].update(display_name=""))), ["practitioner.display_name", "1 to 60"]),
}


@pytest.mark.parametrize(("make", "fragments"), BAD_BUNDLES.values(), ids=BAD_BUNDLES.keys())
def test_a_bad_bundle_is_refused_with_a_clear_message_and_nothing_is_written(
    make, fragments: list[str], bundles: list[Path], tmp_path: Path, subprocess_env
) -> None:
    team = tmp_path / "team.db"
    reflect_main("team", "--db", str(team), "import", str(bundles[1]), env=subprocess_env)
    before = team.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text(make(bundles[0]), encoding="utf-8")

    # A good bundle beside the bad one is not imported either.
    result = reflect_main("team", "--db", str(team), "import", str(bundles[2]), str(bad), env=subprocess_env)

    assert_clean_failure(result, 1, *fragments)
    assert team.read_bytes() == before


def test_a_database_given_as_a_bundle_is_refused_and_says_how_bundles_are_made(personal: Path, tmp_path: Path, subprocess_env) -> None:
    result = reflect_main("team", "--db", str(tmp_path / "team.db"), "import", str(personal), env=subprocess_env)

    assert_clean_failure(result, 1, "is a database, not a supervision bundle", f"reflect --db {personal} share")
    assert not (tmp_path / "team.db").exists()


def test_a_bad_bundle_does_not_create_a_team_database(tmp_path: Path, subprocess_env) -> None:
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")

    result = reflect_main("team", "--db", str(tmp_path / "team.db"), "import", str(tmp_path / "bad.json"), env=subprocess_env)

    assert_clean_failure(result, 1, "not a supervision bundle")
    assert not (tmp_path / "team.db").exists()


def test_the_team_commands_refuse_a_practitioners_own_database(personal: Path, bundles: list[Path], subprocess_env) -> None:
    before = personal.read_bytes()

    for args in (["import", str(bundles[0])], ["summary"], []):
        result = reflect_main("team", "--db", str(personal), *args, env=subprocess_env)
        assert_clean_failure(result, 1, "own reflections, not a team's")
    assert personal.read_bytes() == before


def test_team_needs_a_database_named_with_db(subprocess_env) -> None:
    assert_clean_failure(reflect_main("team", "summary", env=subprocess_env), 2, "--db")


def test_team_remove_takes_a_practitioner_out(bundles: list[Path], tmp_path: Path, subprocess_env) -> None:
    team = str(tmp_path / "team.db")
    reflect_main("team", "--db", team, "import", *map(str, bundles), env=subprocess_env)

    removed = reflect_main("team", "--db", team, "remove", "alex", env=subprocess_env)
    unknown = reflect_main("team", "--db", team, "remove", "Robin", env=subprocess_env)

    assert removed.stdout.strip() == "Removed Alex and their 13 reflections from the team database."
    assert_clean_failure(unknown, 2, "'Robin'")
    store = open_store(tmp_path / "team.db", team=True)
    assert [p.display_name for p in store.practitioners()] == ["Jo", "Sam"]
    store.close()


def test_a_bundles_reflections_cannot_belong_to_two_practitioners(bundles: list[Path], tmp_path: Path, subprocess_env) -> None:
    copy = edited(bundles[0], resealed(lambda d: d.update(practitioner={"id": str(uuid.uuid4()), "display_name": "Impostor"}, bundle_id=str(uuid.uuid4()))))
    (tmp_path / "copy.json").write_text(copy, encoding="utf-8")
    team = tmp_path / "team.db"
    reflect_main("team", "--db", str(team), "import", str(bundles[0]), env=subprocess_env)
    before = team.read_bytes()

    result = reflect_main("team", "--db", str(team), "import", str(tmp_path / "copy.json"), env=subprocess_env)

    assert_clean_failure(result, 1, "already in the team database", "Sam's bundle")
    assert team.read_bytes() == before


def test_words_in_a_bundle_reach_the_team_view_and_nothing_else_does(bundles: list[Path], tmp_path: Path, subprocess_env) -> None:
    team = str(tmp_path / "team.db")
    reflect_main("team", "--db", team, "import", *map(str, bundles), env=subprocess_env)
    summary = reflect_main("team", "--db", team, "summary", env=subprocess_env).stdout
    sam = summary.split("\nSam:")[1]
    alex = summary.split("\nAlex:")[1].split("\nJo:")[0]

    assert "I noticed I wanted to fix things rather than listen." in sam
    # Alex shared no words: their flagged items are listed (day, kind, answers) with none of the words.
    from reflect.demo import NOTES

    assert "Their words were not included in this bundle" in alex and "⚑ 2" in alex
    assert "I noticed I wanted to fix things" not in alex and not any(note in alex for note in NOTES)
    assert not re.search(r"P-\d\d", summary)
