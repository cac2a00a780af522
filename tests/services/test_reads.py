"""Reads: every read of a case record leaves one audit row, a refused one too."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import services
from storage.errors import NotFound
from tests.services.conftest import audit_head, audit_rows

DAY = date(2026, 11, 20)


@pytest.fixture
async def entry(app, user):
    note = "Office visit, attended, at the hostel."
    return (
        await services.create_note(app, user("olivia"), "X100001", note, DAY, None, "web")
    ).entry


def row(user, action, record_type, record_id, **detail) -> dict:
    return {
        "user_id": user.id,
        "action": action,
        "record_type": record_type,
        "record_id": record_id,
        "detail": detail,
    }


async def test_reading_an_entry_is_audited_and_a_refusal_too(app, user, db, entry) -> None:
    olivia, oscar = user("olivia"), user("oscar")
    since = audit_head(db)
    assert (await services.read_entry(app, olivia, entry.id, "api")).id == entry.id
    with pytest.raises(NotFound):
        await services.read_entry(app, oscar, entry.id, "teams")
    with pytest.raises(NotFound):
        await services.read_entry(app, olivia, 999999, "web")
    assert audit_rows(db, since) == [
        row(olivia, "viewed", "entry", str(entry.id), via="api"),
        row(oscar, "refused", "entry", str(entry.id), via="teams"),
        row(olivia, "refused", "entry", "999999", via="web"),
    ]


async def test_reading_a_case_is_audited_and_a_refusal_keeps_no_free_text(app, user, db) -> None:
    olivia = user("olivia")
    since = audit_head(db)
    person, found = await services.read_case(app, olivia, "x100001", "web")
    assert (person.crn, found) == ("X100001", [])
    for crn in ("X200001", "Sam Reed's file"):
        with pytest.raises(NotFound):
            await services.read_case(app, olivia, crn, "api")
    assert audit_rows(db, since) == [
        row(olivia, "viewed", "person", "X100001", via="web"),
        row(olivia, "refused", "person", "X200001", via="api"),
        row(olivia, "refused", "person", "other", via="api"),
    ]


async def test_lists_and_searches_record_which_entries_were_shown(app, user, db, entry) -> None:
    olivia, sue = user("olivia"), user("sue")
    since = audit_head(db)
    assert [e.id for e in await services.list_drafts(app, olivia, "web")] == [entry.id]
    assert [e.id for e in await services.list_entries(app, olivia, "api", crn="X100001")] == [
        entry.id
    ]
    hits = await services.search_notes(app, olivia, "hostel", "teams")
    assert [h.entry_id for h in hits] == [entry.id]
    assert await services.review_queue(app, sue, "web") == []
    with pytest.raises(NotFound):
        await services.search_notes(app, olivia, "hostel", "api", crn="X200001")
    ids = [entry.id]
    assert audit_rows(db, since) == [
        row(olivia, "listed", "entry", None, via="web", what="drafts", count=1, ids=ids),
        row(olivia, "listed", "entry", None, via="api", what="entries", count=1, ids=ids),
        row(olivia, "searched", None, None, via="teams", count=1, ids=ids),
        row(sue, "listed", "entry", None, via="web", what="queue", count=0, ids=[]),
        row(olivia, "refused", "person", "X200001", via="api"),
    ]


async def test_a_search_row_never_holds_the_query(app, user, db, entry) -> None:
    since = audit_head(db)
    await services.search_notes(app, user("olivia"), "hostel Mill", "web", crn="X100001")
    [searched] = audit_rows(db, since)
    assert "hostel" not in str(searched) and searched["record_id"] == "X100001"
