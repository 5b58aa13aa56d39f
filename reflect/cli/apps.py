"""Running one of reflect's Textual apps from a command, and saying why it had to stop if it did."""

from __future__ import annotations

from typing import Protocol

from reflect.cli.errors import EXIT_OK, Failure


class ClosableApp(Protocol):
    """What a command needs of an app: run it, then read why it stopped early (None if it did not)."""

    @property
    def failure(self) -> str | None: ...

    def run(self) -> object: ...


def run_until_closed(app: ClosableApp) -> int:
    """Run the app until the practitioner closes it; an app that had to stop (a database it could not open) fails."""
    app.run()
    if app.failure:
        raise Failure(app.failure)
    return EXIT_OK
