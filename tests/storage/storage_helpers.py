"""Constants, the World record and entry helpers shared by the storage tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from storage import accounts, entries
from storage.models import Entry, User

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
PRODUCTION_HASHER = accounts.DEFAULT_HASHER

CRN_A1, CRN_A2, CRN_B = "X000001", "X000002", "Y000003"


@dataclass
class World:
    """Two teams, their staff and people, for access tests."""

    db: Database
    officer_a1: User
    officer_a2: User
    supervisor_a: User
    officer_b: User
    supervisor_b: User
    admin: User

    def user(self, name: str) -> User:
        """A member of staff by fixture name."""
        user: User = getattr(self, name)
        return user


def extraction(outcome: str = "attended_complied", **sections: str) -> dict[str, Any]:
    """A minimal case-entry-shaped extraction."""
    return {
        "schema": "case-entry/1",
        "contact": {"date": "2026-11-21", "type": "office_visit", "outcome": outcome},
        "needs": [],
        "sections": dict(sections),
        "summary": "Attended.",
    }


def make_entry(
    db: Database,
    author: User,
    crn: str,
    status: str = "draft",
    *,
    reviewer: User | None = None,
    note: str = "Seen in the office, all fine.",
) -> Entry:
    """An extracted entry by `author`, moved to `status` (review steps by `reviewer`); a
    `historical` one is stored as a backfill stores it."""
    if status == "historical":
        return _historical(db, author, crn, note)
    entry = entries.create_draft(db, author, crn, note, "2026-11-21", now=NOW)
    entry = entries.set_extraction(db, entry.id, extraction(), now=NOW)
    if status == "draft":
        return entry
    entry = entries.submit(db, author, entry.id, now=NOW)
    if status == "submitted":
        return entry
    assert reviewer is not None
    if status == "approved":
        return entries.approve(db, reviewer, entry.id, now=NOW)
    assert status == "returned"
    return entries.return_entry(db, reviewer, entry.id, "Please add the drug test.", now=NOW)


def _historical(db: Database, author: User, crn: str, note: str) -> Entry:
    from storage.historical import history_for, store_historical

    source = f"old-{db.execute('SELECT count(*) FROM entries').fetchone()[0]}"
    item = {"id": source, "crn": crn, "reference_date": "2019-05-01", "text": note}
    store_historical(db, [item], [{"id": source, **extraction()}], now=NOW)
    return next(e for e in history_for(db, author, crn) if e.source_id == source)
