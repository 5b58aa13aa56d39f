"""A stand-in PostgreSQL server on loopback that refuses every login as a server does a wrong password.

The tests' own server trusts every login (initdb --auth=trust), so a wrong password cannot be had
from it; this answers libpq's start-up as a real server does when the password is wrong (an
ErrorResponse, SQLSTATE 28P01), so the whole path through the driver is the real one.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SSL_REQUEST, GSSENC_REQUEST = 80877103, 80877104


def _read_exactly(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = connection.recv(size - len(data))
        if not more:
            raise ConnectionError("closed")
        data += more
    return data


def _refusal(user: str) -> bytes:
    fields = b"".join(
        code + text.encode() + b"\0"
        for code, text in ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", "28P01"), (b"M", f'password authentication failed for user "{user}"'))
    )
    body = fields + b"\0"
    return b"E" + struct.pack("!i", len(body) + 4) + body


def _answer(connection: socket.socket) -> None:
    with connection:
        try:
            while True:
                (length,) = struct.unpack("!i", _read_exactly(connection, 4))
                packet = _read_exactly(connection, length - 4)
                (code,) = struct.unpack("!i", packet[:4])
                if code in (SSL_REQUEST, GSSENC_REQUEST):
                    connection.sendall(b"N")  # neither TLS nor GSS here: go on in the clear
                    continue
                pairs = packet[4:].split(b"\0")
                user = dict(zip(pairs[::2], pairs[1::2])).get(b"user", b"").decode()
                connection.sendall(_refusal(user))
                return
        except (ConnectionError, OSError, struct.error):
            return


@contextmanager
def refusing_server() -> Iterator[int]:
    """Listening on 127.0.0.1 for the `with`: its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port: int = listener.getsockname()[1]
    stopping = threading.Event()

    def serve() -> None:
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            _answer(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stopping.set()
        try:
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() waiting in the thread
        except OSError:
            pass
        listener.close()
        thread.join(5)
