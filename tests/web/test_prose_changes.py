"""A message that reads partly as changes to the draft being worked on ("he moved out of
the hostel last week, accommodation is no need now, and the drug test was negative"): the
officer is asked, and either the changes are applied or the message becomes a note."""

from __future__ import annotations

import re

from storage import entries
from tests.web.conftest import sign_in
from tests.web.test_chat import send
from tests.web.test_pages import olivia

NOTE = "Sam Reed attended the office. He is living in a hostel in town."
PROSE = "he moved out of the hostel last week, accommodation is no need now, and drug test negative"


def _ids(db) -> list[int]:
    return [e.id for e in entries.list_entries_for(db, olivia(db), "X100001")]


def _pending(page: str, action: str) -> str:
    pattern = (
        rf'action="{action}">\s*<input[^>]*>\s*'
        r'<input type="hidden" name="pending" value="(\d+)"'
    )
    return re.findall(pattern, page)[-1]


async def _asked(client, db) -> tuple[str, str, int]:  # type: ignore[no-untyped-def]
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    (entry_id,) = _ids(db)
    await send(client, csrf, PROSE)
    page = await (await client.get("/")).text()
    return csrf, page, entry_id


async def test_prose_changes_are_asked_about_not_filed_as_a_second_note(client, db):
    _csrf, page, entry_id = await _asked(client, db)
    assert _ids(db) == [entry_id]  # no second draft yet
    assert f"This reads like changes to entry {entry_id}. Applied, they would give: " in page
    asked = page.split("would give: ")[1].split(" Not understood")[0]
    assert asked == "The Accommodation need area is now no need; Drug test is now negative."
    assert "Not understood: “he moved out of the hostel last week”" in page
    assert "Apply the changes" in page and "Keep it as a new note" in page
    entry = entries.get_entry_for(db, olivia(db), entry_id)
    assert entry.current_version == 1  # asking changed nothing


async def test_applying_the_changes_corrects_the_draft(client, db):
    csrf, page, entry_id = await _asked(client, db)
    pending = _pending(page, "/chat/changes")
    for _ in range(2):  # pressed twice: the second press finds nothing left to change
        await client.post("/chat/changes", data={"csrf_token": csrf, "pending": pending})
    entry = entries.get_entry_for(db, olivia(db), entry_id)
    assert {n["area"]: n["status"] for n in entry.data["needs"]} == {"accommodation": "no_need"}
    assert entry.data["drug_test"]["result"] == "negative"
    assert entry.current_version == 2
    assert _ids(db) == [entry_id]
    page = await (await client.get("/")).text()
    assert "Drug test is now negative" in page


async def test_keeping_it_as_a_note_makes_a_second_draft(client, db):
    csrf, page, entry_id = await _asked(client, db)
    pending = _pending(page, "/chat/duplicate")
    await client.post("/chat/duplicate", data={"csrf_token": csrf, "pending": pending})
    assert len(_ids(db)) == 2
    first = entries.get_entry_for(db, olivia(db), entry_id)
    assert first.current_version == 1  # untouched


async def test_a_long_note_after_a_draft_is_still_a_note(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    await send(
        client,
        csrf,
        "Sam Reed rang this afternoon to say he has started a job at the depot. He sounded "
        "well, no concerns raised, and he will bring his payslips to the next appointment "
        "on Thursday at 10am in the office. Drug test negative last week, accommodation is "
        "no need now.",
    )
    assert len(_ids(db)) == 2


async def test_changes_for_another_persons_draft_are_not_offered(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    await send(client, csrf, "Jo Reed: moved out of the hostel, accommodation is no need now")
    assert "This reads like changes" not in await (await client.get("/")).text()
