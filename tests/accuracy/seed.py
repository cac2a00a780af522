"""Approved entries whose machine reading and approved version differ as a test says."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher

from storage import accounts, entries, people
from storage.models import User

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
MACHINE: dict[str, Any] = {
    "contact": {"date": "2026-05-04", "type": "office_visit", "outcome": "attended_complied"},
    "needs": [{"area": "accommodation", "status": "need", "evidence": []}],
    "risk_flags": [],
    "actions": [],
    "substances": [],
    "sections": {},
    "summary": "Office visit.",
    "enforcement": "none",
}


def user(db, name: str) -> User:
    """An account by username."""
    return accounts.get_user_by_username(db, name)


def seed_teams(db, password: str = "correct horse battery") -> None:
    """Two teams, each with an officer and a supervisor and one person on the caseload."""
    for name, role, team in (
        ("olivia", "officer", "North"),
        ("sue", "supervisor", "North"),
        ("oscar", "officer", "South"),
        ("sam", "supervisor", "South"),
        ("adam", "admin", "North"),
    ):
        accounts.create_user(db, name, password, role, team, hasher=CHEAP)
    for crn, name, officer in (("N100001", "Ann Fell", "olivia"), ("S200001", "Bo Hart", "oscar")):
        people.upsert_person(db, crn, name, team_id=user(db, officer).team_id)
        people.assign_caseload(db, crn, officer)


def approved(
    db,
    officer: str,
    supervisor: str,
    crn: str,
    note: str,
    final: dict[str, Any] | None = None,
    *,
    day: str = "2026-05-04",
) -> int:
    """An entry read as MACHINE, saved by the officer as `final`, approved by the supervisor."""
    author, reviewer = user(db, officer), user(db, supervisor)
    moment = datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=UTC)
    entry = entries.create_draft(db, author, crn, note, day, now=moment)
    entries.set_extraction(db, entry.id, copy.deepcopy(MACHINE), now=moment)
    version = 1
    if final is not None and final != MACHINE:
        version = entries.update_entry(db, author, entry.id, final, 1, now=moment).current_version
    entries.submit(db, author, entry.id, expected_version=version, now=moment)
    entries.approve(db, reviewer, entry.id, expected_version=version, now=moment)
    return entry.id


def changed(**parts: Any) -> dict[str, Any]:
    """MACHINE with whole top-level parts replaced."""
    return {**copy.deepcopy(MACHINE), **parts}
