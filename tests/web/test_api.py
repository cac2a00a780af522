"""The JSON API: bearer tokens, every bad input, version conflicts, idempotency, OpenAPI."""

from __future__ import annotations

import pytest

from assistant.openapi import api_routes
from storage import accounts

NOTE = "Sam Reed attended a home visit. He is in a hostel."


@pytest.fixture
def token(db) -> str:
    return accounts.create_token(db, accounts.get_user_by_username(db, "olivia"))[1]


@pytest.fixture
def auth(token) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def create(client, auth, **extra):
    body = {"text": NOTE, "crn": "X100001", "reference_date": "2026-11-21", **extra}
    return await client.post("/api/v1/entries", json=body, headers=auth)


async def test_api_needs_a_token(client):
    resp = await client.get("/api/v1/cases")
    assert resp.status == 401
    assert resp.headers["WWW-Authenticate"] == "Bearer"
    assert "error" in await resp.json()
    resp = await client.get("/api/v1/cases", headers={"Authorization": "Bearer nope"})
    assert resp.status == 401


async def test_create_get_update_submit(client, auth):
    resp = await create(client, auth)
    assert resp.status == 201
    entry = await resp.json()
    assert entry["note_text"] == NOTE and entry["data"]["contact"]["type"] == "home_visit"
    resp = await client.patch(
        f"/api/v1/entries/{entry['id']}",
        json={"version": 1, "fields": {"outcome": "rescheduled"}},
        headers=auth,
    )
    assert resp.status == 200
    updated = await resp.json()
    assert updated["current_version"] == 2
    stale = await client.patch(
        f"/api/v1/entries/{entry['id']}",
        json={"version": 1, "fields": {"outcome": "failed_to_attend"}},
        headers=auth,
    )
    assert stale.status == 409
    assert "changed" in (await stale.json())["error"]
    resp = await client.post(f"/api/v1/entries/{entry['id']}/submit", headers=auth)
    assert (await resp.json())["status"] == "submitted"
    again = await client.post(f"/api/v1/entries/{entry['id']}/submit", headers=auth)
    assert again.status == 409


async def test_duplicate_idempotency_key_returns_first(client, auth):
    first = await (await create(client, auth, idempotency_key="abc")).json()
    resp = await create(client, {**auth, "Idempotency-Key": "abc"})
    assert resp.status == 200
    assert (await resp.json())["id"] == first["id"]
    resp = await client.post(
        "/api/v1/entries",
        json={"text": "different", "crn": "X100001"},
        headers={**auth, "Idempotency-Key": "abc"},
    )
    assert resp.status == 409  # the same key for another note is refused, not replayed
    listed = await (await client.get("/api/v1/entries", headers=auth)).json()
    assert len(listed["entries"]) == 1


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "message"),
    [
        ("post", "/api/v1/entries", {"text": NOTE, "crn": "X999999"}, 404, "not found"),
        ("post", "/api/v1/entries", {"text": NOTE, "crn": "X200001"}, 404, "not found"),
        ("post", "/api/v1/entries", {"text": "  ", "crn": "X100001"}, 400, "empty"),
        ("post", "/api/v1/entries", {"text": "x" * 12001, "crn": "X100001"}, 400, "limit"),
        ("post", "/api/v1/entries", {"text": NOTE}, 400, "crn"),
        ("post", "/api/v1/entries", "not json", 415, "application/json"),
        ("post", "/api/v1/entries", [1, 2], 400, "JSON object"),
        ("post", "/api/v1/extract", {"text": NOTE, "reference_date": "21/11/2026"}, 400, "ISO"),
        ("post", "/api/v1/interpret", {"text": ""}, 400, "empty"),
        ("post", "/api/v1/chat", {"text": 5}, 400, "string"),
        ("get", "/api/v1/entries/999", None, 404, "not found"),
        ("get", "/api/v1/entries/abc", None, 404, "not found"),
        ("patch", "/api/v1/entries/999", {"version": 1}, 404, "not found"),
        ("get", "/api/v1/cases/X200001", None, 404, "not found"),
        ("get", "/api/v1/search", None, 400, "q"),
    ],
)
async def test_bad_input(client, auth, method, path, body, status, message):
    kwargs = {"headers": auth}
    if isinstance(body, str):
        kwargs["data"] = body
    elif body is not None:
        kwargs["json"] = body
    resp = await getattr(client, method)(path, **kwargs)
    assert resp.status == status
    assert message.lower() in (await resp.json())["error"].lower()


async def test_bad_field_and_version(client, auth):
    entry = await (await create(client, auth)).json()
    url = f"/api/v1/entries/{entry['id']}"
    for body, message in [
        ({"fields": {"outcome": "x"}}, "version"),
        ({"version": 1, "fields": {"outcome": "maybe"}}, "outcome"),
        ({"version": 1, "fields": {"colour": "red"}}, "unknown field"),
        ({"version": 1, "fields": {"contact_date": "31/02/2026"}}, "real date"),
    ]:
        resp = await client.patch(url, json=body, headers=auth)
        assert resp.status == 400, body
        assert message in (await resp.json())["error"]


async def test_body_too_large_is_413(client, auth, settings):
    resp = await client.post(
        "/api/v1/extract",
        data=b"x" * (settings.server.max_body_bytes + 1),
        headers={**auth, "Content-Type": "application/json"},
    )
    assert resp.status == 413


async def test_extract_interpret_chat_cases_search(client, auth):
    resp = await client.post("/api/v1/extract", json={"text": NOTE}, headers=auth)
    assert (await resp.json())["schema"] == "case-entry/1"
    resp = await client.post("/api/v1/interpret", json={"text": "help"}, headers=auth)
    assert (await resp.json())["intent"] == "help"
    resp = await client.post("/api/v1/chat", json={"text": NOTE}, headers=auth)
    messages = (await resp.json())["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    cases = await (await client.get("/api/v1/cases", headers=auth)).json()
    assert {c["crn"] for c in cases["cases"]} == {"X100001", "X100002", "X100003"}
    case = await (await client.get("/api/v1/cases/X100001", headers=auth)).json()
    assert len(case["entries"]) == 1
    found = await (await client.get("/api/v1/search?q=hostel", headers=auth)).json()
    assert len(found["results"]) == 1


async def test_openapi_matches_routes(client):
    resp = await client.get("/api/v1/openapi.json")
    doc = await resp.json()
    assert doc["openapi"].startswith("3.1")
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    registered = {(m, p) for m, p, _, _ in api_routes(client.server.app)}
    assert documented == registered
    assert len(registered) >= 11


async def test_api_session_needs_csrf(client):
    from tests.web.conftest import sign_in

    csrf = await sign_in(client, "olivia")
    resp = await client.post("/api/v1/interpret", json={"text": "help"})
    assert resp.status == 403
    resp = await client.post(
        "/api/v1/interpret", json={"text": "help"}, headers={"X-CSRF-Token": csrf}
    )
    assert resp.status == 200
