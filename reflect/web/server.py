"""A textual-serve Server that admits only people given the join link.

Every route lives under a random join token (`/<token>/`, `/<token>/ws`, `/<token>/static/...`):
a request without the right token, for the page or the websocket, gets a kind 403 page and never
starts a process. Each browser that joins gets its own participant process, started with the
environment made by `reflect.web.participant`.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("reflect.web")

TEMPLATES = Path(__file__).parent / "templates"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    """A join token: 128 random bits, safe in a URL path."""
    return secrets.token_urlsafe(16)


class ParticipantService(AppService):
    """One browser's participant process, with the environment chosen by the server."""

    def __init__(self, command: str, *, environment: dict[str, str], **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self._environment = environment

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        # textual-serve starts from os.environ; keep its driver settings, on top of ours.
        built = super()._build_environment(width, height)
        chosen = dict(self._environment)
        chosen.update({key: value for key, value in built.items() if key.startswith(("TEXTUAL", "TERM_PROGRAM"))})
        chosen.update(COLUMNS=built["COLUMNS"], ROWS=built["ROWS"])
        return chosen

    async def reap(self, timeout: float = 5) -> None:
        """Wait for the app process to end (killing it after `timeout`), so that none outlives the
        server and no process transport is left for the garbage collector after the loop closes."""
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()


class WorkshopServer(Server):
    """Serve `command` to browsers that present `token`."""

    def __init__(
        self,
        command: str,
        *,
        token: str,
        environment: dict[str, str],
        host: str = "127.0.0.1",
        port: int = 8000,
        title: str = "reflect workshop",
        announce: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.token = token
        self.environment = environment
        self.announce = announce
        self.prefix = f"/{token}"
        self.sockets: set[web.WebSocketResponse] = set()
        """The browsers connected now, closed on Ctrl+C so that stopping never waits on them."""

    def initialize_logging(self) -> None:
        # No access log: request paths carry the join token, and the trainer's screen is often shared.
        logging.basicConfig(level=logging.WARNING, format="reflect serve: %(message)s")
        logging.getLogger("aiohttp.access").setLevel(logging.ERROR)

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._admit])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
        app.add_routes(
            [
                web.get(f"{self.prefix}/", self.handle_index, name="index"),
                web.get(f"{self.prefix}/ws", self.handle_websocket, name="websocket"),
                web.get(f"{self.prefix}/download/{{key}}", self.handle_download, name="download"),
                web.static(f"{self.prefix}/static", self.statics_path, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def admits(self, path: str) -> bool:
        """Whether a request path starts with the join token (compared in constant time)."""
        if not path.startswith("/"):
            return False
        first, _, _ = path[1:].partition("/")
        return hmac.compare_digest(first.encode(), self.token.encode())

    @web.middleware
    async def _admit(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.admits(request.path):
            return refused()
        if request.path == self.prefix:
            raise web.HTTPFound(f"{self.prefix}/")
        return await handler(request)

    async def on_shutdown(self, app: web.Application) -> None:
        # Each close ends that browser's message loop, which then quits its participant app
        # (every answer is written as it is given, so nothing waits to be saved).
        await asyncio.gather(
            *(socket.close(code=WSCloseCode.GOING_AWAY, message=b"The workshop has ended.") for socket in list(self.sockets)),
            return_exceptions=True,
        )

    async def on_startup(self, app: web.Application) -> None:
        if self.announce is not None:
            self.announce()

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        # Links relative to the address the browser used, which may differ from the one we bound
        # (0.0.0.0, a host name, a LAN address).
        websocket_scheme = "wss" if request.secure else "ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{websocket_scheme}://{request.host}{self.prefix}/ws",
            "static_url": f"{self.prefix}/static/",
            "title": self.title,
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's own handler, with our ParticipantService (its environment) instead."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: ParticipantService | None = None
        try:
            await websocket.prepare(request)
            self.sockets.add(websocket)
            service = ParticipantService(
                self.command,
                environment=self.environment,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one participant's broken session must not stop the others
            log.warning("a participant's session ended with an error: %s", error)
        finally:
            self.sockets.discard(websocket)
            if service is not None:
                await service.stop()
                await service.reap()
        return websocket


REFUSED_PAGE = TEMPLATES / "refused.html"


def refused() -> web.Response:
    """The page for a request without the join token: what happened and what to do."""
    return web.Response(status=403, text=REFUSED_PAGE.read_text(encoding="utf-8"), content_type="text/html")
