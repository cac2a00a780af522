"""Connector: bot token by client credentials, cached until 5 minutes before expiry; replies
posted to the activity's serviceUrl with a timeout; failures are ConnectorError."""

from __future__ import annotations

import dataclasses
import time

import pytest

from assistant.teams.connector import Connector, ConnectorError, reply_url
from tests.teams.conftest import APP_ID, APP_SECRET, TENANT_ID


@pytest.fixture
def connector(teams_settings, http, clock) -> Connector:
    return Connector(teams_settings, http, APP_SECRET, clock=clock)


async def test_the_token_is_requested_by_client_credentials_for_the_tenant(connector, microsoft):
    assert await connector.token() == "bot-token-1"
    [form] = microsoft.token_forms
    assert form == {
        "tenant": TENANT_ID,
        "grant_type": "client_credentials",
        "client_id": APP_ID,
        "client_secret": APP_SECRET,
        "scope": "https://api.botframework.com/.default",
    }


async def test_no_tenant_means_botframework_com(teams_settings, http, microsoft):
    connector = Connector(dataclasses.replace(teams_settings, tenant_id=""), http, APP_SECRET)
    await connector.token()
    assert microsoft.token_forms[0]["tenant"] == "botframework.com"


async def test_the_token_is_reused_until_five_minutes_before_expiry(connector, microsoft, clock):
    microsoft.token_lifetime_s = 3600
    assert await connector.token() == "bot-token-1"
    clock.now += 3600 - 300 - 1
    assert await connector.token() == "bot-token-1"
    clock.now += 2
    assert await connector.token() == "bot-token-2"
    assert connector.token_fetches == 2


async def test_replies_share_one_token(connector, microsoft, make_activity):
    for text in ("one", "two", "three"):
        await connector.reply(make_activity(), {"type": "message", "text": text})
    assert [r["activity"]["text"] for r in microsoft.replies] == ["one", "two", "three"]
    assert {r["authorization"] for r in microsoft.replies} == {"Bearer bot-token-1"}
    assert len(microsoft.token_forms) == 1


@pytest.mark.parametrize("slash", ["", "/"])
def test_the_reply_url_joins_service_url_with_or_without_a_slash(slash):
    activity = {
        "serviceUrl": f"https://smba.trafficmanager.net/uk{slash}",
        "conversation": {"id": "19:abc@thread.tacv2;messageid=17"},
        "id": "1712",
    }
    assert reply_url(activity) == (
        "https://smba.trafficmanager.net/uk/v3/conversations/"
        "19%3Aabc%40thread.tacv2%3Bmessageid%3D17/activities/1712"
    )


async def test_a_refused_token_is_fetched_again_once(connector, microsoft, make_activity):
    microsoft.status["connector"] = 401
    with pytest.raises(ConnectorError):
        await connector.reply(make_activity(), {"text": "x"})
    assert len(microsoft.replies) == 2
    assert [r["authorization"] for r in microsoft.replies] == [
        "Bearer bot-token-1",
        "Bearer bot-token-2",
    ]


@pytest.mark.parametrize(("endpoint", "status"), [("connector", 500), ("token", 400)])
async def test_failures_are_connector_errors(connector, microsoft, make_activity, endpoint, status):
    microsoft.status[endpoint] = status
    with pytest.raises(ConnectorError):
        await connector.reply(make_activity(), {"text": "x"})


@pytest.mark.parametrize("endpoint", ["token", "connector"])
async def test_a_slow_microsoft_gives_up_after_http_timeout_s(
    teams_settings, http, microsoft, make_activity, endpoint
):
    settings = dataclasses.replace(teams_settings, http_timeout_s=0.2)
    connector = Connector(settings, http, APP_SECRET)
    microsoft.delay[endpoint] = 1.0
    started = time.monotonic()
    with pytest.raises(ConnectorError):
        await connector.reply(make_activity(), {"text": "x"})
    assert time.monotonic() - started < 0.9


async def test_no_secret_means_no_token_request(teams_settings, http, microsoft, make_activity):
    connector = Connector(teams_settings, http, "")
    with pytest.raises(ConnectorError):
        await connector.reply(make_activity(), {"text": "x"})
    assert microsoft.token_forms == []
