"""The served participant app in a real browser: screenshots/served.png for the README.

    python screenshots/served.py            # screenshots/served.png, 1000x600
    python screenshots/served.py --phone    # a phone in portrait (390x844), to a temporary file

Creates a throwaway workshop, starts `reflect serve` on loopback, opens the join link in headless
Chromium (Debian's `chromium`), answers two questions and takes a picture of the third. Uses a
temporary folder for everything, never your own data.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the tests' DevTools client and serve runner (tests.helpers)

from tests.helpers.browser import Chromium, find_browser  # noqa: E402
from tests.helpers.environment import isolated_env  # noqa: E402
from tests.helpers.served import make_workshop, start_serve  # noqa: E402

PHONE = (390, 844)


async def main(phone: bool) -> int:
    executable = find_browser()
    if executable is None:
        print("No Chromium found: install Debian's chromium (apt-get install chromium).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="reflect-shot-") as folder:
        root = Path(folder)
        workshop = make_workshop(root / "community-cafe.workshop.db", "community-cafe")
        served = start_serve("--db", str(workshop), env=isolated_env(root), cwd=root)
        browser = Chromium(executable)
        await browser.start()
        try:
            page = await browser.new_page()
            width, height = PHONE if phone else (1000, 600)
            assert await page.open(served.link, width=width, height=height) == 200
            await page.wait_for_text("Answer the questions", timeout=30)
            await page.press("enter")
            await page.wait_for_text("Question 1 of 10")
            await page.press("y", "p")
            await page.wait_for_text("Question 3 of 10")
            await asyncio.sleep(1)  # let the last frame and the fade-in finish
            target = await page.screenshot(Path(tempfile.gettempdir()) / "served-phone.png" if phone else HERE / "served.png")
            print(f"wrote {target}")
        finally:
            await browser.close()
            served.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(phone="--phone" in sys.argv[1:])))
