"""Outgoing webhook: HMAC exactly as Teams signs (checked against openssl), the raw body only,
and an answer inside the reply deadline whatever the bot is doing."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import time

import pytest

from assistant.teams import hmac_auth
from tests.teams.conftest import WEBHOOK_SECRET, post_webhook, webhook_signature

BODY = json.dumps(
    {"type": "message", "id": "1712", "text": "<at>casenotes</at> new contact for Sam"},
    separators=(",", ":"),
).encode()


def openssl_signature(secret_b64: str, body: bytes) -> str:
    """`openssl dgst -sha256 -hmac` with the decoded secret as the key, base64 of the digest."""
    key_hex = base64.b64decode(secret_b64).hex()
    out = subprocess.run(
        ["openssl", "dgst", "-sha256", "-mac", "HMAC", "-macopt", f"hexkey:{key_hex}", "-binary"],
        input=body,
        capture_output=True,
        check=True,
        timeout=10,
    ).stdout
    return base64.b64encode(out).decode()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_a_signature_made_by_openssl_verifies():
    assert hmac_auth.verify(WEBHOOK_SECRET, BODY, f"HMAC {openssl_signature(WEBHOOK_SECRET, BODY)}")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_hmac_with_a_text_key_is_the_same_algorithm():
    """`-hmac KEY` (a text key) agrees with ours when the secret decodes to that text."""
    secret = base64.b64encode(b"plain-text-key").decode()
    out = subprocess.run(
        ["openssl", "dgst", "-sha256", "-hmac", "plain-text-key", "-binary"],
        input=BODY,
        capture_output=True,
        check=True,
        timeout=10,
    ).stdout
    assert hmac_auth.signature(secret, BODY) == base64.b64encode(out).decode()


def test_a_signature_made_with_python_verifies():
    assert hmac_auth.verify(WEBHOOK_SECRET, BODY, webhook_signature(BODY))


def test_every_single_byte_change_is_refused():
    sig = webhook_signature(BODY)
    for i in range(len(BODY)):
        changed = BODY[:i] + bytes([BODY[i] ^ 0x01]) + BODY[i + 1 :]
        assert not hmac_auth.verify(WEBHOOK_SECRET, changed, sig), i


def test_re_serialised_json_is_refused():
    """Same JSON value, different bytes: only the raw body Teams signed verifies."""
    sig = webhook_signature(BODY)
    reserialised = json.dumps(json.loads(BODY)).encode()  # ", " and ": " separators
    assert json.loads(reserialised) == json.loads(BODY)
    assert not hmac_auth.verify(WEBHOOK_SECRET, reserialised, sig)


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "HMAC",
        "HMAC ",
        "Bearer abc",
        "HMAC not-the-signature",
        "HMAC ünïcode",
        "HMAC " + base64.b64encode(b"\0" * 32).decode(),
    ],
)
def test_missing_or_wrong_signatures_are_refused(authorization):
    assert not hmac_auth.verify(WEBHOOK_SECRET, BODY, authorization)


def test_a_signature_with_another_secret_is_refused():
    other = base64.b64encode(b"another secret of 32 bytes long!").decode()
    assert not hmac_auth.verify(WEBHOOK_SECRET, BODY, webhook_signature(BODY, other))


@pytest.mark.parametrize("secret", ["", "not base64!!", "YWJj="])
def test_an_unusable_secret_verifies_nothing(secret):
    assert not hmac_auth.verify(secret, BODY, "HMAC " + "A" * 44)


async def test_a_signed_request_gets_the_bot_reply(teams_client, recording_bot):
    resp = await post_webhook(teams_client, BODY)
    assert resp.status == 200
    assert await resp.json() == {"type": "message", "text": f"read: {json.loads(BODY)['text']}"}
    assert recording_bot.activities == [json.loads(BODY)]


@pytest.mark.parametrize(
    "how", ["unsigned", "one byte changed", "re-serialised", "signed by another secret"]
)
async def test_the_endpoint_refuses_bad_signatures_and_runs_nothing(
    teams_client, recording_bot, how
):
    body, auth = BODY, webhook_signature(BODY)
    if how == "unsigned":
        auth = None
    elif how == "one byte changed":
        body = BODY.replace(b"Sam", b"Sal")
    elif how == "re-serialised":
        body = json.dumps(json.loads(BODY), indent=1).encode()
    else:
        auth = webhook_signature(BODY, base64.b64encode(b"x" * 32).decode())
    resp = await post_webhook(teams_client, body, authorization=auth)
    assert resp.status == 401
    assert recording_bot.activities == []


async def test_no_secret_configured_means_503(teams_client, recording_bot, monkeypatch):
    monkeypatch.delenv("CASENOTES_TEAMS_WEBHOOK_SECRET")
    resp = await post_webhook(teams_client, BODY)
    assert resp.status == 503
    assert recording_bot.activities == []


async def test_a_signed_body_that_is_not_json_is_400(teams_client, recording_bot):
    resp = await post_webhook(teams_client, b"not json at all")
    assert resp.status == 400
    assert recording_bot.activities == []


async def test_a_slow_turn_is_answered_in_time_and_finishes_in_the_background(
    make_teams_client, recording_bot
):
    client = await make_teams_client(webhook_reply_s=0.2)
    recording_bot.webhook_delay_s = 1.0
    started = time.monotonic()
    resp = await post_webhook(client, BODY)
    assert resp.status == 200
    assert time.monotonic() - started < 0.9
    assert await resp.json() == {"type": "message", "text": "still working"}
    assert recording_bot.webhook_done == []
    for _ in range(100):  # the turn was not cancelled: it finishes after the answer
        if recording_bot.webhook_done:
            break
        await asyncio.sleep(0.05)
    assert recording_bot.webhook_done == [json.loads(BODY)]


async def test_an_origin_header_and_no_csrf_token_do_not_matter(teams_client, recording_bot):
    """Self-authenticated: the session CSRF rules do not apply, the signature does."""
    body = BODY
    resp = await teams_client.post(
        "/api/teams/webhook",
        data=body,
        headers={"Authorization": webhook_signature(body), "Origin": "https://teams.example"},
    )
    assert resp.status == 200
