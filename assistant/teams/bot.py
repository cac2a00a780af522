"""The Teams bot: what casenotes does with an activity once the route has authenticated it.

A message runs as a web chat turn for the Teams user's linked account and is answered with
a card; a card button (`invoke` named `adaptiveCard/action`) is answered with the card that
replaces it. A Teams user who is not linked gets only a card explaining how to link; a
disabled account gets nothing. The outgoing webhook works the same way but its cards only
open links, and a repeated delivery of one activity is answered once.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

from assistant.ratelimit import slow_down
from assistant.services import visibility
from assistant.teams import card_actions, cards, turns
from assistant.typedefs import db_key, limiter_key, teams_settings_key, templates_key
from assistant.workers import WorkerFailed
from storage import teams_links
from storage.errors import Conflict, Forbidden, NotFound, StorageError
from storage.models import User

log = logging.getLogger(__name__)

INVOKE_NAME = "adaptiveCard/action"
_MENTION = re.compile(r"<at>.*?</at>", re.S | re.I)
_SPACES = re.compile(r"[ \t\xa0]+")
_POLL_S = 0.1


@dataclass
class BotResult:
    """Activities to send back through the connector, and the body of an invoke's answer."""

    replies: list[dict[str, Any]] = field(default_factory=list)
    invoke_response: dict[str, Any] | None = None


def invoke_response(card: dict[str, Any]) -> dict[str, Any]:
    """An Action.Execute answer: the card that replaces the one pressed."""
    return {"statusCode": 200, "type": cards.CARD_TYPE, "value": card}


async def on_activity(app: web.Application, activity: dict[str, Any]) -> BotResult:
    """Answer one authenticated Bot Framework activity."""
    kind = activity.get("type")
    is_action = kind == "invoke" and activity.get("name") == INVOKE_NAME
    if kind != "message" and not is_action:
        return BotResult()  # conversationUpdate, typing, reactions: nothing to say
    user, card = await _who(app, activity)
    if card is None and user is not None:
        card = await _over_limit(app, user) or await _guarded(app, _work(app, user, activity))
    if card is None:
        return BotResult()  # a disabled account gets nothing
    if is_action:
        return BotResult([], invoke_response(card))
    return BotResult([cards.message(card)])


async def _work(app: web.Application, user: User, activity: dict[str, Any]) -> dict[str, Any]:
    audience = audience_of(activity)
    if activity.get("type") == "invoke":
        if not visibility.shows_detail(audience):
            # Buttons are only on cards sent to a 1:1 chat; pressed elsewhere, they would
            # put the entry in front of everyone in the conversation.
            return turns.brief_card(app, "button", {}, "")
        action = (activity.get("value") or {}).get("action") or {}
        data = action.get("data")
        data = data if isinstance(data, dict) else {}
        return await card_actions.act(app, user, str(action.get("verb") or ""), data)
    text = _MENTION.sub("", str(activity.get("text") or "")).strip()
    key = turns.turn_key(activity)
    return await turns.run_message(app, user, text, key, cards.BOT, audience)


def audience_of(activity: dict[str, Any]) -> str:
    """Who reads the bot's reply: the officer alone (a 1:1 chat) or others too."""
    kind = (activity.get("conversation") or {}).get("conversationType")
    return visibility.audience("teams", str(kind) if kind else None)


async def on_webhook(app: web.Application, activity: dict[str, Any]) -> dict[str, Any]:
    """The reply to an outgoing-webhook message (open-URL actions only); the same reply for
    a repeated delivery of the same activity."""
    db = app[db_key]
    key = turns.turn_key(activity)
    if key:
        first, stored = await db.write(teams_links.claim_reply, key)
        if not first:
            return stored or await _wait_for_reply(app, activity, key)
    try:
        reply = await _webhook_reply(app, activity)
        return await db.write(teams_links.store_reply, key, reply) if key else reply
    except Exception:
        if key:  # else a repeat would wait on a reply that never comes
            await db.write(teams_links.release_reply, key)
        raise


async def _webhook_reply(app: web.Application, activity: dict[str, Any]) -> dict[str, Any]:
    user, card = await _who(app, activity)
    if card is None and user is not None:
        text = webhook_text(str(activity.get("text") or ""))
        key = turns.turn_key(activity)
        card = await _over_limit(app, user) or await _guarded(
            app, turns.run_message(app, user, text, key, cards.WEBHOOK, visibility.SHARED)
        )
    if card is None:
        return {"type": "message", "text": "casenotes cannot answer for this account."}
    return cards.message(card)


async def _wait_for_reply(app: web.Application, activity: dict, key: str) -> dict[str, Any]:
    """A repeat of a delivery still being answered: wait for that answer, within the limit."""
    deadline = asyncio.get_running_loop().time() + app[teams_settings_key].webhook_reply_s
    while asyncio.get_running_loop().time() < deadline:
        stored = await app[db_key].read(teams_links.recall_reply, key)
        if stored is not None:
            return stored
        await asyncio.sleep(_POLL_S)
    return webhook_timeout_reply(app, activity)


def webhook_timeout_reply(app: web.Application, activity: dict[str, Any]) -> dict[str, Any]:
    """The answer when the reply would miss Teams' 5-second limit: the turn goes on."""
    base = turns.base_url(app).rstrip("/") + "/"
    card = cards.text_card(
        app[templates_key],
        "casenotes is still working on that. Your message is kept and will be answered in "
        "casenotes: open it to see the entry.",
        links=[("Open casenotes", base)],
    )
    return cards.message(card)


async def _who(app: web.Application, activity: dict) -> tuple[User | None, dict | None]:
    """The linked account, or the card to show instead (how to link); (None, None) for a
    disabled account, which gets nothing."""
    sender = activity.get("from") or {}
    aad = str(sender.get("aadObjectId") or "")
    env = app[templates_key]
    if not aad:
        return None, cards.text_card(
            env, "casenotes works with Microsoft Teams work accounts only."
        )
    tenant = tenant_of(activity)
    user = await app[db_key].read(teams_links.linked_user, tenant, aad)
    if user is not None:
        return (None, None) if user.disabled else (user, None)
    if not _personal(activity):
        # A code shown in a channel or group chat could be entered by anyone who reads it,
        # linking this Teams user to their account: codes go only to a 1:1 chat.
        return None, cards.text_card(
            env,
            "To use casenotes from Teams, first link your account: send the casenotes bot "
            "a direct (1:1) message and it will tell you how.",
            links=[("Open casenotes", turns.base_url(app))],
        )
    minutes = app[teams_settings_key].link_code_minutes
    name = str(sender.get("name") or "")
    code = await app[db_key].write(teams_links.issue_code, tenant, aad, name, minutes)
    log.info("Teams link code issued (activity %s)", _short(activity.get("id")))
    return None, cards.link_card(env, code, minutes, turns.base_url(app))


def _personal(activity: dict[str, Any]) -> bool:
    """A 1:1 chat with the bot (not a channel, a group chat, or an outgoing webhook)."""
    return audience_of(activity) == visibility.PRIVATE


def tenant_of(activity: dict[str, Any]) -> str:
    """The sender's Microsoft 365 tenant ("" when the activity does not say)."""
    tenant = ((activity.get("channelData") or {}).get("tenant") or {}).get("id")
    return str(tenant or (activity.get("conversation") or {}).get("tenantId") or "")


async def _over_limit(app: web.Application, user: User) -> dict[str, Any] | None:
    """The web's requests-per-minute limit, counted for Teams messages and buttons too."""
    limiter = app[limiter_key]
    wait = await limiter.check(app[db_key], user.id)
    if wait is None:
        return None
    return cards.text_card(app[templates_key], slow_down(limiter.per_minute, wait)[1])


async def _guarded(app: web.Application, work: Any) -> dict[str, Any]:
    """Run the work; a refusal or failure becomes a card the officer can act on."""
    env = app[templates_key]
    try:
        card: dict[str, Any] = await work
        return card
    except NotFound:
        return cards.text_card(env, "That is not a record you can see.")
    except Forbidden:
        return cards.text_card(env, "Your account cannot do that.")
    except Conflict:
        return cards.text_card(
            env, "Someone changed this entry after it was shown. Nothing was saved: look again."
        )
    except WorkerFailed as exc:
        return cards.text_card(env, str(exc))
    except StorageError:
        return cards.text_card(env, "casenotes could not do that. Nothing you saved was lost.")
    except Exception:  # noqa: BLE001 - the officer gets an answer; the log has no content
        log.exception("Teams activity failed")
        return cards.text_card(env, "Sorry, something went wrong. Nothing you saved was lost.")


def webhook_text(html: str) -> str:
    """The words of an outgoing-webhook message: HTML to text, the bot's mention removed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


class _Text(HTMLParser):
    """Collects text, skipping <at> mentions and breaking lines at block tags."""

    BREAKS = ("br", "p", "div", "li")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._mention = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Enter a mention, or start a new line."""
        if tag == "at":
            self._mention += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Leave a mention, or end a line."""
        if tag == "at":
            self._mention = max(0, self._mention - 1)
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        """Keep text outside mentions."""
        if not self._mention:
            self.parts.append(data)


def _short(activity_id: Any) -> str:
    return hashlib.sha256(str(activity_id).encode()).hexdigest()[:8]
