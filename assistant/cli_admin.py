"""Admin subcommands: accounts, caseloads, tokens, audit, data rights, backup and restore."""

from __future__ import annotations

import argparse
import csv
import functools
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from assistant.settings import Settings, SettingsError, load_settings
from storage import accounts, audit, people, retention
from storage.backup import backup, postgres_refusal, restore
from storage.db import open_db
from storage.errors import StorageError
from storage.export import export_person
from storage.models import ROLES

Command = Callable[[argparse.Namespace], int]


def register(subparsers: Any) -> None:
    """Add the admin subcommands to the `assistant` parser."""
    user = _group(subparsers, "user", "manage staff accounts")
    add = user.add_parser("add", help="add an account; the password is read from stdin")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--team", required=True, help="team name (created if new)")
    add.add_argument("--name", help="display name (default: the username)")
    add.set_defaults(func=user_add)
    disable = user.add_parser("disable", help="disable an account, ending its sessions")
    disable.add_argument("username")
    disable.set_defaults(func=user_disable)
    enable = user.add_parser("enable", help="re-enable a disabled account")
    enable.add_argument("username")
    enable.set_defaults(func=user_enable)
    from assistant import cli_security  # it uses this module's helpers

    cli_security.register_user(user)

    caseload = _group(subparsers, "caseload", "allocate people on probation")
    assign = caseload.add_parser("assign", help="allocate a person to an officer")
    assign.add_argument("crn")
    assign.add_argument("username")
    assign.set_defaults(func=caseload_assign)
    load = caseload.add_parser("import", help="add or update people from a CSV file")
    load.add_argument("file", type=Path, help="CSV with columns crn,name[,aliases][,dob]")
    load.add_argument("--team", required=True)
    load.add_argument("--officer", help="allocate everyone in the file to this officer")
    load.set_defaults(func=caseload_import)

    cli_security.register_token(_group(subparsers, "token", "API tokens for Authorization: Bearer"))

    audit_group = _group(subparsers, "audit", "the tamper-evident audit log")
    verify = audit_group.add_parser("verify", help="check the hash chain; exit 1 if tampered")
    verify.set_defaults(func=audit_verify)
    cli_security.register_audit(audit_group)

    export = subparsers.add_parser(
        "export-person", help="everything held about one person (subject access request)"
    )
    export.add_argument("crn")
    export.add_argument("--output", type=Path, help="write here instead of stdout")
    export.set_defaults(func=export_person_command)

    purge = subparsers.add_parser("purge", help="remove records past their retention period")
    mode = purge.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help="only show what would go")
    mode.add_argument("--yes", action="store_true", help="really remove them")
    purge.set_defaults(func=purge_command)

    backup_cmd = subparsers.add_parser("backup", help="consistent online copy of the database")
    backup_cmd.add_argument("path", type=Path)
    backup_cmd.add_argument("--overwrite", action="store_true")
    backup_cmd.set_defaults(func=backup_command)
    restore_cmd = subparsers.add_parser(
        "restore", help="replace the database with a checked backup (stop the server first)"
    )
    restore_cmd.add_argument("path", type=Path)
    restore_cmd.set_defaults(func=restore_command)


def _group(subparsers: Any, name: str, help_text: str) -> Any:
    parser = subparsers.add_parser(name, help=help_text)
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)


def _reports_errors(func: Command) -> Command:
    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except (StorageError, SettingsError, ValueError, OSError, csv.Error) as exc:
            print(f"assistant: error: {exc}", file=sys.stderr)
            return 1

    return run


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(getattr(args, "config", None))


def _open(args: argparse.Namespace) -> Database:
    return open_db(_settings(args).database)


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise ValueError("the passwords do not match")
        return first
    return sys.stdin.readline().rstrip("\r\n")


@_reports_errors
def user_add(args: argparse.Namespace) -> int:
    """assistant user add USERNAME --role ROLE --team TEAM [--name NAME] < password"""
    password = _read_password()
    with _open(args) as db:
        user = accounts.create_user(db, args.username, password, args.role, args.team, args.name)
    print(f"added {user.role} {user.username} (id {user.id})")
    return 0


@_reports_errors
def user_disable(args: argparse.Namespace) -> int:
    """assistant user disable USERNAME"""
    with _open(args) as db:
        user = accounts.disable_user(db, args.username)
    print(f"disabled {user.username}")
    return 0


@_reports_errors
def user_enable(args: argparse.Namespace) -> int:
    """assistant user enable USERNAME"""
    with _open(args) as db:
        user = accounts.set_disabled(db, args.username, False)
    print(f"enabled {user.username}")
    return 0


@_reports_errors
def caseload_assign(args: argparse.Namespace) -> int:
    """assistant caseload assign CRN USERNAME"""
    with _open(args) as db:
        person = people.assign_caseload(db, args.crn, args.username)
    print(f"allocated {person.crn} to {args.username.strip().lower()}")
    return 0


@_reports_errors
def caseload_import(args: argparse.Namespace) -> int:
    """assistant caseload import FILE.csv --team TEAM [--officer USERNAME]"""
    with args.file.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    if rows and not {"crn", "name"} <= set(rows[0]):
        raise ValueError(f"{args.file} needs at least the columns crn,name")
    with _open(args) as db:
        count = people.import_caseload(db, rows, args.team, args.officer)
    print(f"imported {count} people into {args.team}")
    return 0


@_reports_errors
def audit_verify(args: argparse.Namespace) -> int:
    """assistant audit verify: one line per problem and exit 1 if the log was tampered with"""
    from assistant import cli_security

    settings = _settings(args)
    with open_db(settings.database) as db:
        problems = audit.verify(db)
        problems += cli_security.signed_head_problems(settings, db)
        head_id, head_hash = audit.head(db)
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"assistant: audit log FAILED verification ({len(problems)} problems)", file=sys.stderr
        )
        return 1
    print(f"audit log intact: {head_id} rows, head {head_hash}")
    return 0


@_reports_errors
def export_person_command(args: argparse.Namespace) -> int:
    """assistant export-person CRN [--output FILE]"""
    with _open(args) as db:
        document = export_person(db, args.crn)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    # Personal data: readable by the owner only.
    fd = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


@_reports_errors
def purge_command(args: argparse.Namespace) -> int:
    """assistant purge --dry-run | --yes"""
    settings = _settings(args)
    with open_db(settings.database) as db:
        report = retention.purge(db, settings.retention, dry_run=args.dry_run)
    verb = "would remove" if report.dry_run else "removed"
    print(
        f"entries last changed before {report.entry_cutoff[:10]}, audit rows before "
        f"{report.audit_cutoff[:10]}:"
    )
    for table, count in report.counts.items():
        print(f"  {table}: {verb} {count}")
    return 0


@_reports_errors
def backup_command(args: argparse.Namespace) -> int:
    """assistant backup PATH"""
    settings = _settings(args)
    if settings.uses_postgres:
        raise postgres_refusal(
            settings.database, args.path, restore=False, password_env=settings.storage.password_env
        )
    path = backup(_settings(args).database_path, args.path, overwrite=args.overwrite)
    print(f"backed up to {path}")
    return 0


@_reports_errors
def restore_command(args: argparse.Namespace) -> int:
    """assistant restore PATH (stop the server first)"""
    settings = _settings(args)
    if settings.uses_postgres:
        raise postgres_refusal(
            settings.database, args.path, restore=True, password_env=settings.storage.password_env
        )
    target = settings.database_path
    saved = restore(args.path, target)
    open_db(target).close()  # bring an older backup's schema up to date
    print(f"restored {target} from {args.path}")
    if saved:
        print(f"the replaced database was kept at {saved}")
    return 0
