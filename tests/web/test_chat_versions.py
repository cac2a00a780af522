"""Chat carries a version too: a correction or submit typed in chat is based on the newest
version the officer has seen, merged or refused by the same rule as the field form."""

from __future__ import annotations

import re

from storage import accounts, entries
from tests.web.conftest import sign_in
from tests.web.test_chat import NOTE, send

SHOWN = re.compile(r'name="shown_(entry|version)" value="(\d+)"')


def the_entry(db):
    [entry] = entries.list_drafts(db, accounts.get_user_by_username(db, "olivia"))
    return entry


async def shown_on_page(client) -> dict[str, str]:
    return dict(SHOWN.findall(await (await client.get("/")).text()))


async def send_shown(client, csrf, text, shown: dict[str, str]):
    data = {"csrf_token": csrf, "text": text, **{f"shown_{k}": v for k, v in shown.items()}}
    return await client.post("/", data=data, allow_redirects=False)


async def last_reply(db) -> str:
    row = next(db.query("SELECT text FROM messages WHERE role='assistant' ORDER BY id DESC"))
    return row["text"]


async def test_submit_after_a_change_elsewhere_that_the_page_shows(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    entry = the_entry(db)
    olivia = accounts.get_user_by_username(db, "olivia")
    entries.update_entry(db, olivia, entry.id, {**entry.data, "summary": "Edited."}, 1, "form")
    shown = await shown_on_page(client)  # the page is reloaded after the edit: it shows v2
    assert shown == {"entry": str(entry.id), "version": "2"}
    await send_shown(client, csrf, "submit", shown)
    assert entries.get_entry_for(db, olivia, entry.id).status == "submitted"


async def test_submit_of_a_version_the_officer_never_saw_saves_nothing(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    shown = await shown_on_page(client)
    entry = the_entry(db)
    sue = accounts.get_user_by_username(db, "sue")
    entries.update_entry(db, sue, entry.id, {**entry.data, "enforcement": "breach"}, 1, "form")
    await send_shown(client, csrf, "submit", shown)  # a page still showing version 1
    assert the_entry(db).status == "draft"
    assert "Nothing was saved: this entry has changed" in await last_reply(db)
    # The reply showed version 2, so saying it again submits what is now on the page.
    await send(client, csrf, "submit")
    assert entries.get_entry_for(db, sue, entry.id).status == "submitted"


async def test_a_chat_correction_merges_with_another_field_and_not_the_same(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    shown = await shown_on_page(client)
    entry = the_entry(db)
    sue = accounts.get_user_by_username(db, "sue")
    changed = {**entry.data, "contact": {**entry.data["contact"], "location": "Library"}}
    entries.update_entry(db, sue, entry.id, changed, 1, "form")
    await send_shown(client, csrf, "outcome failed to attend", shown)
    merged = the_entry(db)
    assert merged.current_version == 3
    assert merged.data["contact"]["location"] == "Library"
    assert merged.data["contact"]["outcome"] == "failed_to_attend"
    again = {**merged.data, "contact": {**merged.data["contact"], "outcome": "rescheduled"}}
    entries.update_entry(db, sue, entry.id, again, 3, "form")
    await send_shown(client, csrf, "outcome acceptable absence", {**shown, "version": "3"})
    assert the_entry(db).data["contact"]["outcome"] == "rescheduled"
    assert (await last_reply(db)).startswith("sue changed outcome after you opened this page.")


async def test_the_api_chat_checks_a_version_it_sends(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    entry = the_entry(db)
    sue = accounts.get_user_by_username(db, "sue")
    entries.update_entry(db, sue, entry.id, {**entry.data, "summary": "Sue's words."}, 1, "form")
    headers = {"X-CSRF-Token": csrf}
    bad = await client.post(
        "/api/v1/chat", json={"text": "submit", "version": "2"}, headers=headers
    )
    assert bad.status == 400 and "version" in await bad.text()
    resp = await client.post("/api/v1/chat", json={"text": "submit", "version": 2}, headers=headers)
    assert resp.status == 200, await resp.text()
    [_, answer] = (await resp.json())["messages"]
    assert answer["text"] == "Submitted to your supervisor."
    assert answer["payload"]["version"] == 2
    assert entries.get_entry_for(db, sue, entry.id).status == "submitted"


async def test_a_chat_correction_after_submit_says_the_entry_is_a_draft_again(client, db):
    # Storage takes an edited submitted entry back to draft; the officer must hear it, or
    # they think it is still waiting for their supervisor.
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    await send(client, csrf, "submit")
    await send(client, csrf, "outcome acceptable absence")
    assert the_entry(db).status == "draft"
    assert "draft again" in await last_reply(db) and "submit" in await last_reply(db)
    await send(client, csrf, "next appt friday 10am")  # already a draft: nothing more to say
    assert "draft again" not in await last_reply(db)
