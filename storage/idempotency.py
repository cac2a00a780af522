"""Idempotency keys for any write: the first response is kept and replayed to retries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage.db import dumps, iso, loads, transaction, utc_now
from storage.errors import Duplicate
from storage.models import User

MAX_KEY_LENGTH = 200


def recall(db: Database, user: User, key: str) -> dict[str, Any] | None:
    """The response first stored under `key` by this user, or None; Duplicate if the key
    belongs to another user."""
    row = db.execute("SELECT user_id, response FROM idempotency WHERE key = ?", [key]).fetchone()
    if row is None:
        return None
    if row[0] != user.id:
        raise Duplicate("idempotency key already used")
    result: dict[str, Any] = loads(row[1])
    return result


def remember(
    db: Database, user: User, key: str, response: dict[str, Any], *, now: datetime | None = None
) -> dict[str, Any]:
    """Store the response for `key` unless one is stored already; returns the stored one."""
    if not 0 < len(key) <= MAX_KEY_LENGTH:
        raise ValueError(f"idempotency key must be 1-{MAX_KEY_LENGTH} characters")
    with transaction(db):
        existing = recall(db, user, key)
        if existing is not None:
            return existing
        db.table("idempotency").insert(
            {
                "key": key,
                "user_id": user.id,
                "response": dumps(response),
                "created_at": iso(utc_now(now)),
            }
        )
    return response
