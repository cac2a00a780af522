"""Recording a note from a chat turn, and finding the entry a conversation works on."""

from __future__ import annotations

import copy
import hashlib
from datetime import date
from typing import Any

from aiohttp import web

from assistant import services
from assistant.corrections.change import SlotChange
from assistant.fields import FieldError
from assistant.replies import Reply, entry_reply
from assistant.typedefs import db_key
from assistant.workers import WorkerFailed
from nlp.govuk_dates import govuk_date
from storage import conversations, entries, people
from storage.models import User

NO_ENTRY = "There is no entry in this conversation yet: send a note first."
NOTE_WORDS = 8  # a "correction" this long with nothing to correct is a note


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
    name = await _name_of(app, user, entry.crn, caseload)
    return entry_reply(
        f"Filed under {name} ({entry.crn}). Not right? Change person. "
        "Check each field, correct anything wrong, then submit.",
        entry,
        filed=True,
    )


async def _name_of(
    app: web.Application, user: User, crn: str, caseload: list[dict[str, Any]] | None
) -> str:
    """A visible person's name: from the caseload the turn read already when it is there
    (one read fewer; on PostgreSQL a round trip), or from the database."""
    for person in caseload or []:
        if person.get("crn") == crn:
            return str(person["name"])
    return (await app[db_key].read(people.get_person_for, user, crn)).name


def draft_key(user: User, turn_key: str) -> str:
    """The draft a keyed turn records: a resent turn finds it even if its message was
    stored twice (two tabs, a server killed mid-turn)."""
    return f"turn-{user.id}-{hashlib.sha256(turn_key.encode()).hexdigest()[:32]}"


async def current_entry(
    app: web.Application, user: User, conversation_id: int
) -> tuple[int, int | None]:
    """The entry this conversation is working on (the latest one a reply showed), and the
    version that reply showed (None for replies stored before versions were recorded).
    A new contact started since ("new contact for Sam Reed") or a discarded draft means no
    entry yet: a correction never lands on the previous person's entry or a discarded one."""
    db = app[db_key]
    messages = await db.read(conversations.list_messages, user, conversation_id)
    for message in reversed(messages):
        if message.payload and message.payload.get("kind") in ("person", "discarded"):
            break
        if message.payload and message.payload.get("entry_id"):
            seen = services.parse_number(message.payload.get("version"))
            return int(message.payload["entry_id"]), seen
    raise FieldError(NO_ENTRY)


async def has_entry(app: web.Application, user: User, conversation_id: int) -> bool:
    """Whether the conversation is working on an entry (see `current_entry`)."""
    try:
        await current_entry(app, user, conversation_id)
    except FieldError:
        return False
    return True


async def discard_reply(
    app: web.Application,
    user: User,
    entry_id: int,
    base: int | None,
    via: str,
    named: str | None = None,
) -> Reply:
    """Discard the conversation's draft and say whose it was; an entry already sent for
    review, or a draft for someone other than the person `named`, is left alone and the
    officer told why."""
    db = app[db_key]
    entry = await db.read(entries.get_entry_for, user, entry_id)
    if named and named != entry.crn:
        return Reply(
            "Nothing was discarded: the draft in this conversation is about someone else. "
            "Open the draft you mean from My entries and discard it there.",
            {"kind": "error"},
        )
    if entry.status not in ("draft", "returned"):
        # No name here: an error's text may be read in a shared Teams channel.
        return Reply(
            f"This entry is {entry.status}, so it cannot be discarded. Only drafts and "
            "entries returned to you can be.",
            {"kind": "error"},
        )
    person = await db.read(people.get_person_for, user, entry.crn)
    await services.discard(app, user, entry_id, base, via)
    return Reply(
        f"Discarded the draft for {person.name} ({person.crn}), note of "
        f"{govuk_date(entry.reference_date)}. It no longer shows in your drafts, searches or "
        "the record; an administrator can restore it if this was a mistake.",
        {"kind": "discarded", "crn": entry.crn, "discarded_entry_id": entry.id},
    )


async def maybe_changes_reply(
    app: web.Application,
    user: User,
    conversation_id: int,
    crn: str,
    as_changes: dict[str, Any],
    message_id: int | None,
    via: str,
) -> Reply | None:
    """A message that reads partly as changes to the draft this conversation is working on
    ("the search was at her mum's, it's not a new offence for her"): ask before filing it
    as a second note. None when there is no such draft or no change in it would apply."""
    try:
        entry_id, _seen = await current_entry(app, user, conversation_id)
    except FieldError:
        return None
    entry = await services.entry_to_change(app, user, entry_id, via)
    if entry.crn != crn or entry.status not in ("draft", "returned", "submitted"):
        return None
    said = _would_say(entry.data or {}, as_changes.get("changes") or [])
    if not said:
        return None
    text = f"This reads like changes to entry {entry.id}. Applied, they would give: "
    text += f"{'; '.join(said)}."
    others = [str(o) for o in as_changes.get("not_understood") or []]
    if others:
        text += " Not understood: " + "; ".join(f"“{o}”" for o in others) + "."
    text += " Apply the changes, or keep your message as a new note?"
    payload = {
        "kind": "maybe_changes",
        "entry_id": entry.id,
        "pending_message_id": message_id,
        "version": entry.current_version,
    }
    return Reply(text, payload)


def _would_say(data: dict[str, Any], changes: list[dict[str, Any]]) -> list[str]:
    """What each change would do to the entry, worked out on a copy (nothing is saved)."""
    said: list[str] = []
    current = copy.deepcopy(data)
    for slots in changes:
        change = SlotChange(dict(slots))
        try:
            current = change.apply(current)
        except FieldError:
            continue  # a change that cannot be made here is not offered
        said += change.said
    return said
