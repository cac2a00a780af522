"""Credential subcommands: `token create/list/revoke` and `user password`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from assistant.cli_admin import _open as open_database
from assistant.cli_admin import _read_password as read_password
from assistant.cli_admin import _reports_errors as reports_errors
from assistant.cli_admin import _settings as settings_of
from storage import accounts


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
