"""Opening the database, transactions, clock and JSON helpers shared by every module."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlite_utils import Database

from storage import pg
from storage.dialect import is_postgres
from storage.migrations import migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
# Case records are for this service's account only: the folder 0700, every file 0600.
FOLDER_MODE, FILE_MODE = 0o700, 0o600


def private_folder(folder: Path) -> None:
    """Create `folder` (and parents) for this account only; tighten it if it is wider."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if stat.S_IMODE(folder.stat().st_mode) & 0o077:
        os.chmod(folder, FOLDER_MODE)


def private_file(path: Path) -> None:
    """Create `path` empty and 0600 if missing (so SQLite, which gives its -wal and -shm the
    database's mode, never makes a readable file); tighten it if it exists wider."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            os.chmod(path, FILE_MODE)


def open_db(target: str | Path | pg.PgTarget, *, check_same_thread: bool = False) -> Database:
    """Open the database with migrations applied: a SQLite file (created if needed, in WAL
    mode) or, for a `postgresql://` URL or `PgTarget`, a PostgreSQL database.

    Args:
        check_same_thread: sqlite3's guard; off by default so a connection opened at start-up
            can be used from an executor thread. Use one connection from one thread at a time.
    """
    if pg.is_url(target):
        return open_postgres(
            target if isinstance(target, pg.PgTarget) else pg.PgTarget.from_url(str(target))
        )
    assert not isinstance(target, pg.PgTarget)
    path = Path(target)
    private_folder(path.parent)
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name == path or name.exists():
            private_file(name)
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=check_same_thread
    )
    try:
        db = Database(conn)
        _configure(db)
        db.enable_wal()
        # FULL, not NORMAL: with WAL, NORMAL survives a killed process but may lose the last
        # commits to a power cut; an acknowledged note must survive both.
        db.execute("PRAGMA synchronous=FULL")
        migrations.apply(db)
    except BaseException:
        conn.close()
        raise
    log.info("opened database %s", path)
    return db


def open_postgres(target: pg.PgTarget) -> Database:
    """A PostgreSQL database behind the same API as a SQLite one, migrations applied.

    Typed as sqlite-utils' `Database` for the storage functions' sake: `PgDatabase` offers
    the part of that API they use (storage/pg.py)."""
    db = pg.PgDatabase(pg.connect(target))
    try:
        pg.apply_migrations(db, migrations)
    except BaseException:
        db.close()
        raise
    log.info("opened PostgreSQL database %s", target.database_name)
    return cast(Database, db)


def memory_db() -> Database:
    """A fresh in-memory database with migrations applied, for tests."""
    db = Database(memory=True)
    _configure(db)
    migrations.apply(db)
    return db


def _configure(db: Database) -> None:
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction: BEGIN IMMEDIATE, or a savepoint when one is already open.

    IMMEDIATE takes the write lock up front, so a read-then-write never fails half-way with
    SQLITE_BUSY when another connection writes; the busy timeout queues writers instead.
    On PostgreSQL the same: BEGIN, then an advisory lock every writer takes first, so writes
    from every instance run one at a time, as on a SQLite file (`lock_timeout` bounds the wait).
    """
    if is_postgres(db):
        with _pg_transaction(db):
            yield db
        return
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


@contextmanager
def _pg_transaction(db: Any) -> Iterator[None]:
    """A write transaction on PostgreSQL in as few round trips as it can be.

    Nothing is sent when it opens: BEGIN and the write lock go with its first statement,
    and writes whose results are not read (`batched`) with the next statement or COMMIT
    (storage/pg_connection.py). A transaction that reads a row, then writes, is two round
    trips: the lock with the read, the writes with COMMIT.

    A block inside an open transaction joins it rather than taking a savepoint: on SQLite a
    savepoint is a function call, here SAVEPOINT and RELEASE are two more round trips, and
    a chat turn nests about six blocks (each audit append, the section rebuild, messages).
    No caller carries on after a nested block failed, so the savepoint never rolled back
    anything the outer rollback would not; should one ever try, the outer transaction is
    rolled back rather than committed half-done (`NestedWriteFailed`)."""
    conn = db.conn
    if conn.in_transaction:
        try:
            yield
        except BaseException:
            conn.inner_failed = True
            raise
        return
    conn.begin_write()
    try:
        yield
        if conn.inner_failed:
            raise NestedWriteFailed()
        conn.commit_write()
    except BaseException:
        conn.rollback_write()
        raise


class NestedWriteFailed(RuntimeError):
    """A nested write block failed and its caller went on: on PostgreSQL, where nested
    blocks share the outer transaction, the whole transaction is rolled back instead."""

    def __init__(self) -> None:
        super().__init__("a nested write failed inside this transaction; nothing was saved")


@contextmanager
def batched(db: Database) -> Iterator[None]:
    """Send the block's statements together: on PostgreSQL in one round trip instead of one
    each; on SQLite, where a statement is a function call, nothing changes. Only for
    statements whose results nobody reads.

    Inside a write transaction they are held back and sent with the transaction's next
    statement or its COMMIT (reading a result of one raises); an error surfaces there, and
    the transaction is rolled back whole. Outside one they are sent when the block ends
    (psycopg's pipeline mode), an error surfacing then, with the statements after it not run.
    """
    if not is_postgres(db):
        yield
        return
    conn: Any = db.conn
    if conn.write_open:
        with conn.deferring():
            yield
        return
    with conn.raw.pipeline():
        yield


Statement = tuple[str, Any]
"""A SQL statement (SQLite's dialect) and its parameters."""


def together(db: Database, statements: Sequence[Statement]) -> list[list[dict[str, Any]]]:
    """Each statement's rows as dicts (none for a statement that returns none), the
    statements run in order: on PostgreSQL sent in one round trip (psycopg's pipeline), on
    SQLite one after another. In an open write transaction they run inside it."""
    if is_postgres(db):
        return cast(Any, db).execute_together(statements)
    return [_sqlite_rows(db, sql, params) for sql, params in statements]


def write_together(db: Database, statements: Sequence[Statement]) -> list[list[dict[str, Any]]]:
    """A write transaction made of these statements and nothing else (`together`), its
    COMMIT sent with them: one round trip on PostgreSQL. For a read-then-write whose
    deciding happens in SQL (`WHERE NOT EXISTS ...`), not in Python between statements.
    Inside an open transaction they join it, as any nested write does."""
    nested = db.conn.in_transaction
    with transaction(db):
        if not is_postgres(db):
            return together(db, statements)
        return cast(Any, db).execute_together(statements, commit=not nested)


def _sqlite_rows(db: Database, sql: str, params: Any) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    rows = cursor.fetchall()  # to the end: a statement with RETURNING finishes only then
    keys = [d[0] for d in cursor.description or ()]
    return [dict(zip(keys, row, strict=True)) for row in rows]


def insert_row(db: Database, table: str, row: dict[str, Any]) -> int:
    """Insert one row into a table with an integer primary key and return the new id."""
    rowid = db.table(table).insert(row).last_rowid
    if rowid is None:  # pragma: no cover - sqlite always reports the rowid of an insert
        raise RuntimeError(f"insert into {table} reported no rowid")
    return int(rowid)


def utc_now(now: datetime | None = None) -> datetime:
    """The given time (naive taken as UTC) or the current time, as an aware UTC datetime."""
    if now is None:
        return datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def iso(moment: datetime) -> str:
    """A UTC ISO-8601 timestamp with a fixed width, so text order is time order."""
    return utc_now(moment).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    """The aware datetime for a timestamp written by `iso`."""
    return utc_now(datetime.fromisoformat(text))


def sha256_hex(text: str) -> str:
    """Hex SHA-256 of a secret's UTF-8 bytes: how tokens and session ids are stored."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dumps(value: Any) -> str:
    """Canonical JSON text: sorted keys, no spaces, Unicode kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def loads(text: str | None) -> Any:
    """Parsed JSON, or None for a NULL column."""
    return None if text is None else json.loads(text)
