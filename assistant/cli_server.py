"""`assistant serve` and `assistant seed-demo`: run the web service; make a fictional demo."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from assistant.settings import Settings

log = logging.getLogger(__name__)

# Entirely fictional people: no resemblance to anyone on a real caseload is intended.
DEMO_PEOPLE = [
    ("D100001", "Marcus Ellery", ["Marc"], "1991-04-12", "demo.officer"),
    ("D100002", "Bethany Carrow", [], "1986-09-30", "demo.officer"),
    ("D100003", "Callum Ellery", [], "1999-01-05", "demo.officer"),
    ("D100004", "Nadia Okonjo-Pryce", ["Nadia Pryce"], "1994-07-21", "demo.officer"),
    ("D100005", "Wesley Tarrant", [], "1979-11-02", "demo.officer"),
    ("D200001", "Imogen Stroud", [], "1988-03-17", "demo.officer2"),
]
DEMO_ACCOUNTS = [  # username, role, team, display name
    ("demo.officer", "officer", "Demo North", "Demo Officer"),
    ("demo.supervisor", "supervisor", "Demo North", "Demo Supervisor"),
    ("demo.admin", "admin", "Demo North", "Demo Admin"),
    ("demo.officer2", "officer", "Demo South", "Demo Officer Two"),
]
PASSWORD_ENV = "CASENOTES_DEMO_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `serve` and `seed-demo`."""
    p = sub.add_parser("serve", help="run the web service")
    p.add_argument("--host", help="address to listen on (default from config.toml)")
    p.add_argument("--port", type=int, help="port to listen on (default from config.toml)")
    p.set_defaults(func=serve)
    p = sub.add_parser("seed-demo", help="create a fictional demo caseload and demo accounts")
    p.add_argument("--if-empty", action="store_true", help="do nothing if any account exists")
    p.set_defaults(func=seed_demo)


def serve(args: argparse.Namespace) -> int:
    """Run the web service until interrupted."""
    from assistant.app import create_app
    from assistant.settings import load_settings

    logging.getLogger().setLevel(logging.INFO)
    settings = load_settings(args.config)
    host = args.host or settings.server.host
    port = args.port or settings.server.port
    print(f"casenotes: open http://{host}:{port}/ and sign in with your casenotes account.")
    print(
        "  No account yet? Run `assistant seed-demo` for demo accounts, or "
        "`assistant user add NAME --role officer --team TEAM`.",
        flush=True,
    )
    web.run_app(create_app(settings), host=host, port=port, print=None, **server_options(settings))
    return 0


def server_options(settings: Settings) -> dict[str, Any]:
    """aiohttp server options: the path-only access log, and the header timeout (aiohttp
    closes a connection that has not sent a whole request within its keep-alive time)."""
    from assistant.accesslog import PathOnlyAccessLogger

    return {
        "access_log_class": PathOnlyAccessLogger,
        "keepalive_timeout": settings.server.header_timeout_s,
    }


def seed_demo(args: argparse.Namespace) -> int:
    """Create the demo teams, accounts and caseload; print how to sign in."""
    from assistant.settings import load_settings
    from storage import accounts, people
    from storage.db import open_db

    settings = load_settings(args.config)
    db = open_db(settings.database)
    try:
        if args.if_empty and accounts.list_users(db):
            print("casenotes: accounts already exist; demo data not added.")
            return 0
        password = os.environ.get(PASSWORD_ENV) or secrets.token_urlsafe(12)
        for username, role, team, display in DEMO_ACCOUNTS:
            accounts.create_user(db, username, password, role, team, display)
        for crn, name, aliases, dob, officer in DEMO_PEOPLE:
            team_id = accounts.get_user_by_username(db, officer).team_id
            people.upsert_person(db, crn, name, team_id=team_id, aliases=aliases, dob=dob)
            people.assign_caseload(db, crn, officer)
    finally:
        db.conn.close()
    print("casenotes demo data created (fictional people only).")
    print(f"  Sign in at http://{settings.server.host}:{settings.server.port}/login as:")
    for username, role, _, _ in DEMO_ACCOUNTS:
        print(f"    {username:<16} ({role})")
    source = f"from ${PASSWORD_ENV}" if os.environ.get(PASSWORD_ENV) else "generated now"
    print(f"  Password for every demo account ({source}): {password}")
    print("  It is shown only this once; demo accounts are for trying casenotes, not real cases.")
    return 0
