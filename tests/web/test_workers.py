"""The warm extraction pool: a dead or hung worker gives a clear message and is replaced."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from assistant.workers import ExtractionPool, NoteRefused, WorkerFailed
from tests.web.conftest import FAKE_LOADER


async def test_crashed_worker_is_reported_and_pool_rebuilt():
    pool = ExtractionPool(None, workers=1, timeout_s=20, loader=FAKE_LOADER)
    try:
        with pytest.raises(WorkerFailed, match="Your note is saved"):
            await pool.interpret("crash", date(2026, 11, 21), [])
        result = await pool.interpret("help", date(2026, 11, 21), [])
        assert result["intent"] == "help"
    finally:
        pool.close()


async def test_hung_worker_times_out_and_pool_rebuilt():
    """A reading still going at `hung_s` (here the timeout itself) has the workers replaced."""
    pool = ExtractionPool(None, workers=1, timeout_s=2, loader=FAKE_LOADER, hung_s=2)
    try:
        await pool.warm()
        with pytest.raises(WorkerFailed, match="too long"):
            await pool.interpret("hang", date(2026, 11, 21), [])
        result = await pool.interpret("help", date(2026, 11, 21), [])
        assert result["intent"] == "help"
        assert pool.restarts == 1
    finally:
        pool.close()


async def test_frozen_worker_is_replaced_before_hung_s():
    """A worker whose heartbeat stops is replaced as soon as its reading overruns, without
    waiting for `hung_s` (an hour here)."""
    pool = ExtractionPool(
        None, workers=1, timeout_s=1, loader=FAKE_LOADER, hung_s=3600, silent_s=0.5, beat_s=0.1
    )
    try:
        await pool.warm()
        before = pool.pids()
        with pytest.raises(WorkerFailed, match="too long"):
            await pool.interpret("freeze", date(2026, 11, 21), [])
        result = await pool.interpret("help", date(2026, 11, 21), [])
        assert result["intent"] == "help"
        assert pool.restarts == 1 and pool.pids() != before
    finally:
        pool.close()


async def test_caseload_reaches_the_worker():
    pool = ExtractionPool(None, workers=1, timeout_s=20, loader=FAKE_LOADER)
    try:
        people = [{"crn": "X100001", "name": "Sam Reed", "aliases": [], "dob": None}]
        result = await pool.interpret("show Sam Reed", date(2026, 11, 21), people)
        assert result["crn"] == "X100001"
    finally:
        pool.close()


async def test_refused_and_failed_notes_leave_the_pool_working(caplog):
    pool = ExtractionPool(None, workers=1, timeout_s=20, loader=FAKE_LOADER)
    try:
        with pytest.raises(NoteRefused, match="the note is empty"):
            await pool.interpret("refuse", date(2026, 11, 21), [])
        with pytest.raises(WorkerFailed, match="Your note is saved"):
            await pool.interpret("bug", date(2026, 11, 21), [])
        result = await pool.interpret("help", date(2026, 11, 21), [])
        assert result["intent"] == "help"
        assert "restarting" not in caplog.text  # nothing was rebuilt
    finally:
        pool.close()


async def test_the_timeout_times_the_reading_not_the_queue():
    """Four notes of 0.6 s on one worker: the last waits 1.8 s, over the 1 s limit, and is
    still read, because only its own reading is timed."""
    pool = ExtractionPool(None, workers=1, timeout_s=1.0, loader=FAKE_LOADER)
    try:
        await pool.warm()
        results = await asyncio.gather(
            *(pool.interpret("slow 0.6", date(2026, 11, 21), []) for _ in range(4))
        )
        assert len(results) == 4
    finally:
        pool.close()


async def test_a_note_that_waits_too_long_for_a_worker_is_told_so():
    pool = ExtractionPool(None, workers=1, timeout_s=10.0, loader=FAKE_LOADER, queue_s=0.3)
    try:
        await pool.warm()
        slow = asyncio.ensure_future(pool.interpret("slow 1.5", date(2026, 11, 21), []))
        await asyncio.sleep(0.1)
        with pytest.raises(WorkerFailed, match="Your note is saved"):
            await pool.interpret("help", date(2026, 11, 21), [])
        assert (await slow)["intent"] is not None  # the note being read was left alone
    finally:
        pool.close()


SERVER_STAND_IN = """
import sys, time, asyncio
from assistant.workers import ExtractionPool
pool = ExtractionPool(None, workers=2, timeout_s=10, loader=sys.argv[1])
asyncio.run(pool.warm())
print(" ".join(str(p) for p in pool._pool._processes), flush=True)
time.sleep(120)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "zombie" not in state


def test_workers_end_when_their_server_is_killed():
    root = Path(__file__).resolve().parents[2]
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER_STAND_IN, FAKE_LOADER],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    try:
        assert server.stdout is not None
        pids = [int(p) for p in server.stdout.readline().split()]
        assert len(pids) == 2 and all(_running(p) for p in pids)
    finally:
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        if server.stdout is not None:
            server.stdout.close()
    deadline = time.monotonic() + 15
    while any(_running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_running(p) for p in pids), [
        Path(f"/proc/{p}/status").read_text()[:200] for p in pids if _running(p)
    ]
