"""`reflect serve`: check what is asked for, then serve the workshop until Ctrl+C."""

from __future__ import annotations

import errno
import ipaddress
import shutil
import socket
import sys
import tempfile
from pathlib import Path


class ServeError(Exception):
    """Something to tell the trainer instead of serving; `usage` for a bad argument (exit 2)."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def workshop_database(workshop: str, workshop_db: str) -> Path:
    """The workshop file to serve, checked to be a workshop: never a practitioner's own database.

    As for the other workshop commands: --db FILE, --workshop ID, or else the newest workshop.
    """
    from reflect.paths import workshops_dir
    from reflect.workshop.files import WorkshopPathError, resolve_workshop
    from reflect.workshop.store import WorkshopError, check_workshop_file

    try:
        path = resolve_workshop(workshop_db or None, workshop or None, workshops_dir())
    except WorkshopPathError as error:
        raise ServeError(str(error), usage=True) from None
    try:
        check_workshop_file(path)
    except WorkshopError as error:
        raise ServeError(f"{error} `reflect serve` shares only a workshop.") from None
    return path.resolve()


def is_loopback(host: str) -> bool:
    """Whether only this computer can reach `host`."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def link_host(host: str) -> str:
    """The address to put in the join link: this computer's network address for a wildcard host."""
    if host in ("0.0.0.0", "::", ""):
        try:
            # A UDP "connection" sends nothing; it only asks which local address routes outwards.
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect(("192.0.2.1", 9))
                address: str = probe.getsockname()[0]  # an AF_INET socket's name is (host, port)
                return address
        except OSError:
            return socket.gethostname()
    if ":" in host:
        return f"[{host}]"
    return host


def join_link(host: str, port: int, token: str) -> str:
    return f"http://{link_host(host)}:{port}/{token}/"


def serve(*, workshop: str, workshop_db: str, host: str, port: int, max_participants: int = 40) -> None:
    """Serve the participant app for one workshop; returns when stopped with Ctrl+C."""
    path = workshop_database(workshop, workshop_db)

    from reflect.paths import data_dir
    from reflect.web.participant import new_error_log, participant_command, participant_environment
    from reflect.web.server import WorkshopServer, new_token

    token = new_token()
    link = join_link(host, port, token)
    exposed = not is_loopback(host)

    def announce() -> None:
        if exposed:
            print(
                f"reflect serve: listening on {host}, so other computers on this network can reach "
                "this workshop. Only people with the join link can join: share it with the room "
                "alone, and stop with Ctrl+C when the workshop ends.",
                file=sys.stderr,
                flush=True,
            )
        print(f"Serving the workshop in {path.name} to web browsers.", flush=True)
        print(f"Participants join at: {link}", flush=True)
        if not exposed:
            print("Only this computer can open it; use --host 0.0.0.0 to let the room join.", flush=True)
        print(f"Errors in participants' sessions are written to {error_log}", flush=True)
        print_join_code(link)
        print("Stop with Ctrl+C.", flush=True)
        record_serving(path, link)

    sandbox = Path(tempfile.mkdtemp(prefix="reflect-serve-"))  # 0700, made by mkdtemp
    error_log = new_error_log(data_dir() / "logs", path)
    try:
        server = WorkshopServer(
            participant_command(path, error_log=error_log),
            token=token,
            environment=participant_environment(sandbox),
            host=host,
            port=port,
            announce=announce,
            max_participants=max_participants,
            error_log=error_log,
        )
        try:
            server.serve()
        except OSError as error:
            raise ServeError(_listen_problem(error, host, port)) from None
    finally:
        forget_serving(path)
        shutil.rmtree(sandbox, ignore_errors=True)


def print_join_code(link: str) -> None:
    """The join link as a QR code, for the room's phones; white on black on a terminal, whatever its colours."""
    from reflect.display import encodes_all_text
    from reflect.workshop.join_code import qr_lines

    if not encodes_all_text(sys.stdout):
        # The code is drawn with block characters; a terminal set to ASCII would get a traceback.
        print("(A QR code of the link shows here on a terminal that can show UTF-8.)", flush=True)
        return
    colour, plain = ("\x1b[97;40m", "\x1b[0m") if sys.stdout.isatty() else ("", "")
    print("Or scan this code with a phone's camera:", flush=True)
    for line in qr_lines(link):
        print(f"{colour}{line}{plain}", flush=True)


def record_serving(path: Path, link: str) -> None:
    """Keep the join link in the workshop file, so that the trainer's view can show its QR code too."""
    import os
    import sqlite3

    from reflect.workshop.store import WorkshopError, WorkshopStore

    try:
        store = WorkshopStore.open(path)
        try:
            store.record_serving(link, os.getpid())
        finally:
            store.close()
    except (WorkshopError, sqlite3.Error):
        pass  # only the trainer's view's QR code waits for it; the link is printed above


def forget_serving(path: Path) -> None:
    import os
    import sqlite3

    from reflect.workshop.store import WorkshopError, WorkshopStore

    try:
        store = WorkshopStore.open(path)
        try:
            store.clear_serving(os.getpid())
        finally:
            store.close()
    except (WorkshopError, sqlite3.Error):
        pass  # a link left behind is ignored once this process has gone (WorkshopStore.serving)


def _listen_problem(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"Port {port} is already in use on {host}. Choose another with --port, such as --port {port + 1 if port < 65535 else 8000}."
    if error.errno in (errno.EADDRNOTAVAIL, errno.EACCES) or isinstance(error, socket.gaierror):
        return f"Cannot listen on {host}:{port} ({error.strerror or error}). Check the address given to --host and the port."
    return f"Cannot listen on {host}:{port}: {error.strerror or error}."
