"""/healthz: answers without signing in, says nothing about the data."""

from __future__ import annotations

from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/healthz", name="healthz")
async def healthz(request: web.Request) -> web.Response:
    """The process is up and serving."""
    return web.json_response({"status": "ok"})
