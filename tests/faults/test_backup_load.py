"""`assistant backup` while officers write; `assistant restore` checks the file before using it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant import cli
from storage import audit
from storage.backup import backup
from storage.db import open_db
from tests.faults.fleet import Fleet, note_text
from tests.faults.server import Server, seed

pytestmark = [pytest.mark.fault, pytest.mark.slow]


def other_installation(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A config for a second installation, and where its database lives."""
    database = tmp_path / name / "casenotes.db"
    config = tmp_path / f"{name}.toml"
    config.write_text(f'[storage]\ndatabase = "{database}"\n')
    return config, database


def test_backup_taken_under_load_restores_every_earlier_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / "live"
    live.mkdir()
    server = Server(live)
    officers = seed(server.database, 4)
    copy = tmp_path / "backups" / "casenotes-copy.db"
    server.start()
    fleet = Fleet(server.url, officers).start()
    try:
        fleet.wait_for(created=30)
        before = fleet.ledger.snapshot()  # acknowledged before the backup starts
        done = server.cli("backup", str(copy))
        during = len(fleet.ledger.created) - len(before)
        fleet.wait_for(created=len(fleet.ledger.created) + 10)  # and the writes go on
        live_before = len(fleet.ledger.created)
        refused = cli.main(["--config", str(server.config), "restore", str(copy)])
        in_use = capsys.readouterr().err
        fleet.wait_for(created=live_before + 5)  # the server never noticed
    finally:
        fleet.stop()
        server.stop()
    assert fleet.ledger.http_errors == []
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"backed up to {copy}"
    assert during > 0, "nothing was written while the backup ran"
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]  # one file, no -wal
    assert refused == 1  # not over a running server
    assert "in use by another process: stop the server, then restore" in in_use
    assert not list(live.glob("*.before-restore-*"))

    config, restored = other_installation(tmp_path, "restored")
    assert cli.main(["--config", str(config), "restore", str(copy)]) == 0
    assert f"restored {restored} from {copy}" in capsys.readouterr().out

    with sqlite3.connect(restored) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db = open_db(restored)
    try:
        rows = {r["idempotency_key"]: r for r in db.query("SELECT * FROM entries")}
        for key, entry_id in before.items():
            assert rows[key]["id"] == entry_id
            assert rows[key]["note_text"] == note_text(key)
        assert len(rows) < len(fleet.ledger.created)  # a snapshot, not the file at the end
        assert audit.verify(db) == []
    finally:
        db.conn.close()


def truncated(copy: Path, bad: Path) -> None:
    bad.write_bytes(copy.read_bytes()[: copy.stat().st_size // 2])


def damaged(copy: Path, bad: Path) -> None:
    data = bytearray(copy.read_bytes())
    page = 4096
    for n in range(2, len(data) // page, 3):  # scribble over every third page's header
        data[n * page : n * page + 16] = b"\xde\xad\xbe\xef" * 4
    bad.write_bytes(bytes(data))


def foreign(copy: Path, bad: Path) -> None:
    with sqlite3.connect(bad) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoices VALUES (1, 9.99)")
    conn.close()


def not_sqlite(copy: Path, bad: Path) -> None:
    bad.write_text("crn,name\nX100001,Sam Reed\n")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (truncated, "not a usable casenotes database"),
        (damaged, "failed its integrity check|not a usable casenotes database"),
        (foreign, "is not a casenotes backup: it has no migrations"),
        (not_sqlite, "not a usable casenotes database"),
    ],
    ids=["truncated", "damaged", "foreign", "not-sqlite"],
)
def test_restore_refuses_a_broken_or_foreign_file_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, says: str
) -> None:  # type: ignore[no-untyped-def]
    config, database = other_installation(tmp_path, "live")
    seed(database, 1)
    copy, bad = tmp_path / "copy.db", tmp_path / "bad.db"
    backup(database, copy)
    make(copy, bad)
    before = database.read_bytes()

    assert cli.main(["--config", str(config), "restore", str(bad)]) == 1
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert out == "" and len(lines) == 1 and lines[0].startswith("assistant: error: "), err
    assert any(part in lines[0] for part in says.split("|")), lines[0]
    assert database.read_bytes() == before
    assert not list(database.parent.glob("*.before-restore-*"))
