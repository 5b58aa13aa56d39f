"""Where a database is: a file path, or a PostgreSQL server's URL. Standard library only (runs on every start).

`--db`, `REFLECT_DB` and `reflect team --db` take either. A value starting `postgresql://` or
`postgresql+psycopg://` is a server; anything else is a file path, as it always was.

Credentials come the way every PostgreSQL tool takes them (libpq reads PGPASSWORD, ~/.pgpass,
service files and PGSSLMODE itself); a password written into the URL still works, but is never
shown: `str()` and `repr()` of a ServerURL, and so every message that names one, mask it
(`masked`, the one function that does).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgresql+psycopg")
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1", "[::1]"})
MASK = "***"
CONNECT_TIMEOUT_S = 10
_SECRET_PARAMETERS = frozenset({"password", "sslpassword"})
# The password runs to the last @ of the URL: one typed with a / ? # or @ in it, not escaped, is still all hidden.
_USERINFO_PASSWORD = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:@/?#\s]*):(?P<password>\S*)@")
_PARAMETER_PASSWORD = re.compile(r"(?P<key>(?:^|[?&;\s])(?:ssl)?password=)(?P<value>[^&;\s]*)", re.IGNORECASE)


def masked(text: str) -> str:
    """`text` (a URL, or a message quoting one) with any password in it replaced by ***."""
    text = _USERINFO_PASSWORD.sub(lambda match: f"{match['scheme']}{match['user']}:{MASK}@", text)
    return _PARAMETER_PASSWORD.sub(lambda match: f"{match['key']}{MASK}", text)


SECRET_PIECE_MIN = 3
"""The shortest piece of a password hidden on its own in a message about its URL."""


def secrets_of(url: str) -> list[str]:
    """The passwords written in `url`, and their pieces between URL punctuation, longest first: the
    driver's own message about a URL it misread can quote a piece (a password with a / in it read as
    a port), and each is hidden from what is shown."""
    found = [match["password"] for match in _USERINFO_PASSWORD.finditer(url)]
    found += [match["value"] for match in _PARAMETER_PASSWORD.finditer(url)]
    pieces = {piece for secret in found for piece in [secret, *re.split(r"[/?#@:&=]", secret)] if len(piece) >= SECRET_PIECE_MIN}
    return sorted(pieces, key=len, reverse=True)


def is_server_url(text: str) -> bool:
    scheme, separator, _rest = text.partition("://")
    return bool(separator) and scheme.lower() in SCHEMES


@dataclass(frozen=True)
class ServerURL:
    """A PostgreSQL database on a server, as the person wrote it (shown only masked)."""

    url: str = field(repr=False)

    def __str__(self) -> str:
        return masked(self.url)

    def __repr__(self) -> str:
        return f"ServerURL({masked(self.url)!r})"

    def hidden_in(self, text: str) -> str:
        """`text` (a message about this URL) with its password, and any piece of it, replaced by ***."""
        text = masked(text)
        for secret in secrets_of(self.url):
            text = text.replace(secret, MASK)
        return text

    @property
    def host(self) -> str:
        """The host the URL names (a `host=` parameter included); "" for the local socket."""
        parts = urlsplit(self.url)
        parameters = dict(parse_qsl(parts.query))
        return unquote(parts.hostname or "") or parameters.get("host", "") or os.environ.get("PGHOST", "")

    @property
    def is_local(self) -> bool:
        """The server is on this machine: a loopback address, or a unix socket (a folder)."""
        host = self.host
        return all(one.strip() in LOCAL_HOSTS or one.strip().startswith("/") for one in host.split(","))

    @property
    def says_sslmode(self) -> bool:
        """TLS was chosen by the person: in the URL, by PGSSLMODE, or in a service file they named."""
        parameters = dict(parse_qsl(urlsplit(self.url).query))
        return "sslmode" in parameters or "service" in parameters or bool(os.environ.get("PGSSLMODE"))

    def conninfo(self) -> str:
        """The URL as libpq takes it: TLS required for a host that is not local unless the person chose
        otherwise, and a time limit on connecting (a server that does not answer is said so, not waited for)."""
        parts = urlsplit(self.url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if not self.is_local and not self.says_sslmode:
            query.append(("sslmode", "require"))
        if "connect_timeout" not in dict(query) and not os.environ.get("PGCONNECT_TIMEOUT"):
            query.append(("connect_timeout", str(CONNECT_TIMEOUT_S)))
        # %20 for a space, not +: libpq reads a + as itself, SQLAlchemy as a space.
        return urlunsplit(("postgresql", parts.netloc, parts.path, urlencode(query, quote_via=quote), parts.fragment))

    def driver_url(self) -> str:
        """The URL for SQLAlchemy's psycopg 3 dialect (the same connection as `conninfo`)."""
        return "postgresql+psycopg" + self.conninfo().removeprefix("postgresql")


Location = Path | ServerURL
"""A database: a file, or a database on a PostgreSQL server."""


def location(text: str | os.PathLike[str]) -> Location:
    """What `--db` (or REFLECT_DB) names: a server's URL, or else a file path (`~` expanded)."""
    if isinstance(text, str) and is_server_url(text.strip()):
        return ServerURL(text.strip())
    return Path(text).expanduser()


def database_argument(database: Location) -> str:
    """How a command to type names the database: a file by its name, a server's database by its URL (masked)."""
    return database.name if isinstance(database, Path) else str(database)
