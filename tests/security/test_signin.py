"""Findings on sign-in: open redirect, login CSRF, lockout abuse, no per-address limit."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.app import create_app
from tests.web.conftest import CSRF, PASSWORD, post_login


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example/x",
        "/%09/evil.example/x",
        "/\n/evil.example",
        "/ /evil.example",
        "/%2F/evil.example",
        "/%5Cevil.example",
        "https://evil.example/",
        "/\x00/evil.example",
    ],
)
async def test_next_is_normalised_before_the_same_site_check(client, target):
    resp = await post_login(
        client, {"username": "olivia", "password": PASSWORD, "next": target}, allow_redirects=False
    )
    assert resp.status == 303
    assert resp.headers["Location"] == "/"


async def test_a_same_site_next_is_kept(client):
    resp = await post_login(
        client,
        {"username": "olivia", "password": PASSWORD, "next": "/search?q=hostel"},
        allow_redirects=False,
    )
    assert resp.headers["Location"] == "/search?q=hostel"


async def _token(client) -> str:
    page = await client.get("/login")
    return CSRF.search(await page.text()).group(1)


@pytest.mark.parametrize("origin", [None, "null", "https://evil.example"])
async def test_sign_in_refuses_missing_or_foreign_origin(client, origin):
    form = {"username": "olivia", "password": PASSWORD, "csrf_token": await _token(client)}
    headers = {} if origin is None else {"Origin": origin}
    resp = await client.post("/login", data=form, headers=headers, allow_redirects=False)
    assert resp.status == 403
    assert "casenotes_session" not in resp.cookies


@pytest.mark.parametrize("token", ["", "forged"])
async def test_sign_in_needs_the_pre_session_token(client, token):
    await _token(client)  # the browser has its pre-session cookie, the attacker's form not
    origin = {"Origin": str(client.make_url("/")).rstrip("/")}
    form = {"username": "olivia", "password": PASSWORD, "csrf_token": token}
    resp = await client.post("/login", data=form, headers=origin, allow_redirects=False)
    assert resp.status == 403


async def test_pre_session_token_is_bound_to_the_browser_cookie(client):
    token = await _token(client)
    client.session.cookie_jar.clear()  # another browser: right-looking token, no cookie
    origin = {"Origin": str(client.make_url("/")).rstrip("/")}
    form = {"username": "olivia", "password": PASSWORD, "csrf_token": token}
    resp = await client.post("/login", data=form, headers=origin, allow_redirects=False)
    assert resp.status == 403


async def test_failed_sign_ins_are_limited_per_address(aiohttp_client, settings, db, pool):
    auth = dataclasses.replace(settings.auth, max_failed_logins_per_address=4)
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, auth=auth), extraction=pool)
    )
    # Spread over accounts, so no one account's lock stops the guessing.
    for username in ("olivia", "sue", "oscar", "nobody"):
        resp = await post_login(client, {"username": username, "password": "wrong-guess"})
        assert resp.status == 401
    resp = await post_login(client, {"username": "adam", "password": PASSWORD})
    assert resp.status == 429
    assert int(resp.headers["Retry-After"]) > 0


async def test_address_limit_setting_is_honoured(aiohttp_client, settings, db, pool):
    auth = dataclasses.replace(settings.auth, max_failed_logins_per_address=8)
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, auth=auth), extraction=pool)
    )
    for _ in range(2):
        for username in ("olivia", "sue", "oscar", "nobody"):
            resp = await post_login(client, {"username": username, "password": "wrong-guess"})
            assert resp.status == 401
    assert (await post_login(client, {"username": "adam", "password": PASSWORD})).status == 429


async def test_a_known_browser_passes_a_lock_others_set(client, settings):
    # The officer signed in on this browser before: it holds the signed browser cookie.
    first = await post_login(
        client, {"username": "olivia", "password": PASSWORD}, allow_redirects=False
    )
    assert first.status == 303
    saved = first.cookies["casenotes_browser"].value
    # Someone else, without that cookie, locks the account by guessing.
    client.session.cookie_jar.clear()
    for _ in range(settings.auth.max_failed_logins):
        await post_login(client, {"username": "olivia", "password": "wrong-guess"})
    locked = await post_login(
        client, {"username": "olivia", "password": PASSWORD}, allow_redirects=False
    )
    assert locked.status == 401  # an unknown browser meets the lock, right password or not
    client.session.cookie_jar.update_cookies(
        {"casenotes_browser": saved}, response_url=client.make_url("/login")
    )
    resp = await post_login(
        client, {"username": "olivia", "password": PASSWORD}, allow_redirects=False
    )
    assert resp.status == 303  # the officer's own browser gets in


async def test_a_known_browser_cookie_for_another_account_does_not_pass(client, settings):
    first = await post_login(
        client, {"username": "oscar", "password": PASSWORD}, allow_redirects=False
    )
    value = first.cookies["casenotes_browser"].value
    client.session.cookie_jar.clear()
    for _ in range(settings.auth.max_failed_logins):
        await post_login(client, {"username": "olivia", "password": "wrong-guess"})
    client.session.cookie_jar.update_cookies(
        {"casenotes_browser": value}, response_url=client.make_url("/login")
    )
    resp = await post_login(
        client, {"username": "olivia", "password": PASSWORD}, allow_redirects=False
    )
    assert resp.status == 401


async def test_the_form_token_is_keyed_by_the_secret_env_names(client, settings, monkeypatch):
    monkeypatch.setenv(settings.auth.secret_env, "the first secret")
    token = await _token(client)
    origin = {"Origin": str(client.make_url("/")).rstrip("/")}
    form = {"username": "olivia", "password": PASSWORD, "csrf_token": token}
    monkeypatch.setenv(settings.auth.secret_env, "a rotated secret")
    resp = await client.post("/login", data=form, headers=origin, allow_redirects=False)
    assert resp.status == 403  # a token made under another key is refused
    monkeypatch.setenv(settings.auth.secret_env, "the first secret")
    resp = await client.post("/login", data=form, headers=origin, allow_redirects=False)
    assert resp.status == 303
