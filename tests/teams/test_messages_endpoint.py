"""POST /api/messages end to end: Connector tokens checked as Microsoft specifies, then the bot.

Every rejection answers 401 (no valid token) or 403 (a valid token that does not vouch for
this activity), never 500, and no bot code runs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from tests.teams.conftest import APP_ID, KID, post_activity, public_jwk


async def test_a_valid_token_reaches_the_bot_and_its_reply_goes_to_the_connector(
    teams_client, microsoft, make_token, make_activity, recording_bot
):
    activity = make_activity("hello")
    resp = await post_activity(teams_client, activity, make_token())
    assert resp.status == 200, await resp.text()
    assert await resp.read() == b""
    assert recording_bot.activities == [activity]
    [posted] = microsoft.replies
    conversation = "a%3A1on1-conversation%3Bmessageid%3D1"
    assert (
        posted["path"] == f"/connector/v3/conversations/{conversation}/activities/{activity['id']}"
    )
    assert posted["authorization"] == "Bearer bot-token-1"
    assert posted["activity"]["text"] == "ok"
    assert posted["activity"]["replyToId"] == activity["id"]
    assert posted["activity"]["recipient"] == activity["from"]
    assert posted["activity"]["from"] == activity["recipient"]


async def test_an_invoke_is_answered_in_the_http_response(
    teams_client, microsoft, make_token, make_activity, recording_bot
):
    recording_bot.replies = []
    recording_bot.invoke_response = {"statusCode": 200, "type": "x", "value": {"a": 1}}
    activity = make_activity(None, type="invoke", name="adaptiveCard/action", value={"k": 1})
    resp = await post_activity(teams_client, activity, make_token())
    assert resp.status == 200
    assert await resp.json() == recording_bot.invoke_response
    assert microsoft.replies == []


def _now() -> int:
    return int(time.time())


def _hs256_with_public_key(rsa_key, claims: dict) -> str:
    """Algorithm confusion: HS256 keyed with the published public key, built by hand
    (PyJWT itself refuses to make one)."""
    pem = rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )

    def part(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    header = part(json.dumps({"alg": "HS256", "typ": "JWT", "kid": KID}).encode())
    body = part(json.dumps(claims).encode())
    signature = part(hmac.new(pem, header + b"." + body, hashlib.sha256).digest())
    return (header + b"." + body + b"." + signature).decode()


TOKEN_REJECTIONS = {
    "expired beyond the 5 minute skew": ({"exp": lambda: _now() - 301, "nbf": None}, 401),
    "not yet valid beyond the skew": ({"nbf": lambda: _now() + 400}, 401),
    "wrong audience": ({"aud": "some-other-bot"}, 401),
    "no audience": ({"aud": None}, 401),
    "wrong issuer": ({"iss": "https://sts.windows.net/evil/"}, 401),
    "no issuer": ({"iss": None}, 401),
    "no expiry": ({"exp": None}, 401),
    "serviceurl claim for another service": ({"serviceurl": "https://evil.example/"}, 403),
    "no serviceurl claim": ({"serviceurl": None}, 403),
}


@pytest.mark.parametrize(
    ("claims", "status"), TOKEN_REJECTIONS.values(), ids=list(TOKEN_REJECTIONS)
)
async def test_bad_claims_are_refused_and_run_no_bot_code(
    teams_client, make_token, make_activity, recording_bot, microsoft, claims, status
):
    values = {k: v() if callable(v) else v for k, v in claims.items()}
    resp = await post_activity(teams_client, make_activity(), make_token(**values))
    assert resp.status == status, await resp.text()
    assert "error" in await resp.json()
    assert recording_bot.activities == []
    assert microsoft.replies == []
    if status == 401:
        assert resp.headers["WWW-Authenticate"] == "Bearer"


async def test_expiry_inside_the_skew_is_accepted(
    teams_client, make_token, make_activity, recording_bot
):
    token = make_token(exp=_now() - 200, nbf=_now() + 200)
    resp = await post_activity(teams_client, make_activity(), token)
    assert resp.status == 200
    assert len(recording_bot.activities) == 1


@pytest.mark.parametrize(
    "header",
    ["", "Basic dXNlcjpwYXNz", "Bearer", "Bearer not-a-jwt", "Bearer a.b.c", "token abc"],
)
async def test_missing_or_malformed_authorization_is_401(
    teams_client, make_activity, recording_bot, header
):
    headers = {"Authorization": header} if header else {}
    resp = await post_activity(teams_client, make_activity(), None, **headers)
    assert resp.status == 401
    assert recording_bot.activities == []


async def test_a_token_signed_by_another_key_under_the_published_kid_is_refused(
    teams_client, make_token, make_activity, recording_bot, forged_key
):
    resp = await post_activity(teams_client, make_activity(), make_token(key=forged_key))
    assert resp.status == 401
    assert (await resp.json())["error"] == "bad token signature"
    assert recording_bot.activities == []


@pytest.mark.parametrize("how", ["hs256 keyed with the public key", "alg none", "no kid"])
async def test_algorithm_tricks_are_refused(
    teams_client, make_token, make_activity, recording_bot, rsa_key, how
):
    if how == "alg none":
        token = jwt.encode({"aud": APP_ID}, None, algorithm="none", headers={"kid": KID})
    elif how == "no kid":
        token = make_token(kid=None)
    else:
        claims = jwt.decode(make_token(), options={"verify_signature": False})
        token = _hs256_with_public_key(rsa_key, claims)
    resp = await post_activity(teams_client, make_activity(), token)
    assert resp.status == 401
    assert recording_bot.activities == []


async def test_a_key_not_endorsed_for_the_channel_is_403(
    teams_client, microsoft, make_token, make_activity, recording_bot, rsa_key
):
    microsoft.jwks = [public_jwk(rsa_key, KID, ["webchat", "skype"])]
    resp = await post_activity(teams_client, make_activity(), make_token())
    assert resp.status == 403
    assert (await resp.json())["error"] == "signing key not endorsed for this channel"
    assert recording_bot.activities == []


async def test_a_key_without_endorsements_is_accepted(
    teams_client, microsoft, make_token, make_activity, recording_bot, rsa_key
):
    microsoft.jwks = [public_jwk(rsa_key, KID, None)]
    resp = await post_activity(teams_client, make_activity(), make_token())
    assert resp.status == 200


async def test_an_activity_from_another_channel_is_403(
    teams_client, make_token, make_activity, recording_bot
):
    resp = await post_activity(teams_client, make_activity(channelId="webchat"), make_token())
    assert resp.status == 403
    assert recording_bot.activities == []


async def test_an_activity_naming_another_service_url_is_403(
    teams_client, make_token, make_activity, recording_bot, microsoft
):
    activity = make_activity(serviceUrl="https://evil.example/")
    resp = await post_activity(teams_client, activity, make_token())
    assert resp.status == 403
    assert recording_bot.activities == []
    assert microsoft.replies == []  # the bot token never goes to an unvouched serviceUrl


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"\xff\xfe", b""])
async def test_a_body_that_is_not_a_json_activity_is_400(
    teams_client, make_token, recording_bot, body
):
    resp = await post_activity(teams_client, body, make_token())
    assert resp.status == 400
    assert recording_bot.activities == []


async def test_no_app_id_means_503_and_nothing_runs(
    make_teams_client, make_token, make_activity, recording_bot, microsoft
):
    client = await make_teams_client(app_id="")
    resp = await post_activity(client, make_activity(), make_token())
    assert resp.status == 503
    assert "not configured" in (await resp.json())["error"]
    assert recording_bot.activities == []
    assert microsoft.hits["openid"] == 0


async def test_unreachable_keys_answer_503_not_500(
    teams_client, make_token, make_activity, recording_bot, microsoft
):
    microsoft.status["keys"] = 500
    resp = await post_activity(teams_client, make_activity(), make_token())
    assert resp.status == 503
    assert recording_bot.activities == []


async def test_a_session_cookie_and_no_csrf_token_do_not_matter(
    teams_client, make_token, make_activity, recording_bot
):
    """The endpoint authenticates itself: signed in or not, no CSRF token is asked for."""
    from tests.web.conftest import sign_in

    await sign_in(teams_client, "olivia")
    resp = await post_activity(teams_client, make_activity(), make_token())
    assert resp.status == 200
    resp = await post_activity(teams_client, make_activity(), None)
    assert resp.status == 401  # and a session cookie is no substitute for the token


async def test_a_failed_reply_is_logged_and_the_turn_still_answers(
    teams_client, make_token, make_activity, recording_bot, microsoft, caplog
):
    microsoft.status["connector"] = 502
    resp = await post_activity(teams_client, make_activity("secret note text"), make_token())
    assert resp.status == 200
    assert len(microsoft.replies) == 1
    assert "Teams reply not delivered" in caplog.text
    assert "secret note text" not in caplog.text
