"""Looking after drafts: move one to another person, discard and restore, find the same note.

A move is a new version of the entry (its `person` changed), so its earlier versions stay and
the audit log records whose it was and whose it is. A discarded draft keeps its row and its
versions; a row in `discarded_entries` hides it from everyone until an administrator restores it.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage import audit
from storage.access import may_record
from storage.db import dumps, iso, loads, transaction, utc_now
from storage.entries import STATUS_AFTER_EDIT, _add_version
from storage.entry_queries import NOT_DISCARDED, load_entry, visible_row
from storage.errors import Conflict, Forbidden, InvalidTransition, NotFound
from storage.models import Entry, User
from storage.people import get_person_for, normalise_crn
from storage.sections import rebuild_sections

log = logging.getLogger(__name__)

# Only work in progress can be discarded: a submitted entry is the supervisor's to return.
DISCARDABLE = ("draft", "returned")
_SPACE = re.compile(r"\s+")


def move_entry(
    db: Database,
    user: User,
    entry_id: int,
    crn: str,
    expected_version: int,
    *,
    now: datetime | None = None,
    rewrite: Callable[[dict[str, Any], str], dict[str, Any]] | None = None,
) -> Entry:
    """File the author's entry under another person on their caseload, as a new version;
    Conflict if `expected_version` is stale, NotFound if the person is not visible.
    `rewrite(data, note_text)` rewrites the moved data in the same version (the caller's
    record texts, which name the person)."""
    with transaction(db):
        row = visible_row(db, user, entry_id)
        if row["author_id"] != user.id or not may_record(user):
            raise Forbidden("only the officer who wrote an entry can change whose it is")
        if expected_version != row["current_version"]:
            raise Conflict("the entry has changed since it was read", row["current_version"])
        person = get_person_for(db, user, normalise_crn(crn))
        if person.crn == row["crn"]:
            return load_entry(db, entry_id)
        data = copy.deepcopy(loads(row["data"])) if row["data"] else None
        version = row["current_version"]
        status = STATUS_AFTER_EDIT[row["status"]]
        stamp = iso(utc_now(now))
        update: dict[str, Any] = {"crn": person.crn, "status": status, "updated_at": stamp}
        if isinstance(data, dict):
            data["person"] = {"name": person.name, "crn": person.crn, "match_score": None}
            if rewrite is not None:
                data = rewrite(data, row["note_text"])
            version += 1
            update.update(data=dumps(data), current_version=version)
            _add_version(db, entry_id, version, dumps(data), ["person"], user.id, stamp, "moved")
        db.table("entries").update(entry_id, update)
        detail = {"from": row["crn"], "to": person.crn, "version": version}
        audit.append(db, user.id, "moved", "entry", entry_id, detail, now=now)
        for affected in (row["crn"], person.crn):
            rebuild_sections(db, affected, now=now)
    log.info("entry %s moved by user %s", entry_id, user.id)
    return load_entry(db, entry_id)


def discard_entry(
    db: Database,
    user: User,
    entry_id: int,
    expected_version: int | None = None,
    *,
    now: datetime | None = None,
) -> Entry:
    """Hide the author's own draft (or returned entry) from every list; kept for restoring."""
    with transaction(db):
        row = visible_row(db, user, entry_id)
        if row["author_id"] != user.id:
            raise Forbidden("only the officer who wrote a draft can discard it")
        if row["status"] not in DISCARDABLE:
            raise InvalidTransition("discard", row["status"])
        if expected_version is not None and expected_version != row["current_version"]:
            raise Conflict("the entry has changed since it was read", row["current_version"])
        stamp = iso(utc_now(now))
        db.table("discarded_entries").insert(
            {"entry_id": entry_id, "discarded_by": user.id, "discarded_at": stamp}
        )
        audit.append(
            db, user.id, "discarded", "entry", entry_id, {"status": row["status"]}, now=now
        )
        rebuild_sections(db, row["crn"], now=now)
    log.info("entry %s discarded by user %s", entry_id, user.id)
    return load_entry(db, entry_id)


def list_discarded(db: Database, user: User) -> list[dict[str, Any]]:
    """Discarded drafts, newest first, with neither note text nor person (for an
    administrator, who reads no case records)."""
    if user.role != "admin":
        raise Forbidden("only administrators restore discarded drafts")
    return list(
        db.query(
            "SELECT d.entry_id, d.discarded_at, u.display_name AS discarded_by, "
            "e.reference_date FROM discarded_entries d JOIN entries e ON e.id = d.entry_id "
            "JOIN users u ON u.id = d.discarded_by ORDER BY d.discarded_at DESC, d.entry_id DESC"
        )
    )


def restore_entry(db: Database, user: User, entry_id: int, *, now: datetime | None = None) -> Entry:
    """Bring a discarded draft back to its author's lists (administrators only)."""
    if user.role != "admin":
        raise Forbidden("only administrators restore discarded drafts")
    with transaction(db):
        gone = db.execute("DELETE FROM discarded_entries WHERE entry_id = ?", [entry_id])
        if gone.rowcount != 1:
            raise NotFound("no such discarded entry")
        audit.append(db, user.id, "restored", "entry", entry_id, now=now)
        entry = load_entry(db, entry_id)
        rebuild_sections(db, entry.crn, now=now)
    return entry


def same_note(text: str) -> str:
    """A note as compared for duplicates: spacing and letter case do not make it different."""
    return _SPACE.sub(" ", text).strip().casefold()


def find_same_draft(db: Database, user: User, crn: str, text: str) -> Entry | None:
    """The user's unsubmitted entry for this person holding the same note, if there is one."""
    wanted = same_note(text)
    rows = db.query(
        "SELECT e.* FROM entries e WHERE e.author_id = ? AND e.crn = ? "
        f"AND e.status IN ('draft', 'returned') AND {NOT_DISCARDED} "
        "ORDER BY e.updated_at DESC, e.id DESC",
        [user.id, normalise_crn(crn)],
    )
    for row in rows:
        if same_note(row["note_text"]) == wanted:
            return Entry.from_row(row)
    return None
