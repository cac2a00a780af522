"""Server header without a version; HSTS and Secure cookies unless served on loopback."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.app import create_app
from assistant.settings import AuthSettings, ServerSettings, Settings, SettingsError
from tests.web.conftest import PASSWORD, post_login


@pytest.mark.parametrize("path", ["/login", "/healthz", "/no-such-page", "/assets/app.js"])
async def test_no_version_in_the_server_header(client, path):
    resp = await client.get(path, allow_redirects=False)
    assert resp.headers.get("Server") == "casenotes"
    assert "aiohttp" not in str(resp.headers).lower() and "python" not in str(resp.headers).lower()


@pytest.mark.parametrize(
    ("host", "setting", "secure"),
    [
        ("127.0.0.1", "auto", False),
        ("localhost", "auto", False),
        ("::1", "auto", False),
        ("0.0.0.0", "auto", True),
        ("10.2.3.4", "auto", True),
        ("casenotes.internal", "auto", True),
        ("10.2.3.4", False, False),
        ("127.0.0.1", True, True),
    ],
)
def test_cookie_secure_is_on_unless_the_host_is_loopback(host, setting, secure):
    settings = Settings(server=ServerSettings(host=host), auth=AuthSettings(cookie_secure=setting))
    assert settings.secure_cookies is secure


def test_a_wrong_cookie_secure_value_is_refused():
    with pytest.raises(SettingsError):
        _ = Settings(auth=AuthSettings(cookie_secure="sometimes")).secure_cookies


async def test_hsts_and_secure_cookies_when_secure(aiohttp_client, settings, db, pool):
    server = dataclasses.replace(settings.server, host="0.0.0.0")
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, server=server), extraction=pool)
    )
    page = await client.get("/login")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert page.cookies["casenotes_signin"]["secure"]
    resp = await post_login(
        client, {"username": "olivia", "password": PASSWORD}, allow_redirects=False
    )
    assert resp.status == 303
    assert resp.cookies["casenotes_session"]["secure"]
    assert resp.cookies["casenotes_browser"]["secure"]


async def test_no_hsts_on_loopback(client):
    page = await client.get("/login")
    assert "Strict-Transport-Security" not in page.headers
    assert not page.cookies["casenotes_signin"]["secure"]
