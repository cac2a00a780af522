"""POST /api/messages end to end: Connector tokens checked as Microsoft specifies, then the bot."""

from __future__ import annotations

from tests.teams.conftest import post_activity


async def test_a_valid_token_reaches_the_bot_and_its_reply_goes_to_the_connector(
    teams_client, microsoft, make_token, make_activity, recording_bot
):
    activity = make_activity("hello")
    resp = await post_activity(teams_client, activity, make_token())
    assert resp.status == 200, await resp.text()
    assert await resp.read() == b""
    assert recording_bot.activities == [activity]
    [posted] = microsoft.replies
    assert posted["path"] == (
        f"/connector/v3/conversations/a%3A1on1-conversation%3Bmessageid%3D1/activities/{activity['id']}"
    )
    assert posted["authorization"] == "Bearer bot-token-1"
    assert posted["activity"]["text"] == "ok"
    assert posted["activity"]["replyToId"] == activity["id"]
    assert posted["activity"]["recipient"] == activity["from"]
