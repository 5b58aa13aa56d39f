"""What a supervisor sees in `reflect team`: every flagged reflection with its day, kind and answers
(words or not), and practitioners who share a name told apart by a short id."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.store import open_store
from tests.helpers.cli import assert_clean_failure
from tests.helpers.running import reflect_main


class Practitioner:
    """A practitioner's own database, written through `reflect add`, shared through `reflect share`."""

    def __init__(self, folder: Path, name: str, env: dict[str, str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.db, self.name, self.env, self.folder = folder / "mine.db", name, env, folder

    def add(self, *args: str) -> None:
        result = reflect_main("add", "--db", str(self.db), *args, env=self.env)
        assert result.returncode == 0, result.stderr

    def share(self, *args: str, called: str = "bundle.json") -> Path:
        output = self.folder / called
        result = reflect_main("share", "--db", str(self.db), "--as", self.name, "--output", str(output), "--yes", *args, env=self.env)
        assert result.returncode == 0, result.stderr
        return output


def team(db: Path, *args: str, env: dict[str, str]):  # type: ignore[no-untyped-def]
    return reflect_main("team", "--db", str(db), *args, env=env)


@pytest.fixture
def sam(tmp_path: Path, subprocess_env: dict[str, str]) -> Practitioner:
    return Practitioner(tmp_path / "sam", "Sam Okafor", subprocess_env)


@pytest.mark.parametrize("include_notes", [True, False], ids=["with-notes", "without-notes"])
def test_a_flagged_reflection_without_words_is_listed_with_its_day_kind_and_answers(
    sam: Practitioner, tmp_path: Path, subprocess_env: dict[str, str], include_notes: bool
) -> None:
    sam.add("--answers", "n,n,n,n,n,n,n,n,n,y", "--flag", "--kind", "crisis", "--when", "2026-11-20 10:00")
    bundle = sam.share(*(["--include-notes"] if include_notes else []))
    team(tmp_path / "team.db", "import", str(bundle), env=subprocess_env)

    summary = team(tmp_path / "team.db", "summary", env=subprocess_env).stdout
    sams = summary.split("\nSam Okafor:")[1]

    assert "⚑ Flagged for supervision: 1 reflection." in sams
    assert "⚑ 20 Nov 2026 · Crisis · reflection" in sams
    answers = " ".join(line.strip() for line in sams.splitlines()[3:])
    assert answers.startswith("Answers: Making sense ○ No; Personal goals ○ No;") and "Hope ● Yes." in answers


def test_a_flagged_note_whose_words_were_not_shared_is_still_listed_with_its_answer(
    sam: Practitioner, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    sam.add("--answers", "y,y,p,n,y,y,y,y,y,y", "--note", "3=Too much of my own story", "--flag-note", "3",
            "--kind", "phone", "--when", "2026-11-18 10:00")  # fmt: skip
    team(tmp_path / "team.db", "import", str(sam.share()), env=subprocess_env)

    summary = team(tmp_path / "team.db", "summary", env=subprocess_env).stdout

    assert "⚑ 18 Nov 2026 · Phone · note on Strengths\n    Answered ◐ Partly." in summary
    assert "Too much of my own story" not in summary


def two_sams(tmp_path: Path, env: dict[str, str]) -> tuple[Path, str]:
    """Two practitioners both called Sam Okafor, each with one reflection, imported one after the other."""
    first, second = Practitioner(tmp_path / "one", "Sam Okafor", env), Practitioner(tmp_path / "two", "Sam Okafor", env)
    first.add("--answers", "y,y,y,y,y,y,y,y,y,y")
    second.add("--answers", "n,n,n,n,n,n,n,n,n,n")
    db = tmp_path / "team.db"
    team(db, "import", str(first.share()), env=env)
    imported = team(db, "import", str(second.share()), env=env)
    assert imported.returncode == 0, imported.stderr
    return db, imported.stdout


def test_a_second_practitioner_with_the_same_name_is_added_beside_the_first_never_in_its_place(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    db, said = two_sams(tmp_path, subprocess_env)

    assert "replaces" not in said and ": added their bundle of" in said
    assert "also called Sam Okafor (" in said
    store = open_store(db, team=True)
    assert [(p.display_name, p.reflections) for p in store.practitioners()] == [("Sam Okafor", 1), ("Sam Okafor", 1)]
    store.close()


def test_practitioners_with_the_same_name_show_a_short_id_that_team_remove_accepts(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db, _ = two_sams(tmp_path, subprocess_env)
    store = open_store(db, team=True)
    first, second = store.practitioners()
    store.close()
    summary = team(db, "summary", env=subprocess_env).stdout

    shown = [line.split(":")[0] for line in summary.splitlines() if line.startswith("Sam Okafor (")]
    assert shown == [f"Sam Okafor ({first.id[:6]})", f"Sam Okafor ({second.id[:6]})"]
    assert f"Sam Okafor ({first.id[:6]})" in summary.splitlines()[3]  # the column headings

    by_name = team(db, "remove", "Sam Okafor", env=subprocess_env)
    assert_clean_failure(by_name, 2, f"Sam Okafor ({first.id[:6]})", f"Sam Okafor ({second.id[:6]})")
    removed = team(db, "remove", first.id[:6], env=subprocess_env)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == f"Removed Sam Okafor ({first.id[:6]}) and their 1 reflection from the team database."
    store = open_store(db, team=True)
    assert [p.id for p in store.practitioners()] == [second.id]
    store.close()


def test_a_name_shared_by_no_one_else_has_no_id_beside_it(sam: Practitioner, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    sam.add("--answers", "y,y,y,y,y,y,y,y,y,y")
    team(tmp_path / "team.db", "import", str(sam.share()), env=subprocess_env)

    summary = team(tmp_path / "team.db", "summary", env=subprocess_env).stdout

    assert "\nSam Okafor: " in summary and "Sam Okafor (" not in summary


def test_team_remove_never_takes_part_of_a_name_for_the_whole(sam: Practitioner, tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    sam.add("--answers", "y,y,y,y,y,y,y,y,y,y")
    db = tmp_path / "team.db"
    team(db, "import", str(sam.share()), env=subprocess_env)

    said = team(db, "remove", "Sam", env=subprocess_env)

    assert_clean_failure(said, 2, "No practitioner called 'Sam'")
    store = open_store(db, team=True)
    assert [p.display_name for p in store.practitioners()] == ["Sam Okafor"]
    store.close()


def test_the_start_of_a_name_two_practitioners_share_lists_both_with_their_ids(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    db = tmp_path / "team.db"
    for name in ("Sam Okafor", "Samira Hussain"):
        practitioner = Practitioner(tmp_path / name.split()[0].lower(), name, subprocess_env)
        practitioner.add("--answers", "y,y,y,y,y,y,y,y,y,y")
        team(db, "import", str(practitioner.share()), env=subprocess_env)

    said = team(db, "supervision", "show", "Sam", env=subprocess_env)

    assert_clean_failure(said, 2, "More than one practitioner goes by 'Sam'", "Sam Okafor (", "Samira Hussain (", "supervision show")
    assert team(db, "supervision", "show", "Sami", env=subprocess_env).stdout.startswith("Supervision record: Samira Hussain")
