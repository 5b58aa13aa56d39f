"""`reflect import` reads an export a reflection at a time: flat memory, still all or nothing, problems named as before."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from reflect.exchange.export import export_document, export_json
from reflect.exchange.importing import ExportedReflections, read_export
from reflect.services.exchange import import_export
from reflect.store import open_store
from tests.cli.test_export_import import QUESTIONS, varied_reflections
from tests.cli.test_export_streaming import many
from tests.helpers.running import reflect_main


def export_file(path: Path, count: int) -> Path:
    path.write_text(export_json(export_document(many(count), QUESTIONS)), encoding="utf-8")
    return path


def peak_import_memory(tmp_path: Path, count: int) -> int:
    source = export_file(tmp_path / f"{count}.json", count)
    store = open_store(tmp_path / f"{count}.db")
    try:
        tracemalloc.start()
        exported = read_export(str(source))
        counts = import_export(store, exported)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        store.close()
    assert isinstance(exported.reflections, ExportedReflections)  # read a reflection at a time
    assert counts.added == count
    return peak


def test_the_memory_an_import_takes_does_not_grow_with_the_reflections(tmp_path: Path) -> None:
    small, large = peak_import_memory(tmp_path, 1000), peak_import_memory(tmp_path, 4000)
    # A batch of reflections at most, however many there are (read whole, 4,000 took four times 1,000's).
    assert large < small * 1.3, (small, large)


def test_a_problem_in_the_last_reflection_is_named_as_before_and_nothing_is_imported(tmp_path: Path, subprocess_env) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(export_json(export_document(many(900), QUESTIONS)))
    document["reflections"][-1]["answers"]["hope"] = "maybe"
    (tmp_path / "bad.json").write_text(json.dumps(document), encoding="utf-8")
    result = reflect_main("import", "--db", str(tmp_path / "r.db"), str(tmp_path / "bad.json"), env=subprocess_env)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "reflection 900 (answers.hope)" in result.stderr and "Nothing was imported" in result.stderr
    assert not (tmp_path / "r.db").exists() or open_store(tmp_path / "r.db").reflection_count(drafts=True) == 0


def test_an_export_on_standard_input_is_imported_whole_and_again_adds_nothing(tmp_path: Path, subprocess_env) -> None:  # type: ignore[no-untyped-def]
    text = export_json(export_document(varied_reflections(), QUESTIONS))
    first = reflect_main("import", "--db", str(tmp_path / "r.db"), "-", env=subprocess_env, stdin=text)
    again = reflect_main("import", "--db", str(tmp_path / "r.db"), "-", env=subprocess_env, stdin=text)
    assert first.returncode == 0 and "12 reflections added" in first.stdout, first.stderr
    assert again.returncode == 0 and "already here" in again.stdout


def test_a_file_with_a_byte_order_mark_is_read_a_reflection_at_a_time_too(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + export_json(export_document(varied_reflections(), QUESTIONS)).encode("utf-8"))
    exported = read_export(str(path))
    assert isinstance(exported.reflections, ExportedReflections) and len(exported.reflections) == 12
    assert [r.uuid for r in exported.reflections] == [r.uuid for r in varied_reflections()]


def test_a_file_of_nothing_but_brackets_is_refused_without_churning_through_memory(tmp_path: Path, db_path: Path) -> None:
    import resource

    from tests.helpers.hostile import deeply_nested

    source = tmp_path / "deep.json"
    source.write_text(deeply_nested(100_000), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt

    result = reflect_main("import", str(source), "--db", str(db_path))

    # Pages the system had to hand over: a few thousand. Reading it with ijson.parse built each
    # bracket's path ("item.item...", as long as the depth) and took 2.6 million, and 20 seconds.
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    assert result.returncode == 1 and "nested far too deeply" in result.stderr
    assert faults < 100_000, faults
