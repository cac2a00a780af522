"""/api/messages answers at once and sends the bot's reply later through the connector, so
a slow extraction never makes Teams redeliver; a redelivery is answered once."""

from __future__ import annotations

import json

from assistant.teams import runtime
from assistant.typedefs import teams_tasks_key
from storage import entries
from tests.teams.test_bot import link

SLOW_NOTE = "slow 1.5 Sam Reed attended a home visit."


async def _post_now(client, activity: dict, token: str):
    """POST without waiting for background work (unlike conftest.post_activity)."""
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    return await client.post("/api/messages", data=json.dumps(activity), headers=headers)


async def test_a_slow_turn_is_answered_at_once_and_replied_to_later(
    teams_client, microsoft, make_token, make_activity, db
):
    olivia = link(db, "olivia")
    resp = await _post_now(teams_client, make_activity(SLOW_NOTE), make_token())
    assert resp.status == 200
    app = teams_client.server.app
    # The HTTP answer came while the turn was still running: nothing sent to Teams yet.
    assert app[teams_tasks_key] and microsoft.replies == []
    await runtime.settle(app)
    [reply] = microsoft.replies
    assert reply["activity"]["attachments"][0]["content"]["type"] == "AdaptiveCard"
    assert len(entries.list_drafts(db, olivia)) == 1


async def test_a_redelivery_during_the_turn_is_answered_once(
    teams_client, microsoft, make_token, make_activity, db
):
    olivia = link(db, "olivia")
    activity = make_activity(SLOW_NOTE)
    for _ in range(3):  # Teams retrying a delivery it thinks was lost
        assert (await _post_now(teams_client, activity, make_token())).status == 200
    await runtime.settle(teams_client.server.app)
    assert len(microsoft.replies) == 1
    assert len(entries.list_drafts(db, olivia)) == 1


async def test_a_failed_turn_frees_its_delivery_for_a_retry(
    teams_client, microsoft, make_token, make_activity, db, monkeypatch
):
    from assistant.teams import bot

    link(db, "olivia")
    activity = make_activity("Sam Reed attended.")
    real = bot.on_activity

    async def broken(app, act):
        raise RuntimeError("the bot failed before answering")

    monkeypatch.setattr(bot, "on_activity", broken)
    await _post_now(teams_client, activity, make_token())
    await runtime.settle(teams_client.server.app)
    assert microsoft.replies == []
    monkeypatch.setattr(bot, "on_activity", real)
    await _post_now(teams_client, activity, make_token())
    await runtime.settle(teams_client.server.app)
    assert len(microsoft.replies) == 1
