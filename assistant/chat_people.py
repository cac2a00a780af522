"""Whose a note is: asking, offering the closest names, moving an entry, saying whose it is.

Split from `assistant.chat` so the person questions of a turn read as one piece.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant import drafts
from assistant.fields import FieldError
from assistant.person_rank import best_few, rank_people
from assistant.replies import Reply
from assistant.typedefs import db_key
from storage import conversations, entries
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
    if written and person.get("unknown"):
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
    app: web.Application, user: User, conversation_id: int, entry: Entry, crn: str
) -> Reply:
    """Move the entry being worked on to another person and say whose it is now."""
    entry, person = await drafts.move_person(app, user, entry.id, crn, entry.current_version)
    await app[db_key].write(
        conversations.set_conversation_person, user, conversation_id, person.crn
    )
    return Reply(
        f"Moved to {person.name} ({person.crn}). The note and its history moved with it.",
        {"kind": "entry", "entry_id": entry.id, "changed": ["person"]},
    )


async def current_entry(app, user: User, conversation_id: int) -> Entry:
    """The entry this conversation is working on: the latest one a reply showed."""
    db = app[db_key]
    messages = await db.read(conversations.list_messages, user, conversation_id)
    for message in reversed(messages):
        if message.payload and message.payload.get("entry_id"):
            return await db.read(entries.get_entry_for, user, message.payload["entry_id"])
    raise FieldError("There is no entry in this conversation yet: send a note first.")


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
