"""Counts for channel notifications: how many of a team's entries wait in each status."""

from __future__ import annotations

from sqlite_utils import Database

from storage.entry_queries import NOT_DISCARDED
from storage.models import STATUSES


def team_status_counts(db: Database, crn: str) -> dict[str, int]:
    """Entries in each status across the team that holds person `crn` (all zero if none)."""
    counts = dict.fromkeys(STATUSES, 0)
    rows = db.execute(
        "SELECT e.status, count(*) FROM entries e JOIN people p ON p.crn = e.crn "
        "WHERE p.team_id = (SELECT team_id FROM people WHERE crn = ?) "
        f"AND {NOT_DISCARDED} GROUP BY e.status",
        [crn],
    )
    for status, count in rows:
        counts[status] = count
    return counts
