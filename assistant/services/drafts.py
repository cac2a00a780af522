"""Looking after drafts on every channel: change whose an entry is, discard one, and find a
draft that already holds a note."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant.corrections.rebuild import rebuild
from assistant.typedefs import db_key
from storage import drafts, people
from storage.models import Entry, Person, User


async def move_person(
    app: web.Application, user: User, entry_id: int, crn: str, expected_version: int, via: str
) -> tuple[Entry, Person]:
    """File an entry under another person on the officer's caseload; its history moves too
    (a new version, audited with whose it was and whose it is)."""
    db = app[db_key]
    person = await db.read(people.get_person_for, user, crn)

    def renamed(data: dict[str, Any], note_text: str) -> dict[str, Any]:
        # The record and sections name the person: write them again for the new one.
        return rebuild(data, person.name, person.crn, note_text)

    entry = await db.write(
        drafts.move_entry, user, entry_id, person.crn, expected_version, rewrite=renamed
    )
    return entry, person


async def discard(
    app: web.Application, user: User, entry_id: int, expected_version: int | None, via: str
) -> Entry:
    """Discard the officer's own draft (draft or returned); an administrator can restore it."""
    return await app[db_key].write(drafts.discard_entry, user, entry_id, expected_version)


async def same_draft(app: web.Application, user: User, crn: str, text: str) -> Entry | None:
    """The officer's unsubmitted draft for this person that already holds this note."""
    return await app[db_key].read(drafts.find_same_draft, user, crn, text)
