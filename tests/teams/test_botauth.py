"""BotAuthenticator: Microsoft's keys fetched without blocking, cached, refreshed once for a
new kid (rate limited), fetched once under concurrency, and given up on after the timeout."""

from __future__ import annotations

import asyncio
import dataclasses
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from assistant.teams.botauth import BotAuthenticator, BotAuthError, KeysUnavailable
from tests.teams.conftest import KID, public_jwk


@pytest.fixture
def auth(teams_settings, http, clock) -> BotAuthenticator:
    return BotAuthenticator(teams_settings, http, clock=clock)


async def test_keys_are_fetched_once_and_cached(auth, microsoft, make_token, make_activity):
    for _ in range(3):
        claims = await auth.authenticate(f"Bearer {make_token()}", make_activity())
    assert claims["serviceurl"] == microsoft.service_url
    assert (microsoft.hits["openid"], microsoft.hits["keys"]) == (1, 1)


async def test_keys_are_fetched_again_after_keys_cache_hours(
    auth, microsoft, make_token, make_activity, clock
):
    await auth.authenticate(f"Bearer {make_token()}", make_activity())
    clock.now += auth.settings.keys_cache_hours * 3600 - 1
    await auth.authenticate(f"Bearer {make_token()}", make_activity())
    assert microsoft.hits["keys"] == 1
    clock.now += 2
    await auth.authenticate(f"Bearer {make_token()}", make_activity())
    assert microsoft.hits["keys"] == 2


async def test_a_rolled_key_is_picked_up_by_one_refetch(
    auth, microsoft, make_token, make_activity, clock
):
    await auth.authenticate(f"Bearer {make_token()}", make_activity())
    new_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    microsoft.jwks.append(public_jwk(new_key, "rolled-key", ["msteams"]))
    clock.now += auth.UNKNOWN_KID_REFRESH_S
    claims = await auth.authenticate(
        f"Bearer {make_token(key=new_key, kid='rolled-key')}", make_activity()
    )
    assert claims["aud"] == auth.settings.app_id
    assert microsoft.hits["keys"] == 2


async def test_unknown_kids_refetch_at_most_once_a_minute(
    auth, microsoft, make_token, make_activity, clock
):
    await auth.authenticate(f"Bearer {make_token()}", make_activity())
    clock.now += auth.UNKNOWN_KID_REFRESH_S
    for n in range(5):  # a flood of forgeries naming new kids
        with pytest.raises(BotAuthError) as err:
            await auth.authenticate(f"Bearer {make_token(kid=f'made-up-{n}')}", make_activity())
        assert err.value.status == 401
    assert microsoft.hits["keys"] == 2
    clock.now += auth.UNKNOWN_KID_REFRESH_S
    with pytest.raises(BotAuthError):
        await auth.authenticate(f"Bearer {make_token(kid='made-up-again')}", make_activity())
    assert microsoft.hits["keys"] == 3


async def test_concurrent_first_requests_fetch_the_keys_once(
    auth, microsoft, make_token, make_activity
):
    microsoft.delay["keys"] = 0.1
    results = await asyncio.gather(
        *(auth.authenticate(f"Bearer {make_token()}", make_activity()) for _ in range(10))
    )
    assert len(results) == 10
    assert (microsoft.hits["openid"], microsoft.hits["keys"]) == (1, 1)


@pytest.mark.parametrize("endpoint", ["openid", "keys"])
async def test_a_slow_key_service_gives_up_after_http_timeout_s(
    teams_settings, http, microsoft, make_token, make_activity, endpoint
):
    auth = BotAuthenticator(dataclasses.replace(teams_settings, http_timeout_s=0.2), http)
    microsoft.delay[endpoint] = 1.0
    started = time.monotonic()
    with pytest.raises(KeysUnavailable):
        await auth.authenticate(f"Bearer {make_token()}", make_activity())
    assert time.monotonic() - started < 0.9


async def test_cached_keys_are_kept_when_a_refresh_fails(
    auth, microsoft, make_token, make_activity, clock
):
    await auth.authenticate(f"Bearer {make_token()}", make_activity())
    clock.now += auth.settings.keys_cache_hours * 3600 + 1
    microsoft.status["keys"] = 500
    await auth.authenticate(f"Bearer {make_token()}", make_activity())
    assert microsoft.hits["keys"] == 2
    await auth.authenticate(f"Bearer {make_token()}", make_activity())
    assert microsoft.hits["keys"] == 2  # not retried for every request straight after a failure


async def test_with_no_keys_a_failure_is_not_retried_by_every_queued_request(
    auth, microsoft, make_token, make_activity, clock
):
    microsoft.status["openid"] = 503
    for _ in range(3):
        with pytest.raises(KeysUnavailable):
            await auth.authenticate(f"Bearer {make_token()}", make_activity())
    assert microsoft.hits["openid"] == 1
    clock.now += auth.FAILED_RETRY_S
    del microsoft.status["openid"]
    await auth.authenticate(f"Bearer {make_token()}", make_activity())
    assert microsoft.hits["openid"] == 2


@pytest.mark.parametrize(
    "endorsements",
    [[], "msteams", ["webchat"]],
    ids=["empty list", "not a list", "other channel"],
)
async def test_endorsements_present_but_not_for_msteams_are_403(
    auth, microsoft, make_token, make_activity, rsa_key, endorsements
):
    jwk = public_jwk(rsa_key, KID, None)
    jwk["endorsements"] = endorsements
    microsoft.jwks = [jwk]
    with pytest.raises(BotAuthError) as err:
        await auth.authenticate(f"Bearer {make_token()}", make_activity())
    assert err.value.status == 403


async def test_metadata_that_does_not_offer_rs256_is_not_trusted(
    auth, microsoft, make_token, make_activity, monkeypatch
):
    async def get_json(url: str) -> dict:
        assert url == auth.settings.openid_metadata_url
        return {
            "jwks_uri": f"{microsoft.url}/keys",
            "id_token_signing_alg_values_supported": ["HS256"],
        }

    monkeypatch.setattr(auth, "_get_json", get_json)
    with pytest.raises(KeysUnavailable):
        await auth.authenticate(f"Bearer {make_token()}", make_activity())
