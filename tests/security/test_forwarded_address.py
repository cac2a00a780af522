"""Behind a reverse proxy (`server.trusted_proxies`) failed sign-ins are counted per client
address read from X-Forwarded-For; from anyone else the header is ignored."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.app import create_app
from assistant.settings import SettingsError
from tests.web.conftest import PASSWORD, post_login

WRONG = {"username": "olivia", "password": "wrong-guess"}
RIGHT = {"username": "sue", "password": PASSWORD}


def _settings(settings, proxies):
    server = dataclasses.replace(settings.server, trusted_proxies=proxies)
    auth = dataclasses.replace(settings.auth, max_failed_logins_per_address=2)
    return dataclasses.replace(settings, server=server, auth=auth)


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": f"{address}, 10.0.0.9"}  # the client, then an inner proxy


async def test_through_a_trusted_proxy_each_client_has_its_own_count(
    aiohttp_client, settings, db, pool
):
    app = create_app(_settings(settings, ("127.0.0.1", "10.0.0.0/8")), extraction=pool)
    client = await aiohttp_client(app)
    for _ in range(2):
        assert (await post_login(client, WRONG, headers=_from("198.51.100.7"))).status == 401
    blocked = await post_login(client, RIGHT, headers=_from("198.51.100.7"))
    assert blocked.status == 429
    other = await post_login(client, RIGHT, headers=_from("198.51.100.8"), allow_redirects=False)
    assert other.status == 303  # another officer behind the same proxy is not held up


async def test_from_an_untrusted_peer_the_header_changes_nothing(
    aiohttp_client, settings, db, pool
):
    client = await aiohttp_client(create_app(_settings(settings, ()), extraction=pool))
    for n in range(2):  # a guesser naming a new address each time is still one address
        assert (await post_login(client, WRONG, headers=_from(f"203.0.113.{n}"))).status == 401
    resp = await post_login(client, RIGHT, headers=_from("203.0.113.99"))
    assert resp.status == 429


def test_a_malformed_proxy_entry_is_refused_at_start(settings):
    with pytest.raises(SettingsError, match="trusted_proxies"):
        create_app(_settings(settings, ("not-an-address",)))
