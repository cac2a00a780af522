"""Moving a draft to another person, discarding and restoring it, and finding the same note."""

from __future__ import annotations

import pytest
from storage_helpers import CRN_A1, CRN_A2, CRN_B, NOW, make_entry

from storage import audit, drafts, entries, search
from storage.errors import Conflict, Forbidden, InvalidTransition, NotFound
from storage.people import upsert_person

CRN_A3 = "X000009"


@pytest.fixture
def second_person(world):
    """A second person on officer a1's caseload."""
    upsert_person(
        world.db, CRN_A3, "Brad Thompson", team_id=world.officer_a1.team_id,
        officer_id=world.officer_a1.id, now=NOW,
    )  # fmt: skip
    return CRN_A3


def test_move_files_the_entry_under_the_new_person_and_keeps_history(world, second_person):
    db, a1 = world.db, world.officer_a1
    entry = make_entry(db, a1, CRN_A1)
    moved = drafts.move_entry(db, a1, entry.id, second_person.lower(), entry.current_version)
    assert moved.crn == CRN_A3 and moved.id == entry.id
    assert moved.data["person"] == {"name": "Brad Thompson", "crn": CRN_A3, "match_score": None}
    history = entries.versions(db, a1, entry.id)
    assert [v.version for v in history] == [1, 2] and history[1].reason == "moved"
    assert history[0].data == entry.data  # the first reading is untouched
    row = db.execute(
        "SELECT detail FROM audit_log WHERE action = 'moved' AND record_id = ?", [str(entry.id)]
    ).fetchone()
    assert CRN_A1 in row[0] and CRN_A3 in row[0]
    assert [e.id for e in entries.list_entries_for(db, a1, CRN_A3)] == [entry.id]
    assert entries.list_entries_for(db, a1, CRN_A1) == []


def test_move_refuses_stale_versions_foreign_people_and_other_authors(world, second_person):
    db, a1 = world.db, world.officer_a1
    entry = make_entry(db, a1, CRN_A1)
    with pytest.raises(Conflict):
        drafts.move_entry(db, a1, entry.id, CRN_A3, entry.current_version - 1)
    with pytest.raises(NotFound):  # someone on another officer's caseload
        drafts.move_entry(db, a1, entry.id, CRN_B, entry.current_version)
    with pytest.raises((Forbidden, NotFound)):
        drafts.move_entry(db, world.supervisor_a, entry.id, CRN_A2, entry.current_version)
    assert entries.get_entry_for(db, a1, entry.id).crn == CRN_A1


def test_discarded_draft_disappears_everywhere_until_an_admin_restores_it(world):
    db, a1 = world.db, world.officer_a1
    entry = make_entry(db, a1, CRN_A1, note="Lives in a caravan by the canal.")
    drafts.discard_entry(db, a1, entry.id, entry.current_version)
    with pytest.raises(NotFound):
        entries.get_entry_for(db, a1, entry.id)
    assert entries.list_drafts(db, a1) == []
    assert search.search_notes(db, a1, "caravan") == []
    assert entries.status_counts(db, world.supervisor_a)["draft"] == 0
    listed = drafts.list_discarded(db, world.admin)
    assert [(r["entry_id"], r["discarded_by"]) for r in listed] == [(entry.id, "a1")]
    with pytest.raises(Forbidden):
        drafts.restore_entry(db, a1, entry.id)
    drafts.restore_entry(db, world.admin, entry.id)
    assert [e.id for e in entries.list_drafts(db, a1)] == [entry.id]
    actions = [
        r[0]
        for r in db.execute("SELECT action FROM audit_log WHERE record_id = ?", [str(entry.id)])
    ]
    assert "discarded" in actions and "restored" in actions
    assert audit.verify(db) == []
    with pytest.raises(NotFound):
        drafts.restore_entry(db, world.admin, entry.id)


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_only_work_in_progress_can_be_discarded(world, status):
    entry = make_entry(world.db, world.officer_a1, CRN_A1, status, reviewer=world.supervisor_a)
    with pytest.raises(InvalidTransition):
        drafts.discard_entry(world.db, world.officer_a1, entry.id)


def test_only_the_author_discards(world):
    entry = make_entry(world.db, world.officer_a1, CRN_A1)
    with pytest.raises((Forbidden, NotFound)):
        drafts.discard_entry(world.db, world.supervisor_a, entry.id)


def test_same_draft_ignores_spacing_and_case_but_not_people_or_discarded(world, second_person):
    db, a1 = world.db, world.officer_a1
    entry = make_entry(db, a1, CRN_A1, note="Seen at home.\nAll  well.")
    assert drafts.find_same_draft(db, a1, CRN_A1, "seen at home. all well. ").id == entry.id
    assert drafts.find_same_draft(db, a1, CRN_A3, "Seen at home. All well.") is None
    assert drafts.find_same_draft(db, a1, CRN_A1, "Seen at home. All unwell.") is None
    drafts.discard_entry(db, a1, entry.id)
    assert drafts.find_same_draft(db, a1, CRN_A1, "Seen at home. All well.") is None
