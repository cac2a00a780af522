"""Everything held about one person, as one JSON-able document (subject access requests)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage import audit
from storage.db import iso, loads, utc_now
from storage.models import AuditRecord, Entry, EntryVersion, Message, SectionDraft
from storage.people import get_person

log = logging.getLogger(__name__)

SCHEMA = "person-export/1"


def export_person(
    db: Database, crn: str, *, actor_id: int | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The person, their entries with every version, section drafts, conversations about
    them with messages, the officer's assessment decisions, and the audit trail of those
    records; the export is itself audited.

    This is an administrative function: it applies no visibility rule, so call it only
    for users entitled to it (the CLI, or an admin-approved request).
    """
    person = get_person(db, crn)
    entries = [
        Entry.from_row(r)
        for r in db.query("SELECT * FROM entries WHERE crn = ? ORDER BY id", [person.crn])
    ]
    entry_ids = [e.id for e in entries]
    versions: dict[int, list[dict[str, Any]]] = {}
    for row in db.query(
        "SELECT v.* FROM entry_versions v JOIN entries e ON e.id = v.entry_id "
        "WHERE e.crn = ? ORDER BY v.entry_id, v.version",
        [person.crn],
    ):
        versions.setdefault(row["entry_id"], []).append(EntryVersion.from_row(row).to_json())
    conversations = []
    for row in db.query("SELECT * FROM conversations WHERE crn = ? ORDER BY id", [person.crn]):
        messages = db.query(
            "SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", [row["id"]]
        )
        conversations.append({**row, "messages": [Message.from_row(m).to_json() for m in messages]})
    marks = ", ".join("?" for _ in entry_ids) or "NULL"
    trail = db.query(
        "SELECT * FROM audit_log WHERE (record_type = 'person' AND record_id = ?) "
        f"OR (record_type = 'entry' AND record_id IN ({marks})) ORDER BY id",
        [person.crn, *[str(i) for i in entry_ids]],
    )
    document = {
        "schema": SCHEMA,
        "exported_at": iso(utc_now(now)),
        "person": person.to_json(),
        "entries": [{**e.to_json(), "versions": versions.get(e.id, [])} for e in entries],
        "section_drafts": [
            SectionDraft.from_row(r).to_json()
            for r in db.query(
                "SELECT * FROM section_drafts WHERE crn = ? ORDER BY area", [person.crn]
            )
        ],
        "conversations": conversations,
        "assessment_answers": [
            {**r, "value": loads(r["value"]), "offered": loads(r["offered"])}
            for r in db.query(
                "SELECT * FROM assessment_answers WHERE crn = ? ORDER BY code", [person.crn]
            )
        ],
        "audit": [AuditRecord.from_row(r).to_json() for r in trail],
    }
    audit.append(
        db, actor_id, "exported", "person", person.crn, {"entries": len(entry_ids)}, now=now
    )
    log.info("exported person record with %d entries", len(entry_ids))
    return document
