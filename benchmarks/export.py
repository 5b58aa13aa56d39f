"""`reflect export --format json` against a hand-written stream of the same fields from sqlite3.

Target (issue 12): memory flat (< 100 MB at 1,000,000 reflections) and time within 1.5x of the
reference.

    python benchmarks/export.py [--sizes 20000,200000,1000000] [--runs 3] [--db FILE ...]

Both sides run as processes of their own, timed whole, their peak memory the child's maximum
resident set (os.wait4): `reflect --db DB export --format json --output OUT`, as installed, and
this file run with `--reference DB OUT`, the export a person would write with the standard library
alone: the reflections, their answers, tags and commitment links read in four queries in one order
and merged as they stream, each reflection's record dumped as it comes. On the first size the two
files are read back and compared record by record (the same records, by value); on every size their
reflection counts must agree (the records are compared in a process of their own, so that the files
read whole never count in the next child's peak memory). Databases come from the generator, cached
(benchmarks/databases.py), or are named with --db. Prints its verdicts at the end; always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TIME_TARGET = 1.5
MEMORY_TARGET_MB = 100
ORDER = "ORDER BY r.occurred_at, r.created_at, r.id"


# The reference: a hand-written sqlite3-to-JSON stream -----------------------------------------------


def _moment(text: str, offset_minutes: int = 0) -> str:
    """A stored UTC time, as the ISO 8601 text of that instant on the clock it was written on."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(timezone(timedelta(minutes=offset_minutes))).isoformat()


def _grouped(connection: sqlite3.Connection, sql: str) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """(reflection id, its rows) in the reflections' order, from a query ordered the same way."""
    current: str | None = None
    rows: list[tuple[Any, ...]] = []
    for row in connection.execute(sql):
        if row[0] != current:
            if current is not None:
                yield current, rows
            current, rows = row[0], []
        rows.append(row[1:])
    if current is not None:
        yield current, rows


def reference_export(db: Path, out: Path) -> int:
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    slots = connection.execute("SELECT value FROM store_setting WHERE key = 'response_slots'").fetchone()[0].split(",")
    position = {key: index for index, key in enumerate(slots)}
    children = {
        name: _grouped(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True), sql)
        for name, sql in {
            "answers": "SELECT a.reflection_id, a.question_key, a.response, a.note, a.flagged"
            f" FROM answer a JOIN reflection r ON r.id = a.reflection_id {ORDER}",
            "tags": f"SELECT t.reflection_id, t.tag FROM reflection_tag t JOIN reflection r ON r.id = t.reflection_id {ORDER}, t.tag",
            "links": f"SELECT c.reflection_id, c.question_key FROM commitment_question c JOIN reflection r ON r.id = c.reflection_id {ORDER}",
        }.items()
    }
    pending: dict[str, tuple[str, list[tuple[Any, ...]]] | None] = {name: next(rows, None) for name, rows in children.items()}

    def rows_of(name: str, reflection_id: str) -> list[tuple[Any, ...]]:
        found = pending[name]
        if found is None or found[0] != reflection_id:
            return []
        pending[name] = next(children[name], None)
        return found[1]

    count = 0
    with out.open("w", encoding="utf-8") as handle:
        header = {"format": "reflect-export", "format_version": 1, "generator": "reference", "practitioner_id": None,
                  "period": {"from": None, "to": None}}  # fmt: skip
        handle.write(json.dumps(header, ensure_ascii=False, indent=2).removesuffix("\n}") + ',\n  "reflections": [')
        for row in connection.execute(
            "SELECT r.id, r.occurred_at, r.occurred_offset_minutes, r.created_at, r.updated_at, r.kind, r.person_code, r.duration_minutes, r.question_set_id,"
            " r.question_set_version, r.flagged, r.what_happened, r.so_what, r.now_what, r.commitment, r.is_draft"
            f" FROM reflection r {ORDER}"
        ):
            (uuid, occurred, offset, created, updated, kind, person, minutes, set_id, set_version, flagged,
             what_happened, so_what, now_what, commitment, is_draft) = row  # fmt: skip
            answers = {key: (response, note, bool(flag)) for key, response, note, flag in rows_of("answers", uuid)}
            keys = slots + sorted(set(answers) - set(slots))
            record = {
                "uuid": uuid, "occurred_at": _moment(occurred, offset), "created_at": _moment(created), "updated_at": _moment(updated),
                "kind": kind, "person_code": person, "duration_minutes": minutes,
                "tags": [tag for (tag,) in rows_of("tags", uuid)],
                "question_set": {"id": set_id, "version": set_version},
                "answers": {key: answers[key][0] if key in answers else None for key in keys},
                "notes": {key: answer[1] for key, answer in answers.items() if answer[1]},
                "flagged": bool(flagged),
                "flagged_notes": [key for key in keys if key in answers and answers[key][2] and answers[key][1]],
                "commitment_questions": sorted((key for (key,) in rows_of("links", uuid)), key=lambda k: position.get(k, len(position))),
                "texts": {"what_happened": what_happened, "so_what": so_what, "now_what": now_what, "commitment": commitment},
                "is_draft": bool(is_draft),
            }  # fmt: skip
            handle.write(("\n    " if count == 0 else ",\n    ") + json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    "))
            count += 1
        handle.write("]\n}\n" if count == 0 else "\n  ]\n}\n")
    return count


# Measuring -------------------------------------------------------------------------------------


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak memory in MB of `command`, run to its end."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def reflect_command() -> list[str]:
    installed = Path(sys.executable).with_name("reflect")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "reflect"]


def records(path: Path) -> dict[str, Any]:
    return {record["uuid"]: record for record in json.loads(path.read_text(encoding="utf-8"))["reflections"]}


def count_in(path: Path) -> int:
    """The reflections in an export, counted from its lines without loading it (each record's uuid line)."""
    with path.open(encoding="utf-8") as handle:
        return sum(1 for line in handle if line.startswith('      "uuid": '))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20000,200000,1000000")
    parser.add_argument("--db", action="append", type=Path, help="a database to use instead of the generated ones")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference", nargs=2, metavar=("DB", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--compare", nargs=2, metavar=("OURS", "THEIRS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference:
        reference_export(Path(args.reference[0]), Path(args.reference[1]))
        return
    if args.compare:
        sys.exit(0 if records(Path(args.compare[0])) == records(Path(args.compare[1])) else 1)
    if args.db:
        databases = [(db, f"{db.name}") for db in args.db]
    else:
        sys.path.insert(0, str(HERE))
        from databases import cached_database  # benchmarks/databases.py

        databases = [(cached_database(int(size), 1)[0], f"{int(size):,} reflections") for size in args.sizes.split(",")]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "", "XDG_DATA_HOME": tempfile.mkdtemp(), "XDG_CONFIG_HOME": tempfile.mkdtemp()}
    verdicts: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for index, (db, label) in enumerate(databases):
            ours, theirs = Path(folder, "reflect.json"), Path(folder, "reference.json")
            timed: dict[str, list[tuple[float, float]]] = {"reflect": [], "reference": []}
            for _ in range(args.runs):  # alternated, so that load falls on both alike
                ours.unlink(missing_ok=True)
                timed["reflect"].append(run_child([*reflect_command(), "--db", str(db), "export", "--format", "json", "--output", str(ours)], env))
                timed["reference"].append(run_child([sys.executable, __file__, "--reference", str(db), str(theirs)], env))
            counted = (count_in(ours), count_in(theirs))
            agree = counted[0] == counted[1]
            if index == 0:
                # In a process of its own: the files read whole here would raise this process's
                # resident memory, and a child started later starts its peak from it (fork).
                compared = subprocess.run([sys.executable, __file__, "--compare", str(ours), str(theirs)], env=env)
                agree = agree and compared.returncode == 0
            ours_s = statistics.median(t for t, _ in timed["reflect"])
            theirs_s = statistics.median(t for t, _ in timed["reference"])
            memory = max(m for _, m in timed["reflect"])
            print(f"{label}: reflect {ours_s:.2f} s (worst {max(t for t, _ in timed['reflect']):.2f}), peak {memory:.0f} MB; "
                  f"reference {theirs_s:.2f} s (worst {max(t for t, _ in timed['reference']):.2f}), peak "
                  f"{max(m for _, m in timed['reference']):.0f} MB; {counted[0]:,} reflections"
                  + (", every record equal" if index == 0 else ", counts equal") + ("" if agree else ": OUTPUTS DIFFER"))  # fmt: skip
            ratio = ours_s / theirs_s
            verdicts.append(f"{label}: time {ratio:.2f}x the reference (target <= {TIME_TARGET}x) "
                            f"{'PASS' if ratio <= TIME_TARGET and agree else 'MISS'}")  # fmt: skip
            verdicts.append(f"{label}: peak memory {memory:.0f} MB (target < {MEMORY_TARGET_MB} MB) "
                            f"{'PASS' if memory < MEMORY_TARGET_MB else 'MISS'}")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f}")
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
