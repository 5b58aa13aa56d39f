"""`reflect export` writes a reflection at a time: the same bytes as the export made whole, in flat memory."""

from __future__ import annotations

import csv
import io
import tracemalloc
from pathlib import Path

from reflect.exchange.export import _cell, export_document, export_json
from reflect.model import KIND_LABELS, Reflection, Selection
from reflect.questions import QuestionSet
from reflect.service import flagged_note_keys
from reflect.services.exchange import export_reflections
from reflect.store import open_store
from tests.cli.test_export_import import QUESTIONS, database_with, exported, varied_reflections
from tests.helpers.running import reflect_main


def csv_as_it_was_made_whole(reflections: list[Reflection], question_set: QuestionSet) -> str:
    """The CSV export as it was written before it streamed (one buffer for every row): the reference."""
    headings = [
        "Reflection id", "When", "Kind", "Person code", "Minutes", "Tags", "Draft", "Flagged for supervision",
        *(question.label for question in question_set.questions),
        "Notes", "Flagged notes", "What happened?", "So what?", "Now what?", "Commitment for next time",
        "Commitment is about", "Written", "Last edited", "Question set",
    ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    label = {question.key: question.label for question in question_set.questions}
    for reflection in reflections:
        flagged = set(flagged_note_keys(reflection))
        notes = [
            f"{label.get(key, key)}: {answer.note.strip()}"
            for key in question_set.keys + sorted(set(reflection.answers) - set(question_set.keys))
            if (answer := reflection.answers.get(key)) is not None and answer.note.strip()
        ]
        writer.writerow([
            reflection.uuid, f"{reflection.occurred_at:%Y-%m-%d %H:%M}", KIND_LABELS.get(reflection.kind or "", reflection.kind or ""),
            _cell(reflection.person_code or ""), "" if reflection.duration_minutes is None else str(reflection.duration_minutes),
            _cell(", ".join(reflection.tags)), "Yes" if reflection.is_draft else "No", "Yes" if reflection.flagged else "No",
            *(response.word if (response := reflection.response_for(key)) else "" for key in question_set.keys),
            _cell("\n".join(notes)), ", ".join(label.get(key, key) for key in question_set.keys if key in flagged),
            _cell(reflection.what_happened), _cell(reflection.so_what), _cell(reflection.now_what), _cell(reflection.commitment),
            ", ".join(label.get(key, key) for key in reflection.commitment_questions),
            f"{reflection.created_at.astimezone():%Y-%m-%d %H:%M}", f"{reflection.updated_at.astimezone():%Y-%m-%d %H:%M}",
            f"{reflection.question_set_id} v{reflection.question_set_version}",
        ])  # fmt: skip
    return "\ufeff" + buffer.getvalue()


def test_the_streamed_json_is_byte_for_byte_the_export_made_whole(tmp_path: Path, subprocess_env) -> None:  # type: ignore[no-untyped-def]
    database_with(tmp_path / "r.db", varied_reflections())
    store = open_store(tmp_path / "r.db")
    try:
        whole = export_json(export_document(store.reflections(drafts=True), QUESTIONS))
    finally:
        store.close()
    assert exported(tmp_path / "r.db", subprocess_env) == whole
    assert exported(tmp_path / "none.db", subprocess_env) == export_json(export_document([], QUESTIONS))


def test_the_streamed_csv_is_byte_for_byte_the_csv_made_whole(tmp_path: Path, subprocess_env) -> None:  # type: ignore[no-untyped-def]
    reflections = varied_reflections()
    reflections[0].commitment = '=HYPERLINK("x")'
    database_with(tmp_path / "r.db", reflections)
    store = open_store(tmp_path / "r.db")
    try:
        whole = csv_as_it_was_made_whole(store.reflections(drafts=True), QUESTIONS)
    finally:
        store.close()
    result = reflect_main("export", "--db", str(tmp_path / "r.db"), "--format", "csv", "--output", str(tmp_path / "r.csv"), env=subprocess_env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r.csv").read_bytes() == whole.encode("utf-8")
    assert "Exported 12 reflections" in result.stderr


def peak_export_memory(db: Path, fmt: str) -> int:
    store = open_store(db)
    try:
        export = export_reflections(store, QUESTIONS, period=Selection(), fmt=fmt)
        tracemalloc.start()
        for _piece in export.pieces():
            pass
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        store.close()
    return peak


def many(count: int) -> list[Reflection]:
    base = varied_reflections()
    made = []
    for number in range(count):
        reflection = base[number % len(base)]
        made.append(reflection.__class__(**{**reflection.__dict__, "uuid": f"{number:08x}-0000-4000-8000-000000000000"}))
    return made


def test_the_memory_an_export_takes_does_not_grow_with_the_reflections(tmp_path: Path) -> None:
    database_with(tmp_path / "small.db", many(600))
    database_with(tmp_path / "large.db", many(2400))
    for fmt in ("json", "csv"):
        small, large = peak_export_memory(tmp_path / "small.db", fmt), peak_export_memory(tmp_path / "large.db", fmt)
        # A page of reflections at most, however many there are (made whole, 2,400 took four times 600's).
        assert large < small * 1.3, (fmt, small, large)
