"""The officer's decisions on pre-filled assessment answers: accepted or changed, and by whom.

Follows the person: what a user may not see is NotFound; only those who may record decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage import audit
from storage.access import may_record
from storage.db import dumps, iso, loads, transaction, utc_now
from storage.errors import Forbidden
from storage.models import User
from storage.people import get_person_for

ACTIONS = ("accepted", "changed")


@dataclass(frozen=True)
class Decision:
    """One question's decided value (a code, a list of codes, text or None)."""

    code: str
    value: Any
    offered: Any
    action: str
    user_id: int
    decided_at: str

    def to_json(self) -> dict[str, Any]:
        """The decision as the API shows it."""
        return {
            "value": self.value,
            "offered": self.offered,
            "action": self.action,
            "user_id": self.user_id,
            "decided_at": self.decided_at,
        }


def decisions_for(db: Database, user: User, crn: str) -> dict[str, Decision]:
    """Every decision recorded for a person the user may see, by question code."""
    person = get_person_for(db, user, crn)
    rows = db.execute(
        "SELECT * FROM assessment_answers WHERE crn = ? ORDER BY code", [person.crn]
    ).fetchall()
    names = [d[0] for d in db.execute("SELECT * FROM assessment_answers LIMIT 0").description]
    out = {}
    for raw in rows:
        row = dict(zip(names, raw, strict=True))
        out[row["code"]] = Decision(
            row["code"],
            loads(row["value"]),
            loads(row["offered"]),
            row["action"],
            row["user_id"],
            row["decided_at"],
        )
    return out


def record_decisions(
    db: Database,
    user: User,
    crn: str,
    decided: dict[str, tuple[Any, Any]],
    *,
    now: datetime | None = None,
) -> int:
    """Save {code: (value, offered)}: accepted when the value is what was offered, else
    changed. Returns how many were saved; one audit row counts them (never the values)."""
    person = get_person_for(db, user, crn)
    if not may_record(user):
        raise Forbidden("only officers and supervisors decide assessment answers")
    stamp = iso(utc_now(now))
    rows = [
        {
            "crn": person.crn,
            "code": code,
            "value": dumps(value),
            "offered": dumps(offered),
            "action": "accepted" if value == offered else "changed",
            "user_id": user.id,
            "decided_at": stamp,
        }
        for code, (value, offered) in sorted(decided.items())
    ]
    with transaction(db):
        db.table("assessment_answers").upsert_all(rows, pk=("crn", "code"))
        audit.append(
            db,
            user.id,
            "assessment_decided",
            "person",
            person.crn,
            {
                "accepted": sum(r["action"] == "accepted" for r in rows),
                "changed": sum(r["action"] == "changed" for r in rows),
            },
            now=now,
        )
    return len(rows)
