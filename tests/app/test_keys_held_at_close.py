"""Keys typed while a reflection opens, still held when the app closes, go with it: no traceback."""

from __future__ import annotations

from textual.events import Key


async def test_keys_still_held_when_the_app_has_closed_are_let_go_quietly(make_app) -> None:
    """As when `n` and the first answers are typed and the terminal closes before the reflection opens
    (on a busy machine, the second before the held keys are let through can outlast the app)."""
    app = make_app()
    async with app.run_test(size=(80, 24)):
        app.held_keys.hold()
        for key in ("enter", "y", "p"):
            assert app.held_keys.took(Key(key, None))

    await app.held_keys.let_through()  # the app's screens are gone: the keys have nowhere to go
