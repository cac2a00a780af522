"""Chat commands beyond notes and corrections: discarding the draft, and what the help and
not-understood answers list."""

from __future__ import annotations

from storage import entries
from tests.web.conftest import sign_in
from tests.web.test_chat import NOTE, olivia, send


async def _html(client, csrf, text: str) -> str:
    resp = await send(client, csrf, text, js=True)
    assert resp.status == 200
    return (await resp.json())["html"]


async def test_discard_this_draft_discards_the_conversations_draft(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    (entry,) = entries.list_drafts(db, olivia(db))
    html = await _html(client, csrf, "discard this draft")
    assert "Discarded the draft for Sam Reed (X100001)" in html
    assert "an administrator can restore it" in html
    assert entries.list_drafts(db, olivia(db)) == []
    assert "<mark>" not in html  # the discarded entry is not shown again
    # Nothing to correct or submit now: the next command is not applied to the discarded one.
    assert "no entry in this conversation" in await _html(client, csrf, "submit")
    assert "no entry in this conversation" in await _html(client, csrf, "scrap that")
    row = db.execute("SELECT action FROM audit_log WHERE record_id = ?", [str(entry.id)])
    assert "discarded" in [r[0] for r in row.fetchall()]
    page = await (await client.get("/")).text()
    assert "This draft was discarded." in page
    assert "no longer on your caseload" not in page


async def test_a_submitted_entry_is_not_discarded(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    (entry,) = entries.list_drafts(db, olivia(db))
    await send(client, csrf, "submit")
    html = await _html(client, csrf, "discard this draft")
    assert "This entry is submitted, so it cannot be discarded" in html
    assert entries.get_entry_for(db, olivia(db), entry.id).status == "submitted"


async def test_help_lists_every_kind_of_command(client):
    csrf = await sign_in(client, "olivia")
    html = await _html(client, csrf, "help")
    assert "did not understand" not in html
    for example in ("new contact for", "outcome failed to attend", "remove self-harm"):
        assert example in html
    assert "change person to Jo Reed" in html and "discard this draft" in html
    assert html.count("<li>") >= 7  # a list the officer can scan, not one paragraph


async def test_words_it_cannot_place_are_answered_with_what_works(client, db):
    csrf = await sign_in(client, "olivia")
    html = await _html(client, csrf, "flibble")
    assert "I did not understand “flibble”" in html
    assert "discard this draft" in html and "submit" in html
    assert entries.list_drafts(db, olivia(db)) == []


async def test_discarding_someone_elses_draft_by_name_discards_nothing(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)  # Sam Reed's draft
    html = await _html(client, csrf, "discard Priya Natt")
    assert "Nothing was discarded" in html
    assert len(entries.list_drafts(db, olivia(db))) == 1
