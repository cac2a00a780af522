"""`assistant accuracy`: how often officers corrected the machine, and (if allowed) an export.

The report prints counts and rates only: no note text, names or CRNs. `--export FILE` writes
the corrected entries as labelled notes for maintainers' test sets, but only where the
service owner has set `[accuracy] export_allowed = true`; each export is audited.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from sqlite_utils import Database

from assistant import accuracy, labels
from assistant.settings import SettingsError, load_settings
from storage import accounts, audit
from storage.db import open_db
from storage.errors import StorageError
from storage.reviewed import Reviewed, reviewed_in


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the accuracy subcommand."""
    p = sub.add_parser(
        "accuracy",
        help="how often officers corrected each field of the machine's reading",
        description=(
            "Over approved entries (the statuses counted: "
            f"{', '.join(accuracy.COUNTED_STATUSES)}), compare the machine's first reading "
            "with the approved version. Prints counts and rates, never note text."
        ),
    )
    p.add_argument("--since", type=dt.date.fromisoformat, help="approved on or after YYYY-MM-DD")
    p.add_argument("--team", help="one team's entries, by team name (default: every team)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        help="write corrected entries as labelled notes (JSONL); needs export_allowed",
    )
    p.set_defaults(func=cmd_accuracy)


def _team_id(db: Database, name: str | None) -> int | None:
    if name is None:
        return None
    for team in accounts.list_teams(db):
        if team["name"] == name:
            return int(team["id"])
    known = ", ".join(t["name"] for t in accounts.list_teams(db)) or "none"
    raise ValueError(f"no team {name!r} (teams: {known})")


def format_report(report: accuracy.Report) -> str:
    """The report as aligned text: one line per field and per cue family."""
    lines = [
        f"Approved entries reviewed: {report.reviewed} "
        f"(statuses counted: {', '.join(accuracy.COUNTED_STATUSES)})",
        f"Entries with any correction: {report.corrected_entries}",
        "",
        f"{'Field':<28}{'corrected':>10}{'rate':>8}",
    ]
    lines += [f"{r.label:<28}{r.corrected:>10}{r.rate:>8.1%}" for r in report.fields]
    lines += ["", f"{'Cue family':<28}{'corrected':>10}{'rate':>8}{'added':>7}{'removed':>9}"]
    lines += [
        f"{r.label:<28}{r.corrected:>10}{r.rate:>8.1%}{r.added:>7}{r.removed:>9}"
        for r in report.families
    ]
    return "\n".join(lines) + "\n"


def export_lines(found: list[Reviewed]) -> list[str]:
    """Corrected entries as labelled notes: id, reference_date, text, gold (the approved
    version) and, beside them, the machine's reading and which fields were corrected."""
    out = []
    for item in found:
        corrected = accuracy.compare(item.machine, item.final).corrected
        if not corrected:
            continue
        note = {
            "id": f"entry-{item.id}",
            "reference_date": item.reference_date,
            "text": item.note_text,
            "gold": labels.gold(item.final),
            "machine": labels.gold(item.machine),
            "corrected": sorted(corrected),
        }
        out.append(json.dumps(note, ensure_ascii=False))
    return out


def cmd_accuracy(args: argparse.Namespace) -> int:
    """Print the correction report, or write the export when the settings allow it."""
    since = args.since.isoformat() if args.since else None
    try:
        settings = load_settings(getattr(args, "config", None))
        if args.export is not None and settings.accuracy.export_allowed is not True:
            print(
                "assistant: error: exporting notes is off: the service owner allows it with "
                "[accuracy] export_allowed = true in config.toml",
                file=sys.stderr,
            )
            return 1
        db = open_db(settings.database)
        try:
            team_id = _team_id(db, args.team)
            found = reviewed_in(db, team_id, since=since)
            if args.export is not None:
                count = _export(db, args.export, found, team_id, since)
                print(f"wrote {count} corrected entries to {args.export}", file=sys.stderr)
                return 0
        finally:
            db.conn.close()
    except (StorageError, SettingsError, ValueError, OSError) as exc:
        print(f"assistant: error: {exc}", file=sys.stderr)
        return 1
    result = accuracy.report((r.machine, r.final) for r in found)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        sys.stdout.write(format_report(result))
    return 0


def _export(
    db: Database, path: Path, found: list[Reviewed], team_id: int | None, since: str | None
) -> int:
    """Write the corrected entries to `path` and audit it; the number written."""
    lines = export_lines(found)
    _write_private(path, lines)
    detail = {
        "entries": len(lines),
        "team": "all" if team_id is None else team_id,
        "since": since or "all",
        "via": "cli",
    }
    try:
        audit.append(db, None, "accuracy_export", detail=detail)
    except Exception:
        path.unlink()  # no export without its audit row
        raise
    return len(lines)


def _write_private(path: Path, lines: list[str]) -> None:
    """Write the export readable by its owner only: it holds whole notes."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in lines)
