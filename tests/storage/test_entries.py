"""Entries: notes kept before extraction, versions, review transitions and who sees what."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import pytest
from storage_helpers import CRN_A1, CRN_A2, CRN_B, NOW, PASSWORD, World, extraction, make_entry

from storage import accounts, audit, conversations, entries, idempotency, people, sections
from storage.db import open_db
from storage.dialect import is_postgres
from storage.errors import Conflict, Duplicate, Forbidden, InvalidTransition, NotFound
from storage.models import STATUSES, User

HOSTILE = [
    "'; DROP TABLE entries; --",
    "<script>alert('x')</script>",
    "{{ 7*7 }} {% raw %}",
    "\u202eRTL override\u200f mark \u200e",
    "emoji \U0001f600\U0001f3f3\ufe0f\u200d\U0001f308",
    "NUL\x00byte and \x1b[31m escape",
    "\"quoted\" 'single' `back`",
    "Ω≈ç√∫ 日本語 العربية",
    "x" * 12_000,
]


def test_note_is_stored_before_extraction(world: World) -> None:
    entry = entries.create_draft(world.db, world.officer_a1, CRN_A1, "Seen today.", "2026-11-21")
    assert entry.status == "draft"
    assert entry.current_version == 0
    assert entry.data is None and entry.extraction is None
    assert entries.get_entry_for(world.db, world.officer_a1, entry.id).note_text == "Seen today."


def test_repeated_idempotency_key_returns_first_entry(world: World) -> None:
    first = entries.create_draft(world.db, world.officer_a1, CRN_A1, "one", "2026-11-21", "k-1")
    again = entries.create_draft(world.db, world.officer_a1, CRN_A1, "one", "2026-11-21", "k-1")
    assert again == first
    assert world.db.table("entries").count == 1


def test_idempotency_key_resent_with_another_note_is_refused(world: World) -> None:
    entries.create_draft(world.db, world.officer_a1, CRN_A1, "one", "2026-11-21", "k-1")
    with pytest.raises(Duplicate):
        entries.create_draft(world.db, world.officer_a1, CRN_A1, "two", "2026-11-22", "k-1")
    assert world.db.table("entries").count == 1


def test_idempotency_keys_belong_to_one_account(world: World) -> None:
    first = entries.create_draft(world.db, world.officer_a1, CRN_A1, "one", "2026-11-21", "k-1")
    other = entries.create_draft(world.db, world.supervisor_a, CRN_A2, "two", "2026-11-21", "k-1")
    assert other.id != first.id and other.author_id == world.supervisor_a.id


@pytest.mark.parametrize(
    ("crn", "reference_date", "error"),
    [
        ("not a crn", "2026-11-21", ValueError),
        (CRN_A1, "21/11/2026", ValueError),
        (CRN_B, "2026-11-21", NotFound),
        ("Z999999", "2026-11-21", NotFound),
    ],
)
def test_create_draft_refusals(world: World, crn: str, reference_date: str, error: type) -> None:
    with pytest.raises(error):
        entries.create_draft(world.db, world.officer_a1, crn, "note", reference_date)
    assert world.db.table("entries").count == 0


def test_extraction_becomes_version_one(world: World) -> None:
    entry = entries.create_draft(world.db, world.officer_a1, CRN_A1, "note", "2026-11-21")
    entry = entries.set_extraction(world.db, entry.id, extraction(), now=NOW)
    assert entry.current_version == 1
    assert entry.extraction == entry.data == extraction()
    [version] = entries.versions(world.db, world.officer_a1, entry.id)
    assert (version.version, version.reason, version.user_id) == (1, "extraction", entry.author_id)
    with pytest.raises(Conflict) as conflict:
        entries.set_extraction(world.db, entry.id, extraction("failed_to_attend"))
    assert conflict.value.current_version == 1


def test_update_makes_a_version_with_changed_fields(world: World) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1)
    data = extraction("acceptable_absence")
    data["needs"] = [{"area": "accommodation", "status": "need"}]
    updated = entries.update_entry(world.db, world.officer_a1, entry.id, data, 1, "corrected")
    assert updated.current_version == 2
    assert updated.data == data
    assert updated.extraction == extraction()  # the machine's first extraction never changes
    v1, v2 = entries.versions(world.db, world.officer_a1, entry.id)
    assert v1.data == extraction()
    assert v2.changed_fields == ["contact.outcome", "needs"]
    assert v2.reason == "corrected"
    assert [(c.path, c.before, c.after) for c in entries.extraction_diff(updated)] == [
        ("contact.outcome", "attended_complied", "acceptable_absence"),
        ("needs", [], [{"area": "accommodation", "status": "need"}]),
    ]


def test_stale_version_is_a_conflict(world: World) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1)
    entries.update_entry(world.db, world.officer_a1, entry.id, extraction("rescheduled"), 1)
    with pytest.raises(Conflict) as conflict:
        entries.update_entry(
            world.db, world.supervisor_a, entry.id, extraction("failed_to_attend"), 1
        )
    assert conflict.value.current_version == 2
    assert entries.get_entry_for(world.db, world.officer_a1, entry.id).data == extraction(
        "rescheduled"
    )


def test_unchanged_save_writes_nothing(world: World) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1)
    same = entries.update_entry(world.db, world.officer_a1, entry.id, extraction(), 1)
    assert same.current_version == 1
    assert len(entries.versions(world.db, world.officer_a1, entry.id)) == 1


def test_officer_can_fill_in_an_entry_whose_extraction_failed(world: World) -> None:
    entry = entries.create_draft(world.db, world.officer_a1, CRN_A1, "note", "2026-11-21")
    filled = entries.update_entry(world.db, world.officer_a1, entry.id, extraction(), 0)
    assert filled.current_version == 1
    assert filled.extraction is None


ACTIONS = ["submit", "resubmit", "approve", "return"]


def run(world: World, action: str, entry_id: int) -> object:
    if action in ("submit", "resubmit"):
        step = entries.submit if action == "submit" else entries.resubmit
        return step(world.db, world.officer_a1, entry_id, now=NOW)
    if action == "approve":
        return entries.approve(world.db, world.supervisor_a, entry_id, now=NOW)
    return entries.return_entry(world.db, world.supervisor_a, entry_id, "Add the test.", now=NOW)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ACTIONS)
def test_status_transitions(world: World, status: str, action: str) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1, status, reviewer=world.supervisor_a)
    sources, target = entries.TRANSITIONS[action]
    if status in sources:
        assert run(world, action, entry.id).status == target  # type: ignore[attr-defined]
    else:
        with pytest.raises(InvalidTransition):
            run(world, action, entry.id)
        assert entries.get_entry_for(world.db, world.officer_a1, entry.id).status == status


def test_empty_entry_cannot_be_submitted(world: World) -> None:
    entry = entries.create_draft(world.db, world.officer_a1, CRN_A1, "note", "2026-11-21")
    with pytest.raises(InvalidTransition):
        entries.submit(world.db, world.officer_a1, entry.id)


def test_full_review_journey(world: World) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1, "submitted")
    returned = entries.return_entry(world.db, world.supervisor_a, entry.id, "Add the test result.")
    assert (returned.status, returned.review_comment) == ("returned", "Add the test result.")
    assert [e.id for e in entries.list_drafts(world.db, world.officer_a1)] == [entry.id]
    fixed = entries.update_entry(world.db, world.officer_a1, entry.id, extraction("rescheduled"), 1)
    assert fixed.status == "returned"
    entries.resubmit(world.db, world.officer_a1, entry.id)
    approved = entries.approve(world.db, world.supervisor_a, entry.id, expected_version=2)
    assert (approved.status, approved.approved_by, approved.approved_version) == (
        "approved",
        world.supervisor_a.id,
        2,
    )
    actions = [r.action for r in audit.list_audit(world.db, record_type="entry")]
    assert actions[:4] == ["approved", "resubmitted", "changed", "returned"]


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_editing_after_submission_needs_new_approval(world: World, status: str) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1, status, reviewer=world.supervisor_a)
    edited = entries.update_entry(
        world.db, world.officer_a1, entry.id, extraction("rescheduled"), 1
    )
    assert edited.status == "draft"
    assert edited.current_version == 2
    assert entries.versions(world.db, world.officer_a1, entry.id)[0].data == extraction()
    with pytest.raises(InvalidTransition):
        entries.approve(world.db, world.supervisor_a, entry.id)
    entries.submit(world.db, world.officer_a1, entry.id)
    again = entries.approve(world.db, world.supervisor_a, entry.id)
    assert again.approved_version == 2


def test_approval_checks_version_seen(world: World) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1, "submitted")
    with pytest.raises(Conflict):
        entries.approve(world.db, world.supervisor_a, entry.id, expected_version=7)


@pytest.mark.parametrize("action", ["approve", "return"])
def test_officers_cannot_review(world: World, action: str) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1, "submitted")
    with pytest.raises(Forbidden):
        if action == "approve":
            entries.approve(world.db, world.officer_a1, entry.id)
        else:
            entries.return_entry(world.db, world.officer_a1, entry.id, "no")


def test_supervisor_cannot_approve_own_entry(world: World) -> None:
    entry = make_entry(world.db, world.supervisor_a, CRN_A1, "submitted")
    with pytest.raises(Forbidden):
        entries.approve(world.db, world.supervisor_a, entry.id)
    assert entries.review_queue(world.db, world.supervisor_a) == []


@pytest.mark.parametrize("comment", ["", "   "])
def test_return_needs_a_comment(world: World, comment: str) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1, "submitted")
    with pytest.raises(ValueError):
        entries.return_entry(world.db, world.supervisor_a, entry.id, comment)


VIEWERS = {
    "officer_a1": True,  # the allocated officer and author
    "officer_a2": False,  # another officer in the same team
    "supervisor_a": True,  # the team's supervisor
    "officer_b": False,  # an officer in another team
    "supervisor_b": False,  # another team's supervisor
    "admin": False,  # admins read no case records
}


@pytest.mark.parametrize(("viewer", "sees"), VIEWERS.items())
def test_visibility_matrix(world: World, viewer: str, sees: bool) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1, "submitted")
    user = world.user(viewer)
    reads = [
        lambda: people.get_person_for(world.db, user, CRN_A1),
        lambda: entries.get_entry_for(world.db, user, entry.id),
        lambda: entries.versions(world.db, user, entry.id),
        lambda: entries.list_entries_for(world.db, user, crn=CRN_A1),
        lambda: sections.get_sections_for(world.db, user, CRN_A1),
    ]
    for read in reads:
        if sees:
            read()
        else:
            with pytest.raises(NotFound):
                read()
    assert (entry.id in [e.id for e in entries.list_entries_for(world.db, user)]) is sees
    assert (CRN_A1 in [p.crn for p in people.list_people_for(world.db, user)]) is sees
    if not sees:
        with pytest.raises(NotFound):
            entries.update_entry(world.db, user, entry.id, extraction("rescheduled"), 1)
        with pytest.raises(NotFound):
            entries.create_draft(world.db, user, CRN_A1, "note", "2026-11-21")


def test_disabled_user_sees_nothing(world: World) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1)
    disabled = dataclasses.replace(world.officer_a1, disabled=True)
    with pytest.raises(NotFound):
        entries.get_entry_for(world.db, disabled, entry.id)
    assert people.list_people_for(world.db, disabled) == []


def test_reallocation_moves_visibility(world: World) -> None:
    entry = make_entry(world.db, world.officer_a1, CRN_A1)
    people.assign_caseload(world.db, CRN_A1, "b1")
    with pytest.raises(NotFound):
        entries.get_entry_for(world.db, world.officer_a1, entry.id)
    assert entries.get_entry_for(world.db, world.officer_b, entry.id).id == entry.id
    assert entries.get_entry_for(world.db, world.supervisor_b, entry.id).id == entry.id
    with pytest.raises(NotFound):
        entries.get_entry_for(world.db, world.supervisor_a, entry.id)


def test_review_queue_is_oldest_first_for_the_team(world: World) -> None:
    from datetime import timedelta

    later = make_entry(world.db, world.officer_a1, CRN_A1)
    earlier = make_entry(world.db, world.officer_a2, CRN_A2)
    make_entry(world.db, world.officer_b, CRN_B, "submitted")
    entries.submit(world.db, world.officer_a1, later.id, now=NOW + timedelta(hours=2))
    entries.submit(world.db, world.officer_a2, earlier.id, now=NOW + timedelta(hours=1))
    queue = entries.review_queue(world.db, world.supervisor_a)
    assert [e.id for e in queue] == [earlier.id, later.id]
    assert entries.status_counts(world.db, world.supervisor_a)["submitted"] == 2
    assert entries.status_counts(world.db, world.officer_a1)["submitted"] == 1
    with pytest.raises(Forbidden):
        entries.review_queue(world.db, world.officer_a1)


def test_list_filters(world: World) -> None:
    draft = make_entry(world.db, world.officer_a1, CRN_A1)
    submitted = make_entry(world.db, world.officer_a1, CRN_A1, "submitted")
    listed = entries.list_entries_for(world.db, world.officer_a1, status="submitted")
    assert [e.id for e in listed] == [submitted.id]
    assert [e.id for e in entries.list_drafts(world.db, world.officer_a1)] == [draft.id]
    assert entries.list_drafts(world.db, world.supervisor_a) == []
    with pytest.raises(ValueError):
        entries.list_entries_for(world.db, world.officer_a1, status="lost")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_as_data(world: World, text: str) -> None:
    if "\x00" in text and is_postgres(world.db):
        # PostgreSQL text cannot hold NUL: it is kept as U+FFFD, the rest of the text whole.
        person = people.upsert_person(world.db, "H000001", text, team_id=world.officer_a1.team_id)
        assert person.name == text.strip().replace("\x00", "\ufffd")
        return
    person = people.upsert_person(
        world.db,
        "H000001",
        text,
        team_id=world.officer_a1.team_id,
        officer_id=world.officer_a1.id,
        aliases=[text],
    )
    assert (person.name, person.aliases) == (text.strip(), [text.strip()])
    entry = entries.create_draft(
        world.db, world.officer_a1, "H000001", text, "2026-11-21", text[:200]
    )
    entry = entries.set_extraction(world.db, entry.id, {"summary": text, text: [text]})
    entry = entries.update_entry(world.db, world.officer_a1, entry.id, {"summary": text}, 1, text)
    entries.submit(world.db, world.officer_a1, entry.id)
    returned = entries.return_entry(world.db, world.supervisor_a, entry.id, text)
    assert returned.note_text == text
    assert returned.data == {"summary": text}
    assert returned.review_comment == text.strip()
    assert entries.versions(world.db, world.officer_a1, entry.id)[1].reason == text
    assert "entries" in world.db.table_names()
    assert audit.verify(world.db) == []


def test_sections_merge_latest_first_and_trace_entries(world: World) -> None:
    old = entries.create_draft(world.db, world.officer_a1, CRN_A1, "old", "2026-10-01")
    old_data = extraction(accommodation="Sofa surfing. Looking for a room.")
    old_data["contact"]["date"] = "2026-10-01"
    entries.set_extraction(world.db, old.id, old_data)
    new = entries.create_draft(world.db, world.officer_a1, CRN_A1, "new", "2026-11-21")
    entries.set_extraction(
        world.db, new.id, extraction(accommodation="Got a room. Looking for a room.")
    )
    [draft] = sections.get_sections_for(world.db, world.officer_a1, CRN_A1)
    assert draft.area == "accommodation"
    assert [(s.text, s.entry_id) for s in draft.sentences] == [
        ("Got a room.", new.id),
        ("Looking for a room.", new.id),
        ("Sofa surfing.", old.id),
    ]
    assert draft.entry_ids == [new.id, old.id]
    assert draft.text == "Got a room. Looking for a room. Sofa surfing."
    entries.update_entry(world.db, world.officer_a1, new.id, extraction(), 1)
    [draft] = sections.get_sections_for(world.db, world.officer_a1, CRN_A1)
    assert draft.entry_ids == [old.id]


def test_conversations_are_private(world: World) -> None:
    chat = conversations.create_conversation(world.db, world.officer_a1, CRN_A1)
    conversations.add_message(world.db, world.officer_a1, chat.id, "user", HOSTILE[1])
    conversations.add_message(
        world.db, world.officer_a1, chat.id, "assistant", "Done.", {"entry_id": 1}
    )
    messages = conversations.list_messages(world.db, world.officer_a1, chat.id)
    assert [(m.role, m.text, m.payload) for m in messages] == [
        ("user", HOSTILE[1], None),
        ("assistant", "Done.", {"entry_id": 1}),
    ]
    for other in (world.supervisor_a, world.officer_a2, world.admin):
        with pytest.raises(NotFound):
            conversations.list_messages(world.db, other, chat.id)
    with pytest.raises(NotFound):
        conversations.set_conversation_person(world.db, world.officer_a1, chat.id, CRN_B)
    with pytest.raises(ValueError):
        conversations.add_message(world.db, world.officer_a1, chat.id, "system", "x")


def test_idempotency_responses(world: World) -> None:
    assert idempotency.recall(world.db, world.officer_a1, "key") is None
    first = idempotency.remember(world.db, world.officer_a1, "key", {"entry_id": 1})
    second = idempotency.remember(world.db, world.officer_a1, "key", {"entry_id": 2})
    assert first == second == {"entry_id": 1}
    assert idempotency.recall(world.db, world.officer_a2, "key") is None  # per account
    idempotency.remember(world.db, world.officer_a2, "key", {"entry_id": 3}, request_hash="a")
    assert idempotency.recall(world.db, world.officer_a2, "key", "a") == {"entry_id": 3}
    with pytest.raises(Duplicate):
        idempotency.recall(world.db, world.officer_a2, "key", "b")


def test_caseload_rows_for_nlp(world: World) -> None:
    people.upsert_person(
        world.db,
        "x000009",
        "Jo Bloggs",
        team_id=world.officer_a1.team_id,
        officer_id=world.officer_a1.id,
        aliases=["Joanne"],
        dob="1990-02-03",
    )
    rows = people.caseload_rows(world.db, world.officer_a1)
    assert {
        "crn": "X000009",
        "name": "Jo Bloggs",
        "aliases": ["Joanne"],
        "dob": "1990-02-03",
    } in rows
    assert {r["crn"] for r in rows} == {CRN_A1, "X000009"}


def test_assign_caseload_refuses_admin(world: World) -> None:
    with pytest.raises(ValueError):
        people.assign_caseload(world.db, CRN_A1, "root")
    with pytest.raises(NotFound):
        people.assign_caseload(world.db, "Z999999", "a1")


def test_import_caseload_is_all_or_nothing(world: World) -> None:
    rows = [
        {"crn": "C000001", "name": "One", "aliases": "Uno; Ein", "dob": "1980-01-01"},
        {"crn": "bad", "name": "Two"},
    ]
    with pytest.raises(ValueError, match="row 2"):
        people.import_caseload(world.db, rows, "Team A", "a1")
    with pytest.raises(NotFound):
        people.get_person(world.db, "C000001")
    assert people.import_caseload(world.db, rows[:1], "Team A", "a1") == 1
    assert people.get_person_for(world.db, world.officer_a1, "c000001").aliases == ["Uno", "Ein"]
    with pytest.raises(ValueError):
        people.import_caseload(world.db, rows[:1], "Team B", "a1")


def test_two_officers_saving_the_same_version_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    setup = open_db(path)
    try:
        officer = accounts.create_user(setup, "o1", PASSWORD, "officer", "T")
        supervisor = accounts.create_user(setup, "s1", PASSWORD, "supervisor", "T")
        people.upsert_person(
            setup, "S000001", "Shared", team_id=officer.team_id, officer_id=officer.id
        )
        entry = make_entry(setup, officer, "S000001")
    finally:
        setup.close()
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(user: User, outcome: str) -> None:
        db = open_db(path)
        try:
            barrier.wait()
            entries.update_entry(db, user, entry.id, extraction(outcome), 1)
            outcomes[outcome] = "saved"
        except Conflict as conflict:
            outcomes[outcome] = conflict.current_version
        finally:
            db.close()

    threads = [
        threading.Thread(target=save, args=(officer, "rescheduled")),
        threading.Thread(target=save, args=(supervisor, "failed_to_attend")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes.values())) == ["2", "saved"]
    db = open_db(path)
    try:
        winner = next(k for k, v in outcomes.items() if v == "saved")
        assert entries.get_entry_for(db, officer, entry.id).data == extraction(winner)
        assert len(entries.versions(db, officer, entry.id)) == 2
    finally:
        db.close()


def test_sections_follow_only_the_changes_they_are_built_from(world: World) -> None:
    entry = entries.create_draft(world.db, world.officer_a1, CRN_A1, "note", "2026-11-21")
    data = extraction(accommodation="Got a room.")
    entries.set_extraction(world.db, entry.id, data)
    [before] = sections.get_sections_for(world.db, world.officer_a1, CRN_A1)
    data["contact"]["outcome"] = "rescheduled"
    entries.update_entry(world.db, world.officer_a1, entry.id, data, 1)
    assert sections.get_sections_for(world.db, world.officer_a1, CRN_A1) == [before]
    data["contact"]["date"] = "2026-11-20"
    entries.update_entry(world.db, world.officer_a1, entry.id, data, 2)
    [after] = sections.get_sections_for(world.db, world.officer_a1, CRN_A1)
    assert after.sentences[0].date == "2026-11-20"
    data["sections"] = {"accommodation": "Evicted."}
    entries.update_entry(world.db, world.officer_a1, entry.id, data, 3)
    [after] = sections.get_sections_for(world.db, world.officer_a1, CRN_A1)
    assert after.text == "Evicted."
