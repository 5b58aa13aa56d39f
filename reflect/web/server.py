"""A textual-serve Server that admits only people given the join link.

Every route lives under a random join token (`/<token>/`, `/<token>/ws`, `/<token>/static/...`):
a request without the right token, for the page or the websocket, gets a kind 403 page and never
starts a process. Each browser that joins gets its own participant process, started with the
environment made by `reflect.web.participant`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from reflect.web.limits import DEFAULT_MAX_PARTICIPANTS, IDLE_TIMEOUT, MAX_MESSAGE_BYTES, InputBudget, clamp_size, screen_size
from reflect.workshop.identity import ENVIRONMENT_VARIABLE, valid_key

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

    async def run(self) -> None:
        """textual-serve's run, then closing the browser's connection: an app that has ended,
        however it ended, must not keep its session (and its place in the room) open."""
        await super().run()
        await self.remote_close()

    @property
    def returncode(self) -> int | None:
        """How the app process ended (negative: killed by that signal), or None while it runs."""
        return None if self._process is None else self._process.returncode

    async def end(self, timeout: float = 5) -> None:
        """Quit the app and wait for its process to end, killing it after `timeout`, however the
        connection ended: so that no participant outlives its browser, nor the server.

        Quitting politely can fail (the browser has gone, so the screen it would draw has nowhere
        to go, and textual-serve's stop() raises); the process is ended all the same.
        """
        try:
            await asyncio.wait_for(self.stop(), timeout)
        except Exception:  # noqa: BLE001  # whatever stop() met, the process is ended below
            pass
        process = self._process
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), 1)
            except TimeoutError:
                process.kill()
                await process.wait()
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._task = None


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
        max_participants: int = DEFAULT_MAX_PARTICIPANTS,
        idle_timeout: float = IDLE_TIMEOUT,
        error_log: Path | None = None,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.token = token
        self.environment = environment
        self.announce = announce
        """Called once the port is bound (not before: a busy port must print no join link)."""
        self.max_participants = max_participants
        self.idle_timeout = idle_timeout
        self.error_log = error_log
        """Where the participant apps' standard error goes (named, once, when one fails)."""
        self.seats = 0
        """Participants connected or still being started or ended: each holds a process."""
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
                # The page adds the participant key its browser keeps (see participant_key).
                web.get(f"{self.prefix}/ws/{{participant_key}}", self.handle_websocket, name="websocket-keyed"),
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
        pass  # textual-serve prints its banner here; ours waits until the port is bound

    def serve(self, debug: bool = False) -> None:
        """textual-serve's serve(), announcing the join link only once the server listens."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for stop in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop, self.request_exit)
        # run_app calls `print` once every site has started.
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop, print=self._listening)

    def _listening(self, *_: object) -> None:
        if self.announce is not None:
            self.announce()

    def full(self) -> bool:
        return self.seats >= self.max_participants

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        if self.full():
            raise full_page()
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
        """textual-serve's own handler, with our ParticipantService, within the limits in `limits`."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        if not websocket.can_prepare(request).ok:
            # A plain GET (a crawler, a curious participant): say what this address is, quietly.
            raise web.HTTPBadRequest(text="This address is for the workshop page's own connection. Open the join link instead.\n")
        if self.full():
            raise full_page()
        width, height = clamp_size(to_int(request.query.get("width", "80"), 80), to_int(request.query.get("height", "24"), 24))
        service: ParticipantService | None = None
        self.seats += 1  # taken before any await, so that two joining at once cannot both take the last
        try:
            await websocket.prepare(request)
            self.sockets.add(websocket)
            service = ParticipantService(
                self.command,
                environment=self.participant_environment(request),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one participant's broken session must not stop the others
            log.warning("a participant's session ended with an error: %s", error)
        finally:
            self.sockets.discard(websocket)
            try:
                if service is not None:
                    await service.end()
                    self._report(service)
            finally:
                self.seats -= 1
        return websocket

    def participant_environment(self, request: web.Request) -> dict[str, str]:
        """The environment for this browser's participant process: with its participant key, so
        that a reload or a reconnect is the same participant; without one (a key that is not a
        key, a browser that keeps none), a new participant."""
        key = valid_key(request.match_info.get("participant_key"))
        if key is None:
            return self.environment
        return {**self.environment, ENVIRONMENT_VARIABLE: key}

    def _report(self, service: ParticipantService) -> None:
        """One line on the trainer's terminal when a participant app failed; the details are in the log."""
        code = service.returncode
        if code is not None and code > 0:
            where = f"; the details are in {self.error_log}" if self.error_log is not None else ""
            log.warning("a participant's app stopped with an error (exit status %s)%s", code, where)

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """Pass the browser's keys, clicks and resizes to the app, refusing what no person sends."""
        budget = InputBudget()
        loop = asyncio.get_running_loop()
        idle_until = loop.time() + self.idle_timeout
        while True:
            try:
                # One deadline for the whole wait: aiohttp answers heartbeats inside receive().
                async with asyncio.timeout_at(idle_until):
                    message = await websocket.receive()
            except TimeoutError:
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"Closed after a long time without input.")
                return
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                return  # an oversized message arrives as ERROR, with the 1009 close already sent
            if message.type != WSMsgType.TEXT:
                continue
            if not budget.spend(len(message.data)):
                await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=b"Too much input.")
                return
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                idle_until = loop.time() + self.idle_timeout
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and (size := screen_size(data)) is not None:
                idle_until = loop.time() + self.idle_timeout
                await app_service.set_terminal_size(*size)
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:64]])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()


REFUSED_PAGE = TEMPLATES / "refused.html"


def refused() -> web.Response:
    """The page for a request without the join token: what happened and what to do."""
    return web.Response(status=403, text=REFUSED_PAGE.read_text(encoding="utf-8"), content_type="text/html")


FULL_PAGE = TEMPLATES / "full.html"


def full_page() -> web.HTTPServiceUnavailable:
    """The page for one more person than the room has seats for: what happened and what to do."""
    return web.HTTPServiceUnavailable( text=FULL_PAGE.read_text(encoding="utf-8"), content_type="text/html", headers={"Retry-After": "30"})
