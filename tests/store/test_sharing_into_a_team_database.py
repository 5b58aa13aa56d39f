"""A practitioner's role sharing into a team database on a server writes their own bundle and nothing
else: opening it to share never rewrites the rows already there, even on the role's first visit."""

from __future__ import annotations

from reflect.server_url import ServerURL
from reflect.store import TeamBundle, open_store
from tests.helpers.engines import rows
from tests.helpers.postgres import Server, server_or_skip
from tests.helpers.postgres_roles import as_role, login_roles
from tests.store.test_store_supervision import practitioner, reflection


def row_versions(url: str) -> list[tuple[str, str]]:
    """Each reflection's id with the version of its row (xmin: it changes whenever the row is rewritten)."""
    return sorted((row[0], str(row[1])) for row in rows(ServerURL(url), "SELECT id, xmin FROM reflection"))


def test_a_roles_first_opening_of_a_team_database_to_share_into_rewrites_nothing_there(
    postgres_url_at_head: str, postgres_server: Server | str
) -> None:
    team = open_store(ServerURL(postgres_url_at_head), team=True)
    team.import_bundles([TeamBundle(practitioner("Ana"), [reflection(days=1), reflection(days=2)])])
    team.close()
    before = row_versions(postgres_url_at_head)

    with login_roles(server_or_skip(postgres_server), 1, [postgres_url_at_head]) as ((role, password),):
        open_store(ServerURL(as_role(postgres_url_at_head, role, password)), team=True, existing_team=True).close()

    assert row_versions(postgres_url_at_head) == before


def test_rebuilding_the_figures_of_a_team_database_keeps_each_practitioners_sums_owned_by_them(
    postgres_url_at_head: str, postgres_server: Server | str
) -> None:
    # The superuser passes by row-level security, as the tables' owner would: its rebuild reads every
    # practitioner's reflections, and must write their sums as theirs, not make them its own.
    team = open_store(ServerURL(postgres_url_at_head), team=True)
    team.close()
    with login_roles(server_or_skip(postgres_server), 2, [postgres_url_at_head]) as roles:
        for (role, password), (name, pid) in zip(roles, (("Ana", "aaaaaaaa-0000-4000-8000-000000000001"), ("Ben", "bbbbbbbb-0000-4000-8000-000000000002"))):
            theirs = open_store(ServerURL(as_role(postgres_url_at_head, role, password)), team=True, existing_team=True)
            theirs.import_bundles([TeamBundle(practitioner(name, pid=pid), [reflection(days=1), reflection(days=2)])])
            theirs.close()
        before = sorted(rows(ServerURL(postgres_url_at_head), "SELECT owner, span, period, practitioner, kind, reflections FROM answer_rollup"))
        team = open_store(ServerURL(postgres_url_at_head), team=True)
        try:
            team.rebuild_rollup()
        finally:
            team.close()
        after = sorted(rows(ServerURL(postgres_url_at_head), "SELECT owner, span, period, practitioner, kind, reflections FROM answer_rollup"))
        owners = {row[0] for row in after}
    assert after == before
    assert owners == {role for role, _ in roles}
