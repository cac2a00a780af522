"""Linking a Teams user to an account: the code from the bot's card, entered and confirmed on
/teams/link by the signed-in officer (CSRF, audit), after which Teams answers as them."""

from __future__ import annotations

import json
import re

import pytest

from storage import accounts, teams_links
from tests.teams.conftest import AAD_ID, TENANT_ID, post_activity, post_webhook
from tests.web.conftest import sign_in

CODE = re.compile(r"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")


def code_on(card: dict) -> str:
    """The one-time code a link card shows."""
    [code] = [b["text"] for b in card["body"] if CODE.match(str(b.get("text", "")))]
    return code


async def code_from_bot(client, microsoft, make_token, make_activity, **fields) -> str:
    resp = await post_activity(client, make_activity("hello", **fields), make_token())
    assert resp.status == 200
    return code_on(microsoft.replies[-1]["activity"]["attachments"][0]["content"])


async def test_the_code_from_teams_links_the_account_in_two_steps(
    teams_client, microsoft, make_token, make_activity, db
):
    code = await code_from_bot(teams_client, microsoft, make_token, make_activity)
    token = await sign_in(teams_client, "olivia")
    page = await teams_client.get("/teams/link")
    assert page.status == 200
    assert "Link your Teams account" in await page.text()

    step_one = await teams_client.post(
        "/teams/link", data={"csrf_token": token, "code": code.lower().replace("-", " ")}
    )
    html = await step_one.text()
    assert step_one.status == 200 and "Confirm the Teams account" in html
    assert "Officer" in html  # the Teams name that asked for the code
    assert teams_links.linked_user(db, TENANT_ID, AAD_ID) is None  # not yet

    done = await teams_client.post(
        "/teams/link/confirm",
        data={"csrf_token": token, "code": code},
        allow_redirects=False,
    )
    assert done.status == 303 and done.headers["Location"] == "/teams/link?linked=1"
    olivia = accounts.get_user_by_username(db, "olivia")
    assert teams_links.linked_user(db, TENANT_ID, AAD_ID) == olivia
    page = await teams_client.get("/teams/link?linked=1")
    assert "Your Teams account is linked" in await page.text()
    row = next(db.query("SELECT * FROM audit_log WHERE action = 'teams_linked'"))
    assert row["user_id"] == olivia.id

    resp = await post_activity(teams_client, make_activity("my drafts"), make_token())
    assert resp.status == 200
    card = microsoft.replies[-1]["activity"]["attachments"][0]["content"]
    assert "You have no drafts." in [r["text"] for r in card["body"][0]["inlines"]]


@pytest.mark.parametrize(
    "sent, error",
    [
        ("", "Enter the code the casenotes bot showed you in Teams"),
        ("ABCD-EFGH", "That code is not right or has run out."),
    ],
)
async def test_a_missing_or_wrong_code_is_an_error_on_the_page(teams_client, db, sent, error):
    token = await sign_in(teams_client, "olivia")
    resp = await teams_client.post("/teams/link", data={"csrf_token": token, "code": sent})
    assert resp.status == 400
    html = await resp.text()
    assert "There is a problem" in html and error in html
    confirm = await teams_client.post(
        "/teams/link/confirm", data={"csrf_token": token, "code": sent}
    )
    assert confirm.status == 400
    assert db.execute("SELECT count(*) FROM teams_links").fetchone()[0] == 0


async def test_linking_needs_the_csrf_token_and_a_recording_role(
    teams_client, microsoft, make_token, make_activity, db
):
    code = await code_from_bot(teams_client, microsoft, make_token, make_activity)
    token = await sign_in(teams_client, "olivia")
    resp = await teams_client.post("/teams/link/confirm", data={"code": code})
    assert resp.status == 403
    await teams_client.post("/logout", data={"csrf_token": token})
    token = await sign_in(teams_client, "adam")
    assert (await teams_client.get("/teams/link")).status == 403
    resp = await teams_client.post("/teams/link/confirm", data={"csrf_token": token, "code": code})
    assert resp.status == 403
    assert db.execute("SELECT count(*) FROM teams_links").fetchone()[0] == 0


async def test_signed_out_the_page_asks_to_sign_in(teams_client):
    resp = await teams_client.get("/teams/link", allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"].startswith("/login")


async def test_unlinking_stops_teams_answering_as_the_officer(
    teams_client, microsoft, make_token, make_activity, db
):
    olivia = accounts.get_user_by_username(db, "olivia")
    made = teams_links.link(db, olivia, teams_links.issue_code(db, TENANT_ID, AAD_ID, "Liv", 15))
    token = await sign_in(teams_client, "olivia")
    page = await teams_client.get("/teams/link")
    assert "Liv, linked" in await page.text()
    resp = await teams_client.post(
        "/teams/unlink", data={"csrf_token": token, "link": str(made.id)}, allow_redirects=False
    )
    assert resp.status == 303
    assert teams_links.linked_user(db, TENANT_ID, AAD_ID) is None
    code = await code_from_bot(teams_client, microsoft, make_token, make_activity)
    assert CODE.match(code)
    others = await teams_client.post("/teams/unlink", data={"csrf_token": token, "link": "999"})
    assert others.status == 404


async def test_a_code_is_shown_only_in_a_one_to_one_chat(
    teams_client, microsoft, make_token, make_activity, db
):
    """A code in a channel or group chat could be entered by anyone who reads it, linking
    this Teams user to their own account: outside a 1:1 chat the answer says how to link."""
    channel = make_activity(
        "hello",
        conversation={
            "id": "19:channel@thread.skype",
            "conversationType": "channel",
            "tenantId": TENANT_ID,
        },
    )
    resp = await post_activity(teams_client, channel, make_token())
    assert resp.status == 200
    card = microsoft.replies[-1]["activity"]["attachments"][0]["content"]
    assert "Enter this code" not in json.dumps(card)
    webhook = {
        "type": "message",
        "id": "2001",
        "text": "<at>casenotes</at> hello",
        "from": {"id": "29:y", "name": "Officer", "aadObjectId": AAD_ID},
        "conversation": {"id": "19:channel@thread.skype"},
        "channelData": {"tenant": {"id": TENANT_ID}},
    }
    reply = await (await post_webhook(teams_client, webhook)).json()
    assert "direct (1:1) message" in json.dumps(reply)
    assert "Enter this code" not in json.dumps(reply)
    assert db.execute("SELECT count(*) FROM teams_link_codes").fetchone()[0] == 0


async def test_a_code_runs_out(make_teams_client, microsoft, make_token, make_activity, db):
    client = await make_teams_client(link_code_minutes=0)
    code = await code_from_bot(client, microsoft, make_token, make_activity)
    token = await sign_in(client, "olivia")
    resp = await client.post("/teams/link", data={"csrf_token": token, "code": code})
    assert resp.status == 400  # a code valid for 0 minutes has already run out
    assert db.execute("SELECT count(*) FROM teams_links").fetchone()[0] == 0
