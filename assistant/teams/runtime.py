"""Teams resources for the app's lifetime: settings with env overrides, one HTTP session,
the token checker, the connector, and background tasks (notifications, slow webhook turns)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from assistant.teams import config
from assistant.teams.botauth import BotAuthenticator
from assistant.teams.connector import Connector
from assistant.typedefs import (
    bot_auth_key,
    connector_key,
    settings_key,
    teams_http_key,
    teams_settings_key,
    teams_tasks_key,
)

log = logging.getLogger(__name__)


async def teams_context(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: open the session and clients; on shutdown let background sends finish."""
    teams = config.effective(app[settings_key].teams)
    session = aiohttp.ClientSession()
    tasks: set[asyncio.Task] = set()
    app[teams_settings_key] = teams
    app[teams_http_key] = session
    app[teams_tasks_key] = tasks
    app[bot_auth_key] = BotAuthenticator(teams, session)
    app[connector_key] = Connector(teams, session, config.secret(teams.app_secret_env))
    yield
    if tasks:
        # Each send has its own timeout; this bound only guards against one that hangs.
        _, pending = await asyncio.wait(set(tasks), timeout=teams.http_timeout_s + 1)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError):
                await task
    await session.close()


def hold(app: web.Application, task: asyncio.Future) -> None:
    """Keep background Teams work until it ends (shutdown waits for it); log (no content) if
    it fails."""
    tasks = app[teams_tasks_key]
    tasks.add(task)  # type: ignore[arg-type]

    def done(task: asyncio.Future) -> None:
        tasks.discard(task)  # type: ignore[arg-type]
        if not task.cancelled() and task.exception() is not None:
            log.warning("background Teams work failed: %s", type(task.exception()).__name__)

    task.add_done_callback(done)


async def settle(app: web.Application) -> None:
    """Wait until the background Teams work queued so far (and what it queues) has ended."""
    tasks = app[teams_tasks_key]
    while tasks:
        await asyncio.wait(set(tasks))
