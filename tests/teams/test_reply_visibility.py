"""The bot in a channel or group chat: others read its replies, so they carry no names,
CRNs, values or quotes, only what happened, counts, and a link. A 1:1 chat shows it all."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.teams import cards
from storage import entries
from tests.teams.conftest import TENANT_ID, post_activity
from tests.teams.test_bot import NOTE, SAVED_BRIEF, link, texts

SHARED = ("channel", "groupChat")


def in_conversation(make_activity, text: str | None, kind: str, **fields: Any) -> dict:
    conversation = {"id": f"19:{kind}-thread", "conversationType": kind, "tenantId": TENANT_ID}
    return make_activity(text, conversation=conversation, **fields)


async def say(client, microsoft, activity: dict, token: str) -> dict:
    before = len(microsoft.replies)
    assert (await post_activity(client, activity, token)).status == 200
    [reply] = microsoft.replies[before:]
    return reply["activity"]["attachments"][0]["content"]


@pytest.mark.parametrize("kind", SHARED)
async def test_a_note_in_a_shared_conversation_is_saved_and_only_linked(
    teams_client, microsoft, make_token, make_activity, db, kind
):
    olivia = link(db, "olivia")
    card = await say(
        teams_client, microsoft, in_conversation(make_activity, NOTE, kind), make_token()
    )
    [entry] = entries.list_drafts(db, olivia)
    assert entry.data["contact"]["type"] == "home_visit"  # stored in full as usual
    assert texts(card) == [SAVED_BRIEF]
    dumped = json.dumps(card)
    for private in ("Sam", "Reed", "X100001", "Home visit", "hostel", "Accommodation"):
        assert private not in dumped
    assert [a["url"] for a in cards.actions_in(card)] == [
        f"https://casenotes.example/entries/{entry.id}"
    ]


@pytest.mark.parametrize("kind", SHARED)
async def test_lists_and_questions_in_a_shared_conversation_are_counts_and_a_link(
    teams_client, microsoft, make_token, make_activity, db, kind
):
    link(db, "olivia")
    await say(teams_client, microsoft, in_conversation(make_activity, NOTE, kind), make_token())
    drafts = await say(
        teams_client, microsoft, in_conversation(make_activity, "my drafts", kind), make_token()
    )
    assert texts(drafts) == ["You have 1 entries not yet submitted or returned to you."]
    assert {a["type"] for a in cards.actions_in(drafts)} == {"Action.OpenUrl"}
    asked = await say(
        teams_client, microsoft, in_conversation(make_activity, "Reed attended", kind), make_token()
    )
    assert "Jo" not in json.dumps(asked) and "X10000" not in json.dumps(asked)
    case = await say(
        teams_client, microsoft, in_conversation(make_activity, "show X100001", kind), make_token()
    )
    assert "X100001" not in json.dumps(case)


async def test_a_button_pressed_in_a_channel_shows_no_entry(
    teams_client, microsoft, make_token, make_activity, db
):
    olivia = link(db, "olivia")
    await say(teams_client, microsoft, make_activity(NOTE), make_token())  # 1:1 chat
    [entry] = entries.list_drafts(db, olivia)
    value = {"action": {"type": "Action.Execute", "verb": "show", "data": {"entry_id": entry.id}}}
    activity = in_conversation(
        make_activity, None, "channel", type="invoke", name="adaptiveCard/action", value=value
    )
    resp = await post_activity(teams_client, activity, make_token())
    card = (await resp.json())["value"]
    assert "X100001" not in json.dumps(card) and "Home visit" not in json.dumps(card)
    assert {a["type"] for a in cards.actions_in(card)} == {"Action.OpenUrl"}
    assert texts(card)[0].startswith("Open casenotes to see or change this entry.")


async def test_the_same_note_in_a_1to1_chat_shows_the_entry(
    teams_client, microsoft, make_token, make_activity, db
):
    link(db, "olivia")
    card = await say(teams_client, microsoft, make_activity(NOTE), make_token())
    assert "Home visit" in texts(card)
