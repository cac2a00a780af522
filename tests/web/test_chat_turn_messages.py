"""A chat turn answers with the messages it stored, without reading them back, and reads
the current conversation with its first reads (`chat.turn_in_current`): the answer must be
exactly what is stored, a resent key must answer as the first time, and an officer with no
conversation yet gets one. Run on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest

from storage import accounts, conversations
from tests.web.conftest import sign_in

NOTE = "Sam Reed came to the office on time. He has moved into his sister's flat."


@pytest.fixture
def auth(db) -> dict[str, str]:
    """A bearer token for olivia, who has not opened the chat page (no conversation yet)."""
    user = accounts.get_user_by_username(db, "olivia")
    return {"Authorization": f"Bearer {accounts.create_token(db, user)[1]}"}


def _stored(db, conversation_id: int, ids: list[int]) -> list[dict]:
    """The messages as the database holds them, in the API's JSON."""
    user = accounts.get_user_by_username(db, "olivia")
    return [m.to_json() for m in conversations.get_messages(db, user, conversation_id, ids)]


async def test_the_answer_is_the_messages_as_stored(client, db, auth) -> None:
    assert conversations.list_conversations(db, accounts.get_user_by_username(db, "olivia")) == []
    resp = await client.post("/api/v1/chat", json={"text": NOTE}, headers=auth)
    assert resp.status == 200, await resp.text()
    answer = await resp.json()
    ids = [m["id"] for m in answer["messages"]]
    assert [m["role"] for m in answer["messages"]] == ["user", "assistant"]
    assert answer["messages"][0]["text"] == NOTE
    assert answer["messages"] == _stored(db, answer["conversation_id"], ids)
    # The first turn started the officer's conversation; the next one goes into it.
    again = await client.post("/api/v1/chat", json={"text": "help"}, headers=auth)
    assert (await again.json())["conversation_id"] == answer["conversation_id"]


async def test_a_resent_key_answers_with_the_first_turns_messages(client, db, auth) -> None:
    headers = {**auth, "Idempotency-Key": str(uuid.uuid4())}
    first = await (await client.post("/api/v1/chat", json={"text": NOTE}, headers=headers)).json()
    resent = await client.post("/api/v1/chat", json={"text": NOTE}, headers=headers)
    assert resent.status == 200
    assert await resent.json() == first
    user = accounts.get_user_by_username(db, "olivia")
    stored = conversations.list_messages(db, user, first["conversation_id"])
    assert [m.role for m in stored] == ["user", "assistant"]


async def test_the_chat_page_shows_the_turn_it_stored(client, db) -> None:
    csrf = await sign_in(client, "olivia")
    form = {"text": NOTE, "csrf_token": csrf, "turn_key": str(uuid.uuid4())}
    resp = await client.post("/", data=form, headers={"X-Requested-With": "casenotes"})
    assert resp.status == 200, await resp.text()
    html = (await resp.json())["html"]
    assert "Sam Reed came to the office on time." in html
    user = accounts.get_user_by_username(db, "olivia")
    latest = conversations.list_conversations(db, user, limit=1)[0]
    assert [m.role for m in conversations.list_messages(db, user, latest.id)] == [
        "user",
        "assistant",
    ]
