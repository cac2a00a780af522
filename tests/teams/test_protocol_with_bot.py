"""The protocol layer in front of the real bot: a refused request leaves no trace in storage,
an accepted one is answered through the connector, and non-message activities say nothing."""

from __future__ import annotations

import pytest

from tests.teams.conftest import post_activity, post_webhook, webhook_signature


def _rows(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize(
    "token", ["forged", "expired", "wrong audience", "none"], ids=lambda t: f"token {t}"
)
async def test_a_refused_bot_request_issues_no_link_code_and_sends_nothing(
    teams_client, db, microsoft, make_token, make_activity, forged_key, token
):
    value = {
        "forged": lambda: make_token(key=forged_key),
        "expired": lambda: make_token(exp=1_000_000, nbf=None, iat=None),
        "wrong audience": lambda: make_token(aud="another-bot"),
        "none": lambda: None,
    }[token]()
    resp = await post_activity(teams_client, make_activity("new contact for Sam Reed"), value)
    assert resp.status == 401
    assert _rows(db, "teams_link_codes") == 0
    assert _rows(db, "entries") == 0
    assert microsoft.replies == [] and microsoft.token_forms == []


async def test_an_unlinked_officer_gets_one_card_through_the_connector(
    teams_client, db, microsoft, make_token, make_activity
):
    resp = await post_activity(
        teams_client, make_activity("new contact for Sam Reed"), make_token()
    )
    assert resp.status == 200
    [posted] = microsoft.replies
    assert posted["authorization"] == "Bearer bot-token-1"
    [attachment] = posted["activity"]["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert _rows(db, "teams_link_codes") == 1
    assert _rows(db, "entries") == 0


async def test_a_conversation_update_is_accepted_and_answered_with_nothing(
    teams_client, microsoft, make_token, make_activity
):
    activity = make_activity(None, type="conversationUpdate")
    resp = await post_activity(teams_client, activity, make_token())
    assert resp.status == 200
    assert microsoft.replies == [] and microsoft.token_forms == []


async def test_a_refused_webhook_request_stores_no_reply(teams_client, db, make_activity):
    body = b'{"type":"message","id":"77","text":"<at>casenotes</at> hello"}'
    resp = await post_webhook(teams_client, body, authorization=webhook_signature(body + b" "))
    assert resp.status == 401
    assert _rows(db, "teams_webhook_replies") == 0
    assert _rows(db, "teams_link_codes") == 0
    resp = await post_webhook(teams_client, body)
    assert resp.status == 200
    assert (await resp.json())["type"] == "message"
