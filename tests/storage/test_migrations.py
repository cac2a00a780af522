"""Schema migrations: numbered, idempotent, and the connection set up as intended."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from storage import pg
from storage.db import memory_db, open_db
from storage.dialect import is_postgres
from storage.migrations import applied_names, migration_names, migrations


def applied(db: Database) -> list[str]:
    return applied_names(db)


def test_every_migration_applied_in_order(db: Database) -> None:
    # One list of migrations builds both backends: the PostgreSQL database records the
    # same names, in the same order, as the SQLite one.
    assert applied(db) == migration_names()


def test_migration_names_are_numbered_verb_noun() -> None:
    # Numbered 1, 2, 3... in order: branches that took the same number are renumbered on merge.
    names = migration_names()
    numbers = [int(name[1:4]) for name in names]
    assert numbers == list(range(1, len(names) + 1))
    for name in names:
        assert re.fullmatch(r"m\d{3}_[a-z]+(_[a-z0-9]+)+", name), name


def test_applying_again_changes_nothing(db: Database) -> None:
    if is_postgres(db):
        assert pg.apply_migrations(db, migrations) == []  # type: ignore[arg-type]
        assert applied(db) == migration_names()
        return
    schema = db.schema
    migrations.apply(db)
    migrations.apply(db)
    assert db.schema == schema
    assert applied(db) == migration_names()


def test_reopening_a_file_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "casenotes.db"
    for _ in range(3):
        db = open_db(path)
        assert applied(db) == migration_names()
        db.close()
    assert path.is_file()


def test_an_older_database_is_brought_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m007_create_entries")
    assert "entries" not in old.table_names()
    old.close()
    db = open_db(path)
    assert applied(db) == migration_names()
    assert "entries" in db.table_names()
    db.close()


def test_file_database_uses_wal_and_pragmas(tmp_path: Path) -> None:
    db = open_db(tmp_path / "casenotes.db")
    try:
        assert db.journal_mode == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        db.close()


def test_memory_database_enforces_foreign_keys() -> None:
    db = memory_db()
    try:
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(
                "INSERT INTO entries (crn, author_id, status, current_version, note_text, "
                "reference_date, created_at, updated_at) VALUES ('Z999999', 1, 'draft', 0, "
                "'x', '2026-01-01', 'now', 'now')"
            )
    finally:
        db.close()


@pytest.mark.parametrize(
    "table",
    [
        "teams",
        "users",
        "api_tokens",
        "sessions",
        "people",
        "conversations",
        "messages",
        "entries",
        "entry_versions",
        "section_drafts",
        "idempotency",
        "audit_log",
        "throttle_hits",
        "app_secrets",
    ],
)
def test_table_exists(db: Database, table: str) -> None:
    assert table in db.table_names()


def test_full_text_indexes_exist(db: Database) -> None:
    # FTS5 tables on SQLite; GIN indexes over English tsvectors on PostgreSQL.
    if is_postgres(db):
        names = {
            r[0]
            for r in db.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'entries'"
            ).fetchall()
        }
        assert {"entries_note_fts", "entries_text_fts"} <= names
    else:
        assert {"notes_fts", "entry_text_fts"} <= set(db.table_names())
