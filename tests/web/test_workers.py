"""The warm extraction pool: a dead or hung worker gives a clear message and is replaced."""

from __future__ import annotations

from datetime import date

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
    pool = ExtractionPool(None, workers=1, timeout_s=2, loader=FAKE_LOADER)
    try:
        await pool.warm()
        with pytest.raises(WorkerFailed, match="too long"):
            await pool.interpret("hang", date(2026, 11, 21), [])
        result = await pool.interpret("help", date(2026, 11, 21), [])
        assert result["intent"] == "help"
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
