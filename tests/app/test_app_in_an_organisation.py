"""The practitioner's own app on an organisation's shared database: the same keys save a reflection that
is the practitioner's alone, and the app reaches nothing of another practitioner's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reflect.server_url import ServerURL
from tests.helpers.app import wait_for_store
from tests.helpers.organisation import Organisation, copy_of, organisation_on
from tests.helpers.postgres import Server, server_or_skip


@pytest.fixture(scope="module")
def organisation(postgres_server: Server | str) -> Iterator[Organisation]:
    with organisation_on(server_or_skip(postgres_server)) as made:
        yield made


@pytest.fixture
def own_organisation(organisation: Organisation) -> Iterator[Organisation]:
    with copy_of(organisation) as made:
        yield made


async def test_a_reflection_bob_makes_in_the_app_is_his_and_the_app_shows_him_only_his_own(make_app, own_organisation: Organisation) -> None:
    alices = own_organisation.owned("alice")
    app = make_app(db=ServerURL(own_organisation.url("bob")))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_store(pilot)
        store = app.store
        assert store is not None and store.reflection_count() == 4
        await pilot.press("n", "enter", "y", "p", "n", "ctrl+s")
        await wait_for_store(pilot)
        assert store.reflection_count() == 5
        assert {one.uuid for one in store.history_page([], limit=50)} == {
            str(row[0]) for row in own_organisation.rows("SELECT id FROM reflection WHERE owner = %s", own_organisation.names["bob"])
        }
        await pilot.press("ctrl+q")
    assert own_organisation.rows("SELECT owner, count(*) FROM reflection GROUP BY owner ORDER BY owner") == [
        (own_organisation.names["alice"], 3), (own_organisation.names["bob"], 5),
    ]  # fmt: skip
    assert own_organisation.owned("alice") == alices
