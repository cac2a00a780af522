"""A full disk: the officer is told their note was not saved, keeps its text, loses nothing."""

from __future__ import annotations

import html
import re
import sqlite3

import pytest

from storage import accounts, audit, conversations
from tests.faults import disk
from tests.web.conftest import sign_in

# The full disk is injected through SQLite's page limit (tests/faults/disk.py), so these run on
# SQLite; PostgreSQL's "disk full" (SQLSTATE 53100) is mapped to the same StorageFull in
# assistant/dbpool.py and tested in tests/storage/test_postgres.py.
pytestmark = pytest.mark.fault
on_sqlite = pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)

# Long enough to need new pages (overflow pages and index pages), as a real note would.
NOTE = "Attended the office on time. Living in a hostel and looking for work.\n" * 80
TURN_KEY = re.compile(r'name="turn_key" value="([^"]*)"')
TEXTAREA = re.compile(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', re.S)
FULL = "could not be saved: the server has run out of storage space"


def counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Rows in every table a chat turn writes to."""
    tables = ("entries", "entry_versions", "messages", "audit_log", "idempotency")
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def note_copies(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(messages, entries) holding the note."""
    messages = db.execute("SELECT count(*) FROM messages WHERE text = ?", [NOTE]).fetchone()[0]
    found = db.execute("SELECT count(*) FROM entries WHERE note_text = ?", [NOTE]).fetchone()[0]
    return messages, found


def assert_sound(db) -> None:  # type: ignore[no-untyped-def]
    """Nothing half-written: the file is intact and the audit chain unbroken."""
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert audit.verify(db) == []


async def chat_page(client) -> str:  # type: ignore[no-untyped-def]
    resp = await client.get("/")
    assert resp.status == 200
    return await resp.text()


async def turn_key(client) -> str:  # type: ignore[no-untyped-def]
    """The key the chat form carries for the next turn."""
    found = TURN_KEY.search(await chat_page(client))
    assert found, "no turn key on the chat page"
    return found.group(1)


async def send(client, csrf: str, text: str, key: str, **headers: str):  # type: ignore[no-untyped-def]
    return await client.post(
        "/",
        data={"csrf_token": csrf, "turn_key": key, "text": text},
        headers=headers,
        allow_redirects=False,
    )


def assert_note_kept_in_form(page: str, key: str) -> None:
    assert FULL in page
    assert "Keep a copy of what you typed" in page
    textarea = TEXTAREA.search(page)
    assert textarea and html.unescape(textarea.group(1)).strip("\n") == NOTE.strip("\n")
    assert f'name="turn_key" value="{key}"' in page  # a resend is the same turn


@on_sqlite
async def test_full_disk_refuses_the_note_whole_and_gives_it_back(client, db):
    csrf = await sign_in(client, "olivia")
    key = await turn_key(client)
    assert (await send(client, csrf, "new contact for Sam Reed", key)).status == 303
    before = counts(db)
    await disk.fill(client.app)

    key = await turn_key(client)  # reading still works
    resp = await send(client, csrf, NOTE, key)
    assert resp.status == 507
    assert_note_kept_in_form(await resp.text(), key)

    resp = await send(client, csrf, NOTE, key, **{"X-Requested-With": "casenotes"})  # app.js
    assert resp.status == 507
    assert FULL in (await resp.json())["error"]

    token = accounts.create_token(db, accounts.get_user_by_username(db, "olivia"))[1]
    resp = await client.post(
        "/api/v1/entries",
        json={"text": NOTE, "crn": "X100001"},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "api-1"},
    )
    assert resp.status == 507
    assert FULL in (await resp.json())["error"]
    before["audit_log"] += 1  # the token was made by this test, on its own connection
    assert counts(db) == before  # not one row of any of it
    assert_sound(db)

    await disk.free(client.app)
    resp = await send(client, csrf, NOTE, key)
    assert resp.status == 303
    assert note_copies(db) == (1, 1)
    assert_sound(db)


@on_sqlite
async def test_disk_filling_mid_turn_keeps_the_stored_note_and_resends_it_once(
    client, db, monkeypatch
):
    """The officer's message is stored, then the disk fills before the entry is."""
    add_question = conversations.add_question
    filled: list[bool] = []

    def add_then_fill(database, user, conversation_id, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        message = add_question(database, user, conversation_id, text, *args, **kwargs)
        if text == NOTE and not filled:  # once: the resend asks again, and finds it stored
            filled.append(True)
            disk.fill_now(database)  # on the writer's own connection, right after the note
        return message

    # the officer's message is stored by add_question (a resend is not stored twice)
    monkeypatch.setattr(conversations, "add_question", add_then_fill)
    csrf = await sign_in(client, "olivia")
    key = await turn_key(client)
    assert (await send(client, csrf, "new contact for Sam Reed", key)).status == 303
    key = await turn_key(client)

    resp = await send(client, csrf, NOTE, key)
    assert resp.status == 507
    assert_note_kept_in_form(await resp.text(), key)
    assert note_copies(db) == (1, 0)  # the words are safe; no entry was half-made
    assert_sound(db)

    await disk.free(client.app)
    resp = await send(client, csrf, NOTE, key)
    assert resp.status == 303
    assert note_copies(db) == (1, 1)  # the resend finished the same turn: nothing twice
    page = await chat_page(client)
    assert page.count("Check each field, correct anything wrong, then submit.") == 1
    assert_sound(db)


@on_sqlite
async def test_full_disk_on_a_field_edit_keeps_the_typed_text(client, db):
    csrf = await sign_in(client, "olivia")
    key = await turn_key(client)
    await send(client, csrf, "new contact for Sam Reed", key)
    key = await turn_key(client)
    assert (await send(client, csrf, "Sam Reed attended. Hostel.", key)).status == 303
    entry_id = db.execute("SELECT max(id) FROM entries").fetchone()[0]
    await disk.fill(client.app)
    resp = await client.post(
        f"/entries/{entry_id}/edit/summary",
        data={"csrf_token": csrf, "version": "1", "value": NOTE},
        allow_redirects=False,
    )
    assert resp.status == 507
    page = await resp.text()
    assert FULL in page
    textarea = re.search(r'<textarea[^>]*name="value"[^>]*>(.*?)</textarea>', page, re.S)
    assert textarea and html.unescape(textarea.group(1)).strip("\n") == NOTE.strip("\n")
    assert (
        db.execute("SELECT current_version FROM entries WHERE id = ?", [entry_id]).fetchone()[0]
        == 1
    )
    assert_sound(db)


def test_sqlite_full_is_what_the_injection_produces(tmp_path):
    """The injected limit gives SQLite's own disk-full error, the one the server maps."""
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("CREATE TABLE t (x)")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full") as info:
        conn.execute("INSERT INTO t VALUES (?)", ["x" * 10_000])
    assert info.value.sqlite_errorcode == sqlite3.SQLITE_FULL
    conn.close()
