"""Requests per user per minute: a sliding window, 429 with Retry-After, as a page or JSON."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.app import create_app
from assistant.typedefs import limiter_key
from storage import accounts, throttles
from storage.db import memory_db
from tests.web.conftest import sign_in

LIMIT = 4


@pytest.fixture
async def limited(aiohttp_client, settings, db, pool, clock):
    """A client on an app allowing LIMIT requests a minute, its clock in the test's hands."""
    auth = dataclasses.replace(settings.auth, requests_per_minute=LIMIT)
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, auth=auth), extraction=pool)
    )
    client.server.app[limiter_key].clock = clock
    return client


def bearer(db, username: str) -> dict[str, str]:
    token = accounts.create_token(db, accounts.get_user_by_username(db, username))[1]
    return {"Authorization": f"Bearer {token}"}


def test_sliding_window_counts_the_last_minute():
    db = memory_db()
    for step in (0, 10, 20):
        assert throttles.hit(db, "requests", "a", 1000 + step, 3, 60.0) is None
    assert throttles.hit(db, "requests", "a", 1030, 3, 60.0) == pytest.approx(30.0)
    assert throttles.hit(db, "requests", "b", 1030, 3, 60.0) is None  # counted per user
    assert throttles.hit(db, "requests", "a", 1060, 3, 60.0) is None  # 1000's has expired
    # the one at 1010 is next to expire
    assert throttles.hit(db, "requests", "a", 1060, 3, 60.0) == pytest.approx(10.0)


def test_idle_users_are_forgotten_and_zero_means_no_limit():
    db = memory_db()
    for user in range(100):
        throttles.hit(db, "requests", user, 1000.0, 2, 60.0)
    throttles.hit(db, "requests", "fresh", 1061.0, 2, 60.0)
    assert throttles.live_keys(db, "requests", 1061.0) == {"fresh"}
    assert db.execute("SELECT count(*) FROM throttle_hits").fetchone()[0] == 1  # rows dropped
    assert all(throttles.hit(db, "requests", "a", 1061.0, 0, 60.0) is None for _ in range(100))
    assert db.execute("SELECT count(*) FROM throttle_hits").fetchone()[0] == 1


async def test_page_over_the_limit_is_a_429_page_with_retry_after(limited, clock):
    await sign_in(limited, "olivia")  # the sign-in form is not counted; the page after it is
    for _ in range(LIMIT - 1):
        assert (await limited.get("/drafts")).status == 200
    clock.now += 15
    resp = await limited.get("/drafts")
    assert resp.status == 429
    assert resp.headers["Retry-After"] == "45"
    assert resp.content_type == "text/html"
    page = await resp.text()
    assert "Too many requests" in page and f"more than {LIMIT} requests in a minute" in page
    assert "Wait 45 seconds" in page
    assert (await limited.get("/assets/casenotes.css")).status == 200  # assets never count
    clock.now += 45
    assert (await limited.get("/drafts")).status == 200


async def test_api_over_the_limit_is_json_and_other_users_carry_on(limited, db, clock):
    olivia, oscar = bearer(db, "olivia"), bearer(db, "oscar")
    for _ in range(LIMIT):
        assert (await limited.get("/api/v1/cases", headers=olivia)).status == 200
    resp = await limited.post("/api/v1/interpret", json={"text": "help"}, headers=olivia)
    assert resp.status == 429
    assert resp.headers["Retry-After"] == "60"
    body = await resp.json()
    assert body["error"].startswith(f"You have made more than {LIMIT} requests in a minute")
    assert (await limited.get("/api/v1/cases", headers=oscar)).status == 200
    assert (await limited.get("/healthz")).status == 200  # no user, nothing to count
    clock.now += 60
    assert (await limited.get("/api/v1/cases", headers=olivia)).status == 200


async def test_a_refused_request_changes_nothing(limited, db, clock):
    headers = bearer(db, "olivia")
    for _ in range(LIMIT):
        await limited.get("/api/v1/cases", headers=headers)
    body = {"text": "Sam Reed attended.", "crn": "X100001"}
    resp = await limited.post("/api/v1/entries", json=body, headers=headers)
    assert resp.status == 429
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 0


async def test_default_limit_comes_from_settings(client, settings):
    assert client.server.app[limiter_key].per_minute == settings.auth.requests_per_minute == 120
