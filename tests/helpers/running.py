"""Running `reflect`: in this process (the default, fast) or as a real process (when the process is the subject).

Both give back the same thing, a `subprocess.CompletedProcess` (returncode, stdout, stderr as text), so a test
reads the same whichever way it ran. Run in this process, `reflect` goes through `reflect.cli.main(argv)`, as
`python -m reflect` does, with:

- the environment it would have had as a process (`env`, else this one), and the time zone re-read from it;
- standard output and error as a real process's with PYTHONIOENCODING=utf-8 (UTF-8, strict for output and
  backslashreplace for errors, as the interpreter sets them; no terminal),
  decoded as `subprocess.run(text=True)` decodes them (universal newlines);
- standard input from `stdin`, never a terminal;
- the exit code from main's return value or its SystemExit (argparse's errors), and an exception that
  escapes main printed as a traceback with exit code 1, as the interpreter would.

A real process is needed for what only a process has: start-up imports, arguments as bytes, signals, real
terminals, broken pipes, kills and several writers at once. Those tests live in tests/system.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import time
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

PROCESS_TIMEOUT = 60


def run_reflect(*args: str, env: Mapping[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m reflect ARGS` as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "reflect", *args],
        env=dict(env), input=stdin, capture_output=True, text=True, timeout=PROCESS_TIMEOUT,
    )  # fmt: skip


def run_python(program: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """A Python program (dedented) as a real process: for what a fresh interpreter imports."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(program)], env=dict(env), capture_output=True, text=True, timeout=PROCESS_TIMEOUT
    )


@contextmanager
def environment(env: Mapping[str, str] | None) -> Iterator[None]:
    """os.environ as `env` for the duration (unchanged if None), with the time zone re-read both ways."""
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    # argparse wraps help to the terminal's width; a process writing to a pipe has none, so 80 columns.
    os.environ.setdefault("COLUMNS", "80")
    time.tzset()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        time.tzset()


def _as_text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer.getvalue()  # type: ignore[attr-defined]  # a BytesIO, made below
    # As subprocess.run(text=True) decodes a child's output.
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _output_stream(errors: str) -> io.TextIOWrapper:
    # What PYTHONIOENCODING=utf-8 gives a process whose output is a pipe: UTF-8, not a terminal.
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, newline="\n", write_through=True)


def reflect_main(*args: str, env: Mapping[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`reflect ARGS` in this process, through `reflect.cli.main`. Not thread-safe: it swaps sys.std* and os.environ."""
    from reflect.cli import main

    # As the interpreter sets them up: standard output strict, standard error backslashreplace.
    out, err = _output_stream("strict"), _output_stream("backslashreplace")
    saved = sys.stdin, sys.stdout, sys.stderr
    with environment(env):
        # As a pipe gives it: bytes underneath (for .buffer), read as UTF-8.
        given = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
        sys.stdin, sys.stdout, sys.stderr = given, out, err
        try:
            code = main(list(args))
        except SystemExit as exit_:
            if exit_.code is None or isinstance(exit_.code, int):
                code = exit_.code or 0
            else:  # SystemExit("message"): the interpreter prints it and exits 1
                print(exit_.code, file=sys.stderr)
                code = 1
        except BaseException:  # noqa: BLE001 - an escaped exception is what a traceback test looks for
            traceback.print_exc(file=sys.stderr)
            code = 1
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved
    return subprocess.CompletedProcess(["reflect", *args], code, _as_text(out), _as_text(err))
