"""Two app instances on one database, as behind a load balancer: a limit, a lock or an
idempotency key met on one instance holds on the other (issue 14, shared state). Each test
runs on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.app import create_app
from assistant.typedefs import limiter_key, signin_failures_key, signing_key
from storage import accounts
from tests.web.conftest import CSRF, PASSWORD, post_login

LIMIT = 4
NOTE = "Sam Reed phoned to say his new job starts on Monday."


@pytest.fixture
async def pair(aiohttp_client, settings, db, pool, clock):
    """Instances A and B on the same database, their clocks in the test's hands."""
    auth = dataclasses.replace(
        settings.auth, requests_per_minute=LIMIT, max_failed_logins_per_address=2
    )
    shared = dataclasses.replace(settings, auth=auth)
    clients = []
    for _ in range(2):
        client = await aiohttp_client(create_app(shared, extraction=pool))
        client.server.app[limiter_key].clock = clock
        client.server.app[signin_failures_key].clock = clock
        clients.append(client)
    return clients


def _bearer(db, username: str) -> dict[str, str]:
    token = accounts.create_token(db, accounts.get_user_by_username(db, username))[1]
    return {"Authorization": f"Bearer {token}"}


async def test_a_rate_limit_spent_on_one_instance_holds_on_the_other(pair, db, clock):
    a, b = pair
    olivia = _bearer(db, "olivia")
    for client in (a, b, a, b):  # the load balancer spreads the officer's requests
        assert (await client.get("/api/v1/cases", headers=olivia)).status == 200
    for client in (a, b):
        resp = await client.get("/api/v1/cases", headers=olivia)
        assert resp.status == 429
        assert resp.headers["Retry-After"] == "60"
    assert (await b.get("/api/v1/cases", headers=_bearer(db, "oscar"))).status == 200
    clock.now += 60
    assert (await b.get("/api/v1/cases", headers=olivia)).status == 200


async def test_failed_sign_ins_from_one_address_are_counted_across_instances(pair, clock):
    a, b = pair
    wrong = {"username": "olivia", "password": "wrong-guess"}
    assert (await post_login(a, wrong)).status == 401
    assert (await post_login(b, wrong)).status == 401
    for client in (a, b):  # the address's two failures were spread over both instances
        resp = await post_login(client, {"username": "sue", "password": PASSWORD})
        assert resp.status == 429
    clock.now += 15 * 60  # `lockout_minutes` later the address may try again
    assert (await post_login(b, {"username": "sue", "password": PASSWORD})).status == 200


async def test_an_account_locked_on_one_instance_is_locked_on_the_other(
    aiohttp_client, settings, db, pool
):
    a = await aiohttp_client(create_app(settings, extraction=pool))
    b = await aiohttp_client(create_app(settings, extraction=pool))
    first = await post_login(a, {"username": "olivia", "password": PASSWORD}, allow_redirects=False)
    assert first.status == 303
    saved = first.cookies["casenotes_browser"].value  # signed by A
    a.session.cookie_jar.clear()
    for _ in range(settings.auth.max_failed_logins):
        await post_login(a, {"username": "olivia", "password": "wrong-guess"})
    right = {"username": "olivia", "password": PASSWORD}
    assert (await post_login(b, right, allow_redirects=False)).status == 401  # locked on B too
    b.session.cookie_jar.update_cookies(
        {"casenotes_browser": saved}, response_url=b.make_url("/login")
    )
    # B accepts the browser cookie A signed: both use the key kept in the database.
    assert (await post_login(b, right, allow_redirects=False)).status == 303


async def test_the_sign_in_form_from_one_instance_posts_to_the_other(
    aiohttp_client, settings, db, pool
):
    a = await aiohttp_client(create_app(settings, extraction=pool))
    b = await aiohttp_client(create_app(settings, extraction=pool))
    page = await a.get("/login")
    token = CSRF.search(await page.text()).group(1)
    pre = page.cookies["casenotes_signin"].value
    resp = await b.post(
        "/login",
        data={"username": "olivia", "password": PASSWORD, "csrf_token": token},
        headers={"Origin": str(b.make_url("/")).rstrip("/"), "Cookie": f"casenotes_signin={pre}"},
        allow_redirects=False,
    )
    assert resp.status == 303
    session = resp.cookies["casenotes_session"].value
    home = await a.get("/drafts", headers={"Cookie": f"casenotes_session={session}"})
    assert home.status == 200 and str(home.url).endswith("/drafts")  # A knows B's session
    # One process here, so show where the key comes from: the database both instances share.
    stored = db.execute("SELECT value FROM app_secrets WHERE name = 'signin-signing'").fetchone()
    assert a.server.app[signing_key] == b.server.app[signing_key] == stored[0].encode()


async def test_an_idempotency_key_used_on_one_instance_is_honoured_on_the_other(pair, db):
    a, b = pair
    headers = {**_bearer(db, "olivia"), "Idempotency-Key": "retry-after-failover-1"}
    body = {"text": NOTE, "crn": "X100001"}
    first = await a.post("/api/v1/entries", json=body, headers=headers)
    assert first.status == 201, await first.text()
    again = await b.post("/api/v1/entries", json=body, headers=headers)
    assert again.status in (200, 201)
    assert (await again.json())["id"] == (await first.json())["id"]
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 1
    other = await b.post(
        "/api/v1/entries", json={"text": "Another note.", "crn": "X100001"}, headers=headers
    )
    assert other.status == 409
