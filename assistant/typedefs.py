"""Typed keys for everything the app and a request carry; the only shared state there is."""

from __future__ import annotations

import asyncio

import aiohttp
import jinja2
from aiohttp import web

from assistant.dbpool import DbPool
from assistant.ratelimit import FailureCounter, RateLimiter
from assistant.settings import Settings, TeamsSettings
from assistant.teams.botauth import BotAuthenticator
from assistant.teams.connector import Connector
from assistant.workers import ExtractionPool
from storage.models import User

settings_key = web.AppKey("settings", Settings)
db_key = web.AppKey("db", DbPool)
templates_key = web.AppKey("templates", jinja2.Environment)
extraction_key = web.AppKey("extraction", ExtractionPool)
limiter_key = web.AppKey("limiter", RateLimiter)
signin_failures_key = web.AppKey("signin_failures", FailureCounter)
"""Failed sign-ins per client address."""
trusted_proxies_key = web.AppKey("trusted_proxies", tuple)
"""`server.trusted_proxies` parsed once at start-up (`client_address`)."""
signing_key = web.AppKey("signing_key", bytes)
"""The key sign-in cookies are signed with (`signin.signing_context`)."""
teams_settings_key = web.AppKey("teams_settings", TeamsSettings)
"""Teams settings after environment overrides (app ID, tenant)."""
teams_http_key = web.AppKey("teams_http", aiohttp.ClientSession)
bot_auth_key = web.AppKey("bot_auth", BotAuthenticator)
connector_key = web.AppKey("connector", Connector)
teams_tasks_key = web.AppKey("teams_tasks", set[asyncio.Task])
"""Background Teams work (notifications, webhook turns that outlive their reply)."""

user_key = web.RequestKey("user", User)
aborted_key = web.RequestKey("aborted", bool)
"""The client went away while sending the body: logged once, quietly, by `errors`."""
csrf_key = web.RequestKey("csrf", str)
"""The session's CSRF token; absent for bearer-token API calls, which need none."""
