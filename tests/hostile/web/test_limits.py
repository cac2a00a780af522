"""Every path that takes a note enforces every limit with a clear message and loses nothing.

Paths: the chat form without JS, the chat page's script (JSON), POST /api/v1/entries and
POST /api/v1/chat. Limits: request body size (`server.max_body_bytes`, 413), note length
(`nlp.max_note_chars`, 400) and requests per user per minute (`auth.requests_per_minute`,
429). Each test first saves a note through the path, then breaks the limit, then checks
that the saved note is intact and nothing from the refused request was stored.
"""

from __future__ import annotations

import dataclasses
import html

import pytest

from assistant.app import create_app
from storage import accounts
from tests.web.conftest import sign_in

NOTE = "Sam Reed attended the office. He is living in a hostel and looking for work."
PATHS = ["form", "chat_json", "api_entries", "api_chat"]
RATE = 6


class Officer:
    """Sends notes for olivia through one path, signed in as that path needs."""

    def __init__(self, client, path: str, db) -> None:
        self.client, self.path, self.db = client, path, db
        self.csrf: str | None = None
        token = accounts.create_token(db, accounts.get_user_by_username(db, "olivia"))[1]
        self.auth = {"Authorization": f"Bearer {token}"}

    async def start(self) -> None:
        if self.path in ("form", "chat_json"):
            self.csrf = await sign_in(self.client, "olivia")

    async def send(self, text: str):  # type: ignore[no-untyped-def]
        """The response to sending `text` as a note."""
        if self.path in ("form", "chat_json"):
            headers = {"X-Requested-With": "casenotes"} if self.path == "chat_json" else {}
            data = {"csrf_token": self.csrf, "text": text}
            return await self.client.post("/", data=data, headers=headers, allow_redirects=False)
        if self.path == "api_entries":
            body = {"text": text, "crn": "X100001"}
            return await self.client.post("/api/v1/entries", json=body, headers=self.auth)
        return await self.client.post("/api/v1/chat", json={"text": text}, headers=self.auth)

    async def message(self, resp) -> str:  # type: ignore[no-untyped-def]
        """The error an officer or client is shown."""
        if self.path in ("form",):
            assert resp.content_type == "text/html"
            return html.unescape(await resp.text())
        assert resp.content_type == "application/json"
        return (await resp.json())["error"]


def stored(db) -> list[tuple[str, str]]:
    """Every note and chat message in the database."""
    notes = [("entry", r[0]) for r in db.execute("SELECT note_text FROM entries ORDER BY id")]
    said = db.execute("SELECT text FROM messages WHERE role = 'user' ORDER BY id").fetchall()
    return notes + [("message", r[0]) for r in said]


async def saved_first(officer: Officer, db) -> list[tuple[str, str]]:
    """Send one good note; what the database holds afterwards."""
    await officer.start()
    resp = await officer.send(NOTE)
    assert resp.status in (200, 201, 303), await resp.text()
    before = stored(db)
    assert ("entry", NOTE) in before
    return before


@pytest.mark.parametrize("path", PATHS)
async def test_over_long_note_is_refused_clearly_and_nothing_is_lost(client, db, settings, path):
    officer = Officer(client, path, db)
    before = await saved_first(officer, db)
    limit = settings.nlp.max_note_chars
    long = ("word " * limit)[: limit + 1]
    assert len(long.encode()) < settings.server.max_body_bytes  # the note limit, not the body's
    resp = await officer.send(long)
    assert resp.status == 400
    message = await officer.message(resp)
    assert f"{limit + 1:,} characters long; the limit is {limit:,}" in message
    if path == "form":
        assert long[:200] in message  # the typed note is given back in the box
    assert stored(db) == before


@pytest.mark.parametrize("path", PATHS)
async def test_over_size_body_is_refused_clearly_and_nothing_is_lost(client, db, settings, path):
    officer = Officer(client, path, db)
    before = await saved_first(officer, db)
    resp = await officer.send("x" * (settings.server.max_body_bytes + 10))
    assert resp.status == 413
    message = await officer.message(resp)
    assert f"larger than casenotes accepts ({settings.server.max_body_bytes // 1024} KB)" in message
    assert "Nothing you saved has been lost" in message
    assert stored(db) == before


@pytest.mark.parametrize("path", PATHS)
async def test_too_many_requests_are_refused_clearly_and_nothing_is_lost(
    aiohttp_client, db, settings, pool, path
):
    auth = dataclasses.replace(settings.auth, requests_per_minute=RATE)
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, auth=auth), extraction=pool)
    )
    officer = Officer(client, path, db)
    await saved_first(officer, db)
    accepted = [NOTE]
    for n in range(RATE + 1):
        text = f"Sam Reed phoned, call {n}: all well."
        resp = await officer.send(text)
        if resp.status == 429:
            break
        assert resp.status in (200, 201, 303)
        accepted.append(text)
    assert resp.status == 429, "the limit was never reached"
    assert 0 < int(resp.headers["Retry-After"]) <= 60
    message = await officer.message(resp)
    assert f"more than {RATE} requests in a minute" in message
    assert "Nothing you saved has been lost" in message
    texts = [t for _, t in stored(db)]
    for text in accepted:
        assert text in texts
    assert "call" not in " ".join(t for t in texts if t not in accepted)
