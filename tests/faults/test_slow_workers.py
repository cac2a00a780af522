"""A starved host: readings overrun the timeout, and restarting the workers can itself fail.

The pool must tell a slow worker from a hung one (a slow one keeps its warm model), back off
between restarts, and keep notes waiting through a restart that fails rather than fail each.
Real worker processes throughout; the slowness is a worker asleep ("slow N") or stopped
("[freeze]"), and nothing here asserts how long anything took.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date

import pytest

from assistant.workers import ExtractionPool, WorkerFailed
from tests.web.conftest import FAKE_LOADER

pytestmark = [pytest.mark.fault]

DAY = date(2026, 12, 8)
FAULTS_LOADER = "tests.faults.fake_nlp:load"


async def until(check, what: str, limit_s: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for `check()` to hold; the limit only stops a broken test from hanging."""
    loop = asyncio.get_running_loop()
    end = loop.time() + limit_s
    while not check():
        assert loop.time() < end, f"never happened: {what}"
        await asyncio.sleep(0.05)


def _pool_whose_starts_fail_while(fails, monkeypatch, queue_s: float) -> ExtractionPool:  # type: ignore[no-untyped-def]
    """One worker whose model will not load while the file `fails` exists, with short
    heartbeat, silence and back-off settings so that restarts happen within the test."""
    monkeypatch.setenv("CASENOTES_TEST_LOAD_FAILS", str(fails))
    return ExtractionPool(
        None,
        workers=1,
        timeout_s=1,
        loader=FAULTS_LOADER,
        queue_s=queue_s,
        silent_s=0.5,
        beat_s=0.1,
        backoff_s=0.05,
        backoff_max_s=0.2,
    )


async def test_a_slow_reading_keeps_its_warm_worker(caplog):
    """A reading past the timeout is answered "too long" but left to finish: the same worker
    then reads the next note, and nothing was restarted."""
    caplog.set_level(logging.INFO, logger="assistant.workers")
    pool = ExtractionPool(None, workers=1, timeout_s=0.5, loader=FAKE_LOADER, hung_s=600)
    try:
        await pool.warm()
        before = pool.pids()
        with pytest.raises(WorkerFailed, match="too long.*Your note is saved"):
            await pool.interpret("slow 2", DAY, [])
        assert (await pool.interpret("help", DAY, []))["intent"] == "help"
        assert pool.pids() == before
        assert (pool.restarts, pool.overran) == (0, 1)
        assert "slow, not hung" in caplog.text
        assert pool.ready
    finally:
        pool.close()


async def test_a_restart_that_fails_is_tried_again_while_notes_wait(tmp_path, monkeypatch):
    """The workers are replaced (one froze) on a host where loading the model fails for a
    while: the note that arrives meanwhile waits and is read once a start succeeds."""
    fails = tmp_path / "load-fails"
    pool = _pool_whose_starts_fail_while(fails, monkeypatch, queue_s=300)
    try:
        await pool.warm()
        fails.touch()
        with pytest.raises(WorkerFailed, match="too long"):
            await pool.extract("Attended. Hostel. [freeze]", DAY, [])
        waiting = asyncio.ensure_future(pool.extract("Attended the office. Hostel.", DAY, []))
        await until(lambda: pool.failed_starts >= 2, "two failed starts")
        assert not waiting.done()  # still waiting for workers, not failed
        assert not pool.ready
        fails.unlink()
        entry = await waiting
        assert entry["contact"]["outcome"] == "attended_complied"
        assert pool.ready
        assert pool.restarts == 1  # one restart, tried several times
    finally:
        pool.close()


async def test_a_note_waits_no_longer_than_its_queue_limit_for_a_restart(tmp_path, monkeypatch):
    """If the workers cannot be started within `queue_s`, the officer is told the service is
    busy and that the note is saved, and the pool goes on trying."""
    fails = tmp_path / "load-fails"
    pool = _pool_whose_starts_fail_while(fails, monkeypatch, queue_s=0.5)
    try:
        await pool.warm()
        fails.touch()
        with pytest.raises(WorkerFailed, match="too long"):
            await pool.extract("Attended. Hostel. [freeze]", DAY, [])
        with pytest.raises(WorkerFailed, match="many officers.*Your note is saved"):
            await pool.extract("Attended the office. Hostel.", DAY, [])
        fails.unlink()
        await until(lambda: pool.ready, "the workers running again")
        assert (await pool.extract("Attended the office. Hostel.", DAY, []))["contact"]
    finally:
        pool.close()


def test_failed_starts_wait_longer_each_time():
    pool = ExtractionPool(
        None, workers=1, timeout_s=1, loader=FAKE_LOADER, backoff_s=1, backoff_max_s=8
    )
    try:
        waits, delay = [], 0.0
        for _ in range(5):
            delay = pool._retry_delay(delay)
            waits.append(delay)
        assert waits == [1, 2, 4, 8, 8]
    finally:
        pool.close()


def test_a_restart_cut_off_with_its_event_loop_is_carried_on():
    """The restart runs as a task on the loop that began it; if that loop ends first (a
    test's loop, a server stopping), the next note starts it again instead of waiting on a
    task that will never run."""
    pool = ExtractionPool(None, workers=1, timeout_s=20, loader=FAKE_LOADER, queue_s=120)

    async def crash() -> None:
        await pool.warm()
        with pytest.raises(WorkerFailed, match="went wrong"):
            await pool.interpret("crash", DAY, [])
        assert not pool.ready  # the second crash's restart is still under way

    async def then_help() -> dict:
        return await pool.interpret("help", DAY, [])

    try:
        asyncio.run(crash())  # ends its loop, cancelling the restart
        assert asyncio.run(then_help())["intent"] == "help"
        assert pool.ready
    finally:
        pool.close()
