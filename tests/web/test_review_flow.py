"""Review as the supervisor reads it: queue rows that say whose and what, the diff in the
form's words, a banner after each decision, and a returned entry shown on the chat page."""

from __future__ import annotations

import re

from storage import accounts, entries, review
from tests.web.conftest import sign_in
from tests.web.test_pages import add_entry, olivia

FLAGGED = {"risk_flags": [{"code": "self_harm", "status": "present", "evidence": None}]}


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]*)"', page).group(1)


async def test_queue_rows_name_person_officer_type_and_flags(client, db):
    entry_id = add_entry(db, "Note.", "2026-11-20", **FLAGGED)
    entries.submit(db, olivia(db), entry_id)
    await sign_in(client, "sue")
    page = await (await client.get("/review")).text()
    row = page.split(f'href="/review/{entry_id}"')[0].rsplit("<tr", 1)[1]
    for text in ("Sam Reed (X100001)", "olivia", "Home visit", "Self-harm"):
        assert text in row, text


async def test_review_diff_is_in_the_words_of_the_form(client, db):
    entry_id = add_entry(db, "Note.", "2026-11-20", **FLAGGED)
    entry = entries.get_entry_for(db, olivia(db), entry_id)
    data = {**entry.data, "risk_flags": [], "contact": {**entry.data["contact"], "late_minutes": 5}}
    entries.update_entry(db, olivia(db), entry_id, data, entry.current_version)
    entries.submit(db, olivia(db), entry_id)
    await sign_in(client, "sue")
    page = await (await client.get(f"/review/{entry_id}")).text()
    assert "Self-harm flag removed by the officer" in page
    assert "Minutes late changed from Not recorded to 5 minutes by the officer" in page
    assert "contact.late_minutes" not in page and "risk_flags" not in page


async def test_banner_after_approve_and_return_and_returned_entry_on_chat_page(client, db):
    approve_id = add_entry(db, "One.", "2026-11-20")
    return_id = add_entry(db, "Two.", "2026-11-21")
    for entry_id in (approve_id, return_id):
        entries.submit(db, olivia(db), entry_id)
    await sign_in(client, "sue")
    csrf = _csrf(await (await client.get(f"/review/{approve_id}")).text())
    resp = await client.post(
        f"/review/{approve_id}", data={"csrf_token": csrf, "decision": "approve", "version": 1}
    )
    page = await resp.text()
    assert "govuk-notification-banner--success" in page
    assert "Entry for Sam Reed (X100001) approved." in page
    resp = await client.post(
        f"/review/{return_id}",
        data={"csrf_token": csrf, "decision": "return", "comment": "Add the time", "version": 1},
    )
    page = await resp.text()
    assert "Entry for Sam Reed (X100001) returned to the officer." in page
    # A banner never comes from a bare address naming an entry the supervisor cannot read.
    page = await (await client.get("/review?decided=approved&entry=99999")).text()
    assert "govuk-notification-banner" not in page

    await client.post("/logout", data={"csrf_token": csrf})
    await sign_in(client, "olivia")
    chat = await (await client.get("/")).text()
    assert "Returned by your supervisor" in chat
    assert f'href="/entries/{return_id}"' in chat and "“Add the time”" in chat
    assert f'href="/entries/{approve_id}"' not in chat


async def test_lists_show_the_name_beside_the_crn(client, db):
    entry_id = add_entry(db, "Note.", "2026-11-20")
    await sign_in(client, "olivia")
    page = await (await client.get("/drafts")).text()
    assert f'<a class="govuk-link" href="/entries/{entry_id}">Sam Reed (X100001),' in page


async def test_queue_counts_say_one_draft_in_the_singular(client, db):
    add_entry(db, "Still a draft.", "2026-11-20")
    await sign_in(client, "sue")
    page = await (await client.get("/review")).text()
    assert "1 draft in your team." in page and "1 drafts" not in page


async def test_the_supervisors_chat_page_says_how_many_entries_wait_for_review(client, db):
    await sign_in(client, "sue")
    page = await (await client.get("/")).text()
    assert "waiting for your review" not in page
    officer = accounts.get_user_by_username(db, "olivia")
    for _ in range(2):
        entry = entries.create_draft(
            db, officer, "X100001", "Office visit, all fine.", "2026-11-21"
        )
        entries.set_extraction(db, entry.id, {"contact": {"type": "office_visit"}, "summary": "s"})
        review.submit(db, officer, entry.id)
    page = await (await client.get("/")).text()
    assert "2 entries are waiting for your review" in page and 'href="/review"' in page
    client.session.cookie_jar.clear()
    await sign_in(client, "olivia")  # an officer reviews nothing: no banner
    assert "waiting for your review" not in await (await client.get("/")).text()
