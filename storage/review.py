"""Supervisor review: draft → submitted → approved, or returned with a comment → resubmitted.

Approval and return are for supervisors who can see the entry and did not write it, and
approval for one who did not make its latest change (four eyes); a
transition the current status does not allow raises `InvalidTransition`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage import audit
from storage.access import may_record, may_review
from storage.db import iso, transaction, utc_now
from storage.entry_queries import load_entry, visible_row
from storage.errors import Conflict, Forbidden, InvalidTransition
from storage.models import Entry, User

# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": (("draft",), "submitted"),
    "resubmit": (("returned",), "submitted"),
    "approve": (("submitted",), "approved"),
    "return": (("submitted",), "returned"),
}


def submit(
    db: Database,
    user: User,
    entry_id: int,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
    via: str | None = None,
) -> Entry:
    """Send a draft for supervisor review (draft → submitted)."""
    return _transition(db, user, entry_id, "submit", expected_version, now, via=via)


def resubmit(
    db: Database,
    user: User,
    entry_id: int,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
    via: str | None = None,
) -> Entry:
    """Send a returned entry back for review (returned → submitted)."""
    return _transition(db, user, entry_id, "resubmit", expected_version, now, via=via)


def approve(
    db: Database,
    user: User,
    entry_id: int,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
    via: str | None = None,
) -> Entry:
    """Approve and lock a submitted entry (supervisors only, never their own)."""
    return _transition(db, user, entry_id, "approve", expected_version, now, via=via)


def return_entry(
    db: Database,
    user: User,
    entry_id: int,
    comment: str,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
    via: str | None = None,
) -> Entry:
    """Return a submitted entry to its author with a comment (supervisors only)."""
    if not isinstance(comment, str) or not comment.strip():
        raise ValueError("a returned entry needs a comment")
    return _transition(
        db, user, entry_id, "return", expected_version, now, comment.strip(), via=via
    )


def _last_changed_by(db: Database, entry_id: int, row: dict[str, Any]) -> int | None:
    """Who saved the entry's current version (None before the first reading)."""
    found = db.execute(
        "SELECT user_id FROM entry_versions WHERE entry_id = ? AND version = ?",
        [entry_id, row["current_version"]],
    ).fetchone()
    return None if found is None else int(found[0])


def _transition(
    db: Database,
    user: User,
    entry_id: int,
    action: str,
    expected_version: int | None,
    now: datetime | None,
    comment: str | None = None,
    *,
    via: str | None = None,
) -> Entry:
    """Make one status change, audited with the version decided (and the channel, if said)."""
    sources, target = TRANSITIONS[action]
    with transaction(db):
        row = visible_row(db, user, entry_id)
        reviewing = action in ("approve", "return")
        if not (may_review(user) if reviewing else may_record(user)):
            raise Forbidden(f"this account cannot {action} entries")
        if reviewing and row["author_id"] == user.id:
            raise Forbidden(f"you cannot {action} your own entry")
        if action == "approve" and _last_changed_by(db, entry_id, row) == user.id:
            # Four eyes: a supervisor who changed the content must not also sign it off.
            raise Forbidden("you changed this entry last: another supervisor must approve it")
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
            {"version": row["current_version"]} | ({"via": via} if via else {}),
            now=now,
        )
    return load_entry(db, entry_id)
