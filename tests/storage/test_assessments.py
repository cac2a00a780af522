"""The officer's decisions on pre-filled assessment answers: who may, what is kept, how long."""

from __future__ import annotations

from datetime import timedelta

import pytest
from storage_helpers import CRN_A1, NOW, World

from assistant.settings import RetentionSettings
from storage import assessments, retention
from storage.errors import NotFound
from storage.export import export_person


def test_a_decision_is_accepted_or_changed_by_what_was_offered(world: World) -> None:
    saved = assessments.record_decisions(
        world.db,
        world.officer_a1,
        CRN_A1,
        {"current_accommodation": ("SETTLED", "SETTLED"), "living_with": (["ALONE"], None)},
        now=NOW,
    )
    assert saved == 2
    got = assessments.decisions_for(world.db, world.supervisor_a, CRN_A1)
    assert got["current_accommodation"].action == "accepted"
    changed = got["living_with"]
    assert (changed.action, changed.value, changed.offered) == ("changed", ["ALONE"], None)
    assert changed.user_id == world.officer_a1.id
    row = world.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'assessment_decided'"
    ).fetchone()
    assert row == ('{"accepted":1,"changed":1}',)  # counts only, never a value


def test_a_second_decision_replaces_the_first(world: World) -> None:
    for value in ("SETTLED", "TEMPORARY"):
        assessments.record_decisions(
            world.db, world.officer_a1, CRN_A1, {"current_accommodation": (value, "SETTLED")}
        )
    got = assessments.decisions_for(world.db, world.officer_a1, CRN_A1)
    assert (got["current_accommodation"].value, got["current_accommodation"].action) == (
        "TEMPORARY",
        "changed",
    )


@pytest.mark.parametrize("who", ["officer_a2", "officer_b", "supervisor_b", "admin"])
def test_nobody_outside_the_caseload_or_team_reads_or_decides(world: World, who: str) -> None:
    user = getattr(world, who)
    with pytest.raises(NotFound):
        assessments.decisions_for(world.db, user, CRN_A1)
    with pytest.raises(NotFound):
        assessments.record_decisions(world.db, user, CRN_A1, {"drug_use": ("YES", None)})
    assert world.db.table("assessment_answers").count == 0


def test_decisions_are_exported_and_purged_with_the_record(world: World) -> None:
    assessments.record_decisions(
        world.db, world.officer_a1, CRN_A1, {"drug_use": ("YES", "YES")}, now=NOW
    )
    document = export_person(world.db, CRN_A1)
    assert [(a["code"], a["value"]) for a in document["assessment_answers"]] == [
        ("drug_use", "YES")
    ]
    later = NOW + timedelta(days=365 * 7 + 10)
    settings = RetentionSettings(entry_years=7, audit_years=7)
    report = retention.purge(world.db, settings, dry_run=False, now=later)
    assert report.counts["assessment_answers"] == 1
    assert world.db.table("assessment_answers").count == 0
