"""Case view, person search, exports, autosave, a note kept when reading it fails, the
audit page, secure cookies, and logs and audit rows free of names and note text."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import re

from aiohttp.test_utils import make_mocked_request

from assistant.accesslog import PathOnlyAccessLogger
from assistant.app import create_app
from storage import accounts, entries, people
from tests.web.conftest import PASSWORD, post_login, sign_in
from tests.web.test_chat import send

NOTE = "Sam Reed attended a home visit. He is living in a hostel and looking for work."


def olivia(db):
    return accounts.get_user_by_username(db, "olivia")


def add_entry(db, note: str, day: str, **changes) -> int:
    """An extracted entry for X100001 on `day`, with fields changed as given."""
    entry = entries.create_draft(db, olivia(db), "X100001", note, day)
    data = {
        "contact": {"date": day, "type": "home_visit", "outcome": "attended_complied"},
        "needs": [{"area": "accommodation", "status": "need", "evidence": []}],
        "risk_flags": [],
        "actions": [],
        "sections": {"accommodation": f"Lives in a hostel ({day})."},
        "summary": f"Home visit on {day}.",
        "enforcement": "none",
        **changes,
    }
    entries.set_extraction(db, entry.id, data)
    return entry.id


async def test_case_view_header_timeline_and_sections(client, db):
    people.upsert_person(db, "X100001", "Sam Reed", team_id=olivia(db).team_id,
                         dob="1990-01-02", flags=["self_harm"])  # fmt: skip
    old = add_entry(db, "Old note.", "2026-10-01")
    new = add_entry(db, "New note.", "2026-11-20")
    await sign_in(client, "olivia")
    page = await (await client.get("/cases/X100001")).text()
    assert '<h1 class="govuk-heading-l">Sam Reed</h1>' in page
    assert "2 January 1990" in page and "X100001" in page
    assert page.index(f'href="/entries/{new}"') < page.index(f'href="/entries/{old}"')
    assert page.count("moj-timeline__item") == 2
    assert "Lives in a hostel (2026-11-20)." in page and "Lives in a hostel (2026-10-01)." in page
    assert re.search(rf'\(2026-11-20\)\. <a class="govuk-link[^"]*" href="/entries/{new}"', page)
    assert 'name="crn" value="X100001"' in page  # searching this person's notes and entries


async def test_search_one_persons_notes_and_entries(client, db):
    add_entry(db, "Talked about work.", "2026-11-20", summary="Deposit for a flat discussed.")
    other = entries.create_draft(db, olivia(db), "X100002", "A deposit is due.", "2026-11-20")
    await sign_in(client, "olivia")
    page = await (await client.get("/search?q=deposit&crn=X100001")).text()
    assert "Search Sam Reed’s notes and entries" in page and "1 entry found" in page
    assert "found in what the entry recorded" in page and "<mark>Deposit</mark>" in page
    assert f"/entries/{other.id}" not in page
    everyone = await (await client.get("/search?q=deposit")).text()
    assert "2 entries found" in everyone
    assert (await client.get("/search?q=deposit&crn=X200001")).status == 404  # not hers


async def test_exports_text_json_and_csv(client, db):
    entry_id = add_entry(db, NOTE, "2026-11-21", summary='=HYPERLINK("http://x")')
    await sign_in(client, "olivia")
    text = await (await client.get(f"/entries/{entry_id}/export.txt")).text()
    assert "Contact type: CHVS Home Visit to Case (NS)" in text
    assert "Outcome: ATTC Attended - Complied" in text
    assert "Enforcement: NFA No Further Action" in text and "Needs: Accommodation" in text
    resp = await client.get(f"/entries/{entry_id}/export.json")
    assert f'filename="entry-{entry_id}.json"' in resp.headers["Content-Disposition"]
    exported = json.loads(await resp.text())
    assert exported == entries.get_entry_for(db, olivia(db), entry_id).to_json()
    add_entry(db, "Second.", "2026-11-22")
    resp = await client.get("/cases/X100001/export.csv")
    rows = list(csv.DictReader(io.StringIO(await resp.text())))
    assert len(rows) == 2 and {r["contact_type"] for r in rows} == {"home_visit"}
    assert {r["summary"] for r in rows} >= {'\'=HYPERLINK("http://x")'}  # no formula runs
    exported = db.execute(
        "SELECT detail FROM audit_log WHERE action = 'exported' ORDER BY id"
    ).fetchall()
    assert [json.loads(d)["format"] for (d,) in exported] == ["text", "json", "csv"]


async def test_autosave_returns_the_new_version(client, db):
    entry_id = add_entry(db, NOTE, "2026-11-21")
    csrf = await sign_in(client, "olivia")
    url = f"/entries/{entry_id}/edit/summary"
    headers = {"X-Requested-With": "casenotes"}
    for version, words in ((1, "Home visit, half typed"), (2, "Home visit, all typed.")):
        data = {"csrf_token": csrf, "version": str(version), "value": words}
        resp = await client.post(url, data=data, headers=headers)
        assert resp.status == 200 and await resp.json() == {"version": version + 1}
    entry = entries.get_entry_for(db, olivia(db), entry_id)
    assert entry.data["summary"] == "Home visit, all typed." and entry.status == "draft"


async def test_a_note_is_kept_when_reading_it_fails(client, db):
    csrf = await sign_in(client, "olivia")
    note = "Sam Reed attended. [crash]"
    resp = await send(client, csrf, note, js=True)
    assert "The note is kept as a draft" in (await resp.json())["html"]
    (entry,) = entries.list_drafts(db, olivia(db))
    assert (entry.note_text, entry.current_version) == (note, 0)
    page = await (await client.get(f"/entries/{entry.id}")).text()
    assert "Read the note" in page and "[crash]" in page
    resp = await client.post(f"/entries/{entry.id}/extract", data={"csrf_token": csrf})
    assert resp.status == 503 and "Your note is saved" in await resp.text()
    assert entries.get_entry_for(db, olivia(db), entry.id).note_text == note
    resp = await send(client, csrf, "help", js=True)  # the workers were replaced
    assert "Name a person" in (await resp.json())["html"]


async def test_audit_page_filters_and_pages_with_them(client, db):
    entry_id = add_entry(db, NOTE, "2026-11-21")
    await sign_in(client, "olivia")
    for _ in range(3):
        await client.get(f"/entries/{entry_id}")
    client.session.cookie_jar.clear()
    await sign_in(client, "adam")
    page = await (await client.get("/admin/audit?action=viewed")).text()
    assert page.count('<td class="govuk-table__cell">viewed</td>') == 3
    assert "signed_in" not in page and "created" not in page
    assert "/admin/audit?action=viewed&amp;before=" in page


async def test_cookie_is_secure_when_served_over_https(aiohttp_client, settings, db, pool):
    auth = dataclasses.replace(settings.auth, cookie_secure=True)
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, auth=auth), extraction=pool)
    )
    resp = await post_login(
        client, {"username": "olivia", "password": PASSWORD}, allow_redirects=False
    )
    assert resp.cookies["casenotes_session"]["secure"]


async def test_no_names_or_note_text_in_logs_or_audit(client, db, caplog):
    caplog.set_level(logging.DEBUG)
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    await send(client, csrf, "find hostel Sam Reed")
    (entry,) = entries.list_drafts(db, olivia(db))
    await client.get(f"/entries/{entry.id}")
    await client.get(f"/entries/{entry.id}/export.txt")
    await client.get("/search?q=Sam+Reed+hostel")
    # The test server's access log is aiohttp's own; `serve` uses PathOnlyAccessLogger.
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "aiohttp.access")
    audit_rows = json.dumps(db.execute("SELECT * FROM audit_log").fetchall())
    for secret in ("Sam", "Reed", "hostel", "looking for work"):
        assert secret not in logged and secret not in audit_rows, secret


def test_access_log_leaves_out_the_query_string(caplog):
    caplog.set_level(logging.INFO, logger="test.access")
    logger = PathOnlyAccessLogger(logging.getLogger("test.access"), "")
    request = make_mocked_request("GET", "/search?q=Sam+Reed+hostel")
    response = type("R", (), {"status": 200, "body_length": 10})()
    logger.log(request, response, 0.01)
    assert '"GET /search" 200 10' in caplog.text and "Reed" not in caplog.text


async def test_review_queue_oldest_first_with_counts(client, db):
    first, second = add_entry(db, "One.", "2026-11-20"), add_entry(db, "Two.", "2026-11-21")
    add_entry(db, "Three.", "2026-11-22")
    for entry_id in (first, second):
        entries.submit(db, olivia(db), entry_id)
    await sign_in(client, "sue")
    page = await (await client.get("/review")).text()
    assert "2 submitted, 0 returned, 0 approved, 1 draft in your team." in page
    assert page.index(f'href="/review/{first}"') < page.index(f'href="/review/{second}"')


async def test_overlong_utf8_is_refused_or_kept_as_text(client, db):
    csrf = await sign_in(client, "olivia")
    # "<script>" with its angle brackets as overlong UTF-8 (C0 BC, C0 BE): not valid UTF-8.
    body = f"csrf_token={csrf}&text=Sam+Reed+%C0%BCscript%C0%BE+attended"
    resp = await client.post(
        "/",
        data=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        allow_redirects=False,
    )
    assert resp.status in (303, 400)
    # Never decoded into "<" and ">": whatever was kept is the replacement character.
    for (text,) in db.execute("SELECT text FROM messages").fetchall():
        assert "<" not in text and ">" not in text
    page = await (await client.get("/")).text()
    assert "script\ufffd" in page or "script" not in page.split('id="transcript"')[1]
    resp = await client.post(
        "/api/v1/interpret",
        data=b'{"text": "\xc0\xbcscript\xc0\xbe"}',
        headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
    )
    assert resp.status == 400 and "JSON" in (await resp.json())["error"]
