"""A Teams message as a web chat turn, and the stored reply as a card.

The message goes through `assistant.chat.turn` on the officer's current conversation, so it
is interpreted, extracted and stored exactly as a note typed on the chat page; the card is
built from the reply the turn stored, as the chat page builds its HTML.
"""

from __future__ import annotations

import hashlib
from typing import Any

from aiohttp import web
from sqlite_utils import Database

from assistant import chat
from assistant.fields import FIELDS, STATUS_LABELS, uk_date
from assistant.services import visibility
from assistant.teams import cards
from assistant.typedefs import db_key, settings_key, templates_key
from nlp.errors import NlpError
from storage import conversations, entries, people
from storage.access import may_review
from storage.errors import NotFound
from storage.models import Entry, Message, User

LISTED = 10


def base_url(app: web.Application) -> str:
    """Where casenotes is reached from outside (links on cards)."""
    return app[settings_key].server.public_url


def turn_key(activity: dict[str, Any]) -> str | None:
    """An idempotency key for a delivery: the same message sent again is one turn."""
    if not activity.get("id"):
        return None
    conversation = (activity.get("conversation") or {}).get("id") or ""
    digest = hashlib.sha256(f"{conversation}\n{activity['id']}".encode()).hexdigest()
    return f"teams-{digest[:40]}"


async def run_message(
    app: web.Application,
    user: User,
    text: str,
    key: str | None,
    mode: str,
    audience: str = visibility.SHARED,
) -> dict[str, Any]:
    """One chat turn for a Teams message; the card answering it, as `audience` may see it."""
    conversation = await chat.current_conversation(app, user)
    try:
        result = await chat.turn(app, user, conversation, text, key, via="teams")
    except NlpError as exc:  # empty or too long: said to the officer, nothing stored
        return cards.text_card(app[templates_key], str(exc))
    return await answer_card(app, user, result, mode, audience)


async def answer_card(
    app: web.Application,
    user: User,
    result: dict[str, Any],
    mode: str,
    audience: str = visibility.SHARED,
) -> dict[str, Any]:
    """The card for a turn's result (`conversation_id`, `message_ids`): its last message."""
    answer = await app[db_key].read(
        conversations.get_messages, user, result["conversation_id"], result["message_ids"][-1:]
    )
    return await reply_card(app, user, answer[-1], mode, audience)


def brief_card(app: web.Application, kind: str | None, payload: dict, text: str) -> dict:
    """A reply for a conversation others read: fixed words or counts, and a link."""
    shown = visibility.brief(kind, payload, text)
    link = ("Open casenotes", base_url(app).rstrip("/") + shown.path)
    return cards.text_card(app[templates_key], shown.text, links=[link])


async def reply_card(
    app: web.Application,
    user: User,
    message: Message,
    mode: str,
    audience: str = visibility.SHARED,
) -> dict:
    """What the chat page would show for an assistant message, as a card; in a conversation
    others read (`audience` SHARED), only what `visibility.brief` allows."""
    env = app[templates_key]
    base = base_url(app).rstrip("/")
    payload = message.payload or {}
    kind = payload.get("kind")
    if not visibility.shows_detail(audience):
        return brief_card(app, kind, payload, message.text)
    try:
        if kind == "entry" and payload.get("entry_id"):
            entry = await app[db_key].read(entries.get_entry_for, user, payload["entry_id"])
            # "Filed under NAME (CRN)" and "Moved to NAME" name the person: 1:1 chats only.
            named = payload.get("filed") or "person" in (payload.get("changed") or [])
            notice = None if named and mode != cards.BOT else cards.note(message.text)
            return await entry_card(app, user, entry, mode, notice=notice)
        if kind == "duplicate" and mode != cards.BOT:
            text = "This note is already in a draft. Open casenotes to choose what to do."
            return cards.text_card(env, text, links=[("Open casenotes", base + "/")])
        if kind == "choose_person":
            return cards.ask_who_card(
                env,
                message.text,
                payload.get("candidates") or [],
                payload.get("pending_message_id"),
                base,
                mode=mode,
            )
        if kind == "case" and payload.get("crn"):
            link = ("Open the case record", f"{base}/cases/{payload['crn']}")
            return cards.text_card(env, message.text, links=[link])
        if kind in ("drafts", "search") and mode != cards.BOT:
            # A channel reads webhook replies: the count and a link, not the officer's list.
            page = f"{base}/drafts" if kind == "drafts" else f"{base}/search"
            return cards.text_card(env, message.text, links=[("Open casenotes", page)])
        if kind in ("drafts", "search"):
            ids = [int(i) for i in payload.get("entry_ids") or []][:LISTED]
            found = await app[db_key].read(_entries_for, user, ids)
            # A 1:1 chat (channels got a count above): the name beside each CRN, as the web.
            names = {p.crn: p.name for p in await app[db_key].read(people.list_people_for, user)}
            items = [_item(entry, names.get(entry.crn)) for entry in found]
            return cards.text_card(env, message.text, items=items, links=[("Open casenotes", base)])
    except NotFound:
        return cards.text_card(env, "That is no longer on your caseload.")
    return cards.text_card(env, message.text, links=[("Open casenotes", base + "/")])


def _entries_for(db: Database, user: User, ids: list[int]) -> list[Entry]:
    """The listed entries in one read (NotFound if any is no longer visible)."""
    return [entries.get_entry_for(db, user, i) for i in ids]


def _item(entry: Entry, name: str | None = None) -> dict[str, Any]:
    date = uk_date(FIELDS["contact_date"].get(entry.data or {}) or entry.reference_date)
    who = f"{name} ({entry.crn})" if name else entry.crn
    text = f"{who} · {date} · {STATUS_LABELS.get(entry.status, entry.status)}"
    action = cards.execute("Show", "show", {"entry_id": entry.id}, no_inputs=True)
    return {"text": text, "action": action}


async def entry_card(
    app: web.Application,
    user: User,
    entry: Entry,
    mode: str = cards.BOT,
    *,
    notice: dict[str, str] | None = None,
    confirmed: bool = False,
) -> dict[str, Any]:
    """The entry's card, headed with the person's name as the web shows it."""
    person = await app[db_key].read(people.get_person_for, user, entry.crn)
    return cards.entry_card(
        app[templates_key],
        entry,
        person.name,
        base_url(app),
        mode=mode,
        notice=notice,
        confirmed=confirmed,
        reviewer=may_review(user) and entry.author_id != user.id,
    )
