"""The two Teams endpoints: the Bot Framework `/api/messages` and the outgoing webhook.

Both authenticate themselves (a Connector JWT, an HMAC signature) before any bot code runs,
so they are public to the session middleware and exempt from CSRF.

A message to the bot is answered 200 at once and its reply sent through the connector in
the background, so a slow extraction never makes Teams redeliver (it retries after about
15 s); a redelivery of a message already being answered is not answered again. A card
button (invoke) is answered in the HTTP response, as Teams requires.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import web

from assistant.teams import bot, config, hmac_auth, runtime, turns
from assistant.teams.botauth import BotAuthError, KeysUnavailable
from assistant.teams.connector import ConnectorError
from assistant.typedefs import bot_auth_key, connector_key, db_key, teams_settings_key
from storage import teams_links

log = logging.getLogger(__name__)

MESSAGES_PATH = "/api/messages"
WEBHOOK_PATH = "/api/teams/webhook"
routes = web.RouteTableDef()


def _refuse(status: int, reason: str) -> web.Response:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return web.json_response({"error": reason}, status=status, headers=headers)


def _parse(body: bytes) -> dict[str, Any] | None:
    try:
        activity = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return activity if isinstance(activity, dict) else None


@routes.post(MESSAGES_PATH, name="teams_messages")
async def messages(request: web.Request) -> web.Response:
    """Bot Framework activities: authenticate, run the bot, send its replies via the connector."""
    app = request.app
    if not app[teams_settings_key].app_id:
        return _refuse(503, "the Teams bot is not configured on this server")
    activity = _parse(await request.read())
    if activity is None:
        return _refuse(400, "the body is not a JSON activity")
    try:
        await app[bot_auth_key].authenticate(request.headers.get("Authorization"), activity)
    except BotAuthError as exc:
        log.info("Bot Framework request refused (%s): %s", exc.status, exc.reason)
        return _refuse(exc.status, exc.reason)
    except KeysUnavailable:
        return _refuse(503, "Microsoft's signing keys are unavailable; try again shortly")
    if activity.get("type") == "invoke":
        result = await bot.on_activity(app, activity)
        await _send(app, activity, result.replies)
        if result.invoke_response is not None:
            return web.json_response(result.invoke_response)
        return web.Response(status=200)
    key = turns.turn_key(activity)
    if key:
        first, _ = await app[db_key].write(teams_links.claim_reply, key)
        if not first:
            return web.Response(status=200)  # a redelivery: the first delivery answers
    runtime.hold(app, asyncio.ensure_future(_answer_later(app, activity, key)))
    return web.Response(status=200)


async def _answer_later(app: web.Application, activity: dict[str, Any], key: str | None) -> None:
    """Run the bot on a message and send its replies; a failure frees the claim."""
    try:
        result = await bot.on_activity(app, activity)
    except Exception:
        if key:
            await app[db_key].write(teams_links.release_reply, key)
        raise
    if key:
        await app[db_key].write(teams_links.store_reply, key, {"replies": len(result.replies)})
    await _send(app, activity, result.replies)


async def _send(app: web.Application, activity: dict[str, Any], replies: list[dict]) -> None:
    connector = app[connector_key]
    for reply in replies:
        try:
            await connector.reply(activity, reply)
        except ConnectorError as exc:
            # The turn is done and saved; a lost reply is logged, not retried by failing here.
            log.warning("Teams reply not delivered: %s", exc)


@routes.post(WEBHOOK_PATH, name="teams_webhook")
async def webhook(request: web.Request) -> web.Response:
    """Outgoing webhook: HMAC-checked; answers within `webhook_reply_s` whatever happens."""
    app = request.app
    teams = app[teams_settings_key]
    secret = config.secret(teams.webhook_secret_env)
    if not secret:
        return _refuse(503, "the Teams outgoing webhook is not configured on this server")
    body = await request.read()
    if not hmac_auth.verify(secret, body, request.headers.get("Authorization")):
        log.info("Teams outgoing webhook refused: bad or missing HMAC signature")
        return web.json_response({"error": "bad or missing HMAC signature"}, status=401)
    activity = _parse(body)
    if activity is None:
        return _refuse(400, "the body is not a JSON activity")
    # The turn runs on when the reply deadline passes, so its draft is still saved.
    turn = asyncio.ensure_future(bot.on_webhook(app, activity))
    try:
        async with asyncio.timeout(teams.webhook_reply_s):
            reply = await asyncio.shield(turn)
    except TimeoutError:
        reply = bot.webhook_timeout_reply(app, activity)
    finally:
        if not turn.done():  # timed out, or Teams hung up: the turn still finishes and is saved
            runtime.hold(app, turn)
    return web.json_response(reply)
