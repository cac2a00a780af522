"""Save a correction: rebuild the record from the corrected entry, then write a new version."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant.corrections.rebuild import rebuild
from assistant.typedefs import db_key
from storage import entries, people
from storage.models import Entry, User


async def caseload_name(app: web.Application, user: User, crn: str) -> str:
    """The person's name as on the caseload (not as the note spelt it)."""
    return (await app[db_key].read(people.get_person_for, user, crn)).name


async def save(
    app: web.Application,
    user: User,
    entry: Entry,
    data: dict[str, Any],
    version: int,
    source: str,
) -> Entry:
    """Write corrected data with its record and sections rebuilt; Conflict if `version` is stale."""
    name = await caseload_name(app, user, entry.crn)
    rebuilt = rebuild(data, name)
    return await app[db_key].write(entries.update_entry, user, entry.id, rebuilt, version, source)
