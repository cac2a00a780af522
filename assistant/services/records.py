"""Recording a note: the raw text is stored as a draft first, then read by the extractor."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

from aiohttp import web

from assistant.corrections.rebuild import rebuild
from assistant.typedefs import db_key, extraction_key, settings_key
from nlp.errors import EmptyNote, NoteTooLong
from storage import audit, entries, people
from storage.errors import Conflict
from storage.models import Entry, User


@dataclass(frozen=True)
class Recorded:
    """The draft a note became, and whether this call created it (not a repeat of a key)."""

    entry: Entry
    created: bool


def check_text(text: str, limit: int) -> str:
    """The note as sent, or EmptyNote / NoteTooLong with an officer-readable message."""
    if not text.strip():
        raise EmptyNote()
    if len(text) > limit:
        raise NoteTooLong(len(text), limit)
    return text


async def create_note(
    app: web.Application,
    user: User,
    crn: str,
    text: str,
    reference_date: date,
    key: str | None,
    via: str,
    *,
    caseload: list[dict[str, Any]] | None = None,
) -> Recorded:
    """Store `text` as a draft for `crn`, then extract it; a repeated `key` returns the draft
    it first made. A failed extraction raises WorkerFailed after the draft is stored.

    Args:
        caseload: the user's caseload rows when the caller has just read them.
    """
    recorded = await store_note(app, user, crn, text, reference_date, key, via)
    if not recorded.created:
        return recorded
    return Recorded(await extract_into(app, user, recorded.entry, caseload), True)


async def store_note(
    app: web.Application,
    user: User,
    crn: str,
    text: str,
    reference_date: date,
    key: str | None,
    via: str,
) -> Recorded:
    """The first step of `create_note` alone: the note stored as an unread draft (or the
    draft a repeated `key` made), so a caller can report a failed extraction on it."""
    check_text(text, app[settings_key].nlp.max_note_chars)
    entry = await app[db_key].write(entries.create_draft, user, crn, text, reference_date, key)
    return Recorded(entry, entry.current_version == 0)


async def extract_into(
    app: web.Application, user: User, entry: Entry, caseload: list[dict[str, Any]] | None = None
) -> Entry:
    """Read a stored draft that has not been read yet and record the machine's first reading
    (a draft already read is returned as it is)."""
    if entry.current_version != 0:
        return entry
    db = app[db_key]
    if caseload is None:
        caseload = await db.read(people.caseload_rows, user)
    result = await app[extraction_key].extract(
        entry.note_text, date.fromisoformat(entry.reference_date), caseload
    )
    # The record names the person as on the caseload, not as dictated ("dale porter").
    name = next((str(c["name"]) for c in caseload if c.get("crn") == entry.crn), None)
    if name:  # templates and a sentence split: off the event loop, like the reading itself
        result = await asyncio.to_thread(rebuild, result, name, entry.crn, entry.note_text)
    try:
        return await db.write(entries.set_extraction, entry.id, result)
    except Conflict:  # a retry of the same request read it first: theirs stands
        return await db.read(entries.get_entry_for, user, entry.id)


async def confirm(app: web.Application, user: User, entry: Entry, via: str) -> None:
    """The officer accepts the entry as read: recorded in the audit log, data unchanged."""
    detail = {"version": entry.current_version, "via": via}
    await app[db_key].write(audit.append, user.id, "confirmed", "entry", entry.id, detail)
