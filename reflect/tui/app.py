"""The reflect app: screens, the store opened off the path to the first paint, and theming."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen

from reflect.paths import settings_file
from reflect.settings import load_settings, save_setting
from reflect.tui.held_keys import HeldKeys
from reflect.tui.messages import ReadyForKeys, StoreReady
from reflect.tui.reports import WritesReports
from reflect.tui.saving import SavesReflections
from reflect.tui.terminal_safety import DropControlCharacters
from reflect.tui.themes import HIGH_CONTRAST

if TYPE_CHECKING:
    from textual.content import Content
    from textual.theme import Theme

    from reflect.model import Reflection
    from reflect.questions import QuestionSet
    from reflect.server_url import Location
    from reflect.services.journal import Journal, Saved, WaitingDrafts
    from reflect.store import Store
    from reflect.tui.flow.screen import ReflectionScreen


def local_now() -> datetime:
    from reflect.model import utc_now

    return utc_now().astimezone()


class ReflectApp(SavesReflections, WritesReports):
    CSS_PATH = "reflect.tcss"
    TITLE = "reflect"
    SUB_TITLE = "Did I support their recovery?"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
    ]

    def __init__(
        self,
        db_path: Location,
        *,
        create_parent: bool = False,
        start_new: bool = False,
        clock: Callable[[], datetime] = local_now,
        settings_path: Path | None = None,
        cursor_blink: bool = True,
        demo: bool = False,
        long_lived: bool = False,
    ) -> None:
        super().__init__()
        self.long_lived = long_lived
        """Run as the program (not one of many apps in a test): once open, it imports the next screens'
        modules and sets aside what it holds from the cycle collector (reflect.tui.long_lived)."""
        self.demo = demo
        """Showing generated demo data (`reflect demo`): every header and the home screen say so."""
        self.db_path = db_path
        self.create_parent = create_parent
        self.start_new = start_new
        self.clock = clock
        """Where "now" comes from; tests and screenshots fix it."""
        self.settings_path = settings_path or settings_file()
        self.store: Store | None = None
        """None until the database has been opened in the background."""
        self.failure: str | None = None
        """Why the app had to stop, for the command line to print after the screen is gone."""
        self.cursor_blink = cursor_blink
        """False in tests and screenshots, so every frame is the same."""
        self.journal: Journal | None = None
        """The practitioner's reflections, saved and recovered through the services layer, once the store is open."""
        self._pending_saves: dict[str, tuple[Reflection, Callable[[Journal], Saved]]] = {}
        """Saves asked for while the database opens: each reflection with how it is to be written."""
        self._terminal_safety = DropControlCharacters()
        self.last_report: Path | None = None
        """The supervision summary written most recently (for tests, and to say where it went)."""
        self.held_keys = HeldKeys(self)
        """Keys typed while a screen opens (see open_reflection_flow), handled once it is ready."""

    def format_title(self, title: str, sub_title: str) -> Content:
        formatted = super().format_title(title, sub_title)
        if not self.demo:
            return formatted
        from textual.content import Content

        return Content.assemble(("DEMO DATA", "reverse bold"), " ", formatted)

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Every line drawn passes through this: nothing typed or stored can command the terminal.
        return [*super().get_line_filters(), self._terminal_safety]

    @cached_property
    def question_set(self) -> QuestionSet:
        """The ten questions, read when first needed rather than on the way to the first paint."""
        from reflect.questions import default_question_set

        return default_question_set()

    def get_default_screen(self) -> Screen[None]:
        # The home screen is the bottom of the stack, composed with the app, rather than pushed over
        # Textual's empty default screen: one screen fewer to build and style before the first paint.
        from reflect.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        saved_theme = load_settings(self.settings_path).get("theme")
        if isinstance(saved_theme, str) and saved_theme in self.available_themes:
            self.theme = saved_theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)

        if self.start_new:
            self.action_new_reflection()
        # Only after the first paint: the database layer is the heaviest import we have.
        self.call_after_refresh(self._open_store)
        self._handle_termination_signals()

    def _handle_termination_signals(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(signal_number, self._closed_abruptly)
        except (NotImplementedError, RuntimeError, AttributeError, ValueError):
            pass  # not on this platform, or not in the main thread (some test runners)

    def _remember_theme(self, theme: Theme) -> None:
        save_setting(self.settings_path, "theme", theme.name)

    def _open_store(self) -> None:
        self.run_worker(self._open_store_in_thread, thread=True, exclusive=True, group="store")

    def _open_store_in_thread(self) -> None:
        from reflect.store import StoreError, open_store

        try:
            store = open_store(self.db_path, create_parent=self.create_parent)
        except StoreError as error:
            self.call_from_thread(self._store_failed, str(error))
            return
        self.call_from_thread(self._store_opened, store)

    def _store_failed(self, message: str) -> None:
        from reflect.services.journal import keep_unsaved

        # Anything answered while the database was opening is kept for the next start.
        kept = keep_unsaved(self.db_path, (reflection for reflection, _ in self._pending_saves.values()))
        if kept:
            message += f" What you had answered is kept in {kept[0].name} and offered back when reflect next opens."
        self.failure = message
        self.exit(return_code=1)

    def _store_opened(self, store: Store) -> None:
        from reflect.services.journal import Journal

        self.store = store
        self.journal = Journal(store, self.db_path)
        for _reflection, write in self._pending_saves.values():
            self._report_refusal(write(self.journal))
        self._pending_saves.clear()
        self.journal.recover_unsaved()
        for screen in self.screen_stack:
            screen.post_message(StoreReady())
        if self.long_lived:
            from reflect.tui.long_lived import settle_in

            self.run_worker(lambda: settle_in(self), thread=True, group="settle-in", exit_on_error=False)
        self._offer_drafts()
        from reflect.tui.screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self._offer_unsaved_edits()  # over the home screen only, as drafts are

    def waiting_drafts(self) -> WaitingDrafts:
        """The newest unfinished reflection from an earlier session (not the one open now), and how many wait."""
        from reflect.services.journal import WaitingDrafts

        if self.journal is None:
            return WaitingDrafts(None, 0)
        return self.journal.waiting(except_uuid=self._open_flow_uuid())

    def _offer_drafts(self) -> None:
        from reflect.tui.screens.home import HomeScreen

        # Only over the home screen: over an open reflection, the dialog's keys would take
        # what is being typed. The home screen keeps offering a waiting draft (key r). The
        # dialog comes only if there is a draft (reading the drafts once, not twice).
        if isinstance(self.screen, HomeScreen):
            self.action_resume_draft()

    def action_resume_draft(self) -> None:
        from reflect.tui.drafts import offer_waiting_draft

        offer_waiting_draft(self)

    def _open_flow_uuid(self) -> str | None:
        flow = self._open_flow()
        return flow.reflection.uuid if flow is not None else None

    # Keys typed while a screen opens, and pastes checked before a field takes them ---------------

    async def on_event(self, event: events.Event) -> None:
        if self.held_keys.took(event):
            return
        if isinstance(event, events.Paste) and not event.is_forwarded:
            from reflect.tui.pasting import checked_paste

            checked = checked_paste(self, event)
            if checked is None:
                return
            event = checked
        await super().on_event(event)

    async def on_ready_for_keys(self, _message: ReadyForKeys) -> None:
        await self.held_keys.let_through()

    # Navigation ------------------------------------------------------------------------------

    def action_new_reflection(self) -> None:
        from reflect.service import new_reflection

        self.open_reflection_flow(new_reflection(self.question_set, self.clock()))

    def open_reflection_flow(self, reflection: Reflection, *, resumed: bool = False) -> None:
        """A new reflection, or (resumed) a draft from an earlier session."""
        from reflect.tui.flow import ReflectionScreen

        self.held_keys.hold()
        self.push_screen(ReflectionScreen(reflection, resumed=resumed))

    def action_history(self) -> None:
        from reflect.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_patterns(self) -> None:
        from reflect.tui.patterns import PatternsScreen

        if not isinstance(self.screen, PatternsScreen):
            self.push_screen(PatternsScreen())

    def action_home(self) -> None:
        from reflect.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):  # home is the bottom
            self.pop_screen()
        self.refresh_home()

    def refresh_home(self) -> None:
        from reflect.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.reload()

    def _open_flow(self) -> ReflectionScreen | None:
        # No reflection can be open before its screen's module is imported: looking costs nothing
        # then, where importing the whole flow (TextArea and all) just to look, as the store opens, would.
        flow = sys.modules.get("reflect.tui.flow.screen")
        if flow is None:
            return None
        return next((screen for screen in self.screen_stack if isinstance(screen, flow.ReflectionScreen)), None)

    async def action_quit(self) -> None:
        """Quit; a new reflection is kept as a draft, an edit with changes asks first."""
        flow = self._open_flow()
        if flow is None:
            self.exit()
        elif flow.editing:
            flow.ask_before_leaving(then=self.exit)
        else:
            flow.write_pending()
            self.exit()

    def _closed_abruptly(self) -> None:
        """The terminal went away (SIGHUP) or we were told to stop (SIGTERM): keep what was typed."""
        flow = self._open_flow()
        if flow is not None:
            flow.write_pending()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # While a reflection is open, leaving it goes through its own Close (Escape), which
        # asks before anything is lost; the palette offers no way round that.
        if self._open_flow() is None:
            yield SystemCommand("New reflection", "Reflect on an interaction you have just had", self.action_new_reflection)
            yield SystemCommand("History", "All your reflections: read, edit or delete them", self.action_history)
            yield SystemCommand("Patterns", "How your practice looks over weeks and months", self.action_patterns)
            yield SystemCommand(
                "Supervision report",
                "Write a summary of the last 4 weeks to bring to supervision (an HTML file; r on Patterns for other periods)",
                self.action_report,
            )
            yield SystemCommand("Home", "Back to the home screen", self.action_home)
        yield SystemCommand(
            "High-contrast theme", "White on black with a yellow focus colour", lambda: setattr(self, "theme", HIGH_CONTRAST.name)
        )
        yield SystemCommand("Keys", "The keys of this screen, including those the footer has no room for", lambda: self.show_keys(screen))
        # Textual's own "Keys" lists a widget's generic keys in a panel Escape does not close.
        yield from (command for command in super().get_system_commands(screen) if command.title != "Keys")

    def show_keys(self, screen: Screen[object]) -> None:
        """The keys reflect gives `screen`, in a dialog that Escape closes."""
        from reflect.tui.dialogs.keys import KeysDialog, screen_keys

        title = screen.sub_title or screen.title or self.title
        self.push_screen(KeysDialog(str(title), screen_keys(screen)))

    async def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()
