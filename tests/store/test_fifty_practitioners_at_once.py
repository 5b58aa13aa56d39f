"""Fifty practitioners at once on one PostgreSQL server, each connected as their own database role: every
one saves reflections into one database of practitioners' stores and shares a bundle (then a newer one
of the same period) into one team database, all at the same moment over loopback. Every write lands:
every reflection is there, the answer rollup is what a rebuild from the rows makes, and each
practitioner's bundle is held once."""

from __future__ import annotations

import random
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from reflect.exchange.bundle import make_bundle
from reflect.model import Answer, Reflection, Response
from reflect.questions import default_question_set
from reflect.server_url import ServerURL
from reflect.services.sharing import PreparedBundle, submit_bundle
from reflect.store import open_store
from tests.helpers.postgres import Server, server_or_skip
from tests.helpers.postgres_roles import as_role, login_roles
from tests.helpers.rollup import kept_and_rebuilt

PRACTITIONERS = 50
SAVED_ONE_BY_ONE = 2
SAVED_TOGETHER = 5
QUESTIONS = default_question_set()
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
RESPONSES = (Response.YES, Response.PARTLY, Response.NO, Response.NOT_APPLICABLE)
WAIT_LIMIT_S = 60


def their_reflections(number: int) -> list[Reflection]:
    """A practitioner's reflections over the fortnight, on days and with answers of their own."""
    chosen = random.Random(number)
    made = []
    for _ in range(SAVED_ONE_BY_ONE + SAVED_TOGETHER):
        moment = START + timedelta(days=chosen.randrange(14), minutes=chosen.randrange(600))
        answers = {key: Answer(chosen.choice(RESPONSES)) for key in QUESTIONS.keys}
        made.append(Reflection(
            uuid=str(uuid.UUID(int=chosen.getrandbits(128), version=4)), question_set_id=QUESTIONS.id, question_set_version=1,
            occurred_at=moment, created_at=moment, updated_at=moment, answers=answers,
        ))  # fmt: skip
    return made


def bundle_of(reflections: list[Reflection], practitioner_id: str, name: str, made_at: datetime) -> PreparedBundle:
    """Their bundle of the fortnight, as `reflect share` prepares it from their own reflections."""
    end = START + timedelta(days=14)
    document = make_bundle(
        reflections, QUESTIONS, practitioner_id=practitioner_id, name=name, start=START, end=end, include_notes=False,
        person_codes=set(), now=made_at, dated_by="day",
    )  # fmt: skip
    return PreparedBundle(document, name, practitioner_id, "the fortnight")


def set_up(stores: str) -> None:
    open_store(ServerURL(stores)).close()


def practitioner(number: int, stores: str, team: str, started: threading.Barrier) -> list[str]:
    """One practitioner's morning: their saves, one by one and then several together, and their bundle
    shared twice (the second, newer, replaces the first). What became of each bundle."""
    mine = their_reflections(number)
    practitioner_id, name = str(uuid.uuid4()), f"Practitioner {number}"
    started.wait(WAIT_LIMIT_S)
    store = open_store(ServerURL(stores))
    try:
        for reflection in mine[:SAVED_ONE_BY_ONE]:
            store.save_checked(reflection)
        store.save_many(mine[SAVED_ONE_BY_ONE:])
    finally:
        store.close()
    shared = open_store(ServerURL(team), team=True, existing_team=True)
    try:
        now = datetime.now(UTC)
        return [
            submit_bundle(shared, bundle_of(mine, practitioner_id, name, now)).outcome,
            submit_bundle(shared, bundle_of(mine, practitioner_id, name, now + timedelta(seconds=1))).outcome,
        ]
    finally:
        shared.close()


def test_fifty_practitioners_saving_and_sharing_at_once_each_as_their_own_role_land_every_write(postgres_server: Server | str) -> None:
    server = server_or_skip(postgres_server)
    with server.database(at_head=True) as stores, server.database(at_head=True) as team:
        open_store(ServerURL(team), team=True).close()
        with login_roles(server, PRACTITIONERS, [stores, team]) as roles:
            started = threading.Barrier(PRACTITIONERS)
            with ThreadPoolExecutor(PRACTITIONERS) as pool:
                # Each practitioner was set up on an earlier day, and opened their store then (with
                # nothing in it yet): a role's first opening writes a setting of its own (the order of
                # its answer codes, kept per role since the owner column) and, not finding one,
                # rewrites the answer codes of every row it can see. Fifty first openings at once of a
                # database that holds rows deadlock on those rewrites; every later opening finds its
                # setting and writes nothing. (Opening a team database to share into never rewrites.)
                for each in [pool.submit(set_up, as_role(stores, *role)) for role in roles]:
                    each.result(WAIT_LIMIT_S)
                running = [
                    pool.submit(practitioner, number, as_role(stores, *role), as_role(team, *role), started)
                    for number, role in enumerate(roles)
                ]
                outcomes = [each.result(WAIT_LIMIT_S) for each in running]

        assert outcomes == [["added", "replaced"]] * PRACTITIONERS
        everyone = [r.uuid for number in range(PRACTITIONERS) for r in their_reflections(number)]
        saved = open_store(ServerURL(stores))
        try:
            assert sorted(r.uuid for r in saved.list_reflections()) == sorted(everyone)
            assert len(everyone) == PRACTITIONERS * (SAVED_ONE_BY_ONE + SAVED_TOGETHER)
            kept, rebuilt = kept_and_rebuilt(saved)
            assert kept == rebuilt
        finally:
            saved.close()
        collected = open_store(ServerURL(team), team=True)
        try:
            bundles = collected.bundles()
            assert len(bundles) == len({b.practitioner_id for b in bundles}) == PRACTITIONERS
            assert {b.reflections for b in bundles} == {SAVED_ONE_BY_ONE + SAVED_TOGETHER}
            assert len(collected.practitioners()) == PRACTITIONERS
            kept, rebuilt = kept_and_rebuilt(collected)
            assert kept == rebuilt
        finally:
            collected.close()
