"""Slow clients: a body that has not all arrived `server.body_timeout_s` after its headers
is answered 408 and the connection closed. (Headers are timed by aiohttp's keep-alive timer,
`server.header_timeout_s`, which `assistant serve` passes to it.)"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def body_deadline(seconds: float, own_body: tuple[str, ...] = ()) -> Callable:
    """408 for a body that has not all arrived `seconds` after its headers (a slow client
    holding a connection); read here once, aiohttp keeps it for the handler. Paths in
    `own_body` stream their body themselves (audio, over the JSON limit) under the same
    deadline (`read_within`)."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.body_exists and request.path not in own_body:
            try:
                async with asyncio.timeout(seconds):
                    await request.read()
            except TimeoutError:
                log.info("request body too slow on %s %s", request.method, request.path)
                response = web.Response(status=408, text="The request took too long to send.")
                response.force_close()
                return response
        return await handler(request)

    return middleware
