"""The real thing: the server's database on a 4 MB tmpfs that fills up (root only).

test_disk_full.py injects SQLITE_FULL at the SQLite level and runs everywhere; this one
mounts a size-limited file system, fills it, and lets the kernel say ENOSPC to a real
`assistant serve`. It is skipped where mounting is not allowed.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import audit
from storage.db import open_db
from tests.faults.fleet import call, note_text
from tests.faults.server import Server, seed

pytestmark = [pytest.mark.fault, pytest.mark.slow]

FULL = "could not be saved: the server has run out of storage space"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs, unmounted afterwards."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill_up(path: Path) -> None:
    """Write to `path` until the file system has not one byte left."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (65536, 4096, 512, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)


def test_a_file_system_filling_up_refuses_writes_cleanly(tmp_path: Path, small_disk: Path):
    server = Server(tmp_path, database=small_disk / "casenotes.db")
    officer = seed(server.database, 1)[0]
    server.start()
    try:

        def create(key: str) -> tuple[int, dict]:
            body = {"text": note_text(key) * 40, "crn": officer.crn}
            headers = {"Idempotency-Key": key}
            return call(server.url, "POST", "/api/v1/entries", officer.token, body, headers)

        assert create("before")[0] == 201
        fill_up(small_disk / "filler")
        status, answer = create("while-full")
        assert status == 507
        assert FULL in answer["error"]
        assert call(server.url, "GET", "/api/v1/entries", officer.token)[0] == 200  # reads work

        (small_disk / "filler").unlink()
        status, answer = create("while-full")  # the same request, sent again
        assert status == 201
        assert answer["note_text"] == note_text("while-full") * 40
    finally:
        server.stop()

    with sqlite3.connect(server.database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        keys = [r[0] for r in conn.execute("SELECT idempotency_key FROM entries ORDER BY id")]
    conn.close()
    assert keys == ["before", "while-full"]
    db = open_db(server.database)
    try:
        assert audit.verify(db) == []
    finally:
        db.conn.close()
