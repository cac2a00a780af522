"""Microsoft Teams users linked to accounts, the one-time codes that link them, and the
answers given to outgoing-webhook deliveries (kept so a repeated delivery is answered once).

A Teams user who is not linked is given a short code in Teams; the officer, signed in to
casenotes, enters it on /teams/link. Codes are stored only as SHA-256 hashes and expire.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from storage import audit
from storage.access import may_record
from storage.db import dumps, insert_row, iso, loads, sha256_hex, transaction, utc_now
from storage.errors import Forbidden, NotFound
from storage.models import User

# No 0/O or 1/I: the code is read off one screen and typed into another.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_NAME_LENGTH = 200
REPLY_KEPT = timedelta(days=1)
_NOT_CODE = re.compile(r"[^A-Z0-9]")


@dataclass(frozen=True)
class TeamsLink:
    """A Teams user (tenant and Entra object id) acting as one casenotes account."""

    id: int
    tenant_id: str
    aad_object_id: str
    user_id: int
    teams_name: str
    created_at: str


@dataclass(frozen=True)
class PendingCode:
    """Who asked for a link code, and until when it may be used."""

    tenant_id: str
    aad_object_id: str
    teams_name: str
    expires_at: str


def normalise_code(text: str) -> str:
    """The code as stored: capitals and digits only ("abcd-efgh " → "ABCDEFGH")."""
    return _NOT_CODE.sub("", str(text).upper())


def format_code(code: str) -> str:
    """The code as shown to a person, in two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def issue_code(
    db: Database,
    tenant_id: str,
    aad_object_id: str,
    teams_name: str,
    minutes: int,
    *,
    now: datetime | None = None,
) -> str:
    """A new one-time code for this Teams user (shown as ABCD-EFGH); their older codes and
    every expired code are removed."""
    if not aad_object_id:
        raise ValueError("a link code needs the Teams user's object id")
    moment = utc_now(now)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with transaction(db):
        db.execute("DELETE FROM teams_link_codes WHERE expires_at <= ?", [iso(moment)])
        db.execute(
            "DELETE FROM teams_link_codes WHERE tenant_id = ? AND aad_object_id = ?",
            [tenant_id, aad_object_id],
        )
        db.table("teams_link_codes").insert(
            {
                "code_hash": sha256_hex(code),
                "tenant_id": tenant_id,
                "aad_object_id": aad_object_id,
                "teams_name": (teams_name or "")[:MAX_NAME_LENGTH],
                "created_at": iso(moment),
                "expires_at": iso(moment + timedelta(minutes=minutes)),
            }
        )
    return format_code(code)


def pending_code(db: Database, code: str, *, now: datetime | None = None) -> PendingCode:
    """The Teams user a code was issued to; NotFound if it is unknown, used or expired."""
    rows = db.execute_returning_dicts(
        "SELECT * FROM teams_link_codes WHERE code_hash = ? AND expires_at > ?",
        [sha256_hex(normalise_code(code)), iso(utc_now(now))],
    )
    if not rows:
        raise NotFound("no such link code")
    row = rows[0]
    return PendingCode(row["tenant_id"], row["aad_object_id"], row["teams_name"], row["expires_at"])


def link(db: Database, user: User, code: str, *, now: datetime | None = None) -> TeamsLink:
    """Link the Teams user who was given `code` to `user` (replacing any earlier link of that
    Teams user) and use the code up; audited."""
    with transaction(db):
        if not may_record(user):
            raise Forbidden("only officers and supervisors can use casenotes in Teams")
        pending = pending_code(db, code, now=now)
        db.execute(
            "DELETE FROM teams_link_codes WHERE code_hash = ?", [sha256_hex(normalise_code(code))]
        )
        stamp = iso(utc_now(now))
        existing = _link_row(db, pending.tenant_id, pending.aad_object_id)
        if existing:
            link_id = int(existing["id"])
            db.table("teams_links").update(
                link_id, {"user_id": user.id, "teams_name": pending.teams_name, "created_at": stamp}
            )
        else:
            link_id = insert_row(
                db,
                "teams_links",
                {
                    "tenant_id": pending.tenant_id,
                    "aad_object_id": pending.aad_object_id,
                    "user_id": user.id,
                    "teams_name": pending.teams_name,
                    "created_at": stamp,
                },
            )
        detail = {"teams_link": link_id, "replaced": bool(existing)}
        audit.append(db, user.id, "teams_linked", "user", user.id, detail, now=now)
    return TeamsLink(
        link_id, pending.tenant_id, pending.aad_object_id, user.id, pending.teams_name, stamp
    )


def linked_user(db: Database, tenant_id: str, aad_object_id: str) -> User | None:
    """The account a Teams user is linked to (disabled accounts included), or None."""
    rows = db.execute_returning_dicts(
        "SELECT u.* FROM teams_links l JOIN users u ON u.id = l.user_id "
        "WHERE l.tenant_id = ? AND l.aad_object_id = ?",
        [tenant_id, aad_object_id],
    )
    return User.from_row(rows[0]) if rows else None


def links_for(db: Database, user: User) -> list[TeamsLink]:
    """The Teams users linked to this account, newest first."""
    rows = db.query(
        "SELECT id, tenant_id, aad_object_id, user_id, teams_name, created_at FROM teams_links "
        "WHERE user_id = ? ORDER BY id DESC",
        [user.id],
    )
    return [TeamsLink(**row) for row in rows]


def unlink(db: Database, user: User, link_id: int, *, now: datetime | None = None) -> None:
    """Remove one of this account's Teams links; NotFound if it is not theirs. Audited."""
    with transaction(db):
        gone = db.execute(
            "DELETE FROM teams_links WHERE id = ? AND user_id = ?", [link_id, user.id]
        ).rowcount
        if not gone:
            raise NotFound("no such Teams link")
        audit.append(
            db, user.id, "teams_unlinked", "user", user.id, {"teams_link": link_id}, now=now
        )


def claim_reply(
    db: Database, key: str, *, now: datetime | None = None
) -> tuple[bool, dict[str, Any] | None]:
    """Claim a webhook delivery: (True, None) for the first claim of `key`, else (False, the
    reply stored for it, or None while the first delivery is still being answered)."""
    moment = utc_now(now)
    with transaction(db):
        db.execute(
            "DELETE FROM teams_webhook_replies WHERE created_at < ?", [iso(moment - REPLY_KEPT)]
        )
        row = db.execute("SELECT reply FROM teams_webhook_replies WHERE key = ?", [key]).fetchone()
        if row is not None:
            return False, loads(row[0])
        db.table("teams_webhook_replies").insert(
            {"key": key, "reply": None, "created_at": iso(moment)}
        )
    return True, None


def recall_reply(db: Database, key: str) -> dict[str, Any] | None:
    """The reply stored for a webhook delivery, or None."""
    row = db.execute("SELECT reply FROM teams_webhook_replies WHERE key = ?", [key]).fetchone()
    return loads(row[0]) if row is not None and row[0] is not None else None


def store_reply(db: Database, key: str, reply: dict[str, Any]) -> dict[str, Any]:
    """Keep the reply to a claimed webhook delivery; the first stored reply stays."""
    with transaction(db):
        db.execute(
            "UPDATE teams_webhook_replies SET reply = ? WHERE key = ? AND reply IS NULL",
            [dumps(reply), key],
        )
        stored = recall_reply(db, key)
    return stored if stored is not None else reply


def release_reply(db: Database, key: str) -> None:
    """Give up a claimed webhook delivery that got no stored reply, so a repeat runs afresh."""
    with transaction(db):
        db.execute("DELETE FROM teams_webhook_replies WHERE key = ? AND reply IS NULL", [key])


def _link_row(db: Database, tenant_id: str, aad_object_id: str) -> dict[str, Any] | None:
    rows = db.execute_returning_dicts(
        "SELECT * FROM teams_links WHERE tenant_id = ? AND aad_object_id = ?",
        [tenant_id, aad_object_id],
    )
    return rows[0] if rows else None
