"""Recovery files hold a reflection in the one JSON shape reflect writes everywhere, and read back whole."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from reflect.exchange.export import export_document
from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.recovery import read_recovery, read_recovery_entry, write_recovery

QUESTIONS = default_question_set()


def a_reflection() -> Reflection:
    moment = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    return Reflection(
        uuid="0b6f1f6e-4a4e-4c5e-9d7e-2b1f3c4d5e6f", question_set_id=QUESTIONS.id, question_set_version=QUESTIONS.version,
        occurred_at=moment, created_at=moment, updated_at=moment, kind="home-visit", person_code="JB-12",
        duration_minutes=45, tags=["housing"], what_happened="We walked", commitment="Ask first",
        answers={QUESTIONS.keys[0]: Answer(Response.YES, "she chose", flagged=True), QUESTIONS.keys[1]: Answer(None, "only a note")},
        is_draft=True, flagged=True, commitment_questions=[QUESTIONS.keys[0]], revision=3,
    )  # fmt: skip


def test_a_recovery_file_holds_the_reflection_as_an_export_does_and_what_a_save_needs_besides(tmp_path: Path) -> None:
    reflection = a_reflection()
    path = write_recovery(tmp_path / "reflect.db", reflection)
    assert path is not None
    held = json.loads(path.read_text(encoding="utf-8"))
    (exported,) = export_document([reflection], QUESTIONS, practitioner_id=None, start=None, end=None)["reflections"]
    assert {key: value for key, value in held.items() if key not in ("revision", "edit")} == exported
    assert (held["revision"], held["edit"]) == (3, False)


def test_a_recovery_file_reads_back_exactly_with_its_revision_and_whether_it_is_an_edit(tmp_path: Path) -> None:
    reflection = a_reflection()
    path = write_recovery(tmp_path / "reflect.db", reflection, edit=True)
    assert path is not None
    entry = read_recovery_entry(path)
    assert entry is not None
    back, edit = entry
    assert back == reflection and back.revision == 3 and edit


def test_a_recovery_file_an_earlier_version_wrote_is_still_read(tmp_path: Path) -> None:
    reflection = a_reflection()
    data = asdict(reflection)
    del data["revision"]
    for name in ("occurred_at", "created_at", "updated_at"):
        data[name] = getattr(reflection, name).isoformat()
    data["answers"] = {
        key: {"response": answer.response.value if answer.response else None, "note": answer.note, "flagged": answer.flagged}
        for key, answer in reflection.answers.items()
    }
    path = tmp_path / f"reflect-{reflection.uuid}.recovered.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    back = read_recovery(path)
    assert back == reflection and back is not None and back.revision == 0


def test_a_recovery_file_that_is_not_a_reflection_is_left_for_the_practitioner(tmp_path: Path) -> None:
    path = tmp_path / "reflect-x.recovered.json"
    for text in ("", "[]", '{"question_set": 7}', '{"uuid": "x"}', "not json"):
        path.write_text(text, encoding="utf-8")
        assert read_recovery(path) is None
