"""One reflection, read in full; edit or delete it from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reflect.display import visible
from reflect.model import Reflection
from reflect.service import FLAG_SYMBOL, practice_labels
from reflect.services.feedback import comments_on
from reflect.tui.app_access import UsesReflectApp
from reflect.tui.messages import StoreReady
from reflect.tui.render import answers_list
from reflect.tui.widgets.footer import Footer
from reflect.tui.widgets.header import Header

if TYPE_CHECKING:
    from reflect.store.feedback import ReceivedComment

DETAIL_WHEN = "%A %d %B %Y, %H:%M"


class DetailScreen(UsesReflectApp, Screen[None]):
    CSS_PATH = "reading.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("d", "delete", "Delete", id="delete"),
        Binding("f", "flag(True)", "Flag for supervision", id="flag"),
        Binding("f", "flag(False)", "Unflag", id="unflag"),
    ]

    def __init__(self, uuid: str) -> None:
        super().__init__()
        self.uuid = uuid
        self.reflection: Reflection | None = None
        self.comments: list[ReceivedComment] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield VerticalScroll(id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Reflection"
        self.load()

    def on_store_ready(self, _event: StoreReady) -> None:
        self.load()

    def load(self) -> None:
        from reflect.store import StoreError

        store = self.reflect_app.store
        if store is None:
            return
        try:
            self.reflection = store.get(self.uuid)
            self.comments = comments_on(store, self.uuid) if self.reflection is not None else []
        except StoreError as error:
            self.app.notify(str(error), title="Could not read the reflection", severity="warning", markup=False)
            return
        body = self.query_one("#detail-body", VerticalScroll)
        body.remove_children()
        if self.reflection is None:
            body.mount(Static("This reflection is no longer here. Press Escape to go back."))
            return
        body.mount_all(self._widgets_for(self.reflection))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "flag":
            return self.reflection is not None and self.reflection.flagged != parameters[0]
        return True

    def action_flag(self, flagged: bool) -> None:
        """Flag the reflection to bring to supervision, or take the flag off."""
        if self.reflection is None:
            return
        self.reflection.flagged = flagged
        if self.reflect_app.finish_reflection(self.reflection):
            self.app.notify("Flagged for supervision." if flagged else "The flag is off.")
        self.load()

    def _widgets_for(self, reflection: Reflection) -> list[Static]:
        question_set = self.reflect_app.question_set
        colours = self.app.theme_variables
        facts = [f"{reflection.occurred_at:{DETAIL_WHEN}}"]
        if reflection.kind:
            facts.append(reflection.kind_label)
        if reflection.person_code:
            facts.append(f"person {reflection.person_code}")
        if reflection.duration_minutes:
            facts.append(f"{reflection.duration_minutes} min")
        widgets = [Static(Content(visible(" · ".join(facts))), classes="detail-facts")]
        if reflection.flagged:
            widgets.append(Static(Content(f"{FLAG_SYMBOL} Flagged for supervision (f to unflag)"), classes="detail-flag"))
        if reflection.tags:
            widgets.append(Static(Content(visible("Tags: " + ", ".join(reflection.tags))), classes="detail-tags"))
        widgets.append(Static(answers_list(reflection, question_set, colours), classes="detail-answers"))
        for title, text in (
            ("What happened?", reflection.what_happened),
            ("So what?", reflection.so_what),
            ("Now what?", reflection.now_what),
            ("Commitment for next time", reflection.commitment),
        ):
            if text.strip():
                widgets.append(Static(Content.assemble((title, "bold"), "\n", visible(text)), classes="detail-text"))
        about = practice_labels(reflection, question_set)
        if about and reflection.commitment.strip():
            widgets.append(Static(Content(f"The commitment is about: {about}."), classes="hint"))
        for comment in self.comments:
            # The supervisor's words, as they wrote them, with the session they come from.
            said = f"From supervision, {comment.held_on.day} {comment.held_on:%b %Y} (with {', '.join(comment.attendees)})"
            widgets.append(Static(Content.assemble((visible(said), "bold"), "\n", visible(comment.text)), classes="detail-text detail-comment"))
        widgets.append(
            Static(
                Content(f"Written {reflection.created_at.astimezone():%d %b %Y %H:%M}"
                        + (f", last edited {reflection.updated_at.astimezone():%d %b %Y %H:%M}" if reflection.updated_at != reflection.created_at else "")
                        + f" · id {reflection.uuid[:8]}"),
                classes="hint",
            )
        )
        return widgets

    def action_edit(self) -> None:
        if self.reflection is None:
            return
        from reflect.tui.flow import ReflectionScreen

        self.app.push_screen(ReflectionScreen(self.reflection, editing=True), lambda _saved: self.load())

    def action_delete(self) -> None:
        if self.reflection is None:
            return
        from reflect.tui.dialogs import confirm_delete

        def deleted() -> None:
            self.reflect_app.refresh_home()
            self.dismiss(None)

        confirm_delete(self.reflect_app, self.reflection, then=deleted)
