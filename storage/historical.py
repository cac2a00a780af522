"""Historical entries: notes read in bulk by `assistant backfill --into-db`.

A historical entry is stored with status `historical` and the id of the note it came from
(`source_id`, unique), attached to its person by CRN. It is never a draft, never in a
review queue and never changed (`update_entry` refuses, and no review transition starts
from it); it is seen under the same access rules as other entries, because every read
joins its person. Each person's section drafts are then rebuilt from their whole history.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage import audit
from storage.db import dumps, insert_row, iso, transaction, utc_now
from storage.entry_queries import _select
from storage.models import Entry, User
from storage.people import get_person_for, normalise_crn
from storage.sections import rebuild_sections

STATUS = "historical"


def store_historical(
    db: Database,
    items: list[dict[str, Any]],
    results: list[dict[str, Any]],
    *,
    now: datetime | None = None,
) -> Counter[str]:
    """Store one partition's entries in one transaction; counts of stored, already stored
    (the same note id), unattached (no such person, or nobody allocated) and errors."""
    notes = {item.get("id"): item for item in items}
    counts: Counter[str] = Counter()
    stamp = iso(utc_now(now))
    per_person: Counter[str] = Counter()
    with transaction(db):
        for result in results:
            item = notes.get(result.get("id"))
            if "error" in result or item is None:
                counts["errors"] += 1
                continue
            source_id = str(result["id"])
            if db.execute("SELECT 1 FROM entries WHERE source_id = ?", [source_id]).fetchone():
                counts["already"] += 1
                continue
            person = _person(db, item, result)
            if person is None or person["officer_id"] is None:
                counts["unattached"] += 1
                continue
            entry = dumps({k: v for k, v in result.items() if k != "id"})
            # The export names no author: the allocated officer holds the record, as for
            # their own entries, so the access rules and the NOT NULL author column hold.
            entry_id = insert_row(
                db,
                "entries",
                {
                    "crn": person["crn"],
                    "author_id": person["officer_id"],
                    "status": STATUS,
                    "current_version": 1,
                    "note_text": item["text"],
                    "reference_date": result.get("reference_date") or item["reference_date"],
                    "extraction": entry,
                    "data": entry,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "source_id": source_id,
                },
            )
            db.table("entry_versions").insert(
                {
                    "entry_id": entry_id,
                    "version": 1,
                    "data": entry,
                    "changed_fields": "[]",
                    "user_id": person["officer_id"],
                    "created_at": stamp,
                    "reason": "historical",
                }
            )
            counts["stored"] += 1
            per_person[person["crn"]] += 1
        for crn, stored in sorted(per_person.items()):
            audit.append(db, None, "backfilled", "person", crn, {"entries": stored}, now=now)
    return counts


def _person(db: Database, item: dict[str, Any], result: dict[str, Any]) -> dict[str, Any] | None:
    """The person a note belongs to: the export's CRN, else the caseload match's."""
    crn = item.get("crn") or (result.get("person") or {}).get("crn")
    if not isinstance(crn, str) or not crn.strip():
        return None
    try:
        canonical = normalise_crn(crn)
    except ValueError:
        return None
    rows = db.execute_returning_dicts(
        "SELECT crn, officer_id FROM people WHERE crn = ?", [canonical]
    )
    return rows[0] if rows else None


def rebuild_history_sections(db: Database, *, now: datetime | None = None) -> int:
    """Rebuild the section drafts of everyone with historical entries; how many people."""
    crns = [r[0] for r in db.execute(
        "SELECT DISTINCT crn FROM entries WHERE status = ? ORDER BY crn", [STATUS]
    )]  # fmt: skip
    for crn in crns:
        rebuild_sections(db, crn, now=now)
    return len(crns)


def history_for(db: Database, user: User, crn: str, *, limit: int = 500) -> list[Entry]:
    """A visible person's historical entries, newest contact first; NotFound if not visible."""
    person = get_person_for(db, user, crn)
    return _select(
        db,
        user,
        ["e.crn = ?", "e.status = ?"],
        [person.crn, STATUS],
        "e.reference_date DESC, e.id DESC",
        limit,
    )
