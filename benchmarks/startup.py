"""Start-up cost of the command line.

Target: `reflect --help` and `reflect --version` take at most 4x the wall time of
`python -c pass`, and import neither textual nor sqlalchemy.

    python benchmarks/startup.py [--rounds 15]

Runs each command as a fresh process, interleaved round by round with `python -c pass`,
and compares medians. Prints PASS/MISS; always exits 0.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from isolation import isolated_env  # noqa: E402  (benchmarks/isolation.py)

TARGET_RATIO = 4.0
FORBIDDEN = ("textual", "sqlalchemy", "sqlmodel", "alembic")
REQUIRED_ABSENT = ("textual", "sqlalchemy")


def console_script() -> Path | None:
    beside = Path(sys.executable).parent / ("reflect.exe" if os.name == "nt" else "reflect")
    return beside if beside.is_file() and os.access(beside, os.X_OK) else None


def run(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {completed.returncode}: {completed.stderr.decode(errors='replace')[-400:]}")
    return elapsed


def imported_modules(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[set[str], list[tuple[int, str]]]:
    """Every module the process imported (from -X importtime), and the slowest by cumulative time."""
    env = dict(env, PYTHONPROFILEIMPORTTIME="1")
    completed = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    modules: set[str] = set()
    timings: list[tuple[int, str]] = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        try:
            _self_us, cumulative, name = _split(line)
        except ValueError:
            continue
        modules.add(name)
        timings.append((int(cumulative), name))
    return modules, sorted(timings, reverse=True)


def _split(line: str) -> tuple[str, str, str]:
    # "import time:       123 |        456 |   package.module" (indentation shows nesting)
    head, cumulative, name = line.split("|", 2)
    return head.rsplit(":", 1)[1].strip(), cumulative.strip(), name.strip()


def modules_in_process(args: list[str], env: dict[str, str], cwd: Path) -> set[str]:
    """Cross-check in one process: run reflect.cli.main(args), then list sys.modules."""
    code = (
        "import sys, io, contextlib\n"
        "from reflect.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({args!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True)
    return set(completed.stdout.split())


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reflect-bench-startup-") as folder_name:
        folder = Path(folder_name)
        env = isolated_env(folder)
        baseline = [sys.executable, "-c", "pass"]
        commands: dict[str, list[str]] = {
            "python -m reflect --help": [sys.executable, "-m", "reflect", "--help"],
            "python -m reflect --version": [sys.executable, "-m", "reflect", "--version"],
        }
        script = console_script()
        if script is not None:
            commands["reflect --help"] = [str(script), "--help"]
            commands["reflect --version"] = [str(script), "--version"]

        print(f"python: {sys.executable} ({sys.version.split()[0]})")
        print(f"console script: {script or 'not found beside python; skipped'}")
        print(f"rounds: {options.rounds} (plus one warm-up), order shuffled within each round")

        # Warm-up: fill the OS page cache.
        run(baseline, env, folder)
        for argv in commands.values():
            run(argv, env, folder)

        times: dict[str, list[float]] = {"python -c pass": []} | {label: [] for label in commands}
        everything = {"python -c pass": baseline} | commands
        shuffler = random.Random(0)
        for _ in range(options.rounds):
            order = list(everything.items())
            shuffler.shuffle(order)
            for label, argv in order:
                times[label].append(run(argv, env, folder))

        base = statistics.median(times["python -c pass"])
        print()
        print(f"{'command':<30} {'median':>9} {'min':>9} {'max':>9}  ratio   (target <= {TARGET_RATIO:g}x python -c pass)")
        print(f"{'python -c pass':<30} {base * 1000:8.1f}ms {min(times['python -c pass']) * 1000:8.1f}ms {max(times['python -c pass']) * 1000:8.1f}ms  1.00x")
        verdicts: list[bool] = []
        for label in commands:
            median = statistics.median(times[label])
            ratio = median / base
            ok = ratio <= TARGET_RATIO
            verdicts.append(ok)
            print(
                f"{label:<30} {median * 1000:8.1f}ms {min(times[label]) * 1000:8.1f}ms {max(times[label]) * 1000:8.1f}ms"
                f"  {ratio:4.2f}x  {'PASS' if ok else 'MISS'}"
            )

        print()
        print("Imports (from -X importtime of each command, cross-checked with sys.modules after reflect.cli.main):")
        import_ok = True
        baseline_modules, _ = imported_modules(baseline, env, folder)
        for label, argv in commands.items():
            modules, slowest = imported_modules(argv, env, folder)
            cli_args = argv[-1:]
            in_process = modules_in_process(cli_args, env, folder) if label.startswith("python -m") else set()
            tops = top_level(modules) | top_level(in_process)
            bad = sorted(name for name in FORBIDDEN if name in tops)
            forbidden_hit = any(name in tops for name in REQUIRED_ABSENT)
            import_ok &= not forbidden_hit
            extra = sorted(top_level(modules) - top_level(baseline_modules))
            print(f"  {label}: {len(modules)} modules ({len(modules - baseline_modules)} more than python -c pass)")
            print(f"    textual imported: {'yes' if 'textual' in tops else 'no'}; sqlalchemy imported: {'yes' if 'sqlalchemy' in tops else 'no'}"
                  f"{'; also ' + ', '.join(b for b in bad if b not in REQUIRED_ABSENT) if any(b not in REQUIRED_ABSENT for b in bad) else ''}"
                  f"  {'MISS' if forbidden_hit else 'PASS'}")
            print(f"    top-level packages beyond python -c pass: {', '.join(extra) or '(none)'}")
            reflect_modules = sorted(name.strip() for name in modules if name.strip().startswith("reflect"))
            print(f"    reflect modules: {', '.join(reflect_modules)}")
            baseline_tops = top_level(baseline_modules)
            heaviest = [
                (us, name.strip()) for us, name in slowest
                if name.strip().split(".")[0] not in baseline_tops or name.strip().startswith("reflect")
            ][:5]  # fmt: skip
            print("    heaviest imports (cumulative): " + ", ".join(f"{name} {us / 1000:.1f}ms" for us, name in heaviest))

        print()
        overall = all(verdicts) and import_ok
        print(f"startup: {'PASS' if overall else 'MISS'} (time {'PASS' if all(verdicts) else 'MISS'}, imports {'PASS' if import_ok else 'MISS'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
