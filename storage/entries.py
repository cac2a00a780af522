"""Case entries: the raw note first, then versions of the data, then review.

Statuses go draft → submitted → approved, or submitted → returned (with a comment) →
submitted again. Every change to the data is a new version row (who, when, which fields).
Editing a submitted or approved entry puts it back to draft, so it must be submitted and
approved again; the last approval stays recorded in `approved_by/at/version`.

Review steps live in `storage.review`, reads in `storage.entry_queries` and diffs in
`storage.diff`; all are importable from here too.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from storage import audit
from storage.access import may_record
from storage.db import (
    Statement,
    batched,
    dumps,
    iso,
    loads,
    together,
    transaction,
    utc_now,
)
from storage.diff import changed_paths, extraction_diff, field_changes
from storage.entry_queries import (
    case_record,
    drafts_and_people,
    entry_and_person,
    entry_row,
    get_entry_for,
    list_drafts,
    list_entries_for,
    load_entry,
    review_queue,
    status_counts,
    versions,
    visible_entries,
    visible_row,
)
from storage.errors import INTEGRITY_ERRORS, Conflict, Duplicate, Forbidden
from storage.idempotency import REUSED
from storage.models import Entry, User
from storage.people import normalise_crn, person_found, person_statement
from storage.review import TRANSITIONS, approve, resubmit, return_entry, submit
from storage.sections import rebuild_sections

log = logging.getLogger(__name__)

# An edit after submission or approval needs submitting (and approving) again.
STATUS_AFTER_EDIT = {
    "draft": "draft",
    "returned": "returned",
    "submitted": "draft",
    "approved": "draft",
}
MAX_KEY_LENGTH = 200
# The parts of an entry's data the merged section drafts are built from: a change elsewhere
# (an outcome corrected by chat) leaves them as they are.
SECTION_INPUTS = ("sections", "contact", "contact.date")
_FIELD_PATH = re.compile(r"^[A-Za-z0-9_.]{1,80}$")


def create_draft(
    db: Database,
    user: User,
    crn: str,
    note_text: str,
    reference_date: str | date,
    idempotency_key: str | None = None,
    *,
    now: datetime | None = None,
) -> Entry:
    """Store the raw note as a new draft before extraction runs; a repeated idempotency key
    from this user returns the entry it first created (Duplicate if that was for another
    person or note); keys are per account, so another user's same key is a new one."""
    if not isinstance(note_text, str):
        raise ValueError("note_text must be text")
    reference = _iso_date(reference_date)
    if idempotency_key is not None and not 0 < len(idempotency_key) <= MAX_KEY_LENGTH:
        raise ValueError(f"idempotency key must be 1-{MAX_KEY_LENGTH} characters")
    with transaction(db):
        person_rows, earlier = together(
            db, [person_statement(user, normalise_crn(crn)), _by_key(user, idempotency_key)]
        )
        person = person_found(person_rows)
        if not may_record(user):
            raise Forbidden("this account cannot record entries")
        if earlier:
            first = earlier[0]
            if (first["crn"], first["note_text"], first["reference_date"]) != (
                person.crn,
                note_text,
                reference,
            ):
                raise Duplicate(REUSED)
            return Entry.from_row(first)
        stamp = iso(utc_now(now))
        try:
            # RETURNING: the row as stored, without reading it back (a round trip on PostgreSQL).
            row = together(
                db,
                [
                    (
                        _INSERT_DRAFT,
                        {
                            "crn": person.crn,
                            "author_id": user.id,
                            "note_text": note_text,
                            "reference_date": reference,
                            "stamp": stamp,
                            "idempotency_key": idempotency_key,
                        },
                    )
                ],
            )[0][0]
        except INTEGRITY_ERRORS as exc:  # pragma: no cover - guarded by the lookup above
            raise Duplicate("idempotency key already used") from exc
        audit.append(db, user.id, "created", "entry", row["id"], {"crn": person.crn}, now=now)
    log.info("entry %s created by user %s", row["id"], user.id)
    return Entry.from_row(row)


_INSERT_DRAFT = (
    "INSERT INTO entries (crn, author_id, status, current_version, note_text, reference_date, "
    "created_at, updated_at, idempotency_key) VALUES (:crn, :author_id, 'draft', 0, "
    ":note_text, :reference_date, :stamp, :stamp, :idempotency_key) RETURNING *"
)


def _by_key(user: User, idempotency_key: str | None) -> Statement:
    """The entry this user made with this key (none without a key)."""
    return (
        "SELECT * FROM entries WHERE idempotency_key = ? AND author_id = ?",
        [idempotency_key, user.id],
    )


def set_extraction(
    db: Database, entry_id: int, extraction: dict[str, Any], *, now: datetime | None = None
) -> Entry:
    """Record the machine's first extraction as both `extraction` and version 1 of `data`;
    Conflict if the entry already has data."""
    if not isinstance(extraction, dict):
        raise ValueError("extraction must be a JSON object")
    with transaction(db):
        row = entry_row(db, entry_id)
        if row["current_version"] != 0:
            raise Conflict("entry already has data", row["current_version"])
        stamp = iso(utc_now(now))
        text = dumps(extraction)
        changes = {"extraction": text, "data": text, "current_version": 1, "updated_at": stamp}
        with batched(db):  # on PostgreSQL sent with the section rebuild's read
            db.execute(_SET_EXTRACTION, {**changes, "entry_id": entry_id})
            _add_version(db, entry_id, 1, text, [], row["author_id"], stamp, "extraction")
        audit.append(db, row["author_id"], "extracted", "entry", entry_id, {"version": 1}, now=now)
        rebuild_sections(db, row["crn"], now=now)
    return Entry.from_row({**row, **changes})


# Plain UPDATEs of an entry read under the write lock: unlike sqlite-utils' `update`,
# nothing is read back, so on PostgreSQL they can wait to go with other writes.
_SET_EXTRACTION = (
    "UPDATE entries SET extraction = :extraction, data = :data, "
    "current_version = :current_version, updated_at = :updated_at WHERE id = :entry_id"
)
_SET_DATA = (
    "UPDATE entries SET data = :data, current_version = :current_version, status = :status, "
    "updated_at = :updated_at WHERE id = :entry_id"
)


def update_entry(
    db: Database,
    user: User,
    entry_id: int,
    data: dict[str, Any],
    expected_version: int,
    reason: str | None = None,
    *,
    now: datetime | None = None,
) -> Entry:
    """Save corrected data as a new version; Conflict if `expected_version` is stale.

    Saving unchanged data writes nothing and returns the entry as it is.
    """
    if not isinstance(data, dict):
        raise ValueError("entry data must be a JSON object")
    with transaction(db):
        row = visible_row(db, user, entry_id)
        if not may_record(user):
            raise Forbidden("this account cannot change entries")
        if row["status"] == "historical":
            # A historical note is evidence as it was written years ago, not a draft.
            raise Forbidden("historical entries cannot be changed")
        if expected_version != row["current_version"]:
            raise Conflict("the entry has changed since it was read", row["current_version"])
        changed = changed_paths(loads(row["data"]) or {}, data)
        if not changed and row["current_version"] > 0:
            return Entry.from_row(row)
        version = row["current_version"] + 1
        status = STATUS_AFTER_EDIT[row["status"]]
        stamp = iso(utc_now(now))
        text = dumps(data)
        changes = {"data": text, "current_version": version, "status": status, "updated_at": stamp}
        with batched(db):  # on PostgreSQL sent with the next read or COMMIT
            db.execute(_SET_DATA, {**changes, "entry_id": entry_id})
            _add_version(db, entry_id, version, text, changed, user.id, stamp, reason)
        detail = {
            "version": version,
            "fields": [p if _FIELD_PATH.match(p) else "other" for p in changed[:50]],
            "from": row["status"],
            "to": status,
        }
        audit.append(db, user.id, "changed", "entry", entry_id, detail, now=now)
        if any(p in SECTION_INPUTS or p.startswith("sections.") for p in changed):
            rebuild_sections(db, row["crn"], now=now)
    return Entry.from_row({**row, **changes})


def _add_version(
    db: Database,
    entry_id: int,
    version: int,
    data: str,
    changed: list[str],
    user_id: int,
    stamp: str,
    reason: str | None,
) -> None:
    # A plain INSERT (nothing read back), so a `batched` block can hold it back.
    db.execute(
        "INSERT INTO entry_versions (entry_id, version, data, changed_fields, user_id, "
        "created_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [entry_id, version, data, dumps(changed), user_id, stamp, reason],
    )


def _iso_date(value: str | date) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return date.fromisoformat(str(value).strip()).isoformat()


__all__ = [
    "STATUS_AFTER_EDIT",
    "TRANSITIONS",
    "approve",
    "case_record",
    "changed_paths",
    "create_draft",
    "drafts_and_people",
    "entry_and_person",
    "extraction_diff",
    "field_changes",
    "get_entry_for",
    "list_drafts",
    "list_entries_for",
    "load_entry",
    "resubmit",
    "return_entry",
    "review_queue",
    "set_extraction",
    "status_counts",
    "submit",
    "update_entry",
    "versions",
    "visible_entries",
]
