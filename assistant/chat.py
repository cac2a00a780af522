"""One chat turn: store what the officer sent, interpret it, do what it asks, store the reply.

The officer's words are written to the database before any extraction runs, so a crash,
a timeout or a refresh never loses a note.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from aiohttp import web
from sqlite_utils import Database

from assistant import services
from assistant.fields import FieldError
from assistant.services import EditConflict, check_text
from assistant.typedefs import db_key, extraction_key, settings_key
from assistant.workers import WorkerFailed
from nlp.errors import NlpError
from storage import conversations, entries, idempotency, people
from storage.db import transaction
from storage.errors import Conflict, InvalidTransition
from storage.models import Entry, Message, User

log = logging.getLogger(__name__)

HELP = (
    "Name a person (“new contact for Sam Reed”), then type or dictate the note. "
    "I will show the entry for you to check. Correct a field by saying it "
    "(“outcome acceptable absence”, “next appt friday 10am”) or with its Change link. "
    "You can also ask for “my drafts”, “show X123456”, “find notes mentioning CAS3”, "
    "or say “submit” to send the entry to your supervisor."
)


@dataclass(frozen=True)
class Reply:
    """What the assistant says back, with structured content for the page to render."""

    text: str
    payload: dict[str, Any] | None = None


__all__ = ["HELP", "Reply", "check_text", "choose_person", "current_conversation", "turn"]


async def current_conversation(app: web.Application, user: User) -> Any:
    """The officer's latest conversation, started if they have none."""
    db = app[db_key]
    latest = await db.read(conversations.list_conversations, user, limit=1)
    return latest[0] if latest else await db.write(conversations.create_conversation, user)


async def turn(
    app: web.Application,
    user: User,
    conversation_id: int,
    text: str,
    key: str | None = None,
    *,
    via: str = "web",
    version: int | None = None,
) -> dict[str, Any]:
    """Run one chat turn; a repeated `key` returns the first turn's result unchanged.

    Args:
        via: the channel (web, api, teams), for audit rows.
        version: the version of the conversation's entry the officer last saw, when the
            channel knows it; otherwise the version the last reply showed.
    """
    db = app[db_key]
    if key:
        earlier = await db.read(idempotency.recall, user, key)
        if earlier is not None:
            return earlier
    check_text(text, app[settings_key].nlp.max_note_chars)
    conversation = await db.read(conversations.get_conversation_for, user, conversation_id)
    asked = await db.write(_ask, user, conversation.id, text)
    context = _Turn(app, user, conversation, asked.id, key, via, version)
    try:
        reply = await _act(context, text)
    except EditConflict as exc:
        reply = await _conflict_reply(context, str(exc), exc.entry.id)
    except Conflict as exc:
        reply = await _conflict_reply(context, "", None, exc.current_version)
    except WorkerFailed as exc:
        reply = Reply(str(exc), {"kind": "error"})
    except (FieldError, InvalidTransition, NlpError) as exc:
        reply = Reply(str(exc), {"kind": "error"})
    return await db.write(_answer, user, conversation.id, asked.id, reply, key)


@dataclass(frozen=True)
class _Turn:
    """What one turn works with."""

    app: web.Application
    user: User
    conversation: Any
    message_id: int
    key: str | None
    via: str
    version: int | None


def _answer(
    db: Database, user: User, conversation_id: int, asked_id: int, reply: Reply, key: str | None
) -> dict[str, Any]:
    """Store the reply and remember the turn's key in one transaction, so a resent turn
    finds either both (and replays them) or neither (and answers once)."""
    with transaction(db):
        answer = conversations.add_message(
            db, user, conversation_id, "assistant", reply.text, reply.payload
        )
        result = {"conversation_id": conversation_id, "message_ids": [asked_id, answer.id]}
        return idempotency.remember(db, user, key, result) if key else result


def _ask(db: Database, user: User, conversation_id: int, text: str) -> Message:
    """Store the officer's message; a resend of a turn that got no answer (the disk was full,
    the server died) reuses it, so its note is neither shown twice nor recorded twice.
    Looked for and stored in one transaction, so two resends at once store it once."""
    with transaction(db):
        last = conversations.list_messages(db, user, conversation_id, limit=1)
        if last and last[-1].role == "user" and last[-1].text == text:
            return last[-1]
        return conversations.add_message(db, user, conversation_id, "user", text)


def entry_reply(text: str, entry: Entry, **extra: Any) -> Reply:
    """A reply showing an entry, with the version it showed (the base of the next change)."""
    payload = {"kind": "entry", "entry_id": entry.id, "version": entry.current_version}
    return Reply(text, payload | extra)


async def _act(t: _Turn, text: str) -> Reply:
    app, user, conversation, message_id = t.app, t.user, t.conversation, t.message_id
    db = app[db_key]
    caseload = await db.read(people.caseload_rows, user)
    interp = await app[extraction_key].interpret(text, date.today(), caseload)
    intent = interp.get("intent")
    slots = interp.get("slots") or {}
    crn = interp.get("crn")
    person = slots.get("person") if isinstance(slots.get("person"), dict) else None
    if person and not crn and person.get("candidates"):
        return _ask_who(person, message_id, intent)
    if person and not crn and person.get("name"):
        # A name that fits nobody on the caseload: ask, never file it under the current person.
        return _ask_who(
            {"name": person["name"], "candidates": caseload, "unknown": True}, message_id, intent
        )
    if intent == "help":
        return Reply(HELP, {"kind": "help"})
    if intent == "new_contact":
        if not crn:
            return _ask_who({"name": None, "candidates": caseload}, None, intent)
        await db.write(conversations.set_conversation_person, user, conversation.id, crn)
        return Reply(
            f"New contact for {crn}. Type or dictate what happened.", {"kind": "person", "crn": crn}
        )
    if intent == "add_note":
        crn = crn or conversation.crn
        if not crn:
            return _ask_who({"name": None, "candidates": caseload}, message_id, intent)
        draft_key = _draft_key(user, t.key) if t.key else None
        return await record_note(
            app,
            user,
            conversation.id,
            crn,
            text,
            message_id,
            caseload,
            draft_key=draft_key,
            via=t.via,
        )
    if intent == "set_field":
        entry_id, seen = await _current_entry(app, user, conversation.id)
        changes = services.chat_changes(slots)
        base = t.version if t.version is not None else seen
        if base is None:
            base = (await services.entry_to_change(app, user, entry_id, t.via)).current_version
        done = await services.correct(app, user, entry_id, changes, base, t.via)
        return entry_reply(
            "Changed. Check the entry below.", done.entry, changed=[c.key for c in changes]
        )
    if intent == "submit":
        entry_id, seen = await _current_entry(app, user, conversation.id)
        base = t.version if t.version is not None else seen
        entry = await services.submit(app, user, entry_id, base, t.via)
        return entry_reply("Submitted to your supervisor.", entry)
    if intent == "show_case":
        crn = crn or conversation.crn
        if not crn:
            return _ask_who({"name": None, "candidates": caseload}, None, intent)
        person = await services.read_person(app, user, crn, t.via)
        return Reply(f"Here is the record for {person.crn}.", {"kind": "case", "crn": person.crn})
    if intent == "list_drafts":
        drafts = await services.list_drafts(app, user, t.via)
        return Reply(
            f"You have {len(drafts)} entries not yet submitted or returned to you."
            if drafts
            else "You have no drafts.",
            {"kind": "drafts", "entry_ids": [e.id for e in drafts[:20]]},
        )
    if intent == "search":
        query = str(slots.get("query") or text)
        hits = await services.search_notes(app, user, query, t.via, crn=crn, limit=10)
        return Reply(
            f"{len(hits)} {'entry' if len(hits) == 1 else 'entries'} found."
            if hits
            else "No notes or entries found.",
            {"kind": "search", "query": query, "entry_ids": [h.entry_id for h in hits]},
        )
    return Reply("I did not understand that. " + HELP, {"kind": "help"})


async def _conflict_reply(
    t: _Turn, message: str, entry_id: int | None, version: int | None = None
) -> Reply:
    """Nothing saved: say why and show the entry as it is now, so the next turn is based on it."""
    if entry_id is None:
        entry_id, _ = await _current_entry(t.app, t.user, t.conversation.id)
    entry = await t.app[db_key].read(entries.get_entry_for, t.user, entry_id)
    lead = f"{message} " if message else ""
    return entry_reply(
        f"{lead}Nothing was saved: this entry has changed since it was shown here (it is now "
        f"version {entry.current_version}). Check it below and say it again if it is still "
        "needed.",
        entry,
        stale=True,
    )


def _ask_who(person: dict[str, Any], message_id: int | None, intent: str | None) -> Reply:
    """Several people (or nobody) fit: ask, listing candidates; never guess."""
    candidates = [
        {"crn": c["crn"], "name": c["name"]} for c in person.get("candidates") or [] if c.get("crn")
    ]
    written = person.get("name")
    if written and person.get("unknown"):
        text = f"“{written}” is not on your caseload. Who is this about?"
    elif written and len(candidates) > 1:
        text = f"More than one person could be “{written}”. Who do you mean?"
    else:
        text = "Who is this about?"
    return Reply(
        text,
        {
            "kind": "choose_person",
            "candidates": candidates[:50],
            "pending_message_id": message_id,
            "intent": intent,
        },
    )


async def record_note(
    app: web.Application,
    user: User,
    conversation_id: int,
    crn: str,
    text: str,
    message_id: int | None,
    caseload: list[dict[str, Any]] | None = None,
    *,
    draft_key: str | None = None,
    via: str = "web",
) -> Reply:
    """Store the note as a draft, then extract it; the draft survives a failed extraction.

    Args:
        draft_key: the draft's idempotency key (default: one per stored message).
    """
    key = draft_key or (f"note-{message_id}" if message_id else None)
    db = app[db_key]
    entry = (await services.store_note(app, user, crn, text, date.today(), key, via)).entry
    await db.write(conversations.set_conversation_person, user, conversation_id, entry.crn)
    try:
        entry = await services.extract_into(app, user, entry, caseload)
    except WorkerFailed as exc:
        return entry_reply(f"{exc} The note is kept as a draft.", entry)
    return entry_reply(
        "Here is the entry. Check each field, correct anything wrong, then submit.", entry
    )


def _draft_key(user: User, turn_key: str) -> str:
    """The draft a keyed turn records: a resent turn finds it even if its message was
    stored twice (two tabs, a server killed mid-turn)."""
    return f"turn-{user.id}-{hashlib.sha256(turn_key.encode()).hexdigest()[:32]}"


async def _current_entry(
    app: web.Application, user: User, conversation_id: int
) -> tuple[int, int | None]:
    """The entry this conversation is working on (the latest one a reply showed), and the
    version that reply showed (None for replies stored before versions were recorded)."""
    db = app[db_key]
    messages = await db.read(conversations.list_messages, user, conversation_id)
    for message in reversed(messages):
        if message.payload and message.payload.get("entry_id"):
            seen = services.parse_number(message.payload.get("version"))
            return int(message.payload["entry_id"]), seen
    raise FieldError("There is no entry in this conversation yet: send a note first.")


async def choose_person(
    app: web.Application,
    user: User,
    conversation_id: int,
    crn: str,
    pending_message_id: int | None,
    *,
    via: str = "web",
) -> dict[str, Any]:
    """The officer picked a person from a question: record the waiting note for them."""
    db = app[db_key]
    await services.read_person(app, user, crn, via)
    await db.write(conversations.set_conversation_person, user, conversation_id, crn)
    pending = None
    if pending_message_id:
        messages = await db.read(conversations.list_messages, user, conversation_id)
        pending = next(
            (m for m in messages if m.id == pending_message_id and m.role == "user"), None
        )
    if pending is None:
        reply = Reply(
            f"Working on {crn}. Type or dictate the note.", {"kind": "person", "crn": crn}
        )
    else:
        try:
            reply = await record_note(
                app, user, conversation_id, crn, pending.text, pending.id, via=via
            )
        except WorkerFailed as exc:
            reply = Reply(str(exc), {"kind": "error"})
    answer = await db.write(
        conversations.add_message, user, conversation_id, "assistant", reply.text, reply.payload
    )
    return {"conversation_id": conversation_id, "message_ids": [answer.id]}
