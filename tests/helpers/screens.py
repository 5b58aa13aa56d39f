"""A participant's screen as a simulated browser sees it: the text textual-serve sends, without escapes."""

from __future__ import annotations

import asyncio
import json
import re

import aiohttp

from tests.helpers.sessions import wait_until

ESCAPES = re.compile(rb"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78MDEc])")


class Screen:
    """What one participant's app has drawn, read (as a browser does) until the session ends."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.text = ""
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while True:
            message = await self.websocket.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                self.text += ESCAPES.sub(b"", message.data).decode("utf-8", "replace")
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                return

    def mark(self) -> int:
        """Where the screen's text is now: `shows(..., since=mark)` looks only at what came after."""
        return len(self.text)

    async def press(self, keys: str) -> None:
        await self.websocket.send_str(json.dumps(["stdin", keys]))

    async def shows(self, words: str, timeout: float = 10, *, since: int | None = None) -> None:
        """Wait until `words` is drawn after `since` (default: now); spaces may be drawn as cursor moves."""
        start = self.mark() if since is None else since
        pattern = re.compile(r"\s*".join(re.escape(word) for word in words.split()))
        await wait_until(lambda: pattern.search(self.text, start) is not None, timeout, f"the participant's screen shows {words!r}")

    async def close(self) -> None:
        await self.websocket.close()
        await asyncio.gather(self.reader, return_exceptions=True)
