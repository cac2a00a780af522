"""One chat turn: store what the officer sent, interpret it, do what it asks, store the reply.

The officer's words are written to the database before any extraction runs, so a crash,
a timeout or a refresh never loses a note.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from typing import Any

from aiohttp import web
from sqlite_utils import Database

from assistant import drafts
from assistant.chat_people import (
    ask_who,
    current_entry,
    duplicate_reply,
    move_reply,
    name_of,
    search_reply,
)
from assistant.fields import FieldError, apply_chat_slots
from assistant.replies import Reply
from assistant.teams import notify
from assistant.typedefs import db_key, extraction_key, settings_key
from assistant.workers import WorkerFailed
from nlp.errors import EmptyNote, NlpError, NoteTooLong
from storage import conversations, entries, idempotency, people, search
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


def check_text(text: str, limit: int) -> str:
    """The prompt as sent, or EmptyNote / NoteTooLong with an officer-readable message."""
    if not text.strip():
        raise EmptyNote()
    if len(text) > limit:
        raise NoteTooLong(len(text), limit)
    return text


async def current_conversation(app: web.Application, user: User) -> Any:
    """The officer's latest conversation, started if they have none."""
    db = app[db_key]
    latest = await db.read(conversations.list_conversations, user, limit=1)
    return latest[0] if latest else await db.write(conversations.create_conversation, user)


async def turn(
    app: web.Application, user: User, conversation_id: int, text: str, key: str | None = None
) -> dict[str, Any]:
    """Run one chat turn; a repeated `key` returns the first turn's result unchanged."""
    db = app[db_key]
    if key:
        earlier = await db.read(idempotency.recall, user, key)
        if earlier is not None:
            return earlier
    check_text(text, app[settings_key].nlp.max_note_chars)
    conversation = await db.read(conversations.get_conversation_for, user, conversation_id)
    asked = await db.write(_ask, user, conversation.id, text)
    try:
        reply = await _act(app, user, conversation, text, asked.id, key)
    except WorkerFailed as exc:
        reply = Reply(str(exc), {"kind": "error"})
    except (FieldError, InvalidTransition, NlpError) as exc:
        reply = Reply(str(exc), {"kind": "error"})
    return await db.write(_answer, user, conversation.id, asked.id, reply, key)


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


async def _act(
    app, user: User, conversation, text: str, message_id: int, key: str | None = None
) -> Reply:
    db = app[db_key]
    caseload = await db.read(people.caseload_rows, user)
    interp = await app[extraction_key].interpret(text, date.today(), caseload)
    intent = interp.get("intent")
    slots = interp.get("slots") or {}
    crn = interp.get("crn")
    person = slots.get("person") if isinstance(slots.get("person"), dict) else None
    if person and not crn and person.get("candidates"):
        return ask_who(person, message_id, intent, text, caseload)
    if person and not crn and person.get("name"):
        # A name that fits nobody on the caseload: ask, never file it under the current person.
        unknown = {"name": person["name"], "unknown": True}
        return ask_who(unknown, message_id, intent, person["name"], caseload)
    if intent == "help":
        return Reply(HELP, {"kind": "help"})
    if intent == "new_contact":
        if not crn:
            return ask_who({"name": None}, None, intent, text, caseload)
        await db.write(conversations.set_conversation_person, user, conversation.id, crn)
        return Reply(
            f"New contact for {crn}. Type or dictate what happened.", {"kind": "person", "crn": crn}
        )
    if intent == "add_note":
        crn = crn or conversation.crn
        if not crn:
            return ask_who({"name": None}, message_id, intent, text, caseload)
        draft_key = _draft_key(user, key) if key else None
        same = await drafts.same_draft(app, user, crn, text)
        if same is not None and same.idempotency_key not in (draft_key, f"note-{message_id}"):
            await db.write(conversations.set_conversation_person, user, conversation.id, crn)
            return duplicate_reply(same, name_of(caseload, crn), message_id)
        return await record_note(
            app, user, conversation.id, crn, text, message_id, caseload, draft_key=draft_key
        )
    if intent == "set_field" and slots.get("field") == "person":
        entry = await current_entry(app, user, conversation.id)
        if not crn:
            return ask_who({"name": None}, None, intent, text, caseload)
        return await move_reply(app, user, conversation.id, entry, crn)
    if intent == "set_field":
        entry = await current_entry(app, user, conversation.id)
        data, changed = apply_chat_slots(entry.data or {}, slots)
        entry = await db.write(
            entries.update_entry, user, entry.id, data, entry.current_version, "chat"
        )
        return Reply(
            "Changed. Check the entry below.",
            {"kind": "entry", "entry_id": entry.id, "changed": changed},
        )
    if intent == "submit":
        entry = await current_entry(app, user, conversation.id)
        entry = await submit(app, user, entry, entry.current_version)
        return Reply("Submitted to your supervisor.", {"kind": "entry", "entry_id": entry.id})
    if intent == "show_case":
        crn = crn or conversation.crn
        if not crn:
            return ask_who({"name": None}, None, intent, text, caseload)
        await db.read(people.get_person_for, user, crn)
        return Reply(f"Here is the record for {crn}.", {"kind": "case", "crn": crn})
    if intent == "list_drafts":
        waiting = await db.read(entries.list_drafts, user)
        return Reply(
            f"You have {len(waiting)} entries not yet submitted or returned to you."
            if waiting
            else "You have no drafts.",
            {"kind": "drafts", "entry_ids": [e.id for e in waiting[:20]]},
        )
    if intent == "search":
        query = str(slots.get("query") or text)
        hits = await db.read(search.search_notes, user, query, crn=crn, limit=10)
        return Reply(
            f"{len(hits)} {'entry' if len(hits) == 1 else 'entries'} found."
            if hits
            else "No notes or entries found.",
            {"kind": "search", "query": query, "entry_ids": [h.entry_id for h in hits]},
        )
    return Reply("I did not understand that. " + HELP, {"kind": "help"})


async def record_note(
    app,
    user: User,
    conversation_id: int,
    crn: str,
    text: str,
    message_id: int | None,
    caseload: list[dict[str, Any]] | None = None,
    *,
    draft_key: str | None = None,
) -> Reply:
    """Store the note as a draft, then extract it; the draft survives a failed extraction.

    Args:
        draft_key: the draft's idempotency key (default: one per stored message).
    """
    db = app[db_key]
    key = draft_key or (f"note-{message_id}" if message_id else None)
    entry = await db.write(entries.create_draft, user, crn, text, date.today(), key)
    await db.write(conversations.set_conversation_person, user, conversation_id, entry.crn)
    if entry.current_version == 0:
        try:
            await extract_into(app, user, entry, caseload)
        except WorkerFailed as exc:
            return Reply(
                f"{exc} The note is kept as a draft.", {"kind": "entry", "entry_id": entry.id}
            )
    person = await db.read(people.get_person_for, user, entry.crn)
    return Reply(
        f"Filed under {person.name} ({person.crn}). Not right? Change person. "
        "Check each field, correct anything wrong, then submit.",
        {"kind": "entry", "entry_id": entry.id, "filed": True},
    )


async def submit(
    app: web.Application, user: User, entry: Entry, expected_version: int | None = None
) -> Entry:
    """Send the entry for review (again, if it was returned) and tell the team's channel."""
    step = entries.resubmit if entry.status == "returned" else entries.submit
    saved = await app[db_key].write(step, user, entry.id, expected_version=expected_version)
    notify.entry_changed(app, saved)
    return saved


def _draft_key(user: User, turn_key: str) -> str:
    """The draft a keyed turn records: a resent turn finds it even if its message was
    stored twice (two tabs, a server killed mid-turn)."""
    return f"turn-{user.id}-{hashlib.sha256(turn_key.encode()).hexdigest()[:32]}"


async def extract_into(
    app, user: User, entry: Entry, caseload: list[dict[str, Any]] | None = None
) -> Entry:
    """Run extraction for a stored draft and record the machine's first reading.

    Args:
        caseload: the user's caseload rows when the caller has just read them.
    """
    db = app[db_key]
    if caseload is None:
        caseload = await db.read(people.caseload_rows, user)
    result = await app[extraction_key].extract(
        entry.note_text, date.fromisoformat(entry.reference_date), caseload
    )
    try:
        return await db.write(entries.set_extraction, entry.id, result)
    except Conflict:  # a retry of the same request read it first: theirs stands
        return await db.read(entries.get_entry_for, user, entry.id)


async def record_again(
    app: web.Application, user: User, conversation_id: int, message_id: int
) -> dict[str, Any]:
    """Record a note as another draft although one already holds it (the officer chose to)."""
    db = app[db_key]
    messages = await db.read(conversations.list_messages, user, conversation_id)
    pending = next((m for m in messages if m.id == message_id and m.role == "user"), None)
    conversation = await db.read(conversations.get_conversation_for, user, conversation_id)
    if pending is None or not conversation.crn:
        reply = Reply("That note is no longer in this conversation.", {"kind": "error"})
    else:
        try:  # keyed by the message, so pressing twice still makes one more draft
            reply = await record_note(
                app, user, conversation_id, conversation.crn, pending.text, pending.id
            )
        except WorkerFailed as exc:
            reply = Reply(str(exc), {"kind": "error"})
    answer = await db.write(
        conversations.add_message, user, conversation_id, "assistant", reply.text, reply.payload
    )
    return {"conversation_id": conversation_id, "message_ids": [answer.id]}


async def find_person(
    app: web.Application,
    user: User,
    conversation_id: int,
    written: str,
    pending_message_id: int | None,
    intent: str | None,
) -> dict[str, Any]:
    """The officer searched for "someone else": take the one person who fits, else offer the
    closest few again (a new question in the conversation)."""
    db = app[db_key]
    caseload = await db.read(people.caseload_rows, user)
    found = search_reply(written, caseload, pending_message_id, intent)
    if isinstance(found, str):
        return await choose_person(app, user, conversation_id, found, pending_message_id, intent)
    answer = await db.write(
        conversations.add_message, user, conversation_id, "assistant", found.text, found.payload
    )
    return {"conversation_id": conversation_id, "message_ids": [answer.id]}


async def choose_person(
    app,
    user: User,
    conversation_id: int,
    crn: str,
    pending_message_id: int | None,
    intent: str | None = None,
) -> dict[str, Any]:
    """The officer picked a person from a question: record the waiting note for them, or
    move the entry being worked on when the question was whose the entry is."""
    db = app[db_key]
    await db.read(people.get_person_for, user, crn)
    if intent == "set_field":
        try:
            entry = await current_entry(app, user, conversation_id)
            reply = await move_reply(app, user, conversation_id, entry, crn)
        except (FieldError, InvalidTransition, Conflict) as exc:
            reply = Reply(str(exc), {"kind": "error"})
        answer = await db.write(
            conversations.add_message, user, conversation_id, "assistant", reply.text, reply.payload
        )
        return {"conversation_id": conversation_id, "message_ids": [answer.id]}
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
            reply = await record_note(app, user, conversation_id, crn, pending.text, pending.id)
        except WorkerFailed as exc:
            reply = Reply(str(exc), {"kind": "error"})
    answer = await db.write(
        conversations.add_message, user, conversation_id, "assistant", reply.text, reply.payload
    )
    return {"conversation_id": conversation_id, "message_ids": [answer.id]}
