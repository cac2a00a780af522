"""Every date a person reads on a page or in a text export is in GOV.UK style; JSON keeps ISO."""

from __future__ import annotations

from datetime import UTC, datetime

from storage import accounts, entries, review
from tests.web.conftest import sign_in

NOTE = "Office visit. Talked about his tenancy and the rent he owes."
DATA = {
    "contact": {"type": "office_visit", "date": "2026-11-21", "start_time": "14:30"},
    "next_appointment": {"date": "2026-12-07", "time": "10:00", "type": "office_visit"},
    "summary": "Office visit.",
}


def _draft(db, submitted: bool = False) -> int:
    user = accounts.get_user_by_username(db, "olivia")
    entry = entries.create_draft(db, user, "X100001", NOTE, "2026-11-21")
    entries.set_extraction(db, entry.id, DATA)
    if submitted:
        when = datetime(2026, 11, 21, 15, 5, tzinfo=UTC)
        review.submit(db, user, entry.id, now=when)
    return entry.id


async def test_lists_and_pages_show_dates_as_people_write_them(client, db):
    entry_id = _draft(db)
    await sign_in(client, "olivia")
    for path in ("/drafts", f"/entries/{entry_id}", "/search?q=tenancy"):
        page = await (await client.get(path)).text()
        assert "21 November 2026" in page, path
        assert "2026-11-21" not in page.replace('datetime="2026-11-21"', ""), path
    entry_page = await (await client.get(f"/entries/{entry_id}")).text()
    assert "2:30pm" in entry_page and "7 December 2026" in entry_page
    assert "14:30" not in entry_page


async def test_the_text_export_reads_in_gov_uk_style_and_json_keeps_iso(client, db):
    entry_id = _draft(db)
    await sign_in(client, "olivia")
    text = await (await client.get(f"/entries/{entry_id}/export.txt")).text()
    assert "Contact date: 21 November 2026 at 2:30pm" in text
    assert "Next appointment: 7 December 2026 at 10am" in text
    data = await (await client.get(f"/entries/{entry_id}/export.json")).json()
    assert "2026-11-21" in str(data) and "21 November 2026" not in str(data)


async def test_the_review_queue_shows_when_it_was_submitted_in_uk_time(client, db):
    _draft(db, submitted=True)
    await sign_in(client, "sue")
    page = await (await client.get("/review")).text()
    assert "21 November 2026 at 3:05pm" in page
    assert "2026-11-21 15:05" not in page


async def test_my_entries_says_what_it_lists_and_tags_each_status(client, db):
    _draft(db)
    await sign_in(client, "olivia")
    page = await (await client.get("/drafts")).text()
    assert "Entries you have submitted are on each person’s record" in page
    assert '<strong class="govuk-tag govuk-tag--grey">\n  Draft\n</strong>' in page
    assert "– draft" not in page
