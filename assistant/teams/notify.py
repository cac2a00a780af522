"""Channel notifications when an entry is submitted or returned: counts and a link by default.

Sent in the background to the incoming-webhook / Workflows URL held in the environment
variable `notify_url_env`; nothing is sent when it is unset. A failed notification is
logged (status or error type only) and never fails the officer's action.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from aiohttp import web

from assistant.teams import cards, config, runtime
from assistant.typedefs import (
    db_key,
    settings_key,
    teams_http_key,
    teams_settings_key,
)
from storage.models import Entry
from storage.team_counts import team_status_counts

log = logging.getLogger(__name__)

EVENTS = {"submitted": "An entry was submitted for review", "returned": "An entry was returned"}
PAGES = {"submitted": "/review", "returned": "/drafts"}


def entry_changed(app: web.Application, entry: Entry) -> None:
    """Queue a channel message if `entry` was just submitted or returned and a URL is set."""
    if entry.status not in EVENTS:
        return
    teams = app.get(teams_settings_key)  # absent only if the app was never started
    if teams is None:
        return
    url = config.secret(teams.notify_url_env)
    if not url:
        return
    runtime.hold(app, asyncio.ensure_future(_send(app, url, entry.id, entry.crn, entry.status)))


def message(
    event: str, counts: dict[str, int], public_url: str, detail: str, entry_id: int, crn: str
) -> dict[str, Any]:
    """The Workflows-compatible message: an Adaptive Card with counts and one open-URL link."""
    base = public_url.rstrip("/")
    facts = [
        {"title": "Waiting for review", "value": str(counts.get("submitted", 0))},
        {"title": "Returned to officers", "value": str(counts.get("returned", 0))},
    ]
    url = f"{base}{PAGES[event]}"
    if detail == "entry":  # the team chose to name the case: the CRN, never a name or note
        facts.insert(0, {"title": "CRN", "value": crn})
        url = f"{base}/entries/{entry_id}"
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": EVENTS[event], "weight": "Bolder", "wrap": True},
            {"type": "FactSet", "facts": facts},
        ],
        "actions": [{"type": "Action.OpenUrl", "title": "Open casenotes", "url": url}],
    }
    return {
        "type": "message",
        "attachments": [{"contentType": cards.CARD_TYPE, "contentUrl": None, "content": card}],
    }


async def _send(app: web.Application, url: str, entry_id: int, crn: str, event: str) -> None:
    teams = app[teams_settings_key]
    try:
        counts = await app[db_key].read(team_status_counts, crn)
        payload = message(
            event, counts, app[settings_key].server.public_url, teams.notify_detail, entry_id, crn
        )
        timeout = aiohttp.ClientTimeout(total=teams.http_timeout_s)
        session = app[teams_http_key]
        async with session.post(url, json=payload, timeout=timeout, allow_redirects=False) as resp:
            if resp.status >= 300:
                log.warning("Teams channel notification refused: HTTP %s", resp.status)
    except Exception as exc:  # noqa: BLE001 - a notification must never break anything else
        log.warning("Teams channel notification failed: %s", type(exc).__name__)
