"""Reads of case records for every channel, each leaving one audit row, refusals included.

The record is read on a reader thread, then the row is written: `via` names the channel
(web, api, teams). A row never holds note text, names or a search query, only ids, counts
and codes.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable
from typing import Any, TypeVar

from aiohttp import web

from assistant.typedefs import db_key
from storage import audit, entries, people, search
from storage.case_page import CasePage, case_page
from storage.errors import NotFound, StorageFull
from storage.models import Entry, EntryVersion, Person, SearchHit, User

log = logging.getLogger(__name__)
T = TypeVar("T")
# A refused CRN is recorded only when it looks like an id, so the log never keeps free text.
_SAFE_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")
LISTED_IDS = 200


async def _trace(
    app: web.Application,
    user: User,
    action: str,
    record_type: str | None,
    record_id: Any,
    detail: dict[str, Any],
) -> None:
    """Write the read's audit row. With the disk full the read is still served (reading must
    keep working then) and the row goes to the log instead: ids and codes only, as in the
    table, so the trace is kept where it can be."""
    try:
        await app[db_key].write(audit.append, user.id, action, record_type, record_id, detail)
    except StorageFull:
        log.warning(
            "audit row not stored (disk full): user=%s action=%s %s=%s detail=%s",
            user.id,
            action,
            record_type,
            record_id,
            json.dumps(detail, sort_keys=True),
        )


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
        safe = shown if _SAFE_ID.match(shown) else "other"
        await _trace(app, user, "refused", record_type, safe, {"via": via})
        raise


async def read_entry(app: web.Application, user: User, entry_id: int, via: str) -> Entry:
    """One entry the user may see (NotFound otherwise); the read is audited either way."""
    db = app[db_key]
    read = db.read(entries.get_entry_for, user, entry_id)
    entry = await _audited(app, user, read, "entry", entry_id, via)
    await _trace(app, user, "viewed", "entry", entry.id, {"via": via})
    return entry


async def read_entry_page(
    app: web.Application, user: User, entry_id: int, via: str
) -> tuple[Entry, Person]:
    """`read_entry` with the entry's person, read together (one round trip on PostgreSQL)."""
    read = app[db_key].read(entries.entry_and_person, user, entry_id)
    entry, person = await _audited(app, user, read, "entry", entry_id, via)
    await _trace(app, user, "viewed", "entry", entry.id, {"via": via})
    return entry, person


async def entry_to_change(app: web.Application, user: User, entry_id: int, via: str) -> Entry:
    """An entry about to be changed, decided or exported: only a refusal is audited here,
    because the action itself writes its own row."""
    read = app[db_key].read(entries.get_entry_for, user, entry_id)
    return await _audited(app, user, read, "entry", entry_id, via)


async def read_case(
    app: web.Application, user: User, crn: str, via: str
) -> tuple[Person, list[Entry]]:
    """A person and their entries (NotFound if not visible); the read is audited either way."""
    db = app[db_key]
    read = db.read(entries.case_record, user, crn)
    person, found = await _audited(app, user, read, "person", crn, via)
    await _trace(app, user, "viewed", "person", person.crn, {"via": via})
    return person, found


async def read_case_page(
    app: web.Application, user: User, crn: str, via: str, history_limit: int
) -> CasePage:
    """`read_case` with the person's sections and history, all in one read (one round trip
    on PostgreSQL); audited the same way."""
    read = app[db_key].read(case_page, user, crn, history_limit=history_limit)
    page = await _audited(app, user, read, "person", crn, via)
    await _trace(app, user, "viewed", "person", page.person.crn, {"via": via})
    return page


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
    await _trace(app, user, "listed", "entry", None, detail)
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


async def shown_entries(
    app: web.Application, user: User, what: str, found: list[Entry], via: str
) -> list[Entry]:
    """Record that a page showed these entries (a conversation's replies): one `listed` row."""
    return await _listed(app, user, what, found, via)


async def list_drafts(app: web.Application, user: User, via: str) -> list[Entry]:
    """The officer's entries not yet submitted, and those returned to them."""
    found = await app[db_key].read(entries.list_drafts, user)
    return await _listed(app, user, "drafts", found, via)


async def list_drafts_named(
    app: web.Application, user: User, via: str
) -> tuple[list[Entry], dict[str, str]]:
    """`list_drafts` with the names of everyone the user may see, read together (one round
    trip on PostgreSQL) for the page that lists them by name."""
    found, visible = await app[db_key].read(entries.drafts_and_people, user)
    return await _listed(app, user, "drafts", found, via), {p.crn: p.name for p in visible}


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
    await _trace(app, user, "searched", "person" if crn else None, shown, detail)
    return hits
