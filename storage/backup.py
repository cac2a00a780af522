"""Consistent online copies with SQLite's backup API, and restoring one after checking it."""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from storage.db import private_file, private_folder
from storage.errors import DatabaseInUse, IntegrityProblem, SqliteOnly
from storage.migrations import migration_names, migrations

log = logging.getLogger(__name__)


def postgres_refusal(
    target: object, path: str | Path, *, restore: bool, password_env: str = "CASENOTES_DB_PASSWORD"
) -> SqliteOnly:
    """The error `assistant backup`/`restore` give on PostgreSQL: they copy SQLite files;
    PostgreSQL's own pg_dump/pg_restore do this job there (docs/scaling.md)."""
    url = str(target)
    if restore:
        command = f'pg_restore --clean --if-exists --no-owner --dbname "{url}" {path}'
    else:
        command = f'pg_dump --format=custom --file {path} "{url}"'
    return SqliteOnly(
        f"{'restore' if restore else 'backup'} copies SQLite files; this database is PostgreSQL. "
        f'Use: PGPASSWORD="${password_env}" {command}'
    )


def backup(source: str | Path, destination: str | Path, *, overwrite: bool = False) -> Path:
    """Copy the live database at `source` to `destination` as one self-contained file.

    Safe while the server writes: the copy is one consistent snapshot. The copy is written
    beside the destination and renamed into place only once it passes `check_backup`.
    """
    source, destination = Path(source), Path(destination)
    if not source.is_file():
        raise FileNotFoundError(f"no database at {source}")
    if destination.exists() and not overwrite:
        raise FileExistsError(f"{destination} already exists")
    destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    private_file(partial)  # a copy of case records: readable by this account only
    try:
        with (
            closing(sqlite3.connect(str(source), timeout=5.0)) as src,
            closing(sqlite3.connect(str(partial))) as dst,
        ):
            src.backup(dst)  # all pages in one step: one read snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
        check_backup(partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    log.info("backed up database to %s", destination)
    return destination


def check_backup(path: str | Path) -> list[str]:
    """The migrations a backup file has applied; IntegrityProblem if it is damaged, not a
    casenotes database, or from a newer version than this code."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no backup at {path}")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise IntegrityProblem(f"{path} failed its integrity check: {result[0]}")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if migrations.migrations_table not in tables:
                raise IntegrityProblem(f"{path} is not a casenotes backup: it has no migrations")
            applied = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    [migrations.name],
                )
            ]
    except sqlite3.DatabaseError as exc:
        raise IntegrityProblem(f"{path} is not a usable casenotes database: {exc}") from exc
    known = set(migration_names())
    if not applied:
        raise IntegrityProblem(f"{path} is not a casenotes backup: it has no casenotes migrations")
    unknown = sorted(set(applied) - known)
    if unknown:
        raise IntegrityProblem(f"{path} is from a newer version (migrations {', '.join(unknown)})")
    return applied


def restore(backup_path: str | Path, target: str | Path) -> Path | None:
    """Replace the database at `target` with a checked backup; stop the server first.

    The database being replaced is first copied aside; that copy's path is returned (None
    when there was no database). Pending migrations are applied the next time it is opened.
    """
    backup_path, target = Path(backup_path), Path(target)
    check_backup(backup_path)
    saved = None
    if target.exists():
        _check_unused(target)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        saved = backup(target, target.with_name(f"{target.name}.before-restore-{stamp}"))
    private_folder(target.parent)
    private_file(target)
    with (
        closing(sqlite3.connect(f"{backup_path.resolve().as_uri()}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(str(target), timeout=5.0)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
    log.info("restored database from %s", backup_path)
    return saved


def _check_unused(target: Path) -> None:
    """DatabaseInUse if any other connection has the database open.

    Leaving WAL mode needs every other connection closed, and a running server keeps its
    connections open even when idle, so this is the test. The file is about to be
    replaced, so its journal mode does not matter.
    """
    try:
        with closing(sqlite3.connect(str(target), timeout=0.5)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError as exc:
        raise DatabaseInUse(
            f"{target} is in use by another process: stop the server, then restore"
        ) from exc
