"""Four eyes: whoever changed an entry's content last cannot approve it."""

from __future__ import annotations

import pytest

from storage import accounts, entries
from storage.errors import Forbidden
from tests.web.conftest import CHEAP, PASSWORD, sign_in


@pytest.fixture
def submitted(db) -> int:
    """olivia's entry for X100001, extracted and submitted for review."""
    olivia = accounts.get_user_by_username(db, "olivia")
    entry = entries.create_draft(db, olivia, "X100001", "Seen at the office.", "2026-11-21")
    entries.set_extraction(db, entry.id, {"contact": {"outcome": "attended_complied"}})
    return entries.submit(db, olivia, entry.id).id


def _supervisor_changes(db, entry_id: int, username: str = "sue") -> None:
    sue = accounts.get_user_by_username(db, username)
    entry = entries.get_entry_for(db, sue, entry_id)
    data = {**entry.data, "contact": {"outcome": "failed_to_attend"}, "enforcement": "breach"}
    changed = entries.update_entry(db, sue, entry_id, data, entry.current_version)
    # The change sends it back to draft; a supervisor may record, so may submit it again.
    entries.submit(db, sue, entry_id, expected_version=changed.current_version)


def test_a_supervisor_who_changed_the_entry_cannot_approve_it(db, submitted):
    _supervisor_changes(db, submitted)
    sue = accounts.get_user_by_username(db, "sue")
    entry = entries.get_entry_for(db, sue, submitted)
    with pytest.raises(Forbidden):
        entries.approve(db, sue, submitted, expected_version=entry.current_version)
    assert entries.get_entry_for(db, sue, submitted).status != "approved"


def test_another_supervisor_may_approve_the_changed_entry(db, submitted):
    _supervisor_changes(db, submitted)
    accounts.create_user(db, "sian", PASSWORD, "supervisor", "North", hasher=CHEAP)
    sian = accounts.get_user_by_username(db, "sian")
    entry = entries.get_entry_for(db, sian, submitted)
    approved = entries.approve(db, sian, submitted, expected_version=entry.current_version)
    assert approved.status == "approved"


def test_an_unchanged_entry_is_approved_as_before(db, submitted):
    sue = accounts.get_user_by_username(db, "sue")
    assert entries.approve(db, sue, submitted).status == "approved"


async def test_the_review_page_refuses_the_last_changer(client, db, submitted):
    _supervisor_changes(db, submitted)
    sue = accounts.get_user_by_username(db, "sue")
    entry = entries.get_entry_for(db, sue, submitted)
    csrf = await sign_in(client, "sue")
    resp = await client.post(
        f"/review/{submitted}",
        data={"csrf_token": csrf, "version": str(entry.current_version), "decision": "approve"},
        allow_redirects=False,
    )
    assert resp.status == 403
    assert entries.get_entry_for(db, sue, submitted).status != "approved"
