"""Every page and API route that reads a case record leaves an audit row, a refused read
(404) too: a token holder cannot read notes in bulk without a trace."""

from __future__ import annotations

import json

import pytest

from storage import accounts, audit, entries
from tests.web.conftest import sign_in

NOTE = "Sam Reed attended the office, still at the hostel."


def rows_since(db, start: int) -> list[tuple]:
    return [
        (r["user_id"], r["action"], r["record_type"], r["record_id"], json.loads(r["detail"]))
        for r in db.query("SELECT * FROM audit_log WHERE id > ? ORDER BY id", [start])
    ]


@pytest.fixture
def entry(db):
    olivia = accounts.get_user_by_username(db, "olivia")
    made = entries.create_draft(db, olivia, "X100001", NOTE, "2026-11-20")
    return entries.set_extraction(db, made.id, {"contact": {"outcome": None}, "summary": "s"})


READS = [  # (path, action, record type, record id: "entry" or a CRN or None)
    ("/entries/{id}", "viewed", "entry", "entry"),
    ("/entries/{id}/edit/outcome", "viewed", "entry", "entry"),
    ("/cases/X100001", "viewed", "person", "X100001"),
    ("/drafts", "listed", "entry", None),
    ("/search?q=hostel", "searched", None, None),
    ("/api/v1/entries/{id}", "viewed", "entry", "entry"),
    ("/api/v1/cases/X100001", "viewed", "person", "X100001"),
    ("/api/v1/entries", "listed", "entry", None),
    ("/api/v1/drafts", "listed", "entry", None),
    ("/api/v1/search?q=hostel", "searched", None, None),
]


@pytest.mark.parametrize(("path", "action", "record_type", "record_id"), READS)
async def test_a_read_leaves_one_row(client, db, entry, path, action, record_type, record_id):
    await sign_in(client, "olivia")
    start = audit.head(db)[0]
    resp = await client.get(path.format(id=entry.id))
    assert resp.status == 200, await resp.text()
    [(user_id, done, kind, rid, detail)] = rows_since(db, start)
    expected_id = str(entry.id) if record_id == "entry" else record_id
    assert (user_id, done, kind, rid) == (entry.author_id, action, record_type, expected_id)
    assert detail["via"] == ("api" if path.startswith("/api/") else "web")
    if "ids" in detail:
        assert detail["ids"] == [entry.id]


REFUSED = [
    ("/entries/{id}", "entry"),
    ("/entries/{id}/edit/outcome", "entry"),
    ("/entries/{id}/export.txt", "entry"),
    ("/entries/{id}/export.json", "entry"),
    ("/cases/X100001", "person"),
    ("/cases/X100001/export.csv", "person"),
    ("/search?q=hostel&crn=X100001", "person"),
    ("/api/v1/entries/{id}", "entry"),
    ("/api/v1/cases/X100001", "person"),
    ("/api/v1/entries?crn=X100001", "person"),
    ("/api/v1/search?q=hostel&crn=X100001", "person"),
]


@pytest.mark.parametrize(("path", "record_type"), REFUSED)
async def test_a_refused_read_leaves_one_row(client, db, entry, path, record_type):
    await sign_in(client, "oscar")  # another team's officer
    oscar = accounts.get_user_by_username(db, "oscar")
    start = audit.head(db)[0]
    resp = await client.get(path.format(id=entry.id))
    assert resp.status == 404
    record_id = str(entry.id) if record_type == "entry" else "X100001"
    via = "api" if path.startswith("/api/") else "web"
    assert rows_since(db, start) == [(oscar.id, "refused", record_type, record_id, {"via": via})]


async def test_the_chat_page_records_the_entries_its_conversation_shows(client, db):
    csrf = await sign_in(client, "olivia")
    await client.post("/", data={"csrf_token": csrf, "text": NOTE}, allow_redirects=False)
    [entry] = entries.list_drafts(db, accounts.get_user_by_username(db, "olivia"))
    start = audit.head(db)[0]
    assert (await client.get("/")).status == 200
    [(_, action, kind, _, detail)] = rows_since(db, start)
    assert (action, kind, detail["what"], detail["ids"]) == (
        "listed",
        "entry",
        "conversation",
        [entry.id],
    )
