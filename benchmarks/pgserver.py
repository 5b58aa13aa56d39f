"""A PostgreSQL server for the benchmarks: a cluster of their own, started for one run and stopped after it.

The cluster's folder is kept between runs (by default reflect-pgbench under the system temporary
folder), so that
the large databases built in it are built once: a database is named by what it holds and by the
source digest of the store (benchmarks/databases.py), and one of an older digest is dropped.
It listens on 127.0.0.1 on a port of its own and on a socket in its folder; as root it runs as the
`postgres` user (PostgreSQL will not run as root), as the tests' throwaway cluster does.

Durability stays PostgreSQL's default (fsync and synchronous commits on), as an organisation's server
has it; shared_buffers is raised to a size such a server would have.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_FOLDER = Path(tempfile.gettempdir()) / "reflect-pgbench"
DEFAULT_PORT = 55440
SETTINGS = {"shared_buffers": "1GB", "max_connections": "200", "work_mem": "16MB", "maintenance_work_mem": "256MB"}
START_TIMEOUT_S = 120


def programs() -> Path:
    """The folder of initdb and pg_ctl (Debian keeps them out of PATH)."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0)
    if not found:
        raise SystemExit("no PostgreSQL server programs (initdb, pg_ctl): install PostgreSQL, or give --server URL")
    return Path(found[-1]).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    argv = [str(programs() / command[0]), *command[1:]]
    if os.geteuid() == 0:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    # From the temporary folder, which the postgres user may enter (initdb looks around the current folder).
    return subprocess.run(argv, capture_output=True, text=True, timeout=START_TIMEOUT_S, cwd=tempfile.gettempdir())


@contextmanager
def cluster(folder: Path = DEFAULT_FOLDER, port: int = DEFAULT_PORT) -> Iterator[str]:
    """The cluster in `folder` (made there the first time), running for the `with`: its superuser's URL."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    if not (data / "PG_VERSION").is_file():
        made = _run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions")
        if made.returncode != 0:
            raise SystemExit(f"initdb failed: {made.stderr.strip()}")
    settings = " ".join(f"-c {name}={value}" for name, value in SETTINGS.items())
    options = f"-h 127.0.0.1 -p {port} -k {folder} {settings}"
    started = _run("pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "-t", str(START_TIMEOUT_S), "start")
    if started.returncode != 0:
        raise SystemExit(f"the benchmarks' PostgreSQL server did not start: {started.stderr.strip()} (see {folder / 'server.log'})")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        _run("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")


def server_version(superuser_url: str) -> str:
    import psycopg

    with psycopg.connect(superuser_url) as connection:
        row = connection.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"


def url_of(superuser_url: str, database: str, user: str | None = None) -> str:
    """The URL of another database on the same server (as another role, if `user`)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(superuser_url)
    netloc = parts.netloc if user is None else f"{user}@{parts.netloc.rpartition('@')[2]}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, parts.fragment))


def database_exists(superuser_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(superuser_url, autocommit=True) as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def recreate_database(superuser_url: str, name: str, *, stale_prefix: str | None = None) -> None:
    """An empty database `name` (dropping one there was); and, with `stale_prefix`, drop the others
    whose name starts with it (the same data built by an older store), or would have once built."""
    import psycopg

    with psycopg.connect(superuser_url, autocommit=True) as admin:
        names = [row[0] for row in admin.execute("SELECT datname FROM pg_database")]
        for other in names:
            stale = stale_prefix is not None and other.startswith((stale_prefix, f"partial_{stale_prefix}"))  # a build cut short too
            if other == name or stale:
                admin.execute(f'DROP DATABASE "{other}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def rename_database(superuser_url: str, old: str, new: str) -> None:
    import psycopg

    with psycopg.connect(superuser_url, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{old}" RENAME TO "{new}"')
