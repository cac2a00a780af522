"""Reads of case records for every channel, each leaving one audit row, refusals included.

The record is read on a reader thread, then the row is written: `via` names the channel
(web, api, teams). A row never holds note text, names or a search query, only ids, counts
and codes.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable
from typing import Any, TypeVar

from aiohttp import web

from assistant.typedefs import db_key
from storage import audit, entries, people, search
from storage.errors import NotFound
from storage.models import Entry, EntryVersion, Person, SearchHit, User

T = TypeVar("T")
# A refused CRN is recorded only when it looks like an id, so the log never keeps free text.
_SAFE_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")
LISTED_IDS = 200


async def _audited(
    app: web.Application,
    user: User,
    read: Awaitable[T],
    record_type: str,
    record_id: Any,
    via: str,
) -> T:
    """Await the read; on NotFound write a `refused` row and re-raise."""
    try:
        return await read
    except NotFound:
        shown = str(record_id)
        await app[db_key].write(
            audit.append,
            user.id,
            "refused",
            record_type,
            shown if _SAFE_ID.match(shown) else "other",
            {"via": via},
        )
        raise


async def read_entry(app: web.Application, user: User, entry_id: int, via: str) -> Entry:
    """One entry the user may see (NotFound otherwise); the read is audited either way."""
    db = app[db_key]
    read = db.read(entries.get_entry_for, user, entry_id)
    entry = await _audited(app, user, read, "entry", entry_id, via)
    await db.write(audit.append, user.id, "viewed", "entry", entry.id, {"via": via})
    return entry


async def entry_to_change(app: web.Application, user: User, entry_id: int, via: str) -> Entry:
    """An entry about to be changed or decided: only a refusal is audited here, because the
    change itself writes its own row."""
    read = app[db_key].read(entries.get_entry_for, user, entry_id)
    return await _audited(app, user, read, "entry", entry_id, via)


async def read_case(
    app: web.Application, user: User, crn: str, via: str
) -> tuple[Person, list[Entry]]:
    """A person and their entries (NotFound if not visible); the read is audited either way."""
    db = app[db_key]
    read = db.read(entries.case_record, user, crn)
    person, found = await _audited(app, user, read, "person", crn, via)
    await db.write(audit.append, user.id, "viewed", "person", person.crn, {"via": via})
    return person, found


async def read_person(app: web.Application, user: User, crn: str, via: str) -> Person:
    """A person's header (name, CRN) shown with something else: only a refusal is audited,
    since the read it accompanies writes its own row."""
    read = app[db_key].read(people.get_person_for, user, crn)
    return await _audited(app, user, read, "person", crn, via)


async def entry_versions(app: web.Application, user: User, entry_id: int) -> list[EntryVersion]:
    """An entry's versions, oldest first (for the merge rule and 'who changed this')."""
    return await app[db_key].read(entries.versions, user, entry_id)


async def _listed(
    app: web.Application, user: User, what: str, found: list[Entry], via: str
) -> list[Entry]:
    ids = [e.id for e in found[:LISTED_IDS]]
    detail = {"via": via, "what": what, "count": len(found), "ids": ids}
    await app[db_key].write(audit.append, user.id, "listed", "entry", None, detail)
    return found


async def list_entries(
    app: web.Application,
    user: User,
    via: str,
    *,
    crn: str | None = None,
    status: str | None = None,
) -> list[Entry]:
    """Entries the user may see, newest first, optionally one person's or one status."""
    read = app[db_key].read(entries.list_entries_for, user, crn, status)
    found = await (_audited(app, user, read, "person", crn, via) if crn else read)
    return await _listed(app, user, "entries", found, via)


async def list_drafts(app: web.Application, user: User, via: str) -> list[Entry]:
    """The officer's entries not yet submitted, and those returned to them."""
    found = await app[db_key].read(entries.list_drafts, user)
    return await _listed(app, user, "drafts", found, via)


async def review_queue(app: web.Application, user: User, via: str) -> list[Entry]:
    """Submitted entries the supervisor may decide, oldest first."""
    found = await app[db_key].read(entries.review_queue, user)
    return await _listed(app, user, "queue", found, via)


async def search_notes(
    app: web.Application,
    user: User,
    query: str,
    via: str,
    *,
    crn: str | None = None,
    limit: int | None = None,
) -> list[SearchHit]:
    """Notes and entries matching `query` (one person's with `crn`); the query is not logged."""
    extra = {} if limit is None else {"limit": limit}
    read = app[db_key].read(search.search_notes, user, query, crn=crn, **extra)
    hits = await (_audited(app, user, read, "person", crn, via) if crn else read)
    ids = [h.entry_id for h in hits[:LISTED_IDS]]
    detail: dict[str, Any] = {"via": via, "count": len(hits), "ids": ids}
    shown = people.normalise_crn(crn) if crn else None
    await app[db_key].write(
        audit.append, user.id, "searched", "person" if crn else None, shown, detail
    )
    return hits
