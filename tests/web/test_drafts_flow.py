"""Drafts on the web: change whose an entry is, discard and restore, the duplicate warning,
and "Who is this about?" with the closest few names and a search for anyone else."""

from __future__ import annotations

import re

from storage import accounts, drafts, entries, people
from tests.web.conftest import sign_in
from tests.web.test_chat import send
from tests.web.test_pages import add_entry, olivia


def _ids(db, crn: str) -> list[int]:
    return [e.id for e in entries.list_entries_for(db, olivia(db), crn)]


async def test_change_person_page_moves_the_entry_and_keeps_its_history(client, db):
    entry_id = add_entry(db, "Jo came in, all fine.", "2026-11-20")
    csrf = await sign_in(client, "olivia")
    page = await (await client.get(f"/entries/{entry_id}/person")).text()
    # The closest name to the note's words is offered first; the current person is not.
    assert 'value="X100002"' in page and "Jo Reed (X100002)" in page
    assert 'value="X100001"' not in page
    resp = await client.post(
        f"/entries/{entry_id}/person",
        data={"csrf_token": csrf, "version": "1", "crn": "X100002"},
        allow_redirects=False,
    )
    assert resp.status == 303 and resp.headers["Location"] == f"/entries/{entry_id}?moved=1"
    page = await (await client.get(resp.headers["Location"])).text()
    assert "Moved to Jo Reed (X100002)." in page
    assert _ids(db, "X100002") == [entry_id] and _ids(db, "X100001") == []
    assert len(entries.versions(db, olivia(db), entry_id)) == 2


async def test_change_person_search_finds_someone_else_and_refuses_others_caseload(client, db):
    entry_id = add_entry(db, "Seen today.", "2026-11-20")
    csrf = await sign_in(client, "olivia")
    form = {"csrf_token": csrf, "version": "1", "crn": "other", "who": "priya nat"}
    resp = await client.post(f"/entries/{entry_id}/person", data=form, allow_redirects=False)
    assert resp.status == 303
    assert _ids(db, "X100003") == [entry_id]
    # Oscar's person is not on Olivia's caseload: not found, nothing moves.
    form = {"csrf_token": csrf, "version": "2", "crn": "other", "who": "Tom Bell"}
    resp = await client.post(f"/entries/{entry_id}/person", data=form)
    assert resp.status == 400 and "Nobody on your caseload matches" in await resp.text()
    resp = await client.post(
        f"/entries/{entry_id}/person", data={"csrf_token": csrf, "version": "2", "crn": "X200001"}
    )
    assert resp.status == 404
    assert _ids(db, "X100003") == [entry_id]
    # A stale version is refused rather than moving an entry the officer has not seen.
    resp = await client.post(
        f"/entries/{entry_id}/person", data={"csrf_token": csrf, "version": "1", "crn": "X100001"}
    )
    assert resp.status == 409 and _ids(db, "X100003") == [entry_id]


async def test_discard_hides_the_draft_and_an_admin_restores_it(client, db):
    entry_id = add_entry(db, "A note kept by mistake.", "2026-11-20")
    csrf = await sign_in(client, "olivia")
    page = await (await client.get(f"/entries/{entry_id}/discard")).text()
    assert "Discard this draft?" in page and "Only an administrator can bring it back" in page
    resp = await client.post(
        f"/entries/{entry_id}/discard", data={"csrf_token": csrf, "version": "1"}
    )
    page = await resp.text()
    assert "Draft discarded." in page and f'href="/entries/{entry_id}"' not in page
    assert (await client.get(f"/entries/{entry_id}")).status == 404
    client.session.cookie_jar.clear()
    csrf = await sign_in(client, "adam")
    page = await (await client.get("/admin/discarded")).text()
    assert f'Restore<span class="govuk-visually-hidden"> entry {entry_id}' in page
    assert "A note kept by mistake" not in page and "Sam Reed" not in page
    resp = await client.post(f"/admin/discarded/{entry_id}/restore", data={"csrf_token": csrf})
    assert f"Entry {entry_id} restored" in await resp.text()
    assert entries.get_entry_for(db, olivia(db), entry_id).id == entry_id
    actions = [
        r[0]
        for r in db.execute("SELECT action FROM audit_log WHERE record_id = ?", [str(entry_id)])
    ]
    assert "discarded" in actions and "restored" in actions


async def test_submitted_entries_cannot_be_discarded_and_officers_cannot_restore(client, db):
    entry_id = add_entry(db, "Submitted note.", "2026-11-20")
    entries.submit(db, olivia(db), entry_id)
    csrf = await sign_in(client, "olivia")
    resp = await client.post(
        f"/entries/{entry_id}/discard", data={"csrf_token": csrf, "version": "1"}
    )
    assert resp.status in (400, 409)
    assert entries.get_entry_for(db, olivia(db), entry_id).status == "submitted"
    resp = await client.post(f"/admin/discarded/{entry_id}/restore", data={"csrf_token": csrf})
    assert resp.status in (403, 404)


async def test_same_note_twice_warns_and_offers_another_draft(client, db):
    note = "Sam Reed attended the office and talked about his new flat."
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, note)
    assert len(_ids(db, "X100001")) == 1
    await send(client, csrf, "  sam reed attended the office and talked about his new flat. ")
    page = await (await client.get("/")).text()
    assert "This note is already in a draft for Sam Reed (X100001)." in page
    assert len(_ids(db, "X100001")) == 1
    pending = re.findall(r'action="/chat/duplicate">\s*<input[^>]*>\s*<input type="hidden" '
                         r'name="pending" value="(\d+)"', page)[-1]  # fmt: skip
    for _ in range(2):  # pressed twice: one more draft, not two
        await client.post("/chat/duplicate", data={"csrf_token": csrf, "pending": pending})
    assert len(_ids(db, "X100001")) == 2


async def test_who_is_this_offers_the_best_few_then_a_search(client, db):
    team = olivia(db).team_id
    firsts = ["Aled", "Bea", "Cyrus", "Dani", "Efe", "Fen", "Gus", "Hana"]
    lasts = [
        "Abbot", "Barrow", "Cole", "Dunn", "Eade", "Frost", "Gale", "Hurst", "Irwin", "Jory",
        "Kemp", "Lomax", "Moss", "Nye", "Orr", "Pike", "Quail", "Rook", "Sloan", "Tull",
    ]  # fmt: skip
    for i in range(40):  # a caseload of forty: never forty buttons
        name = f"{firsts[i % 8]} {lasts[i % 20]}{'' if i < 20 else 'e'}"
        people.upsert_person(db, f"X3{i:05d}", name, team_id=team)
        people.assign_caseload(db, f"X3{i:05d}", "olivia")
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, "new contact please")
    page = await (await client.get("/")).text()
    question = page.split("Who is this about?")[-1]
    assert question.count('name="crn" value=') <= 5
    assert 'name="who"' in question
    pending = re.findall(r'name="pending" value="(\d*)"', page)[-1]
    resp = await client.post(
        "/chat/person",
        data={"csrf_token": csrf, "who": "hana lomaxe", "pending": pending},
        allow_redirects=False,
    )
    assert resp.status == 303
    conversation = db.execute("SELECT crn FROM conversations ORDER BY id DESC").fetchone()
    assert conversation[0] == "X300031"  # Hana Lomaxe, not Dani Lomax


async def test_a_supervisor_cannot_move_an_officers_entry(client, db):
    entry_id = add_entry(db, "Note.", "2026-11-20")
    csrf = await sign_in(client, "sue")
    resp = await client.post(
        f"/entries/{entry_id}/person", data={"csrf_token": csrf, "version": "1", "crn": "X100002"}
    )
    assert resp.status in (403, 404)
    assert accounts.get_user_by_username(db, "sue").role == "supervisor"
    assert _ids(db, "X100001") == [entry_id]


async def test_date_edit_uses_the_govuk_date_input(client, db):
    entry_id = add_entry(db, "Note.", "2026-11-20")
    csrf = await sign_in(client, "olivia")
    page = await (await client.get(f"/entries/{entry_id}/edit/contact_date")).text()
    # The boxes show the stored date as the hint describes it: day, month, year.
    for box, shown in (("day", "20"), ("month", "11"), ("year", "2026")):
        assert re.search(rf'id="value-{box}" name="value-{box}" type="text" value="{shown}"', page)
    assert "For example, 21 11 2026" in page and 'type="date"' not in page
    form = {"csrf_token": csrf, "version": "1", "value-day": "31", "value-month": "2"}
    resp = await client.post(f"/entries/{entry_id}/edit/contact_date", data=form)
    page = await resp.text()
    assert resp.status == 400 and 'href="#value-day"' in page
    assert "Date of contact must include a year" in page
    form["value-year"] = "2026"
    resp = await client.post(f"/entries/{entry_id}/edit/contact_date", data=form)
    assert resp.status == 400 and "must be a real date" in await resp.text()
    form.update({"value-day": "3", "value-month": "11"})
    resp = await client.post(f"/entries/{entry_id}/edit/contact_date", data=form)
    assert resp.status == 200  # followed to the entry page
    entry = entries.get_entry_for(db, olivia(db), entry_id)
    assert entry.data["contact"]["date"] == "2026-11-03"


async def test_api_moves_through_the_same_service_and_skips_discarded(client, db):
    entry_id = add_entry(db, "Note.", "2026-11-20")
    token = accounts.create_token(db, olivia(db))[1]
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/entries/{entry_id}"
    bad = await client.post(f"{url}/person", json={"version": 1}, headers=auth)
    assert bad.status == 400
    foreign = await client.post(
        f"{url}/person", json={"version": 1, "crn": "X200001"}, headers=auth
    )
    assert foreign.status == 404
    stale = await client.post(f"{url}/person", json={"version": 0, "crn": "X100002"}, headers=auth)
    assert stale.status == 409
    moved = await client.post(f"{url}/person", json={"version": 1, "crn": "x100002"}, headers=auth)
    body = await moved.json()
    assert moved.status == 200 and body["crn"] == "X100002" and body["current_version"] == 2
    drafts.discard_entry(db, olivia(db), entry_id, 2)  # (discarding is on the pages only)
    assert (await client.get(url, headers=auth)).status == 404
    listed = await (await client.get("/api/v1/entries", headers=auth)).json()
    assert entry_id not in [e["id"] for e in listed["entries"]]
    again = await client.post(f"{url}/person", json={"version": 2, "crn": "X100001"}, headers=auth)
    assert again.status == 404
