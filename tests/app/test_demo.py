"""The demo in the app: every screen's header says it shows demo data. (`reflect demo` itself: tests/unit/test_demo.py.)"""

from __future__ import annotations

from pathlib import Path

from reflect.demo import practice_reflections
from reflect.questions import default_question_set
from tests.helpers.environment import FIXED_NOW

QUESTIONS = default_question_set()


async def test_every_header_says_demo_data(tmp_path: Path, db_path: Path) -> None:
    from textual.widgets import Header

    from reflect.store import open_store
    from reflect.tui.app import ReflectApp
    from reflect.tui.settle import settled

    store = open_store(db_path)
    store.save_many(practice_reflections(QUESTIONS, FIXED_NOW, count=20))
    store.close()
    app = ReflectApp(db_path, clock=lambda: FIXED_NOW, settings_path=tmp_path / "settings.json", cursor_blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert app.screen.query_one("#demo-banner")
        for keys in ([], ["t"], ["escape", "h"], ["escape", "n"]):
            await pilot.press(*keys)
            await settled(pilot)
            assert str(app.screen.query_one(Header).format_title()).startswith("DEMO DATA"), keys
