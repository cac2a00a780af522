"""Retention: what a purge removes under `RetentionSettings`, as a dry run or for real.

Entries untouched for `entry_years` go with their versions and search rows (section drafts
are rebuilt); conversations with no message in that time go with their messages; audit rows
older than `audit_years` go from the start of the chain (its anchor moves, so `verify` still
passes); expired sessions and month-old idempotency records always go. People stay: they
are the caseload, imported from the case management system.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlite_utils import Database

from storage import audit
from storage.db import iso, transaction, utc_now
from storage.models import _Record
from storage.sections import rebuild_sections

if TYPE_CHECKING:
    from assistant.settings import RetentionSettings

log = logging.getLogger(__name__)

IDEMPOTENCY_DAYS = 30


@dataclass(frozen=True)
class PurgeReport(_Record):
    """What a purge removed, or would remove on a dry run."""

    dry_run: bool
    entry_cutoff: str
    audit_cutoff: str
    counts: dict[str, int] = field(default_factory=dict)
    entry_ids: list[int] = field(default_factory=list)


def years_before(moment: datetime, years: int) -> datetime:
    """The same instant `years` calendar years earlier (29 February becomes the 28th)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def purge(
    db: Database,
    settings: RetentionSettings,
    *,
    dry_run: bool = True,
    now: datetime | None = None,
) -> PurgeReport:
    """Remove (or on a dry run, only count) everything past its retention period."""
    moment = utc_now(now)
    entry_cutoff = iso(years_before(moment, settings.entry_years))
    audit_cutoff = iso(years_before(moment, settings.audit_years))
    idempotency_cutoff = iso(moment - timedelta(days=IDEMPOTENCY_DAYS))
    with transaction(db):
        entry_rows = db.execute(
            "SELECT id, crn FROM entries WHERE updated_at < ? ORDER BY id", [entry_cutoff]
        ).fetchall()
        ids = [r[0] for r in entry_rows]
        old_conversations = (
            "SELECT id FROM conversations c WHERE c.created_at < :cutoff AND NOT EXISTS "
            "(SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.created_at >= :cutoff)"
        )
        args = {"cutoff": entry_cutoff}
        statements = {
            "discarded_entries": (
                "discarded_entries WHERE entry_id IN "
                "(SELECT id FROM entries WHERE updated_at < :cutoff)",
                args,
            ),
            "entry_versions": (
                "entry_versions WHERE entry_id IN "
                "(SELECT id FROM entries WHERE updated_at < :cutoff)",
                args,
            ),
            "entries": ("entries WHERE updated_at < :cutoff", args),
            "messages": (f"messages WHERE conversation_id IN ({old_conversations})", args),
            "conversations": (f"conversations WHERE id IN ({old_conversations})", args),
            # An assessment decision is as old as the last time the officer made it.
            "assessment_answers": ("assessment_answers WHERE decided_at < :cutoff", args),
            "sessions": ("sessions WHERE expires_at < :now", {"now": iso(moment)}),
            "idempotency": ("idempotency WHERE created_at < :c", {"c": idempotency_cutoff}),
            # Webhook replies quote an entry; they exist only to answer a redelivery.
            "teams_webhook_replies": (
                "teams_webhook_replies WHERE created_at < :c",
                {"c": iso(moment - timedelta(days=1))},
            ),
            "teams_link_codes": ("teams_link_codes WHERE expires_at < :now", {"now": iso(moment)}),
        }
        counts = {
            table: db.execute(f"SELECT count(*) FROM {where}", params).fetchone()[0]
            for table, (where, params) in statements.items()
        }
        counts["audit_log"] = audit.purge_before(db, audit_cutoff, dry_run=True)
        report = PurgeReport(dry_run, entry_cutoff, audit_cutoff, counts, ids)
        if dry_run:
            return report
        for where, params in statements.values():
            db.execute(f"DELETE FROM {where}", params)
        for crn in sorted({r[1] for r in entry_rows}):
            rebuild_sections(db, crn, now=moment)
        audit.purge_before(db, audit_cutoff, dry_run=False)
        detail = {k: v for k, v in counts.items() if v}
        audit.append(db, None, "purged", None, None, detail, now=moment)
    log.info("purged %s", counts)
    return report
