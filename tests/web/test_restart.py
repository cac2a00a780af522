"""Nothing is lost: a draft survives the server being killed with SIGKILL and restarted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.chat_server import free_port
from storage import accounts, people
from storage.db import open_db

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def start(config: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "--config",
            str(config),
            "serve",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("server did not start")


def call(port: int, method: str, path: str, token: str, body: dict | None = None):
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)


def test_draft_survives_sigkill(tmp_path):
    database = tmp_path / "casenotes.db"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[server]\nworkers = 1\nextractor = "tests.web.fake_nlp:load"\n'
        f'[storage]\ndatabase = "{database}"\n'
    )
    db = open_db(database)
    user = accounts.create_user(db, "olivia", "correct horse battery", "officer", "North")
    people.upsert_person(db, "X100001", "Sam Reed", team_id=user.team_id)
    people.assign_caseload(db, "X100001", "olivia")
    token = accounts.create_token(db, user)[1]
    db.conn.close()

    port = free_port()
    proc = start(config, port)
    try:
        created = call(
            port,
            "POST",
            "/api/v1/entries",
            token,
            {"text": "Sam Reed attended. Hostel.", "crn": "X100001"},
        )
        updated = call(
            port,
            "PATCH",
            f"/api/v1/entries/{created['id']}",
            token,
            {"version": 1, "fields": {"outcome": "rescheduled"}},
        )
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    proc = start(config, port)
    try:
        after = call(port, "GET", f"/api/v1/entries/{created['id']}", token)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert after == updated
    assert after["note_text"] == "Sam Reed attended. Hostel."
    assert after["data"]["contact"]["outcome"] == "rescheduled"
