"""`assistant assess CRN --user NAME`: a person's pre-filled assessment, as the API gives it."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from assistant.assessment import audit_view, build, read_record, text_export
from assistant.settings import SettingsError, load_settings
from storage import accounts
from storage.db import open_db
from storage.errors import NotFound, StorageError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the assess subcommand."""
    p = sub.add_parser(
        "assess",
        help="a person's Strengths and Needs assessment pre-filled from their notes",
        description="Read as USER (their access rules apply; the read is audited).",
    )
    p.add_argument("crn")
    p.add_argument("--user", required=True, help="the account whose access rules apply")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD (default today)")
    p.set_defaults(func=cmd_assess)


def cmd_assess(args: argparse.Namespace) -> int:
    """Print the assessment as JSON keyed by SAN codes, or as the text export."""
    try:
        settings = load_settings(getattr(args, "config", None))
        db = open_db(settings.database)
        try:
            try:
                user = accounts.get_user_by_username(db, args.user)
            except NotFound:
                raise ValueError(f"no account {args.user}") from None
            record = read_record(db, user, args.crn)
            audit_view(db, user, record["person"].crn, "cli")
        finally:
            db.conn.close()
    except NotFound:
        print(f"assistant: error: no person {args.crn} that {args.user} can see", file=sys.stderr)
        return 1
    except (StorageError, SettingsError, ValueError, OSError) as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        return 1
    result = build(record, args.as_of or dt.date.today())
    if args.format == "text":
        sys.stdout.write(text_export(result))
    else:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0
