"""Credential subcommands: `token create/list/revoke`, `user password`, `audit sign`, and the
signed-head half of `audit verify`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from assistant.audit_signing import audit_key, sign_now
from assistant.cli_admin import _open as open_database
from assistant.cli_admin import _read_password as read_password
from assistant.cli_admin import _reports_errors as reports_errors
from assistant.cli_admin import _settings as settings_of
from assistant.settings import Settings
from storage import accounts, audit_head


def register_token(group: Any) -> None:
    """Add `token create`, `token list` and `token revoke` to the `token` group."""
    create = group.add_parser("create", help="print a new API token (shown only once)")
    create.add_argument("username")
    create.add_argument("--days", type=int, help="valid for this many days (auth.token_days)")
    create.set_defaults(func=token_create)
    listing = group.add_parser("list", help="API tokens: id, owner, dates, state (never the token)")
    listing.add_argument("username", nargs="?", help="only this account's tokens")
    listing.set_defaults(func=token_list)
    revoke = group.add_parser("revoke", help="revoke an API token by id")
    revoke.add_argument("token_id", type=int)
    revoke.set_defaults(func=token_revoke)


def register_user(group: Any) -> None:
    """Add `user password` to the `user` group."""
    password = group.add_parser(
        "password", help="set an account's password (read from stdin); ends its sessions"
    )
    password.add_argument("username")
    password.set_defaults(func=user_password)


@reports_errors
def token_create(args: argparse.Namespace) -> int:
    """assistant token create USERNAME [--days N] (prints the token once)"""
    days = args.days or settings_of(args).auth.token_days
    with open_database(args) as db:
        user = accounts.get_user_by_username(db, args.username)
        if user.disabled:
            raise ValueError(f"{user.username} is disabled")
        token_id, token = accounts.create_token(db, user, days=days)
    print(
        f"token {token_id} for {user.username}, valid {days} days (shown once; keep it secret):",
        file=sys.stderr,
    )
    print(token)
    return 0


@reports_errors
def token_list(args: argparse.Namespace) -> int:
    """assistant token list [USERNAME]: one line a token, newest first"""
    with open_database(args) as db:
        users = {u.id: u.username for u in accounts.list_users(db)}
        owner = accounts.get_user_by_username(db, args.username).id if args.username else None
        tokens = accounts.list_tokens(db, owner)
    print("id\tuser\tcreated\texpires\tlast used\tstate")
    for t in tokens:
        state = "revoked" if t.revoked else "active"
        if not t.revoked and t.expires_at and t.expires_at < _now_iso():
            state = "expired"
        print(
            f"{t.id}\t{users.get(t.user_id, t.user_id)}\t{t.created_at[:10]}\t"
            f"{(t.expires_at or '-')[:10]}\t{(t.last_used_at or '-')[:10]}\t{state}"
        )
    return 0


def _now_iso() -> str:
    from storage.db import iso, utc_now

    return iso(utc_now())


@reports_errors
def token_revoke(args: argparse.Namespace) -> int:
    """assistant token revoke TOKEN_ID"""
    with open_database(args) as db:
        accounts.revoke_token(db, args.token_id)
    print(f"revoked token {args.token_id}")
    return 0


@reports_errors
def user_password(args: argparse.Namespace) -> int:
    """assistant user password USERNAME < password"""
    password = read_password()
    with open_database(args) as db:
        accounts.set_password(db, args.username, password)
    print(f"password changed for {args.username.strip().lower()}; its sessions have ended")
    return 0


def register_audit(group: Any) -> None:
    """Add `audit sign` to the `audit` group."""
    sign = group.add_parser(
        "sign", help="sign the audit head now with the key from storage.audit_key_env"
    )
    sign.set_defaults(func=audit_sign)


@reports_errors
def audit_sign(args: argparse.Namespace) -> int:
    """assistant audit sign: check the chain against the saved head, then sign it anew"""
    settings = settings_of(args)
    key = audit_key(settings)
    if key is None:
        raise ValueError(f"set {settings.storage.audit_key_env} to the audit signing key")
    with open_database(args) as db:
        signed = sign_now(settings, db, key)
    if signed is None:
        raise ValueError("the audit chain does not extend its signed head: run audit verify")
    print(signed.line())
    return 0


def signed_head_problems(settings: Settings, db: Any) -> list[str]:
    """`audit verify`'s check against the signed heads: the database's (required once a key
    is set) and this host's file, an external anchor, when there is one."""
    key = audit_key(settings)
    path = audit_head.head_path(settings.database_path)
    if key is None:
        print(
            f"note: {settings.storage.audit_key_env} is not set, so the chain was checked "
            "inside the database only; a rewrite of the whole chain would not show",
            file=sys.stderr,
        )
        return []
    problems: list[str] = []
    try:
        in_db = audit_head.stored(db)
    except ValueError as exc:
        problems.append(str(exc))
    else:
        if in_db is None:
            problems.append(
                "no signed audit head in the database (never signed, or deleted): "
                "run `assistant audit sign` or the server"
            )
        else:
            problems += audit_head.check(db, in_db, key, "the database")
    in_file = audit_head.load(path)
    if in_file is None:
        print(
            f"note: no signed head file at {path} on this host, so a chain cut back to an "
            "older signed head would not show here; keep the file or the server's log",
            file=sys.stderr,
        )
    else:
        problems += audit_head.check(db, in_file, key, str(path))
    return problems
