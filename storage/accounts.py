"""Teams, user accounts and password sign-in with lockout.

Sessions and API tokens live in `storage.sessions` and `storage.tokens`; their functions are
also importable from here.
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from storage import audit
from storage.db import insert_row, iso, parse_iso, transaction, utc_now
from storage.errors import INTEGRITY_ERRORS, AuthenticationFailed, Duplicate, NotFound
from storage.models import ROLES, User
from storage.sessions import create_session, delete_session, get_session, touch_session
from storage.tokens import TOKEN_PREFIX, create_token, list_tokens, revoke_token, verify_token

if TYPE_CHECKING:
    from assistant.settings import AuthSettings

log = logging.getLogger(__name__)

# argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 55 ms of CPU a
# sign-in here, where argon2-cffi's default (64 MiB, 3 passes, 4 lanes) took 300 ms and a
# burst of sign-ins starved a 2-core server. Older hashes are upgraded on the next sign-in
# (check_needs_rehash). Tests swap in a cheaper one.
DEFAULT_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
MIN_PASSWORD_LENGTH = 8
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")


def ensure_team(db: Database, name: str, *, now: datetime | None = None) -> int:
    """The id of the team with this name, creating it if needed."""
    name = name.strip()
    if not name:
        raise ValueError("team name must not be empty")
    with transaction(db):
        row = db.execute("SELECT id FROM teams WHERE name = ?", [name]).fetchone()
        if row:
            return int(row[0])
        return insert_row(db, "teams", {"name": name, "created_at": iso(utc_now(now))})


def list_teams(db: Database) -> list[dict[str, Any]]:
    """Every team as {id, name, created_at}, by name."""
    return list(db.query("SELECT id, name, created_at FROM teams ORDER BY name"))


def create_user(
    db: Database,
    username: str,
    password: str,
    role: str,
    team: str,
    display_name: str | None = None,
    *,
    hasher: PasswordHasher | None = None,
    now: datetime | None = None,
) -> User:
    """Add an account (the team is created if new); Duplicate if the username is taken."""
    username = normalise_username(username)
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    check_password_strength(password)
    password_hash = (hasher or DEFAULT_HASHER).hash(password)
    with transaction(db):
        team_id = ensure_team(db, team, now=now)
        try:
            user_id = insert_row(
                db,
                "users",
                {
                    "username": username,
                    "display_name": (display_name or username).strip() or username,
                    "role": role,
                    "team_id": team_id,
                    "password_hash": password_hash,
                    "created_at": iso(utc_now(now)),
                },
            )
        except INTEGRITY_ERRORS as exc:
            raise Duplicate(f"username {username!r} is already taken") from exc
        audit.append(db, None, "user_created", "user", user_id, {"role": role}, now=now)
    log.info("created user %s with role %s", user_id, role)
    return get_user(db, int(user_id))


def normalise_username(username: str) -> str:
    """The canonical (lower-case, trimmed) form of a username; ValueError if unusable."""
    canonical = username.strip().lower()
    if not _USERNAME.match(canonical):
        raise ValueError("username must be 1-64 letters, digits or . _ @ - characters")
    return canonical


def check_password_strength(password: str) -> None:
    """ValueError unless the password is long enough to be worth hashing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")


def get_user(db: Database, user_id: int) -> User:
    """The user with this id; NotFound if there is none."""
    row = db.execute_returning_dicts("SELECT * FROM users WHERE id = ?", [user_id])
    if not row:
        raise NotFound(f"no user {user_id}")
    return User.from_row(row[0])


def get_user_by_username(db: Database, username: str) -> User:
    """The user with this username; NotFound if there is none."""
    rows = db.execute_returning_dicts(
        "SELECT * FROM users WHERE username = ?", [username.strip().lower()]
    )
    if not rows:
        raise NotFound("no such user")
    return User.from_row(rows[0])


def list_users(db: Database) -> list[User]:
    """Every account, by username."""
    return [User.from_row(r) for r in db.query("SELECT * FROM users ORDER BY username")]


def set_disabled(
    db: Database, username: str, disabled: bool = True, *, now: datetime | None = None
) -> User:
    """Disable (or re-enable) an account; disabling ends its sessions and revokes its tokens."""
    user = get_user_by_username(db, username)
    with transaction(db):
        db.execute(
            "UPDATE users SET disabled = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
            [int(disabled), user.id],
        )
        if disabled:
            db.execute("DELETE FROM sessions WHERE user_id = ?", [user.id])
            db.execute("UPDATE api_tokens SET revoked = 1 WHERE user_id = ?", [user.id])
        action = "user_disabled" if disabled else "user_enabled"
        audit.append(db, None, action, "user", user.id, now=now)
    return get_user(db, user.id)


def disable_user(db: Database, username: str, *, now: datetime | None = None) -> User:
    """Disable an account, ending its sessions and revoking its tokens."""
    return set_disabled(db, username, True, now=now)


def set_password(
    db: Database,
    username: str,
    password: str,
    *,
    hasher: PasswordHasher | None = None,
    now: datetime | None = None,
) -> None:
    """Replace an account's password, clearing any lockout and ending its sessions."""
    user = get_user_by_username(db, username)
    check_password_strength(password)
    password_hash = (hasher or DEFAULT_HASHER).hash(password)
    with transaction(db):
        db.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL "
            "WHERE id = ?",
            [password_hash, user.id],
        )
        db.execute("DELETE FROM sessions WHERE user_id = ?", [user.id])
        audit.append(db, None, "password_changed", "user", user.id, now=now)


def password_matches(
    db: Database, username: str, password: str, *, hasher: PasswordHasher | None = None
) -> bool:
    """The costly, read-only half of sign-in: whether the password fits the stored hash
    (an unknown username takes the same hashing work). Run it where a slow read is fine,
    then pass the answer to `verify_password(matched=...)`, which does the writing."""
    hasher = hasher or DEFAULT_HASHER
    row = db.execute(
        "SELECT password_hash FROM users WHERE username = ?", [username.strip().lower()]
    ).fetchone()
    return _check_hash(hasher, row[0] if row else _dummy_hash(hasher), password)


def verify_password(
    db: Database,
    username: str,
    password: str,
    settings: AuthSettings,
    *,
    hasher: PasswordHasher | None = None,
    now: datetime | None = None,
    matched: bool | None = None,
    known_browser: bool = False,
) -> User:
    """The user if the password is right and the account usable; else AuthenticationFailed.

    Unknown user, wrong password, disabled and locked all raise the same exception after the
    same hashing work, so neither the message nor the timing says which it was. Failures
    are counted; `max_failed_logins` in a row lock the account for `lockout_minutes`.

    Args:
        matched: `password_matches`'s answer, already worked out off the writer thread.
        known_browser: the sign-in comes from a browser this account signed in on before
            (a signed cookie), so a lock run up by someone else's guesses does not stop it.
    """
    hasher = hasher or DEFAULT_HASHER
    moment = utc_now(now)
    rows = db.execute_returning_dicts(
        "SELECT * FROM users WHERE username = ?", [username.strip().lower()]
    )
    row = rows[0] if rows else None
    ok = matched
    if ok is None:
        ok = _check_hash(hasher, row["password_hash"] if row else _dummy_hash(hasher), password)
    if row is None:
        audit.append(db, None, "failed_sign_in", "user", None, {"reason": "unknown"}, now=moment)
        raise AuthenticationFailed("sign-in failed")
    locked = row["locked_until"] is not None and parse_iso(row["locked_until"]) > moment
    if ok and (known_browser or not locked) and not row["disabled"]:
        if hasher.check_needs_rehash(row["password_hash"]):
            with transaction(db):
                _clear_failures(db, row["id"])
                db.execute(
                    "UPDATE users SET password_hash = ? WHERE id = ?",
                    [hasher.hash(password), row["id"]],
                )
        else:
            _clear_failures(db, row["id"])
        return User.from_row(row)
    reason = "disabled" if row["disabled"] else "locked" if locked else "password"
    with transaction(db):
        if reason == "password":
            _count_failure(db, row["id"], settings, moment)
        audit.append(
            db, row["id"], "failed_sign_in", "user", row["id"], {"reason": reason}, now=moment
        )
    log.info("failed sign-in for user %s (%s)", row["id"], reason)
    raise AuthenticationFailed("sign-in failed")


def _clear_failures(db: Database, user_id: int) -> None:
    """A good sign-in clears the failure count and any lock: one statement, atomic alone,
    and one that changes nothing when there is nothing to clear, as at almost every
    sign-in, so it commits without waiting for a disk flush (PostgreSQL flushes only a
    commit that wrote)."""
    db.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL "
        "WHERE id = ? AND (failed_logins != 0 OR locked_until IS NOT NULL)",
        [user_id],
    )


def _count_failure(db: Database, user_id: int, settings: AuthSettings, moment: datetime) -> None:
    failures = db.execute(
        "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins",
        [user_id],
    ).fetchone()[0]
    if failures >= settings.max_failed_logins:
        until = moment + timedelta(minutes=settings.lockout_minutes)
        db.execute(
            "UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?",
            [iso(until), user_id],
        )
        audit.append(db, user_id, "locked", "user", user_id, {"until": iso(until)}, now=moment)


def _check_hash(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASHES: dict[tuple[int, int, int], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    # Verifying against a real hash of the same cost makes an unknown username take as long
    # as a wrong password.
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[key]


__all__ = [
    "DEFAULT_HASHER",
    "TOKEN_PREFIX",
    "check_password_strength",
    "create_session",
    "create_token",
    "create_user",
    "delete_session",
    "disable_user",
    "ensure_team",
    "get_session",
    "get_user",
    "get_user_by_username",
    "list_teams",
    "list_tokens",
    "list_users",
    "normalise_username",
    "revoke_token",
    "set_disabled",
    "set_password",
    "touch_session",
    "verify_password",
    "verify_token",
]
