"""Smoke tests: health, sign-in, the chat page, security headers."""

from __future__ import annotations

from tests.web.conftest import sign_in


async def test_healthz_needs_no_sign_in(client):
    resp = await client.get("/healthz")
    assert resp.status == 200
    assert await resp.json() == {"status": "ok"}


async def test_the_browsers_favicon_request_finds_our_icon_without_sign_in(client):
    resp = await client.get("/favicon.ico")  # asked for by pages with no icon link
    assert resp.status == 200
    assert resp.content_type == "image/svg+xml"
    assert "<svg" in await resp.text()


async def test_pages_redirect_to_login(client):
    resp = await client.get("/", allow_redirects=False)
    assert resp.status == 303
    assert resp.headers["Location"] in ("/login?next=%2F", "/login?next=/")


async def test_security_headers(client):
    resp = await client.get("/login")
    csp = resp.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"  # nothing sent to other sites


async def test_sign_in_and_chat(client):
    await sign_in(client, "olivia")
    resp = await client.get("/")
    assert resp.status == 200
    assert "Record a contact" in await resp.text()
