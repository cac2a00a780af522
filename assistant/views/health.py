"""/healthz and /readyz for a load balancer: both answer without signing in and say
nothing about the data.

/healthz is liveness (the process is serving; restart it if not). /readyz is readiness
(send it officers' requests): 503 while the database does not answer a small read in
time, or while the extraction workers are starting or restarting, so the balancer routes
around an instance that would keep officers waiting. (Migrations need no check here: every
connection applies them as it opens, before it answers.)
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from sqlite_utils import Database

from assistant.typedefs import db_key, extraction_key

log = logging.getLogger(__name__)

routes = web.RouteTableDef()
DB_CHECK_S = 2.0
"""A database slower than this to answer one small read is not ready (a locked disk)."""


@routes.get("/healthz", name="healthz")
async def healthz(request: web.Request) -> web.Response:
    """The process is up and serving."""
    return web.json_response({"status": "ok"})


def _answers(db: Database) -> bool:
    """One small read of the database: it is there, readable and not locked."""
    return db.execute("SELECT count(*) FROM teams").fetchone() is not None


async def _database(app: web.Application) -> str:
    pool = app.get(db_key)
    if pool is None:
        return "starting"
    try:
        answered = await asyncio.wait_for(pool.read(_answers), DB_CHECK_S)
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready", said in the log
        log.warning("readiness: the database did not answer (%s)", type(exc).__name__)
        return "unavailable"
    return "ok" if answered else "unavailable"


def _extraction(app: web.Application) -> str:
    workers = app.get(extraction_key)
    return "ok" if workers is not None and workers.ready else "starting"


@routes.get("/readyz", name="readyz")
async def readyz(request: web.Request) -> web.Response:
    """200 when this instance can serve officers' requests, else 503 saying which part waits."""
    checks = {"database": await _database(request.app), "extraction": _extraction(request.app)}
    ready = all(value == "ok" for value in checks.values())
    return web.json_response(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
