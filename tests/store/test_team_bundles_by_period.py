"""The store keeps a practitioner's bundles by period: another period is added, only a newer bundle of
the same period replaces one, and a reflection shared in two bundles is held once, as the newer has it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from reflect.model import Answer, Response
from reflect.store import TeamBundle, open_store
from tests.store.test_store_supervision import BASE, practitioner, reflection


@pytest.fixture
def team(db_path: Path):  # type: ignore[no-untyped-def]
    opened = open_store(db_path, team=True)
    yield opened
    opened.close()


def of_period(days: int, *, hours: int = 0):  # type: ignore[no-untyped-def]
    """Sam's bundle of the four weeks starting `days` after BASE, made `hours` after the first one."""
    made = practitioner(hours=hours)
    return replace(made, period_start=BASE + timedelta(days=days), period_end=BASE + timedelta(days=days + 28))


def test_a_bundle_of_another_period_is_added_beside_the_one_held(team) -> None:
    team.import_bundles([TeamBundle(of_period(28), [reflection(days=30)])])

    ((_, outcome),) = team.import_bundles([TeamBundle(of_period(0, hours=1), [reflection(days=1), reflection(days=2)])])

    assert outcome == "added period"
    assert sorted(b.reflections for b in team.bundles()) == [1, 2]
    assert [p.reflections for p in team.practitioners()] == [3]


def test_a_newer_bundle_of_the_same_period_replaces_only_that_one(team) -> None:
    team.import_bundles([TeamBundle(of_period(0), [reflection(days=1)]), TeamBundle(of_period(28, hours=1), [reflection(days=30)])])
    newer = of_period(0, hours=2)

    ((_, outcome),) = team.import_bundles([TeamBundle(newer, [reflection(days=1), reflection(days=3)])])

    assert outcome == "replaced"
    assert sorted((b.id == newer.bundle_id, b.reflections) for b in team.bundles()) == [(False, 1), (True, 2)]


def test_a_reflection_shared_in_two_bundles_is_held_once_as_the_newer_bundle_has_it(team) -> None:
    shared = reflection(days=27, uuid_text="aaaaaaaa-0000-4000-8000-000000000001")
    later = replace(shared, answers={"hope": Answer(Response.NO)})
    team.import_bundles([TeamBundle(of_period(14, hours=5), [later])])  # the newer bundle, imported first

    team.import_bundles([TeamBundle(of_period(0, hours=1), [shared])])

    (held,) = team.list_reflections()
    assert held.response_for("hope") is Response.NO
    assert sorted(b.reflections for b in team.bundles()) == [0, 1]


def test_removing_a_practitioner_takes_every_bundle_of_theirs(team) -> None:
    team.import_bundles([TeamBundle(of_period(0), [reflection(days=1)]), TeamBundle(of_period(28, hours=1), [reflection(days=30)])])

    assert team.remove_practitioner(practitioner().id)

    assert team.bundles() == [] and team.practitioners() == [] and team.list_reflections() == []


def test_each_practitioners_flagged_reflections_come_back_whole_with_answers_tags_and_links(team) -> None:
    flagged = reflection(days=1, flagged=True, tags=["housing", "college"], commitment="Ask first", commitment_questions=["hope"])
    with_a_flagged_note = reflection(days=2, answers={"hope": Answer(Response.PARTLY, "her words", flagged=True)})
    plain = reflection(days=3)
    team.import_bundles([TeamBundle(of_period(0), [flagged, with_a_flagged_note, plain])])

    (held,) = team.flagged_by_practitioner().values()

    assert [r.uuid for r in held] == [flagged.uuid, with_a_flagged_note.uuid]  # oldest first, the plain one left out
    assert (held[0].tags, held[0].commitment_questions, held[0].flagged) == (["college", "housing"], ["hope"], True)
    assert held[1].answers == {"hope": Answer(Response.PARTLY, "her words", flagged=True)}


def test_withdrawing_a_bundle_takes_it_and_its_reflections_out_and_the_newest_left_describes_them(team) -> None:
    from tests.helpers.rollup import kept_and_rebuilt

    older, newer = of_period(0), of_period(28, hours=1)
    team.import_bundles([TeamBundle(older, [reflection(days=1), reflection(days=2)]), TeamBundle(newer, [reflection(days=30)])])

    assert team.withdraw_bundles(practitioner().id, [newer.bundle_id]) == 1

    assert [(b.id, b.reflections) for b in team.bundles()] == [(older.bundle_id, 2)]
    (left,) = team.practitioners()
    assert (left.bundle_id, left.reflections, left.period_end) == (older.bundle_id, 2, older.period_end)
    kept, rebuilt = kept_and_rebuilt(team)
    assert kept == rebuilt


def test_withdrawing_their_last_bundle_takes_the_practitioner_out_and_leaves_everyone_else(team) -> None:
    ana = replace(practitioner("Ana", pid="22222222-0000-4000-8000-000000000002"), bundle_id="ana-bundle")
    sam = practitioner()
    team.import_bundles([TeamBundle(sam, [reflection(days=1)]), TeamBundle(ana, [reflection(days=2)])])

    assert team.withdraw_bundles(sam.id, [sam.bundle_id]) == 1

    assert [p.display_name for p in team.practitioners()] == ["Ana"] and len(team.list_reflections()) == 1


def test_a_bundle_id_of_someone_elses_is_never_withdrawn_in_another_practitioners_name(team) -> None:
    ana = replace(practitioner("Ana", pid="22222222-0000-4000-8000-000000000002"), bundle_id="ana-bundle")
    team.import_bundles([TeamBundle(ana, [reflection(days=2)])])

    assert team.withdraw_bundles(practitioner().id, [ana.bundle_id]) == 0

    assert [b.id for b in team.bundles()] == [ana.bundle_id] and len(team.list_reflections()) == 1


def test_only_a_database_that_is_a_teams_already_opens_as_one_to_share_into(db_path: Path) -> None:
    from reflect.store import NotATeamDatabase, current_revision

    before = current_revision(db_path)
    with pytest.raises(NotATeamDatabase) as empty:
        open_store(db_path, team=True, existing_team=True)
    assert not empty.value.holds_reflections and current_revision(db_path) == before  # nothing made or upgraded
    own = open_store(db_path)
    own.save_many([reflection(days=1)])
    own.close()
    with pytest.raises(NotATeamDatabase) as refused:
        open_store(db_path, team=True, existing_team=True)
    assert refused.value.holds_reflections


def test_the_team_view_reads_each_flagged_reflection_with_every_response_and_only_its_flagged_notes(team) -> None:
    answers = {
        "make-sense": Answer(Response.YES, "a note not flagged"),
        "hope": Answer(Response.PARTLY, "her words", flagged=True),
        "respect": Answer(None, "flagged without an answer", flagged=True),
        "community": Answer(Response.NOT_APPLICABLE),
    }
    flagged = reflection(days=1, flagged=True, tags=["housing"], answers={"strengths": Answer(Response.NO)}, what_happened="We met")
    with_flagged_notes = reflection(days=2, answers=answers)
    team.import_bundles([TeamBundle(of_period(0), [flagged, with_flagged_notes, reflection(days=3)])])

    (shown,) = team.flagged_as_shown().values()
    (whole,) = team.flagged_by_practitioner().values()

    assert [r.uuid for r in shown] == [r.uuid for r in whole] == [flagged.uuid, with_flagged_notes.uuid]
    assert [(r.occurred_at, r.occurred_at.utcoffset(), r.kind, r.flagged, r.what_happened) for r in shown] == [
        (r.occurred_at, r.occurred_at.utcoffset(), r.kind, r.flagged, r.what_happened) for r in whole
    ]
    assert shown[0].answers == {"strengths": Answer(Response.NO)}
    assert shown[1].answers == {
        "make-sense": Answer(Response.YES),  # its response, without the note the view does not show
        "hope": Answer(Response.PARTLY, "her words", flagged=True),
        "respect": Answer(None, "flagged without an answer", flagged=True),
        "community": Answer(Response.NOT_APPLICABLE),
    }
