"""/readyz for a load balancer: 200 only when the database and the extraction workers are
ready, 503 saying which part waits; public, and nothing in it about anyone's data."""

from __future__ import annotations

import pytest

from assistant.app import create_app
from assistant.views import health
from assistant.workers import ExtractionPool
from tests.web.conftest import FAKE_LOADER


@pytest.fixture
async def cold_pool():
    """A pool whose workers have not been started: an instance still warming up."""
    workers = ExtractionPool(None, workers=1, timeout_s=10.0, loader=FAKE_LOADER)
    yield workers
    workers.close()


async def test_ready_when_the_database_and_workers_are(client, pool):
    await pool.warm()
    resp = await client.get("/readyz")
    assert resp.status == 200
    assert await resp.json() == {
        "status": "ready",
        "checks": {"database": "ok", "extraction": "ok"},
    }
    assert (await client.get("/healthz")).status == 200


async def test_not_ready_until_the_workers_have_loaded(aiohttp_client, settings, db, cold_pool):
    client = await aiohttp_client(create_app(settings, extraction=cold_pool))
    resp = await client.get("/readyz")
    assert resp.status == 503
    assert await resp.json() == {
        "status": "not ready",
        "checks": {"database": "ok", "extraction": "starting"},
    }
    assert (await client.get("/healthz")).status == 200  # alive all the same
    await cold_pool.warm()
    assert (await client.get("/readyz")).status == 200
    # A worker that dies or hangs means a new pool: not ready until it has loaded again.
    await cold_pool._rebuild(cold_pool._pool, "a test")
    assert (await client.get("/readyz")).status == 503
    assert cold_pool._restarter is not None
    await cold_pool._restarter
    assert (await client.get("/readyz")).status == 200


async def test_not_ready_when_the_database_does_not_answer_in_time(client, pool, monkeypatch):
    await pool.warm()
    monkeypatch.setattr(health, "DB_CHECK_S", 0.0)  # any read is now too slow
    resp = await client.get("/readyz")
    assert resp.status == 503
    assert (await resp.json())["checks"]["database"] == "unavailable"
    monkeypatch.setattr(health, "DB_CHECK_S", 2.0)
    assert (await client.get("/readyz")).status == 200  # and ready again once it answers
