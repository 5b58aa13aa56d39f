"""The practitioner's own app on a PostgreSQL server: the same keys save the same reflection there, and
one that cannot be saved is kept in a recovery file in the user data folder (a server has no folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from reflect.model import Response
from reflect.paths import data_dir, local_file_for
from reflect.questions import default_question_set
from reflect.recovery import recovery_files
from reflect.server_url import ServerURL
from reflect.store import Store, StoreError, open_store
from tests.helpers.app import wait_for_store

KEYS = default_question_set().keys


async def test_a_reflection_made_in_the_app_on_a_server_is_saved_there(make_app, postgres_url: str) -> None:
    url = ServerURL(postgres_url)
    app = make_app(db=url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        await pilot.press("n", "enter", "y", "p", "n", "ctrl+s")
        await wait_for_store(pilot)
        await pilot.press("ctrl+q")
    store = open_store(url)
    try:
        (saved,) = store.list_reflections()
    finally:
        store.close()
    assert [saved.response_for(key) for key in KEYS[:3]] == [Response.YES, Response.PARTLY, Response.NO]


async def test_the_welcome_on_a_server_says_where_reflections_are_kept_not_this_computer(make_app, postgres_url: str) -> None:
    app = make_app(db=ServerURL(postgres_url))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        welcome = str(app.screen.query_one("#welcome", Static).content)
    assert "stays on this computer" not in welcome
    assert "kept on your organisation's PostgreSQL server at 127.0.0.1, not on this computer" in welcome


async def test_a_save_the_server_refuses_is_kept_in_the_data_folder_without_the_password(
    make_app, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = ServerURL(postgres_url.replace("postgres@", "postgres:s3cret@", 1))
    app = make_app(db=url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)

        def refused(self, reflections, **_options):  # type: ignore[no-untyped-def]
            raise StoreError("Could not use the server: the PostgreSQL server closed the connection")

        monkeypatch.setattr(Store, "save_checked", refused)
        monkeypatch.setattr(Store, "save_many", refused)
        await pilot.press("n", "enter", "y", "ctrl+s")
        await wait_for_store(pilot)
        await pilot.press("ctrl+q")
    (kept,) = recovery_files(local_file_for(url))
    assert kept.parent == data_dir() and "s3cret" not in kept.name
    assert Path(kept).stat().st_mode & 0o077 == 0
