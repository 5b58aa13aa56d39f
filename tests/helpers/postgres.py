"""A PostgreSQL server for the tests, and a database of its own for each test.

The server is the one REFLECT_TEST_POSTGRES names (a superuser's URL; .ci/run starts one), or else,
where PostgreSQL's server programs are installed, a throwaway cluster started here: initdb into a
temporary folder, listening on 127.0.0.1 on a free port and on a socket in that folder, stopped when
the tests end (as root, it runs as the `postgres` user, which PostgreSQL insists on). Without either,
the PostgreSQL tests skip saying why; with REFLECT_REQUIRE_POSTGRES=1 (CI) that is a failure.

Each pytest-xdist worker starts its own throwaway cluster (a second or two), and every test gets a
database of its own (CREATE DATABASE, dropped afterwards), so tests never see each other's rows.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

SERVER_ENV = "REFLECT_TEST_POSTGRES"
REQUIRE_ENV = "REFLECT_REQUIRE_POSTGRES"
START_TIMEOUT_S = 60


class NoServer(Exception):
    """No PostgreSQL server can be had here; the message says why."""


def server_programs() -> Path | None:
    """The folder of PostgreSQL's initdb and pg_ctl (Debian keeps them out of PATH), or None."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


CLUSTER_PREFIX = "reflect-pg-"
OWNER_FILE = "owner"
"""The pid of the test process that started a throwaway cluster, kept in its folder."""


def _stop_abandoned(run: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    """Stop and remove the throwaway clusters whose test process is gone (killed, or stopped by -x under
    xdist) before its clean-up could run, so that none is left running for long."""
    for folder in Path(tempfile.gettempdir()).glob(f"{CLUSTER_PREFIX}*"):
        try:
            owner = int((folder / OWNER_FILE).read_text())
            os.kill(owner, 0)
            continue  # still running: its own clean-up stops it
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue  # not ours to judge (another user's, or being made right now)
        if (folder / "data").is_dir():
            run("pg_ctl", "-D", str(folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """A new PostgreSQL cluster in a temporary folder for the length of the `with`: its superuser's URL."""
    programs = server_programs()
    if programs is None:
        raise NoServer(f"no PostgreSQL server: set {SERVER_ENV} to a superuser's URL, or install PostgreSQL (initdb, pg_ctl)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        raise NoServer("running as root without runuser, and PostgreSQL will not run as root")
    # From the temporary folder, which the postgres user may enter: initdb looks for its programs from
    # the current folder, and a checkout under /root is closed to that user.
    run = lambda *command: subprocess.run(  # noqa: E731
        _as_server_user([str(programs / command[0]), *command[1:]]), capture_output=True, text=True, timeout=START_TIMEOUT_S,
        cwd=tempfile.gettempdir(),
    )
    _stop_abandoned(run)
    folder = Path(tempfile.mkdtemp(prefix=CLUSTER_PREFIX))
    (folder / OWNER_FILE).write_text(str(os.getpid()))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    try:
        made = run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")
        if made.returncode != 0:
            raise NoServer(f"initdb failed: {made.stderr.strip()}")
        # Durability is not what these tests are about: fsync and the like off makes the cluster quick.
        options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        started = run("pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "-t", str(START_TIMEOUT_S), "start")
        if started.returncode != 0:
            log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
            raise NoServer(f"the throwaway PostgreSQL server did not start: {started.stderr.strip()} {log[-500:]}")
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Server:
    """A server the tests may make databases on, as its superuser."""

    def __init__(self, superuser_url: str) -> None:
        self.superuser_url = superuser_url
        self._numbers = itertools.count(1)
        self._template: str | None = None
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self._prefix = f"reflect_test_{worker}_{os.getpid()}"

    def _admin(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(self.superuser_url, autocommit=True)

    def check(self) -> None:
        """NoServer if the server cannot be reached."""
        try:
            import psycopg
        except ImportError:
            raise NoServer('the PostgreSQL driver is not installed: pip install -e ".[postgresql]"') from None
        try:
            self._admin().close()
        except psycopg.Error as error:
            raise NoServer(f"the PostgreSQL server at {SERVER_ENV} cannot be reached: {' '.join(str(error).split())}") from None

    def url_of(self, database: str) -> str:
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.superuser_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))

    def _template_at_head(self) -> str:
        """A database this session made with the store, at the current schema: new ones are copied from it
        (a copy takes a few milliseconds; running the migrations, half a second)."""
        if self._template is None:
            from reflect.server_url import ServerURL
            from reflect.store import open_store

            name = f"{self._prefix}_head"
            with self._admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{name}"')
            open_store(ServerURL(self.url_of(name))).close()
            self._template = name
        return self._template

    @contextmanager
    def database(self, *, at_head: bool = False) -> Iterator[str]:
        """A new database for the `with` (dropped afterwards, whoever is still connected): its URL.
        Empty, or `at_head`: as the store leaves a new database it has opened once (the current schema)."""
        name = f"{self._prefix}_{next(self._numbers)}"
        template = f' TEMPLATE "{self._template_at_head()}"' if at_head else ""
        with self._admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"{template}')
        try:
            yield self.url_of(name)
        finally:
            with self._admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


@contextmanager
def session_server() -> Iterator[Server | str]:
    """The server for this session (this worker's), or the reason there is none (as a string)."""
    given = os.environ.get(SERVER_ENV)
    with ExitStack() as stack:
        try:
            server = Server(given or stack.enter_context(throwaway_cluster()))
            server.check()
        except NoServer as reason:
            yield str(reason)
            return
        yield server


def server_or_skip(found: Server | str) -> Server:
    """The server, or skip the test saying why (fail it where a server is required)."""
    if isinstance(found, Server):
        return found
    if required():
        pytest.fail(f"{REQUIRE_ENV} is set, but {found}")
    pytest.skip(found)
