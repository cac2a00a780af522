"""Channel notifications: sent in the background on submit and return, counts and a link by
default, nothing when no URL is set, and a failure never fails the officer's action."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from assistant.teams import notify
from storage import accounts, entries, tokens
from tests.teams.conftest import PUBLIC_URL
from tests.web.conftest import sign_in

NOTE = "Sam Reed attended on time. Secret detail: relapse on heroin."


async def _draft(db, username: str = "olivia", crn: str = "X100001"):
    user = accounts.get_user_by_username(db, username)
    entry = entries.create_draft(db, user, crn, NOTE, "2026-06-01")
    return entries.set_extraction(db, entry.id, {"contact": {"type": "office_visit"}})


async def _settle(client) -> None:
    """Wait for background notification tasks to finish."""
    from assistant.typedefs import teams_tasks_key

    for _ in range(100):
        if not client.server.app[teams_tasks_key]:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("notifications still running")


@pytest.fixture
def notify_url(monkeypatch, microsoft) -> str:
    monkeypatch.setenv("CASENOTES_TEAMS_NOTIFY_URL", microsoft.notify_url)
    return microsoft.notify_url


def _card(message: dict) -> dict:
    [attachment] = message["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return attachment["content"]


async def test_submitting_in_the_web_app_posts_counts_and_a_link(
    teams_client, db, microsoft, notify_url
):
    entry = await _draft(db)
    other = await _draft(db, crn="X100002")
    entries.submit(db, accounts.get_user_by_username(db, "olivia"), other.id)
    token = await sign_in(teams_client, "olivia")
    resp = await teams_client.post(
        f"/entries/{entry.id}/submit",
        data={"csrf_token": token, "version": str(entry.current_version)},
        allow_redirects=False,
    )
    assert resp.status == 303, await resp.text()
    await _settle(teams_client)
    [message] = microsoft.notifications
    assert message["type"] == "message"
    card = _card(message)
    assert card["type"] == "AdaptiveCard"
    facts = {f["title"]: f["value"] for f in card["body"][1]["facts"]}
    assert facts == {"Waiting for review": "2", "Returned to officers": "0"}
    assert card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Open casenotes", "url": f"{PUBLIC_URL}/review"}
    ]
    text = json.dumps(message)
    for private in ("Sam", "Reed", "X100001", "heroin", "olivia"):
        assert private not in text


async def test_returning_an_entry_posts_a_message(teams_client, db, microsoft, notify_url):
    entry = await _draft(db)
    entry = entries.submit(db, accounts.get_user_by_username(db, "olivia"), entry.id)
    token = await sign_in(teams_client, "sue")
    resp = await teams_client.post(
        f"/review/{entry.id}",
        data={
            "csrf_token": token,
            "version": str(entry.current_version),
            "decision": "return",
            "comment": "Add the drug test result for Sam",
        },
        allow_redirects=False,
    )
    assert resp.status == 303, await resp.text()
    await _settle(teams_client)
    [message] = microsoft.notifications
    card = _card(message)
    assert card["body"][0]["text"] == "An entry was returned"
    facts = {f["title"]: f["value"] for f in card["body"][1]["facts"]}
    assert facts == {"Waiting for review": "0", "Returned to officers": "1"}
    assert card["actions"][0]["url"] == f"{PUBLIC_URL}/drafts"
    assert "drug test" not in json.dumps(message)


async def test_submitting_through_the_api_notifies(teams_client, db, microsoft, notify_url):
    entry = await _draft(db)
    _, api_token = tokens.create_token(db, accounts.get_user_by_username(db, "olivia"))
    resp = await teams_client.post(
        f"/api/v1/entries/{entry.id}/submit", headers={"Authorization": f"Bearer {api_token}"}
    )
    assert resp.status == 200, await resp.text()
    await _settle(teams_client)
    assert len(microsoft.notifications) == 1


async def test_submitting_in_the_chat_notifies(teams_client, db, microsoft, notify_url):
    token = await sign_in(teams_client, "olivia")
    headers = {"X-CSRF-Token": token}
    for text in ("new contact for Sam Reed", NOTE, "submit"):
        resp = await teams_client.post("/api/v1/chat", json={"text": text}, headers=headers)
        assert resp.status == 200, await resp.text()
    await _settle(teams_client)
    assert len(microsoft.notifications) == 1
    assert "Sam" not in json.dumps(microsoft.notifications)


async def test_detail_entry_adds_the_crn_and_links_the_entry(
    make_teams_client, db, microsoft, notify_url
):
    client = await make_teams_client(notify_detail="entry")
    entry = await _draft(db)
    token = await sign_in(client, "olivia")
    await client.post(
        f"/entries/{entry.id}/submit",
        data={"csrf_token": token, "version": str(entry.current_version)},
        allow_redirects=False,
    )
    await _settle(client)
    card = _card(microsoft.notifications[0])
    facts = {f["title"]: f["value"] for f in card["body"][1]["facts"]}
    assert facts["CRN"] == "X100001"
    assert card["actions"][0]["url"] == f"{PUBLIC_URL}/entries/{entry.id}"
    assert "Sam" not in json.dumps(card)


async def test_no_url_means_no_message(teams_client, db, microsoft):
    entry = await _draft(db)
    token = await sign_in(teams_client, "olivia")
    resp = await teams_client.post(
        f"/entries/{entry.id}/submit",
        data={"csrf_token": token, "version": str(entry.current_version)},
        allow_redirects=False,
    )
    assert resp.status == 303
    await _settle(teams_client)
    assert microsoft.notifications == []
    assert microsoft.hits["notify"] == 0


@pytest.mark.parametrize("failure", ["status", "timeout", "unreachable"])
async def test_a_failed_notification_is_logged_and_the_submit_still_succeeds(
    make_teams_client, db, microsoft, monkeypatch, caplog, failure
):
    url = microsoft.notify_url
    if failure == "status":
        microsoft.status["notify"] = 500
    elif failure == "timeout":
        microsoft.delay["notify"] = 1.0
    else:
        url = "http://127.0.0.1:9/notify"  # discard port: connection refused
    monkeypatch.setenv("CASENOTES_TEAMS_NOTIFY_URL", url)
    client = await make_teams_client(http_timeout_s=0.2)
    entry = await _draft(db)
    token = await sign_in(client, "olivia")
    with caplog.at_level(logging.WARNING, logger="assistant.teams.notify"):
        resp = await client.post(
            f"/entries/{entry.id}/submit",
            data={"csrf_token": token, "version": str(entry.current_version)},
            allow_redirects=False,
        )
        assert resp.status == 303
        await _settle(client)
    stored = entries.get_entry_for(db, accounts.get_user_by_username(db, "olivia"), entry.id)
    assert stored.status == "submitted"
    assert "Teams channel notification" in caplog.text
    assert "heroin" not in caplog.text and "X100001" not in caplog.text


def test_drafts_and_approvals_send_nothing(monkeypatch):
    """Only submit and return are announced; the check happens before any task is made."""

    class Entry:
        status = "approved"

    notify.entry_changed(object(), Entry())  # type: ignore[arg-type]  # no app access at all
    Entry.status = "draft"
    notify.entry_changed(object(), Entry())  # type: ignore[arg-type]
