"""Typed keys for everything the app and a request carry; the only shared state there is."""

from __future__ import annotations

import jinja2
from aiohttp import web

from assistant.dbpool import DbPool
from assistant.ratelimit import RateLimiter
from assistant.settings import Settings
from assistant.workers import ExtractionPool
from storage.models import User

settings_key = web.AppKey("settings", Settings)
db_key = web.AppKey("db", DbPool)
templates_key = web.AppKey("templates", jinja2.Environment)
extraction_key = web.AppKey("extraction", ExtractionPool)
limiter_key = web.AppKey("limiter", RateLimiter)

user_key = web.RequestKey("user", User)
csrf_key = web.RequestKey("csrf", str)
"""The session's CSRF token; absent for bearer-token API calls, which need none."""
