"""create_note / store_note / extract_into / confirm: the one way a note becomes a draft."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import services
from nlp.errors import EmptyNote, NoteTooLong
from storage import entries
from storage.errors import NotFound
from tests.services.conftest import audit_head, audit_rows

DAY = date(2026, 11, 20)
NOTE = "Office appointment, attended on time, staying at the hostel on Mill Road."


async def test_a_note_is_stored_then_read(app, user, db) -> None:
    olivia = user("olivia")
    done = await services.create_note(app, olivia, "x100001", NOTE, DAY, None, "api")
    assert done.created
    assert (done.entry.crn, done.entry.note_text, done.entry.current_version) == (
        "X100001",
        NOTE,
        1,
    )
    assert done.entry.data["contact"]["outcome"] == "attended_complied"
    assert done.entry.reference_date == DAY.isoformat()


async def test_a_repeated_key_returns_the_first_draft_without_reading_again(app, user) -> None:
    olivia = user("olivia")
    first = await services.create_note(app, olivia, "X100001", NOTE, DAY, "k-1", "web")
    again = await services.create_note(app, olivia, "X100001", "other words", DAY, "k-1", "web")
    assert (again.created, again.entry.id, again.entry.note_text) == (False, first.entry.id, NOTE)


async def test_store_note_keeps_the_draft_unread(app, user) -> None:
    stored = await services.store_note(app, user("olivia"), "X100002", NOTE, DAY, None, "teams")
    assert stored.created and stored.entry.current_version == 0
    read = await services.extract_into(app, user("olivia"), stored.entry)
    assert read.current_version == 1
    assert await services.extract_into(app, user("olivia"), read) is read  # read already


@pytest.mark.parametrize(("text", "error"), [("   ", EmptyNote), ("x" * 70_000, NoteTooLong)])
async def test_bad_notes_are_refused_and_nothing_is_stored(app, user, db, text, error) -> None:
    with pytest.raises(error):
        await services.create_note(app, user("olivia"), "X100001", text, DAY, None, "web")
    assert entries.list_drafts(db, user("olivia")) == []


async def test_someone_elses_person_is_not_found(app, user) -> None:
    for name, crn in (("olivia", "X200001"), ("adam", "X100001")):  # an admin sees no one
        with pytest.raises(NotFound):
            await services.create_note(app, user(name), crn, NOTE, DAY, None, "web")


async def test_confirm_is_an_audit_row_and_changes_nothing(app, user, db) -> None:
    olivia = user("olivia")
    entry = (await services.create_note(app, olivia, "X100001", NOTE, DAY, None, "web")).entry
    since = audit_head(db)
    await services.confirm(app, olivia, entry, "teams")
    assert audit_rows(db, since) == [
        {
            "user_id": olivia.id,
            "action": "confirmed",
            "record_type": "entry",
            "record_id": str(entry.id),
            "detail": {"version": 1, "via": "teams"},
        }
    ]
    assert entries.get_entry_for(db, olivia, entry.id).current_version == 1
