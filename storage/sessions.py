"""Server-side sessions: the cookie holds a random token, the table holds its SHA-256."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from storage import audit
from storage.db import iso, parse_iso, sha256_hex, transaction, utc_now
from storage.models import Session, User

if TYPE_CHECKING:
    from assistant.settings import AuthSettings

# Last-seen times are written at most this often, so reads do not all become writes.
TOUCH_INTERVAL = timedelta(seconds=60)


def create_session(
    db: Database,
    user: User,
    settings: AuthSettings,
    *,
    replaces: str | None = None,
    now: datetime | None = None,
) -> tuple[str, Session]:
    """Start a session at sign-in: (cookie token, session). `replaces` is ended, so the id
    always changes at sign-in."""
    moment = utc_now(now)
    token = secrets.token_urlsafe(32)
    row = {
        "id": sha256_hex(token),
        "user_id": user.id,
        "csrf_token": secrets.token_urlsafe(32),
        "created_at": iso(moment),
        "last_seen_at": iso(moment),
        "expires_at": iso(moment + timedelta(hours=settings.session_max_hours)),
    }
    with transaction(db):
        if replaces:
            db.execute("DELETE FROM sessions WHERE id = ?", [sha256_hex(replaces)])
        db.table("sessions").insert(row)
        audit.append(db, user.id, "signed_in", "user", user.id, now=moment)
    return token, _session(user, row)


def get_session(
    db: Database,
    token: str,
    settings: AuthSettings,
    *,
    touch: bool = True,
    now: datetime | None = None,
) -> Session | None:
    """The live session for a cookie token, or None if unknown, idle too long, past its
    maximum age, or its user is disabled (an expired session is deleted)."""
    moment = utc_now(now)
    rows = db.execute_returning_dicts(
        "SELECT s.id AS session_id, s.csrf_token, s.created_at AS session_created_at, "
        "s.last_seen_at, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.id = ?",
        [sha256_hex(token)],
    )
    if not rows:
        return None
    row = rows[0]
    last_seen = parse_iso(row["last_seen_at"])
    idle = moment - last_seen > timedelta(minutes=settings.session_idle_minutes)
    if idle or moment >= parse_iso(row["expires_at"]) or row["disabled"]:
        db.execute("DELETE FROM sessions WHERE id = ?", [row["session_id"]])
        return None
    if touch and moment - last_seen > TOUCH_INTERVAL:
        row["last_seen_at"] = iso(moment)
        db.execute(
            "UPDATE sessions SET last_seen_at = ? WHERE id = ?",
            [row["last_seen_at"], row["session_id"]],
        )
    return _session(
        User.from_row(row),
        {**row, "created_at": row["session_created_at"]},
    )


def touch_session(db: Database, token: str, *, now: datetime | None = None) -> None:
    """Record activity on a session now (get_session does this itself, at most once a minute)."""
    db.execute(
        "UPDATE sessions SET last_seen_at = ? WHERE id = ?", [iso(utc_now(now)), sha256_hex(token)]
    )


def delete_session(db: Database, token: str, *, now: datetime | None = None) -> None:
    """End a session at sign-out (nothing happens for an unknown token)."""
    with transaction(db):
        row = db.execute(
            "SELECT user_id FROM sessions WHERE id = ?", [sha256_hex(token)]
        ).fetchone()
        if row is None:
            return
        db.execute("DELETE FROM sessions WHERE id = ?", [sha256_hex(token)])
        audit.append(db, row[0], "signed_out", "user", row[0], now=now)


def _session(user: User, row: dict[str, Any]) -> Session:
    return Session(
        user=user,
        csrf_token=row["csrf_token"],
        created_at=row["created_at"],
        last_seen_at=row["last_seen_at"],
        expires_at=row["expires_at"],
    )
