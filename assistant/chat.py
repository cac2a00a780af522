"""One chat turn: store what the officer sent, interpret it, do what it asks, store the reply.

The officer's words are written to the database before any extraction runs, so a crash,
a timeout or a refresh never loses a note.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from aiohttp import web
from sqlite_utils import Database

from assistant import services
from assistant.chat_help import HELP, help_reply
from assistant.chat_lookups import asks_diary, asks_last_contact, diary_reply, last_contact_reply
from assistant.chat_notes import (
    NOTE_WORDS,
    current_entry,
    discard_reply,
    draft_key,
    has_entry,
    maybe_changes_reply,
    record_note,
)
from assistant.chat_people import (
    apply_pending_changes,
    ask_who,
    choose_person,
    duplicate_reply,
    find_person,
    move_reply,
    name_of,
    record_again,
)
from assistant.corrections.change import SlotChange
from assistant.fields import FieldError
from assistant.person_rank import others_named
from assistant.replies import Reply, entry_reply
from assistant.services import EditConflict, check_text
from assistant.typedefs import db_key, extraction_key, settings_key
from assistant.workers import WorkerFailed
from nlp.errors import NlpError
from storage import conversations, entries, idempotency, people
from storage.db import sha256_hex, together, transaction
from storage.errors import Conflict, InvalidTransition
from storage.models import Conversation, Message, User

log = logging.getLogger(__name__)


__all__ = [
    "HELP",
    "Reply",
    "check_text",
    "choose_person",
    "current_conversation",
    "entry_reply",
    "find_person",
    "apply_pending_changes",
    "record_again",
    "turn",
    "turn_in_current",
]


async def current_conversation(app: web.Application, user: User) -> Any:
    """The officer's latest conversation, started if they have none."""
    db = app[db_key]
    latest = await db.read(conversations.list_conversations, user, limit=1)
    return latest[0] if latest else await db.write(conversations.create_conversation, user)


async def turn(
    app: web.Application,
    user: User,
    conversation: Conversation,
    text: str,
    key: str | None = None,
    *,
    via: str = "web",
    version: int | None = None,
    shown: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Run one chat turn; a repeated `key` returns the first turn's result unchanged.

    A correction or submit is based on the newest version of the conversation's entry the
    officer is known to have seen: the one the last reply showed, `version`, or `shown`.

    Args:
        conversation: one of the user's conversations, as `current_conversation` just read
            it (not read again: on PostgreSQL every read is a round trip).
        via: the channel (web, api, teams), for audit rows.
        version: a version of the conversation's current entry the client has seen.
        shown: (entry id, version) a page showed; used only if it is the current entry.
    """
    answered = await _run(app, user, conversation, text, key, via, version, shown)
    return answered.result


@dataclass(frozen=True)
class Answered:
    """A turn's result as remembered for its key (`conversation_id`, `message_ids`), and
    the two messages themselves when this call stored them."""

    result: dict[str, Any]
    messages: list[Message] | None
    """The officer's message and the reply, as stored; None when the result is an earlier
    answer (a resent key), whose messages the caller reads (`conversations.get_messages`)."""


async def turn_in_current(
    app: web.Application,
    user: User,
    text: str,
    key: str | None = None,
    *,
    via: str = "web",
    version: int | None = None,
    shown: tuple[int, int] | None = None,
) -> Answered:
    """`turn` in the officer's current conversation (`current_conversation`), with the
    messages it stored.

    For a request that has nothing else to do first (the API and the chat page): the
    conversation is read with the turn's first reads, and the messages come from the rows
    the turn stored, so on PostgreSQL neither costs a round trip of its own."""
    return await _run(app, user, None, text, key, via, version, shown)


async def _run(
    app: web.Application,
    user: User,
    conversation: Conversation | None,
    text: str,
    key: str | None,
    via: str,
    version: int | None,
    shown: tuple[int, int] | None,
) -> Answered:
    """One turn, in `conversation` or (None) the current one."""
    db = app[db_key]
    latest, earlier, caseload = await db.read(
        _opening, user, key, sha256_hex(text), conversation is None
    )
    if earlier is not None:
        return Answered(earlier, None)
    check_text(text, app[settings_key].nlp.max_note_chars)
    current = conversation or latest
    if current is None:
        current = await db.write(conversations.create_conversation, user)
    asked = await db.write(conversations.add_question, user, current.id, text)
    context = _Turn(app, user, current, asked.id, key, via, version, shown, caseload)
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
    result, answer = await db.write(
        _answer, user, current.id, asked.id, reply, key, sha256_hex(text)
    )
    # Two resends of one key at once both store a reply; the one the key remembers first
    # is the answer, and its messages are read by the caller.
    mine = result["message_ids"] == [asked.id, answer.id]
    return Answered(result, [asked, answer] if mine else None)


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
    shown: tuple[int, int] | None
    caseload: list[dict[str, Any]]

    def base(self, entry_id: int, seen: int | None) -> int | None:
        """The newest version of `entry_id` the officer is known to have seen, if any."""
        known = [v for v in (seen, self.version) if v is not None]
        if self.shown is not None and self.shown[0] == entry_id:
            known.append(self.shown[1])
        return max(known) if known else None


def _answer(
    db: Database,
    user: User,
    conversation_id: int,
    asked_id: int,
    reply: Reply,
    key: str | None,
    request_hash: str | None = None,
) -> tuple[dict[str, Any], Message]:
    """Store the reply and remember the turn's key in one transaction, so a resent turn
    finds either both (and replays them) or neither (and answers once). Returns the turn's
    result (the first one's, if the key was remembered meanwhile) and the reply stored.

    The reply and the key's earlier answer, if any, are sent together (one round trip on
    PostgreSQL, under the write lock): the read does not depend on the insert."""
    message = conversations.message_statement(
        user, conversation_id, "assistant", reply.text, reply.payload
    )
    with transaction(db):
        if not key:
            answer = conversations.message_from(together(db, [message])[0])
            return {
                "conversation_id": conversation_id,
                "message_ids": [asked_id, answer.id],
            }, answer
        idempotency.check_key(key)
        stored, recalled = together(db, [message, idempotency.recall_statement(user, key)])
        answer = conversations.message_from(stored)
        result = {"conversation_id": conversation_id, "message_ids": [asked_id, answer.id]}
        remembered = idempotency.remember_unless_recalled(
            db, user, key, result, recalled, request_hash=request_hash
        )
        return remembered, answer


def _opening(
    db: Database, user: User, key: str | None, request_hash: str, with_conversation: bool = False
) -> tuple[Conversation | None, dict[str, Any] | None, list[dict[str, Any]]]:
    """What a turn reads first, in one round trip on PostgreSQL: the user's newest
    conversation (if `with_conversation`), the first answer to a resent `key` (Duplicate if
    the key came with another text) and the user's caseload."""
    statements = [people.caseload_statement(user)]
    if key:
        statements.append(idempotency.recall_statement(user, key))
    if with_conversation:
        statements.append(conversations.latest_statement(user))
    rows = together(db, statements)
    caseload = people.caseload_from(rows[0])
    earlier = idempotency.recalled(rows[1], request_hash) if key else None
    latest = conversations.latest_from(rows[-1]) if with_conversation else None
    return latest, earlier, caseload


async def _act(t: _Turn, text: str) -> Reply:
    app, user, conversation, message_id = t.app, t.user, t.conversation, t.message_id
    db = app[db_key]
    caseload = t.caseload
    interp = await app[extraction_key].interpret(text, date.today(), caseload)
    intent = interp.get("intent")
    slots = interp.get("slots") or {}
    crn = interp.get("crn")
    person = slots.get("person") if isinstance(slots.get("person"), dict) else None
    if person and not crn and person.get("candidates"):
        return ask_who(person, message_id, intent, text, caseload)
    if person and not crn and person.get("name"):
        # A name that fits nobody on the caseload: ask, never file it under the current person.
        unknown: dict[str, Any] = {"name": person["name"], "unknown": True}
        if conversation.crn:  # the person being worked on stays one choice away
            current = {"crn": conversation.crn, "name": name_of(caseload, conversation.crn)}
            # "Tony" for the caseload's Anthony: a nickname the interpreter left unresolved
            others = others_named(text, caseload, conversation.crn)
            if others:
                maybe = {"name": None, "candidates": [*others, current], "maybe_other": True}
                return ask_who(maybe, message_id, intent, text, caseload)
            unknown["candidates"] = [current]
        return ask_who(unknown, message_id, intent, person["name"], caseload)
    if intent == "set_field" and slots.get("field") == "status":  # "discard this draft"
        entry_id, seen = await current_entry(app, user, conversation.id)
        base = t.base(entry_id, seen)
        return await discard_reply(app, user, entry_id, base, t.via, named=crn)
    correcting = intent == "set_field" and slots.get("field") != "person"
    if correcting and len(text.split()) >= NOTE_WORDS:
        # "Seen in the office, on time, ...": with nothing to correct yet it is a note.
        intent = "set_field" if await has_entry(app, user, conversation.id) else "add_note"
    if intent == "help":
        return help_reply(slots.get("understood", True) is not False, text)
    if intent == "new_contact":
        if not crn:
            return ask_who({"name": None}, None, intent, text, caseload)
        await db.write(conversations.set_conversation_person, user, conversation.id, crn)
        return Reply(
            f"New contact for {name_of(caseload, crn)} ({crn}). Type or dictate what happened.",
            {"kind": "person", "crn": crn},
        )
    if intent == "add_note":
        if not crn and conversation.crn:
            # Named nobody the interpreter could resolve: still never filed under the current
            # person if it names someone else ("Tony" for Anthony): ask instead.
            others = others_named(text, caseload, conversation.crn)
            if others:
                current = {"crn": conversation.crn, "name": name_of(caseload, conversation.crn)}
                maybe = {"name": None, "candidates": [*others, current], "maybe_other": True}
                return ask_who(maybe, message_id, intent, text, caseload)
        crn = crn or conversation.crn
        if not crn:
            return ask_who({"name": None}, message_id, intent, text, caseload)
        if slots.get("as_changes"):  # "it's not a new offence for her, ...": ask first
            asking = await maybe_changes_reply(
                app, user, conversation.id, crn, slots["as_changes"], message_id, t.via
            )
            if asking is not None:
                return asking
        turn_draft = draft_key(user, t.key) if t.key else None
        same = await services.same_draft(app, user, crn, text)
        if same is not None and same.idempotency_key not in (turn_draft, f"note-{message_id}"):
            await db.write(conversations.set_conversation_person, user, conversation.id, crn)
            return duplicate_reply(same, name_of(caseload, crn), message_id)
        return await record_note(
            app,
            user,
            conversation.id,
            crn,
            text,
            message_id,
            caseload,
            draft_key=turn_draft,
            via=t.via,
        )
    if intent == "set_field" and slots.get("field") == "person":
        entry_id, seen = await current_entry(app, user, conversation.id)
        if not crn:
            return ask_who({"name": None}, None, intent, text, caseload)
        base = t.base(entry_id, seen)
        if base is None:
            base = (await services.entry_to_change(app, user, entry_id, t.via)).current_version
        return await move_reply(app, user, conversation.id, entry_id, base, crn, t.via)
    if intent == "set_field":
        entry_id, seen = await current_entry(app, user, conversation.id)
        change = SlotChange(slots)
        base = t.base(entry_id, seen)
        if base is None:
            base = (await services.entry_to_change(app, user, entry_id, t.via)).current_version
        done = await services.correct(app, user, entry_id, [change], base, t.via)
        said = change.said or ["Nothing changed"]  # "Removed the Self-harm flag", never "Changed"
        again = " It is a draft again: say “submit” to send it for review." if done.reopened else ""
        reply = f"{'. '.join(said)}. Check the entry below.{again}"
        return entry_reply(reply, done.entry, changed=said)
    if intent == "submit":
        entry_id, seen = await current_entry(app, user, conversation.id)
        entry = await services.submit(app, user, entry_id, t.base(entry_id, seen), t.via)
        return entry_reply("Submitted to your supervisor.", entry)
    if intent == "show_case":
        crn = crn or conversation.crn
        if not crn:
            return ask_who({"name": None}, None, intent, text, caseload)
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
    if intent == "search" and crn and asks_last_contact(str(slots.get("query") or "")):
        return await last_contact_reply(app, user, crn, t.via)
    if intent in ("search", "show_case", "help") and not crn and asks_diary(text):
        return await diary_reply(app, user, text, date.today(), t.via)
    if intent == "search":
        query = str(slots.get("query") or text)
        hits = await services.search_notes(app, user, query, t.via, crn=crn, limit=10)
        return Reply(
            f"{len(hits)} {'entry' if len(hits) == 1 else 'entries'} found."
            if hits
            else "No notes or entries found.",
            {"kind": "search", "query": query, "entry_ids": [h.entry_id for h in hits]},
        )
    return help_reply(False, text)


async def _conflict_reply(
    t: _Turn, message: str, entry_id: int | None, version: int | None = None
) -> Reply:
    """Nothing saved: say why and show the entry as it is now, so the next turn is based on it."""
    if entry_id is None:
        entry_id, _ = await current_entry(t.app, t.user, t.conversation.id)
    entry = await t.app[db_key].read(entries.get_entry_for, t.user, entry_id)
    lead = f"{message} " if message else ""
    return entry_reply(
        f"{lead}Nothing was saved: this entry has changed since it was shown here (it is now "
        f"version {entry.current_version}). Check it below and say it again if it is still "
        "needed.",
        entry,
        stale=True,
    )
