"""Teams settings from config.toml and the environment; the app's Teams resources."""

from __future__ import annotations

import asyncio

from assistant.settings import TeamsSettings
from assistant.teams import config
from assistant.typedefs import bot_auth_key, connector_key, teams_http_key, teams_settings_key
from tests.teams.conftest import APP_ID, post_activity


def test_the_environment_overrides_app_id_and_tenant():
    base = TeamsSettings(app_id="from-config", tenant_id="config-tenant")
    env = {"CASENOTES_TEAMS_APP_ID": " env-app ", "CASENOTES_TEAMS_TENANT_ID": "env-tenant"}
    assert config.effective(base, env) == TeamsSettings(app_id="env-app", tenant_id="env-tenant")


def test_empty_environment_values_leave_the_config_alone():
    base = TeamsSettings(app_id="from-config")
    env = {"CASENOTES_TEAMS_APP_ID": "", "CASENOTES_TEAMS_TENANT_ID": "  "}
    assert config.effective(base, env) is base


def test_secrets_come_only_from_the_named_variable():
    assert config.secret("MY_SECRET", {"MY_SECRET": " s3cret\n"}) == "s3cret"
    assert config.secret("MY_SECRET", {}) == ""


async def test_the_app_id_from_the_environment_switches_the_bot_on(
    make_teams_client, monkeypatch, make_token, make_activity, recording_bot
):
    monkeypatch.setenv("CASENOTES_TEAMS_APP_ID", APP_ID)
    client = await make_teams_client(app_id="")
    assert client.server.app[teams_settings_key].app_id == APP_ID
    resp = await post_activity(client, make_activity(), make_token())
    assert resp.status == 200
    assert len(recording_bot.activities) == 1


async def test_the_tenant_from_the_environment_is_used_for_bot_tokens(
    make_teams_client, monkeypatch, make_token, make_activity, recording_bot, microsoft
):
    monkeypatch.setenv("CASENOTES_TEAMS_TENANT_ID", "env-tenant")
    client = await make_teams_client()
    activity = make_activity()  # from that tenant: a single-tenant bot refuses any other
    activity["channelData"] = {"tenant": {"id": "env-tenant"}}
    activity["conversation"] = {**activity["conversation"], "tenantId": "env-tenant"}
    resp = await post_activity(client, activity, make_token())
    assert resp.status == 200
    assert microsoft.token_forms[0]["tenant"] == "env-tenant"


async def test_shutdown_waits_for_a_notification_then_closes_the_session(
    make_teams_client, microsoft
):
    client = await make_teams_client()
    app = client.server.app
    session = app[teams_http_key]
    assert app[bot_auth_key].settings is app[teams_settings_key]
    assert app[connector_key].settings is app[teams_settings_key]
    microsoft.delay["notify"] = 0.2
    from assistant.typedefs import teams_tasks_key

    async def send() -> None:
        async with session.post(microsoft.notify_url, json={"type": "message"}) as resp:
            assert resp.status == 202

    task = asyncio.get_running_loop().create_task(send())
    app[teams_tasks_key].add(task)
    await client.close()
    assert task.done() and task.exception() is None
    assert len(microsoft.notifications) == 1
    assert session.closed
