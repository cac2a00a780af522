"""Teams resources for the app's lifetime: settings with env overrides, one HTTP session,
the token checker, the connector, and background tasks (notifications, slow webhook turns)."""

from __future__ import annotations

import asyncio
import contextlib
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
