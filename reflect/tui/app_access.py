"""How a screen or widget of reflect reaches its app, typed, without importing the app at run time.

The app imports its screens; were the screens to import the app back, each would load all of
it (and every screen with it) and the imports would loop. Under TYPE_CHECKING only, the app's
class gives the checker its attributes (`store`, `clock`, `question_set`, the save verbs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.app import App

    from reflect.store import Store
    from reflect.tui.app import ReflectApp


class UsesReflectApp:
    """Mixed into a Screen or Widget (before it in the bases) of ReflectApp."""

    if TYPE_CHECKING:
        # MessagePump's own attribute, declared for the checker: the mixin is only used with one.
        app: App[object]

    @property
    def reflect_app(self) -> ReflectApp:
        return cast("ReflectApp", self.app)

    @property
    def opened_store(self) -> Store:
        """The store, for code that runs only once it is open (on StoreReady, or after a check for None)."""
        store = self.reflect_app.store
        assert store is not None, "the store is not open yet"
        return store
