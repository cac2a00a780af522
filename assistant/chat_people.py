"""Whose a note is: asking, offering the closest names, moving an entry, saying whose it is.

Split from `assistant.chat` so the person questions of a turn read as one piece.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web

from assistant import services
from assistant.chat_notes import current_entry, record_note
from assistant.corrections.change import SlotChange
from assistant.fields import FieldError
from assistant.person_rank import best_few, rank_people
from assistant.replies import Reply, entry_reply
from assistant.typedefs import db_key, extraction_key
from assistant.workers import WorkerFailed
from storage import conversations, people
from storage.errors import Conflict, InvalidTransition
from storage.models import Entry, User

SHOWN_CANDIDATES = 5  # buttons in "Who is this about?", before the search for anyone else
CLEAR_MATCH = 90.0  # a search this close to one name (and no other close) picks that person
CLEAR_MARGIN = 10.0
SEARCH_FLOOR = 50.0  # weaker matches than this are not offered for a search


def ask_who(
    person: dict[str, Any],
    message_id: int | None,
    intent: str | None,
    words: str,
    caseload: list[dict[str, Any]],
) -> Reply:
    """Several people (or nobody) fit: ask, offering the few whose names best match the
    words written, then a search for anyone else; never guess."""
    offered = [
        {"crn": c["crn"], "name": c["name"]} for c in person.get("candidates") or [] if c.get("crn")
    ]
    for ranked in best_few(words, caseload):
        if len(offered) < SHOWN_CANDIDATES and ranked["crn"] not in {c["crn"] for c in offered}:
            offered.append({"crn": ranked["crn"], "name": ranked["name"]})
    written = person.get("name")
    if person.get("maybe_other"):
        text = "This note may be about someone other than the person you were working on. "
        text += "Who is this about?"
    elif written and person.get("unknown"):
        text = f"“{written}” is not on your caseload. Who is this about?"
    elif written and len(person.get("candidates") or []) > 1:
        text = f"More than one person could be “{written}”. Who do you mean?"
    else:
        text = "Who is this about?"
    return Reply(
        text,
        {
            "kind": "choose_person",
            "candidates": offered[:SHOWN_CANDIDATES],
            "pending_message_id": message_id,
            "intent": intent,
        },
    )


def name_of(caseload: list[dict[str, Any]] | None, crn: str) -> str:
    """The caseload name of a CRN (the CRN itself if it is not there)."""
    return next((str(p["name"]) for p in caseload or [] if p.get("crn") == crn), crn)


def duplicate_reply(entry: Entry, name: str, message_id: int | None) -> Reply:
    """The same note is already in a draft for this person: say so and let the officer pick."""
    return Reply(
        f"This note is already in a draft for {name} ({entry.crn}). "
        "Open that draft, or make another draft from it.",
        {"kind": "duplicate", "entry_id": entry.id, "pending_message_id": message_id},
    )


async def move_reply(
    app: web.Application,
    user: User,
    conversation_id: int,
    entry_id: int,
    version: int,
    crn: str,
    via: str,
) -> Reply:
    """Move the entry being worked on to another person and say whose it is now."""
    entry, person = await services.move_person(app, user, entry_id, crn, version, via)
    await app[db_key].write(
        conversations.set_conversation_person, user, conversation_id, person.crn
    )
    return entry_reply(
        f"Moved to {person.name} ({person.crn}). The note and its history moved with it.",
        entry,
        changed=["person"],
        filed=True,
    )


def search_reply(
    written: str, caseload: list[dict[str, Any]], pending: int | None, intent: str | None
) -> Reply | str:
    """The CRN of the one person a search for "someone else" clearly means, or a question
    offering the closest few."""
    ranked = rank_people(written, caseload)
    clear = ranked and ranked[0]["score"] >= CLEAR_MATCH
    if clear and (len(ranked) == 1 or ranked[1]["score"] < ranked[0]["score"] - CLEAR_MARGIN):
        return str(ranked[0]["crn"])
    offered = [r for r in ranked[:SHOWN_CANDIDATES] if r["score"] >= SEARCH_FLOOR]
    return Reply(
        f"{len(offered)} {'person matches' if len(offered) == 1 else 'people match'} "
        f"“{written}”. Who do you mean?"
        if offered
        else f"Nobody on your caseload matches “{written}”. Try another name or a CRN.",
        {
            "kind": "choose_person",
            "candidates": [{"crn": r["crn"], "name": r["name"]} for r in offered],
            "pending_message_id": pending,
            "intent": intent,
        },
    )


async def record_again(
    app: web.Application, user: User, conversation_id: int, message_id: int, *, via: str = "web"
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
                app, user, conversation_id, conversation.crn, pending.text, pending.id, via=via
            )
        except WorkerFailed as exc:
            reply = Reply(str(exc), {"kind": "error"})
    return await _say(app, user, conversation_id, reply)


async def apply_pending_changes(
    app: web.Application, user: User, conversation_id: int, message_id: int, *, via: str = "web"
) -> dict[str, Any]:
    """Apply the changes a message was asked about (the officer chose "Apply the changes"),
    read again from the stored message, to the entry and version the question showed."""
    db = app[db_key]
    messages = await db.read(conversations.list_messages, user, conversation_id)
    pending = next((m for m in messages if m.id == message_id and m.role == "user"), None)
    asked = next(
        (
            m.payload
            for m in reversed(messages)
            if m.payload
            and m.payload.get("kind") == "maybe_changes"
            and m.payload.get("pending_message_id") == message_id
        ),
        None,
    )
    if pending is None or asked is None:
        reply = Reply("That message is no longer in this conversation.", {"kind": "error"})
        return await _say(app, user, conversation_id, reply)
    found = await app[extraction_key].interpret(pending.text, date.today(), None)
    slots = ((found.get("slots") or {}).get("as_changes") or {}).get("changes") or []
    changes = [SlotChange(dict(c)) for c in slots]
    entry_id, version = int(asked["entry_id"]), int(asked["version"])
    try:
        done = await services.correct(app, user, entry_id, changes, version, via)
    except services.EditConflict as exc:
        reply = Reply(f"{exc} Nothing was changed.", {"kind": "error"})
    except (FieldError, Conflict, InvalidTransition) as exc:
        reply = Reply(str(exc), {"kind": "error"})
    else:
        said = [s for c in changes for s in c.said] or ["Nothing changed"]
        again = " It is a draft again: say “submit” to send it for review." if done.reopened else ""
        reply = entry_reply(f"{'. '.join(said)}. Check the entry below.{again}", done.entry)
    return await _say(app, user, conversation_id, reply)


async def find_person(
    app: web.Application,
    user: User,
    conversation_id: int,
    written: str,
    pending_message_id: int | None,
    intent: str | None,
    *,
    via: str = "web",
) -> dict[str, Any]:
    """The officer searched for "someone else": take the one person who fits, else offer the
    closest few again (a new question in the conversation)."""
    caseload = await app[db_key].read(people.caseload_rows, user)
    found = search_reply(written, caseload, pending_message_id, intent)
    if isinstance(found, str):
        return await choose_person(
            app, user, conversation_id, found, pending_message_id, intent, via=via
        )
    return await _say(app, user, conversation_id, found)


async def _say(
    app: web.Application, user: User, conversation_id: int, reply: Reply
) -> dict[str, Any]:
    """Store an assistant message outside a turn (after a button or search)."""
    answer = await app[db_key].write(
        conversations.add_message, user, conversation_id, "assistant", reply.text, reply.payload
    )
    return {"conversation_id": conversation_id, "message_ids": [answer.id]}


async def choose_person(
    app: web.Application,
    user: User,
    conversation_id: int,
    crn: str,
    pending_message_id: int | None,
    intent: str | None = None,
    *,
    via: str = "web",
) -> dict[str, Any]:
    """The officer picked a person from a question: record the waiting note for them, or
    move the entry being worked on when the question was whose the entry is."""
    db = app[db_key]
    person = await services.read_person(app, user, crn, via)
    if intent == "set_field":
        try:
            entry_id, seen = await current_entry(app, user, conversation_id)
            if seen is None:
                seen = (await services.entry_to_change(app, user, entry_id, via)).current_version
            moved = await move_reply(app, user, conversation_id, entry_id, seen, crn, via)
        except (FieldError, InvalidTransition, Conflict) as exc:
            moved = Reply(str(exc), {"kind": "error"})
        return await _say(app, user, conversation_id, moved)
    await db.write(conversations.set_conversation_person, user, conversation_id, crn)
    pending = None
    if pending_message_id:
        messages = await db.read(conversations.list_messages, user, conversation_id)
        pending = next(
            (m for m in messages if m.id == pending_message_id and m.role == "user"), None
        )
    if pending is None:
        reply = Reply(
            f"Working on {person.name} ({crn}). Type or dictate the note.",
            {"kind": "person", "crn": crn},
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
