"""The database folder is 0700 and its files and backups 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from storage import backup
from storage.db import open_db


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    """The usual 022 umask, under which files are created 0644 and folders 0755."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_database_is_private(tmp_path, loose_umask):
    path = tmp_path / "data" / "casenotes.db"
    db = open_db(path)
    try:
        db.execute("CREATE TABLE t (x)")  # a write, so the WAL and shared memory exist
        assert mode(path.parent) == 0o700
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert name.exists() and mode(name) == 0o600, name
    finally:
        db.conn.close()


def test_an_existing_readable_database_is_tightened(tmp_path, loose_umask):
    folder = tmp_path / "data"
    path = folder / "casenotes.db"
    open_db(path).conn.close()
    os.chmod(folder, 0o755)
    os.chmod(path, 0o644)
    open_db(path).conn.close()
    assert mode(folder) == 0o700 and mode(path) == 0o600


def test_backups_and_restores_are_private(tmp_path, loose_umask):
    source = tmp_path / "data" / "casenotes.db"
    open_db(source).conn.close()
    copy = backup.backup(source, tmp_path / "backups" / "copy.db")
    assert mode(copy) == 0o600
    target = tmp_path / "restored" / "casenotes.db"
    backup.restore(copy, target)
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
