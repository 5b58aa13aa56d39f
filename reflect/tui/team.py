"""The team view: a supervisor's look at the bundles practitioners shared, side by side (`reflect team`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from reflect.paths import settings_file
from reflect.settings import load_settings, save_setting
from reflect.tui.screens.team import TeamScreen
from reflect.tui.themes import HIGH_CONTRAST

if TYPE_CHECKING:
    from reflect.server_url import Location
    from reflect.store import Store


class TeamApp(App[None]):
    """`reflect team --db TEAM.db`: the team database opened in the background, one screen."""

    CSS_PATH = "reflect.tcss"
    TITLE = "reflect · team"
    SUB_TITLE = "What your team shared for supervision"

    def __init__(self, db_path: Location, *, settings_path: Path | None = None, cursor_blink: bool = True) -> None:
        super().__init__()
        self.db_path = db_path
        self.settings_path = settings_path or settings_file()
        self.cursor_blink = cursor_blink
        self.store: Store | None = None
        """None until the team database has been opened in the background."""
        self.failure: str | None = None

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        saved_theme = load_settings(self.settings_path).get("theme")
        if isinstance(saved_theme, str) and saved_theme in self.available_themes:
            self.theme = saved_theme
        self.theme_changed_signal.subscribe(self, lambda theme: save_setting(self.settings_path, "theme", theme.name))
        self.push_screen(TeamScreen())
        self.run_worker(self._open_store, thread=True, group="store")

    def _open_store(self) -> None:
        from reflect.store import StoreError, open_store

        try:
            store = open_store(self.db_path, team=True)
        except StoreError as error:
            self.call_from_thread(self._failed, str(error))
            return
        self.call_from_thread(self._opened, store)

    def _failed(self, message: str) -> None:
        self.failure = message
        self.exit(return_code=1)

    def _opened(self, store: Store) -> None:
        self.store = store
        if isinstance(self.screen, TeamScreen):
            self.screen.load()

    async def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
