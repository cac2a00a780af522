"""Case entries: the raw note first, then versions of the data, then review.

Statuses go draft → submitted → approved, or submitted → returned (with a comment) →
submitted again. Every change to the data is a new version row (who, when, which fields).
Editing a submitted or approved entry puts it back to draft, so it must be submitted and
approved again; the last approval stays recorded in `approved_by/at/version`.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from storage import audit
from storage.access import may_record, may_review, people_filter
from storage.db import dumps, insert_row, iso, loads, transaction, utc_now
from storage.errors import Conflict, Duplicate, Forbidden, InvalidTransition, NotFound
from storage.models import STATUSES, Entry, EntryVersion, FieldChange, User
from storage.people import get_person_for, normalise_crn
from storage.sections import rebuild_sections

log = logging.getLogger(__name__)

# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": (("draft",), "submitted"),
    "resubmit": (("returned",), "submitted"),
    "approve": (("submitted",), "approved"),
    "return": (("submitted",), "returned"),
}
# An edit after submission or approval needs submitting (and approving) again.
STATUS_AFTER_EDIT = {
    "draft": "draft",
    "returned": "returned",
    "submitted": "draft",
    "approved": "draft",
}
MAX_KEY_LENGTH = 200
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
    returns the entry the key first created (Duplicate if it was someone else's)."""
    if not isinstance(note_text, str):
        raise ValueError("note_text must be text")
    reference = _iso_date(reference_date)
    if idempotency_key is not None and not 0 < len(idempotency_key) <= MAX_KEY_LENGTH:
        raise ValueError(f"idempotency key must be 1-{MAX_KEY_LENGTH} characters")
    with transaction(db):
        person = get_person_for(db, user, normalise_crn(crn))
        if not may_record(user):
            raise Forbidden("this account cannot record entries")
        if idempotency_key is not None:
            rows = db.execute_returning_dicts(
                "SELECT * FROM entries WHERE idempotency_key = ?", [idempotency_key]
            )
            if rows:
                if rows[0]["author_id"] != user.id:
                    raise Duplicate("idempotency key already used")
                return Entry.from_row(rows[0])
        stamp = iso(utc_now(now))
        try:
            entry_id = insert_row(
                db,
                "entries",
                {
                    "crn": person.crn,
                    "author_id": user.id,
                    "status": "draft",
                    "current_version": 0,
                    "note_text": note_text,
                    "reference_date": reference,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "idempotency_key": idempotency_key,
                },
            )
        except sqlite3.IntegrityError as exc:  # pragma: no cover - guarded by the lookup above
            raise Duplicate("idempotency key already used") from exc
        audit.append(db, user.id, "created", "entry", entry_id, {"crn": person.crn}, now=now)
    log.info("entry %s created by user %s", entry_id, user.id)
    return _entry(db, int(entry_id))


def set_extraction(
    db: Database, entry_id: int, extraction: dict[str, Any], *, now: datetime | None = None
) -> Entry:
    """Record the machine's first extraction as both `extraction` and version 1 of `data`;
    Conflict if the entry already has data."""
    if not isinstance(extraction, dict):
        raise ValueError("extraction must be a JSON object")
    with transaction(db):
        row = _row(db, entry_id)
        if row["current_version"] != 0:
            raise Conflict("entry already has data", row["current_version"])
        stamp = iso(utc_now(now))
        text = dumps(extraction)
        db.table("entries").update(
            entry_id,
            {"extraction": text, "data": text, "current_version": 1, "updated_at": stamp},
        )
        _add_version(db, entry_id, 1, text, [], row["author_id"], stamp, "extraction")
        audit.append(db, row["author_id"], "extracted", "entry", entry_id, {"version": 1}, now=now)
        rebuild_sections(db, row["crn"], now=now)
    return _entry(db, entry_id)


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
        row = _visible_row(db, user, entry_id)
        if not may_record(user):
            raise Forbidden("this account cannot change entries")
        if expected_version != row["current_version"]:
            raise Conflict("the entry has changed since it was read", row["current_version"])
        changed = changed_paths(loads(row["data"]) or {}, data)
        if not changed and row["current_version"] > 0:
            return Entry.from_row(row)
        version = row["current_version"] + 1
        status = STATUS_AFTER_EDIT[row["status"]]
        stamp = iso(utc_now(now))
        text = dumps(data)
        db.table("entries").update(
            entry_id,
            {"data": text, "current_version": version, "status": status, "updated_at": stamp},
        )
        _add_version(db, entry_id, version, text, changed, user.id, stamp, reason)
        detail = {
            "version": version,
            "fields": [p if _FIELD_PATH.match(p) else "other" for p in changed[:50]],
            "from": row["status"],
            "to": status,
        }
        audit.append(db, user.id, "changed", "entry", entry_id, detail, now=now)
        rebuild_sections(db, row["crn"], now=now)
    return _entry(db, entry_id)


def submit(
    db: Database,
    user: User,
    entry_id: int,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Entry:
    """Send a draft for supervisor review (draft → submitted)."""
    return _transition(db, user, entry_id, "submit", expected_version, now)


def resubmit(
    db: Database,
    user: User,
    entry_id: int,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Entry:
    """Send a returned entry back for review (returned → submitted)."""
    return _transition(db, user, entry_id, "resubmit", expected_version, now)


def approve(
    db: Database,
    user: User,
    entry_id: int,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Entry:
    """Approve and lock a submitted entry (supervisors only, never their own)."""
    return _transition(db, user, entry_id, "approve", expected_version, now)


def return_entry(
    db: Database,
    user: User,
    entry_id: int,
    comment: str,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Entry:
    """Return a submitted entry to its author with a comment (supervisors only)."""
    if not isinstance(comment, str) or not comment.strip():
        raise ValueError("a returned entry needs a comment")
    return _transition(db, user, entry_id, "return", expected_version, now, comment.strip())


def _transition(
    db: Database,
    user: User,
    entry_id: int,
    action: str,
    expected_version: int | None,
    now: datetime | None,
    comment: str | None = None,
) -> Entry:
    sources, target = TRANSITIONS[action]
    with transaction(db):
        row = _visible_row(db, user, entry_id)
        reviewing = action in ("approve", "return")
        if not (may_review(user) if reviewing else may_record(user)):
            raise Forbidden(f"this account cannot {action} entries")
        if reviewing and row["author_id"] == user.id:
            raise Forbidden(f"you cannot {action} your own entry")
        if expected_version is not None and expected_version != row["current_version"]:
            raise Conflict("the entry has changed since it was read", row["current_version"])
        if row["status"] not in sources:
            raise InvalidTransition(action, row["status"])
        if row["current_version"] == 0:
            raise InvalidTransition(action, "empty")
        stamp = iso(utc_now(now))
        changes: dict[str, Any] = {"status": target, "updated_at": stamp}
        if target == "submitted":
            changes["submitted_at"] = stamp
        if action == "approve":
            changes |= {
                "approved_by": user.id,
                "approved_at": stamp,
                "approved_version": row["current_version"],
            }
        if action == "return":
            changes["review_comment"] = comment
        db.table("entries").update(entry_id, changes)
        audit_action = {"submit": "submitted", "resubmit": "resubmitted", "approve": "approved"}
        audit.append(
            db,
            user.id,
            audit_action.get(action, "returned"),
            "entry",
            entry_id,
            {"version": row["current_version"]},
            now=now,
        )
    return _entry(db, entry_id)


def get_entry_for(db: Database, user: User, entry_id: int) -> Entry:
    """An entry the user may see; NotFound otherwise."""
    return Entry.from_row(_visible_row(db, user, entry_id))


def list_entries_for(
    db: Database,
    user: User,
    crn: str | None = None,
    status: str | None = None,
    *,
    limit: int = 200,
    offset: int = 0,
) -> list[Entry]:
    """Visible entries, newest first; NotFound if `crn` names someone the user cannot see."""
    where, params = [], []
    if crn is not None:
        where.append("e.crn = ?")
        params.append(get_person_for(db, user, crn).crn)
    if status is not None:
        where.append("e.status = ?")
        params.append(_status(status))
    return _select(db, user, where, params, "e.created_at DESC, e.id DESC", limit, offset)


def list_drafts(db: Database, user: User, *, include_returned: bool = True) -> list[Entry]:
    """The user's own unsubmitted entries (and returned ones), most recently changed first."""
    statuses = ("draft", "returned") if include_returned else ("draft",)
    marks = ", ".join("?" for _ in statuses)
    where = ["e.author_id = ?", f"e.status IN ({marks})"]
    return _select(db, user, where, [user.id, *statuses], "e.updated_at DESC, e.id DESC")


def review_queue(db: Database, user: User, *, limit: int = 500) -> list[Entry]:
    """Submitted entries from the supervisor's team awaiting someone else's review, oldest
    first; Forbidden for anyone but a supervisor."""
    if not may_review(user):
        raise Forbidden("only supervisors review entries")
    where = ["e.status = 'submitted'", "e.author_id != ?"]
    return _select(db, user, where, [user.id], "e.submitted_at, e.id", limit)


def status_counts(db: Database, user: User) -> dict[str, int]:
    """How many visible entries are in each status."""
    condition, params = people_filter(user, "p")
    counts = dict.fromkeys(STATUSES, 0)
    for status, count in db.execute(
        f"SELECT e.status, count(*) FROM entries e JOIN people p ON p.crn = e.crn "
        f"WHERE {condition} GROUP BY e.status",
        params,
    ):
        counts[status] = count
    return counts


def versions(db: Database, user: User, entry_id: int) -> list[EntryVersion]:
    """Every version of a visible entry, oldest first."""
    _visible_row(db, user, entry_id)
    return [
        EntryVersion.from_row(r)
        for r in db.query(
            "SELECT * FROM entry_versions WHERE entry_id = ? ORDER BY version", [entry_id]
        )
    ]


def extraction_diff(entry: Entry) -> list[FieldChange]:
    """What the officer changed from the machine's first extraction, field by field."""
    return field_changes(entry.extraction or {}, entry.data or {})


def changed_paths(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Dotted paths of the fields that differ (objects compared key by key, lists whole)."""
    return [change.path for change in field_changes(before, after)]


def field_changes(
    before: dict[str, Any], after: dict[str, Any], prefix: str = ""
) -> list[FieldChange]:
    """The differing fields between two JSON objects, with old and new values.

    A missing key counts as null; objects are compared key by key, anything else whole.
    """
    changes: list[FieldChange] = []
    for key in sorted(set(before) | set(after), key=str):
        old, new = before.get(key), after.get(key)
        path = f"{prefix}{key}"
        if isinstance(old, dict) and isinstance(new, dict):
            changes += field_changes(old, new, f"{path}.")
        elif dumps(old) != dumps(new):
            changes.append(FieldChange(path, old, new))
    return changes


def _select(
    db: Database,
    user: User,
    where: list[str],
    params: list[Any],
    order: str,
    limit: int = 200,
    offset: int = 0,
) -> list[Entry]:
    condition, visible = people_filter(user, "p")
    clauses = " AND ".join([condition, *where])
    sql = (
        f"SELECT e.* FROM entries e JOIN people p ON p.crn = e.crn WHERE {clauses} "
        f"ORDER BY {order} LIMIT ? OFFSET ?"
    )
    rows = db.query(sql, [*visible, *params, max(0, limit), max(0, offset)])
    return [Entry.from_row(r) for r in rows]


def _visible_row(db: Database, user: User, entry_id: int) -> dict[str, Any]:
    condition, params = people_filter(user, "p")
    rows = db.execute_returning_dicts(
        f"SELECT e.* FROM entries e JOIN people p ON p.crn = e.crn WHERE e.id = ? AND {condition}",
        [entry_id, *params],
    )
    if not rows:
        raise NotFound("no such entry")
    return rows[0]


def _row(db: Database, entry_id: int) -> dict[str, Any]:
    rows = db.execute_returning_dicts("SELECT * FROM entries WHERE id = ?", [entry_id])
    if not rows:
        raise NotFound("no such entry")
    return rows[0]


def _entry(db: Database, entry_id: int) -> Entry:
    return Entry.from_row(_row(db, entry_id))


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
    db.table("entry_versions").insert(
        {
            "entry_id": entry_id,
            "version": version,
            "data": data,
            "changed_fields": dumps(changed),
            "user_id": user_id,
            "created_at": stamp,
            "reason": reason,
        }
    )


def _iso_date(value: str | date) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return date.fromisoformat(str(value).strip()).isoformat()


def _status(status: str) -> str:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    return status
