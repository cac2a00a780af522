"""Idempotency keys are per account: reuse by another account is its own request, and a
key resent with another body is 409, never a 500 that says the key was used."""

from __future__ import annotations

from storage import accounts
from tests.web.conftest import sign_in

NOTE = "Sam Reed came in on time and we went through his plan."


async def _api(client, username: str) -> dict[str, str]:
    csrf = await sign_in(client, username)
    return {"X-CSRF-Token": csrf, "Idempotency-Key": "shared-key-1"}


async def test_another_account_may_use_the_same_key(client, db):
    headers = await _api(client, "olivia")
    first = await client.post(
        "/api/v1/entries", json={"text": NOTE, "crn": "X100001"}, headers=headers
    )
    assert first.status == 201
    client.session.cookie_jar.clear()
    headers = await _api(client, "sue")
    second = await client.post(
        "/api/v1/entries", json={"text": NOTE, "crn": "X100002"}, headers=headers
    )
    assert second.status == 201, await second.text()
    assert (await second.json())["id"] != (await first.json())["id"]
    sue = accounts.get_user_by_username(db, "sue")
    assert (await second.json())["author_id"] == sue.id


async def test_a_key_resent_with_another_body_is_409(client):
    headers = await _api(client, "olivia")
    first = await client.post(
        "/api/v1/entries", json={"text": NOTE, "crn": "X100001"}, headers=headers
    )
    assert first.status == 201
    again = await client.post(
        "/api/v1/entries", json={"text": NOTE, "crn": "X100001"}, headers=headers
    )
    assert again.status in (200, 201) and (await again.json())["id"] == (await first.json())["id"]
    other = await client.post(
        "/api/v1/entries", json={"text": "A different note.", "crn": "X100001"}, headers=headers
    )
    assert other.status == 409
    assert "idempotency key" in (await other.json())["error"]


async def test_a_chat_key_is_per_account_and_per_body(client):
    headers = await _api(client, "olivia")
    first = await client.post("/api/v1/chat", json={"text": "help"}, headers=headers)
    assert first.status == 200
    other = await client.post("/api/v1/chat", json={"text": "show drafts"}, headers=headers)
    assert other.status == 409
    client.session.cookie_jar.clear()
    headers = await _api(client, "oscar")
    mine = await client.post("/api/v1/chat", json={"text": "show drafts"}, headers=headers)
    assert mine.status == 200
