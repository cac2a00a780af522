"""Online backups taken under load restore every committed row; restore checks first."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database
from storage_helpers import NOW, PASSWORD

from storage import accounts, audit, entries
from storage.backup import backup, check_backup, restore
from storage.db import open_db
from storage.errors import IntegrityProblem
from storage.migrations import migration_names, migrations
from storage.models import User
from storage.people import upsert_person


def seed(path: Path) -> User:
    db = open_db(path)
    try:
        officer = accounts.create_user(db, "writer", PASSWORD, "officer", "T", now=NOW)
        upsert_person(db, "W000001", "Writer Case", team_id=officer.team_id, officer_id=officer.id)
        return officer
    finally:
        db.close()


def entry_ids(path: Path) -> set[int]:
    db = open_db(path)
    try:
        return {r["id"] for r in db.query("SELECT id FROM entries")}
    finally:
        db.close()


def test_backup_under_load_restores_every_committed_row(tmp_path: Path) -> None:
    live, copy, restored = tmp_path / "live.db", tmp_path / "copy.db", tmp_path / "restored.db"
    officer = seed(live)
    committed: list[int] = []
    stop = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        db = open_db(live)
        try:
            n = 0
            while not stop.is_set():
                n += 1
                entry = entries.create_draft(db, officer, "W000001", f"note {n}", "2026-11-21")
                committed.append(entry.id)  # acknowledged only once committed
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)
        finally:
            db.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(committed) < 50 and writer.is_alive():
            time.sleep(0.005)
        acknowledged = set(committed)
        backup(live, copy)
        while len(committed) < len(acknowledged) + 50 and writer.is_alive():
            time.sleep(0.005)
    finally:
        stop.set()
        writer.join()
    assert errors == []
    assert restore(copy, restored) is None
    in_backup = entry_ids(restored)
    assert acknowledged <= in_backup
    assert in_backup < set(committed)  # the writer went on after the snapshot
    db = open_db(restored)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert audit.verify(db) == []
        assert db.journal_mode == "wal"
    finally:
        db.close()


def test_backup_is_one_self_contained_file(tmp_path: Path) -> None:
    seed(tmp_path / "live.db")
    out = backup(tmp_path / "live.db", tmp_path / "out" / "copy.db")
    assert sorted(p.name for p in out.parent.iterdir()) == ["copy.db"]
    assert check_backup(out) == migration_names()


def test_backup_refuses_to_overwrite(tmp_path: Path) -> None:
    seed(tmp_path / "live.db")
    backup(tmp_path / "live.db", tmp_path / "copy.db")
    with pytest.raises(FileExistsError):
        backup(tmp_path / "live.db", tmp_path / "copy.db")
    backup(tmp_path / "live.db", tmp_path / "copy.db", overwrite=True)


def test_backup_of_missing_database(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        backup(tmp_path / "nothing.db", tmp_path / "copy.db")


def test_restore_keeps_the_replaced_database(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.db", tmp_path / "copy.db"
    officer = seed(live)
    backup(live, copy)
    db = open_db(live)
    entries.create_draft(db, officer, "W000001", "after the backup", "2026-11-21")
    db.close()
    saved = restore(copy, live)
    assert saved is not None and entry_ids(saved) != set()
    assert entry_ids(live) == set()


def write_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)


def write_other_database(path: Path) -> None:
    with Database(path) as other:
        other["things"].insert({"id": 1})


def write_newer_database(path: Path) -> None:
    db = open_db(path)
    db.table(migrations.migrations_table).insert(
        {"migration_set": "casenotes", "name": "m999_add_future", "applied_at": "x"}
    )
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()


def write_corrupt_database(path: Path) -> None:
    db = open_db(path)
    db.table("things").insert_all({"id": i, "text": "x" * 500} for i in range(200))
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 5 : page * 6] = b"\x00\x01" * (page // 2)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "make", [write_garbage, write_other_database, write_newer_database, write_corrupt_database]
)
def test_restore_refuses_bad_backups(tmp_path: Path, make: Callable[[Path], None]) -> None:
    live, bad = tmp_path / "live.db", tmp_path / "bad.db"
    officer = seed(live)
    db = open_db(live)
    entries.create_draft(db, officer, "W000001", "keep me", "2026-11-21")
    db.close()
    make(bad)
    with pytest.raises(IntegrityProblem):
        restore(bad, live)
    assert len(entry_ids(live)) == 1  # untouched


def test_restore_of_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        restore(tmp_path / "missing.db", tmp_path / "live.db")


def test_backup_copy_is_readable_by_plain_sqlite(tmp_path: Path) -> None:
    seed(tmp_path / "live.db")
    backup(tmp_path / "live.db", tmp_path / "copy.db")
    conn = sqlite3.connect(tmp_path / "copy.db")
    try:
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 1
    finally:
        conn.close()
