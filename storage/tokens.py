"""API bearer tokens: shown once when made, stored only as SHA-256 hashes."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlite_utils import Database

from storage import audit
from storage.db import insert_row, iso, parse_iso, sha256_hex, transaction, utc_now
from storage.errors import NotFound
from storage.models import ApiToken, User

TOKEN_PREFIX = "cn_"
DEFAULT_DAYS = 90
# Last-used times are written at most this often, so reads do not all become writes.
TOUCH_INTERVAL = timedelta(seconds=60)


def create_token(
    db: Database, user: User, *, days: int = DEFAULT_DAYS, now: datetime | None = None
) -> tuple[int, str]:
    """A new API token for `user` valid for `days`: (token id, token). Only its hash is kept."""
    if days < 1:
        raise ValueError("a token must be valid for at least one day")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    moment = utc_now(now)
    with transaction(db):
        token_id = insert_row(
            db,
            "api_tokens",
            {
                "user_id": user.id,
                "token_hash": sha256_hex(token),
                "created_at": iso(moment),
                "expires_at": iso(moment + timedelta(days=days)),
            },
        )
        audit.append(db, user.id, "token_created", "api_token", token_id, now=now)
    return int(token_id), token


def verify_token(db: Database, token: str, *, now: datetime | None = None) -> User | None:
    """The user an unrevoked, unexpired API token belongs to, or None (unknown, revoked,
    expired, disabled)."""
    moment = utc_now(now)
    rows = db.execute_returning_dicts(
        "SELECT t.id AS token_id, t.last_used_at, t.expires_at, u.* FROM api_tokens t "
        "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked = 0",
        [sha256_hex(token)],
    )
    if not rows or rows[0]["disabled"]:
        return None
    row = rows[0]
    if row["expires_at"] is not None and parse_iso(row["expires_at"]) <= moment:
        return None
    if row["last_used_at"] is None or parse_iso(row["last_used_at"]) + TOUCH_INTERVAL < moment:
        db.execute(
            "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [iso(moment), row["token_id"]]
        )
    return User.from_row(row)


def revoke_token(db: Database, token_id: int, *, now: datetime | None = None) -> None:
    """Revoke an API token by id; NotFound if there is none."""
    with transaction(db):
        if not db.execute("UPDATE api_tokens SET revoked = 1 WHERE id = ?", [token_id]).rowcount:
            raise NotFound(f"no token {token_id}")
        audit.append(db, None, "token_revoked", "api_token", token_id, now=now)


def list_tokens(db: Database, user_id: int | None = None) -> list[ApiToken]:
    """A user's API tokens, or everyone's (metadata only), newest first."""
    where, params = ("WHERE user_id = ?", [user_id]) if user_id is not None else ("", [])
    return [
        ApiToken(
            id=r["id"],
            user_id=r["user_id"],
            created_at=r["created_at"],
            last_used_at=r["last_used_at"],
            revoked=bool(r["revoked"]),
            expires_at=r["expires_at"],
        )
        for r in db.query(f"SELECT * FROM api_tokens {where} ORDER BY id DESC", params)
    ]
