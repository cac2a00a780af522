"""Idempotency keys for any write: the first response is kept and replayed to retries.

Keys belong to one account: another account's same key is a different key, so a key never
says whether someone else used it. A key resent with a different request is refused
(`Duplicate`, answered 409), rather than answered with the first request's result.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage.db import Statement, batched, dumps, iso, loads, transaction, utc_now
from storage.errors import Duplicate
from storage.models import User

MAX_KEY_LENGTH = 200
REUSED = "this idempotency key was already used for a different request"


def recall(
    db: Database, user: User, key: str, request_hash: str | None = None
) -> dict[str, Any] | None:
    """The response this user first stored under `key`, or None; Duplicate if it was stored
    for a request with another `request_hash`."""
    sql, params = recall_statement(user, key)
    return recalled(db.execute_returning_dicts(sql, params), request_hash)


def recall_statement(user: User, key: str) -> Statement:
    """`recall`'s query, to send with others in one round trip (`storage.db.together`)."""
    return (
        "SELECT response, request_hash FROM idempotency WHERE user_id = ? AND key = ?",
        [user.id, key],
    )


def recalled(rows: list[dict[str, Any]], request_hash: str | None = None) -> dict[str, Any] | None:
    """`recall`'s answer from the rows of `recall_statement`."""
    if not rows:
        return None
    row = rows[0]
    stored_hash = row["request_hash"]
    if request_hash is not None and stored_hash is not None and stored_hash != request_hash:
        raise Duplicate(REUSED)
    result: dict[str, Any] = loads(row["response"])
    return result


def remember(
    db: Database,
    user: User,
    key: str,
    response: dict[str, Any],
    *,
    request_hash: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Store the response for `key` unless one is stored already; returns the stored one."""
    check_key(key)
    with transaction(db):
        sql, params = recall_statement(user, key)
        rows = db.execute_returning_dicts(sql, params)
        return remember_unless_recalled(
            db, user, key, response, rows, request_hash=request_hash, now=now
        )


def check_key(key: str) -> None:
    """ValueError for a key too short or too long to store."""
    if not 0 < len(key) <= MAX_KEY_LENGTH:
        raise ValueError(f"idempotency key must be 1-{MAX_KEY_LENGTH} characters")


def remember_unless_recalled(
    db: Database,
    user: User,
    key: str,
    response: dict[str, Any],
    recalled_rows: list[dict[str, Any]],
    *,
    request_hash: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """`remember`, given the rows of `recall_statement` already read inside the caller's
    open write transaction (so nobody can store the key between the read and the insert):
    the caller sends that read with its own statement in one round trip on PostgreSQL."""
    check_key(key)
    existing = recalled(recalled_rows, request_hash)
    if existing is not None:
        return existing
    with batched(db):  # on PostgreSQL sent with COMMIT
        db.table("idempotency").insert(
            {
                "key": key,
                "user_id": user.id,
                "response": dumps(response),
                "request_hash": request_hash,
                "created_at": iso(utc_now(now)),
            }
        )
    return response
