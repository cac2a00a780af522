"""Reviewed entries with the machine's first reading beside the version a supervisor approved.

The source of `assistant accuracy`: only approved entries (`assistant.accuracy.COUNTED_STATUSES`)
that have a machine reading; the final version is the one approved, even if the row's data
moved on since. `reviewed_for` applies a user's access rules; `reviewed_in` is the
administrative form for the command line (a whole team or every team).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from storage.access import people_filter
from storage.db import loads
from storage.entry_queries import NOT_DISCARDED
from storage.models import User


@dataclass(frozen=True)
class Reviewed:
    """One approved entry: its note, the machine's reading and the approved version."""

    id: int
    reference_date: str
    note_text: str
    machine: dict[str, Any]
    final: dict[str, Any]


def _select(db: Database, condition: str, params: list[Any], since: str | None) -> list[Reviewed]:
    where = [condition, "e.status = 'approved'", "e.extraction IS NOT NULL", NOT_DISCARDED]
    if since is not None:
        where.append("e.approved_at >= ?")
        params = [*params, since]
    rows = db.execute(
        "SELECT e.id, e.reference_date, e.note_text, e.extraction, coalesce(v.data, e.data) "
        "FROM entries e JOIN people p ON p.crn = e.crn "
        "LEFT JOIN entry_versions v ON v.entry_id = e.id AND v.version = e.approved_version "
        f"WHERE {' AND '.join(where)} ORDER BY e.id",
        params,
    )
    return [
        Reviewed(row[0], row[1], row[2], loads(row[3]) or {}, loads(row[4]) or {}) for row in rows
    ]


def reviewed_for(db: Database, user: User, *, since: str | None = None) -> list[Reviewed]:
    """Approved entries of the people `user` may see (none for an admin), oldest first."""
    condition, params = people_filter(user, "p")
    return _select(db, condition, params, since)


def reviewed_in(
    db: Database, team_id: int | None = None, *, since: str | None = None
) -> list[Reviewed]:
    """Approved entries of one team's people, or of everyone's (administrative: no user)."""
    if team_id is None:
        return _select(db, "TRUE", [], since)
    return _select(db, "p.team_id = ?", [team_id], since)
