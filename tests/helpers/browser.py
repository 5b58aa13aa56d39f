"""Headless Chromium driven over the Chrome DevTools Protocol: just enough to use a served app.

A small client over aiohttp's websocket (already installed with textual-serve) rather than a
browser-automation library: the tests need to open pages, type keys, read the terminal's text
and take a screenshot, nothing more.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# textual-serve keeps its xterm.js Terminal in a closure; the tests expose it to read the screen.
TERMINAL_CREATED = "this.terminal=new "
TERMINAL_EXPOSED = "this.terminal=window.__reflectTerminal=new "


def find_browser() -> str | None:
    """A Chromium to drive: $REFLECT_TEST_BROWSER, or one on PATH."""
    chosen = os.environ.get("REFLECT_TEST_BROWSER")
    if chosen:
        return chosen if shutil.which(chosen) else None
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found
    return None


class BrowserError(Exception):
    pass


# Keys as the DevTools Protocol wants them: (key, code, Windows key code, text).
SPECIAL_KEYS: dict[str, tuple[str, str, int, str]] = {
    "enter": ("Enter", "Enter", 13, "\r"),
    "tab": ("Tab", "Tab", 9, "\t"),
    "escape": ("Escape", "Escape", 27, ""),
    "backspace": ("Backspace", "Backspace", 8, ""),
    "left": ("ArrowLeft", "ArrowLeft", 37, ""),
    "right": ("ArrowRight", "ArrowRight", 39, ""),
    "up": ("ArrowUp", "ArrowUp", 38, ""),
    "down": ("ArrowDown", "ArrowDown", 40, ""),
}


class Page:
    """One browser tab, attached through a flat DevTools session."""

    def __init__(self, browser: Chromium, session_id: str) -> None:
        self.browser = browser
        self.session_id = session_id

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        return await self.browser.send(method, params, session_id=self.session_id)

    async def open(self, url: str, *, width: int = 1000, height: int = 640) -> int:
        """Open `url` with the terminal script exposed; returns the HTTP status of the page."""
        await self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        # Keys reach every page, not only the one a headless browser thinks is in front.
        await self.send("Emulation.setFocusEmulationEnabled", enabled=True)
        await self.send("Fetch.enable", patterns=[{"urlPattern": "*/static/js/textual.js", "requestStage": "Response"}])
        await self.send("Network.enable")
        await self.send("Page.enable")
        status: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        loaded: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def on_response(params: dict[str, Any]) -> None:
            if params.get("type") == "Document" and not status.done():
                status.set_result(int(params["response"]["status"]))

        def on_load(_params: dict[str, Any]) -> None:
            if not loaded.done():
                loaded.set_result(None)

        removers = [
            self.browser.listen("Network.responseReceived", self.session_id, on_response),
            self.browser.listen("Page.loadEventFired", self.session_id, on_load),
        ]
        try:
            await self.send("Page.navigate", url=url)
            await asyncio.wait_for(loaded, 15)
            return await asyncio.wait_for(status, 1)
        finally:
            for remove in removers:
                remove()

    async def evaluate(self, expression: str) -> Any:
        reply = await self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise BrowserError(f"{expression!r} raised: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    async def screen(self) -> str:
        """The text on the served terminal, one line per row ('' before it exists)."""
        return await self.evaluate(
            "(() => { const t = window.__reflectTerminal; if (!t) return '';"
            " const b = t.buffer.active, rows = [];"
            " for (let i = 0; i < t.rows; i++) { const l = b.getLine(b.viewportY + i);"
            " rows.push(l ? l.translateToString(true) : ''); }"
            " return rows.join('\\n'); })()"
        )

    async def wait_for_text(self, text: str, timeout: float = 20) -> str:
        """Wait until `text` is on the terminal; fail with the screen as it was."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = await self.screen()
            if text in screen:
                return screen
            await asyncio.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear within {timeout}s; the screen showed:\n{screen}")

    async def size(self) -> tuple[int, int]:
        """The terminal's columns and rows."""
        return tuple(await self.evaluate("[window.__reflectTerminal.cols, window.__reflectTerminal.rows]"))

    async def press(self, *keys: str) -> None:
        """Type keys: single characters, names from SPECIAL_KEYS, or ctrl+LETTER."""
        await self.evaluate("window.__reflectTerminal.focus()")
        for key in keys:
            await self._key(key)

    async def _key(self, key: str) -> None:
        modifiers = 0
        if key.startswith("ctrl+"):
            letter = key[len("ctrl+"):]
            event = {"key": letter, "code": f"Key{letter.upper()}", "windowsVirtualKeyCode": ord(letter.upper())}
            modifiers = 2
            await self.send("Input.dispatchKeyEvent", type="rawKeyDown", modifiers=modifiers, **event)
            await self.send("Input.dispatchKeyEvent", type="keyUp", modifiers=modifiers, **event)
            return
        if key in SPECIAL_KEYS:
            name, code, number, text = SPECIAL_KEYS[key]
            event: dict[str, Any] = {"key": name, "code": code, "windowsVirtualKeyCode": number}
            if text:
                event["text"] = text
            await self.send("Input.dispatchKeyEvent", type="keyDown" if text else "rawKeyDown", **event)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=name, code=code, windowsVirtualKeyCode=number)
            return
        if len(key) != 1:
            raise BrowserError(f"no key called {key!r}")
        code = f"Key{key.upper()}" if key.isalpha() else (f"Digit{key}" if key.isdigit() else "")
        number = ord(key.upper()) if key.isalnum() else 0
        await self.send("Input.dispatchKeyEvent", type="keyDown", key=key, code=code, windowsVirtualKeyCode=number, text=key)
        await self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=code, windowsVirtualKeyCode=number)

    async def tap(self, column: int, row: int) -> None:
        """Press and release on the terminal's cell at `column`, `row` (0-based), as a finger or
        the mouse does: xterm.js passes it to the app as a click."""
        left, top, width, height, columns, rows = await self.evaluate(
            "(() => { const t = window.__reflectTerminal, r = t.element.querySelector('.xterm-screen').getBoundingClientRect();"
            " return [r.left, r.top, r.width, r.height, t.cols, t.rows]; })()"
        )
        x, y = left + (column + 0.5) * width / columns, top + (row + 0.5) * height / rows
        for kind in ("mousePressed", "mouseReleased"):
            await self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", buttons=1 if kind == "mousePressed" else 0, clickCount=1)

    async def tap_text(self, text: str) -> None:
        """Tap the middle of `text` where it is on the terminal now."""
        for row, line in enumerate((await self.screen()).split("\n")):
            if (column := line.find(text)) >= 0:
                await self.tap(column + len(text) // 2, row)
                return
        raise AssertionError(f"{text!r} is not on the screen:\n{await self.screen()}")

    async def reload(self) -> None:
        """Reload the page, as a participant pulling down on a phone does, and wait for it to load."""
        loaded: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def on_load(_params: dict[str, Any]) -> None:
            if not loaded.done():
                loaded.set_result(None)

        remove = self.browser.listen("Page.loadEventFired", self.session_id, on_load)
        try:
            await self.send("Page.reload")
            await asyncio.wait_for(loaded, 15)
        finally:
            remove()

    async def screenshot(self, path: Path) -> Path:
        reply = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(reply["data"]))
        return path

    async def close(self) -> None:
        await self.browser.send("Target.closeTarget", {"targetId": self.target_id})

    target_id: str = ""


class Chromium:
    """A headless Chromium process and its DevTools connection."""

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: list[tuple[str, str | None, Callable[[dict[str, Any]], None]]] = []
        self._profile = Path(tempfile.mkdtemp(prefix="reflect-browser-"))
        self._process: subprocess.Popen[bytes] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        arguments = [
            self.executable, "--headless=new", "--remote-debugging-port=0", f"--user-data-dir={self._profile}",
            "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--mute-audio", "about:blank",
        ]
        if os.geteuid() == 0:
            arguments.insert(1, "--no-sandbox")  # Chromium refuses root without it (CI containers)
        self._process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        endpoint = await asyncio.to_thread(self._read_endpoint)
        self._http = aiohttp.ClientSession()
        self._socket = await self._http.ws_connect(endpoint, max_msg_size=0)
        self._reader = asyncio.create_task(self._read())

    def _read_endpoint(self) -> str:
        assert self._process is not None and self._process.stderr is not None
        seen = []
        deadline = time.monotonic() + 30
        for raw in self._process.stderr:
            line = raw.decode(errors="replace")
            seen.append(line)
            if match := re.search(r"DevTools listening on (ws://\S+)", line):
                # Keep draining stderr so that Chromium never blocks on a full pipe.
                threading_drain(self._process.stderr)
                return match.group(1)
            if time.monotonic() > deadline:
                break
        raise BrowserError("Chromium did not start:\n" + "".join(seen[-20:]))

    async def _read(self) -> None:
        assert self._socket is not None
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    if "error" in data:
                        future.set_exception(BrowserError(f"{data['error']}"))
                    else:
                        future.set_result(data.get("result", {}))
                continue
            method, session = data.get("method"), data.get("sessionId")
            if method == "Fetch.requestPaused":
                asyncio.create_task(self._expose_terminal(data["params"], session))
            for wanted, wanted_session, callback in list(self._listeners):
                if wanted == method and wanted_session in (None, session):
                    callback(data.get("params", {}))

    def listen(self, method: str, session_id: str | None, callback: Callable[[dict[str, Any]], None]) -> Callable[[], None]:
        entry = (method, session_id, callback)
        self._listeners.append(entry)
        return lambda: self._listeners.remove(entry)

    async def _expose_terminal(self, params: dict[str, Any], session: str | None) -> None:
        request_id = params["requestId"]
        body = await self.send("Fetch.getResponseBody", {"requestId": request_id}, session_id=session)
        text = base64.b64decode(body["body"]).decode() if body.get("base64Encoded") else body["body"]
        if TERMINAL_CREATED not in text:
            raise BrowserError("textual-serve's textual.js has changed: cannot expose its terminal to the tests")
        text = text.replace(TERMINAL_CREATED, TERMINAL_EXPOSED, 1)
        await self.send(
            "Fetch.fulfillRequest",
            {
                "requestId": request_id,
                "responseCode": params.get("responseStatusCode", 200),
                "responseHeaders": [h for h in params.get("responseHeaders", []) if h["name"].lower() != "content-length"],
                "body": base64.b64encode(text.encode()).decode(),
            },
            session_id=session,
        )

    async def send(self, method: str, params: dict[str, Any] | None = None, *, session_id: str | None = None) -> dict[str, Any]:
        assert self._socket is not None
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session_id:
            message["sessionId"] = session_id
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self._socket.send_str(json.dumps(message))
        return await asyncio.wait_for(future, 30)

    async def new_page(self) -> Page:
        target = await self.send("Target.createTarget", {"url": "about:blank"})
        attached = await self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        page = Page(self, attached["sessionId"])
        page.target_id = target["targetId"]
        return page

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._socket is not None:
            await self._socket.close()
        if self._http is not None:
            await self._http.close()
        if self._process is not None:
            self._process.terminate()
            try:
                await asyncio.to_thread(self._process.wait, 10)
            except subprocess.TimeoutExpired:
                self._process.kill()
        shutil.rmtree(self._profile, ignore_errors=True)


def threading_drain(stream: Any) -> None:
    import threading

    threading.Thread(target=lambda: [None for _ in stream], daemon=True).start()
