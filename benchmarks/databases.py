"""Generated benchmark databases, cached between runs under the system temporary folder only."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import generate  # benchmarks/generate.py (the scripts put benchmarks/ on sys.path)

HERE = Path(__file__).resolve().parent
CACHE_DIR = Path(tempfile.gettempdir()) / "reflect-benchmarks"


def _source_digest() -> str:
    """Changes whenever the generator or the way the store writes changes, invalidating the cache."""
    import reflect.store

    store_dir = Path(reflect.store.__file__).parent
    files = [HERE / "generate.py", *sorted(store_dir.glob("*.py")), *sorted((store_dir / "migrations" / "versions").glob("*.py"))]
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def cached_database(count: int, seed: int, *, end: date | None = None, use_cache: bool = True) -> tuple[Path, str]:
    """The cached generated database itself (read it, don't change it); and how it was obtained."""
    end = end or date.today()
    cached = CACHE_DIR / f"generated-{count}-{seed}-{end.isoformat()}-{_source_digest()}.db"
    if use_cache and cached.is_file():
        return cached, f"cached at {cached}"
    CACHE_DIR.mkdir(mode=0o700, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    generate.generate(partial, count, seed, end=end)
    for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    partial.replace(cached)
    for stale in CACHE_DIR.glob(f"generated-{count}-{seed}-*.db"):
        if stale != cached:
            stale.unlink(missing_ok=True)
    return cached, f"generated in {time.perf_counter() - started:.1f} s, cached as {cached}"


def large_database(folder: Path, count: int, seed: int, *, use_cache: bool) -> tuple[Path, str]:
    """A copy, inside `folder`, of a generated database (to change freely); and how it was obtained."""
    target = folder / f"large-{count}.db"
    if not use_cache:
        started = time.perf_counter()
        generate.generate(target, count, seed, end=date.today())
        return target, f"generated in {time.perf_counter() - started:.1f} s"
    cached, how = cached_database(count, seed)
    shutil.copyfile(cached, target)
    return target, f"copied from the cache ({how})"
