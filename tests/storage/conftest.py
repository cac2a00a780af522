"""Fixtures for storage tests: a fresh database, cheap password hashing, a small world."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from sqlite_utils import Database
from storage_helpers import CRN_A1, CRN_A2, CRN_B, NOW, PASSWORD, World

from assistant.settings import AuthSettings
from storage import accounts
from storage.db import memory_db
from storage.models import User
from storage.people import upsert_person


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    """argon2id with minimal cost, so tests do not spend seconds hashing."""
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(accounts, "DEFAULT_HASHER", hasher)
    return hasher


@pytest.fixture
def db(db_backend) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    """A fresh database with every migration applied: in memory on SQLite, a new database
    on the PostgreSQL test server (so every storage test runs on both)."""
    database = memory_db() if db_backend.name == "sqlite" else db_backend.open()
    yield database
    database.close()


@pytest.fixture
def auth() -> AuthSettings:
    """Sign-in settings with a short lockout threshold."""
    return AuthSettings(
        max_failed_logins=3, lockout_minutes=15, session_idle_minutes=30, session_max_hours=12
    )


@pytest.fixture
def world(db: Database) -> World:
    """Team A (two officers, a supervisor), team B (officer, supervisor), and an admin; one
    person allocated to each officer."""

    def add(username: str, role: str, team: str) -> User:
        return accounts.create_user(db, username, PASSWORD, role, team, now=NOW)

    w = World(
        db=db,
        officer_a1=add("a1", "officer", "Team A"),
        officer_a2=add("a2", "officer", "Team A"),
        supervisor_a=add("sa", "supervisor", "Team A"),
        officer_b=add("b1", "officer", "Team B"),
        supervisor_b=add("sb", "supervisor", "Team B"),
        admin=add("root", "admin", "Admins"),
    )
    for crn, officer in ((CRN_A1, w.officer_a1), (CRN_A2, w.officer_a2), (CRN_B, w.officer_b)):
        upsert_person(
            db, crn, f"Person {crn}", team_id=officer.team_id, officer_id=officer.id, now=NOW
        )
    return w
