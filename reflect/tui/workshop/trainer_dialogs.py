"""What the trainer's view opens over the room: the join code, and the vignette for a new round."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reflect.tui.dialogs.base import Dialog
from reflect.tui.widgets.footer import Footer
from reflect.tui.widgets.header import Header

if TYPE_CHECKING:
    from reflect.workshop.store import WorkshopStore
    from reflect.workshop.vignettes import Vignette

QR_STYLE = "#ffffff on #000000"
"""The code is drawn white on black whatever the theme, so a camera reads it on any screen."""


class JoinCodeScreen(Screen[None]):
    """The join link as a QR code, big enough to project; or how to start sharing one."""

    DEFAULT_CSS = """
    JoinCodeScreen #join-code-body {
        align: center middle;
        height: 1fr;
    }
    JoinCodeScreen #join-code {
        width: auto;
        height: auto;
    }
    JoinCodeScreen #join-text {
        width: 100%;
        max-width: 90;
        height: auto;
        margin-top: 1;
        padding: 0 2;
    }
    """
    BINDINGS = [Binding("escape,j,q", "dismiss", "Back to the room")]

    def __init__(self, store: WorkshopStore, db_path: Path, poll_seconds: float) -> None:
        super().__init__()
        self.store = store
        self.db_path = db_path
        self.poll_seconds = poll_seconds
        self._link: str | None = ""

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="join-code-body"):
            yield Static(id="join-code")
            yield Static(id="join-text")
        yield Footer()

    def on_mount(self) -> None:
        self.show_code()
        self.set_interval(self.poll_seconds, self.show_code)

    def show_code(self) -> None:
        """The code of the link `reflect serve` shares now (it may start or stop while this is open)."""
        from reflect.workshop.join_code import qr_lines

        serving = self.store.serving()
        link = serving.link if serving else None
        if link == self._link:
            return
        self._link = link
        code = self.query_one("#join-code", Static)
        if link is None:
            code.display = False
            self.query_one("#join-text", Static).update(
                Content(
                    "No `reflect serve` is sharing this workshop just now. Start one in another terminal "
                    f"(reflect serve --db {self.db_path} --host 0.0.0.0) and its join code appears here.\n\n"
                    f"Participants with reflect installed join with: reflect workshop join --db {self.db_path}"
                )
            )
            return
        code.display = True
        code.update(Text("\n".join(qr_lines(link)), style=QR_STYLE, no_wrap=True))
        self.query_one("#join-text", Static).update(Content(f"Scan with a phone's camera, or open {link}"))


class VignettePickerDialog(Dialog["Vignette | None"]):
    """Which vignette the next round is on (Escape: no new round)."""

    DEFAULT_CSS = """
    VignettePickerDialog OptionList {
        height: auto;
        max-height: 12;
    }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, vignettes: list[Vignette], next_round: int) -> None:
        super().__init__()
        self.vignettes = vignettes
        self.next_round = next_round

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(f"Round {self.next_round}: which case?"), classes="dialog-title")
            yield OptionList(*(Option(Content(f"{each.title} ({each.setting})"), id=each.id) for each in self.vignettes))
            yield Static(Content("Enter chooses; Escape goes back to the room."), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(each for each in self.vignettes if each.id == event.option.id))
