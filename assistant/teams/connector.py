"""Replies to Teams through the Bot Connector, with a bot token from client credentials."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

from assistant.settings import TeamsSettings

log = logging.getLogger(__name__)


class ConnectorError(Exception):
    """A reply could not be delivered (token refused, connector error, timeout)."""


class Connector:
    """Posts reply activities to `{serviceUrl}v3/conversations/{id}/activities/{replyToId}`."""

    REFRESH_MARGIN_S = 300.0
    """A cached bot token is replaced this long before it expires."""

    def __init__(
        self,
        settings: TeamsSettings,
        session: aiohttp.ClientSession,
        secret: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._session = session
        self._secret = secret
        self._clock = clock
        self._token: str | None = None
        self._token_until = 0.0
        self._lock = asyncio.Lock()
        self.token_fetches = 0
        """How many bot tokens were requested (for tests and logs)."""

    @property
    def token_url(self) -> str:
        """The client-credentials endpoint for this bot's tenant (botframework.com if none)."""
        return self.settings.token_url.format(tenant=self.settings.tenant_id or "botframework.com")

    async def token(self) -> str:
        """A bot token, reused until `REFRESH_MARGIN_S` before it expires."""
        if self._token and self._clock() < self._token_until:
            return self._token
        async with self._lock:
            if self._token and self._clock() < self._token_until:
                return self._token  # fetched by another reply while this one waited
            if not self.settings.app_id or not self._secret:
                raise ConnectorError("no app ID or app secret configured")
            form = {
                "grant_type": "client_credentials",
                "client_id": self.settings.app_id,
                "client_secret": self._secret,
                "scope": self.settings.token_scope,
            }
            self.token_fetches += 1
            data = await self._post(self.token_url, data=form, what="bot token")
            token, expires_in = data.get("access_token"), data.get("expires_in", 0)
            if not isinstance(token, str) or not token:
                raise ConnectorError("the token service answered without an access token")
            try:
                lifetime = float(expires_in)
            except (TypeError, ValueError):
                lifetime = 0.0
            self._token = token
            self._token_until = self._clock() + max(lifetime - self.REFRESH_MARGIN_S, 0.0)
            return token

    def forget_token(self) -> None:
        """Drop the cached token (after the connector refused it)."""
        self._token = None
        self._token_until = 0.0

    async def reply(self, activity: dict, reply: dict) -> None:
        """Send `reply` into the conversation of `activity`, as a reply to it."""
        # Already percent-encoded as the SDKs do; yarl would otherwise decode ":" and ";".
        url = URL(reply_url(activity), encoded=True)
        body = reply_activity(activity, reply)
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {await self.token()}"}
            try:
                await self._post(url, json=body, headers=headers, what="reply")
                return
            except _Refused:
                self.forget_token()
                if attempt == 2:
                    raise ConnectorError("the connector refused the bot token") from None

    async def _post(self, url: str | URL, *, what: str, **kwargs: Any) -> dict:
        timeout = aiohttp.ClientTimeout(total=self.settings.http_timeout_s)
        try:
            # No redirects: the bot token and secret go to the URL named and nowhere else.
            async with self._session.post(
                url, timeout=timeout, allow_redirects=False, **kwargs
            ) as resp:
                if resp.status == 401 and what == "reply":
                    raise _Refused()
                if resp.status >= 300:
                    log.warning("Teams %s failed: HTTP %s", what, resp.status)
                    raise ConnectorError(f"{what}: HTTP {resp.status}")
                if resp.content_length == 0 or resp.status == 204:
                    return {}
                data = await resp.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("Teams %s failed: %s", what, type(exc).__name__)
            raise ConnectorError(f"{what}: {type(exc).__name__}") from None
        except ValueError:
            data = {}  # a reply acknowledged with a body that is not JSON is still delivered
        return data if isinstance(data, dict) else {}


class _Refused(Exception):
    """The connector answered 401: the token may be stale."""


def reply_url(activity: dict) -> str:
    """Where a reply to `activity` is posted; serviceUrl may or may not end in "/"."""
    service_url = str(activity.get("serviceUrl") or "")
    conversation = (activity.get("conversation") or {}).get("id")
    if not service_url or not conversation:
        raise ConnectorError("the activity has no serviceUrl or conversation id")
    base = service_url if service_url.endswith("/") else service_url + "/"
    path = f"v3/conversations/{quote(str(conversation), safe='')}/activities"
    activity_id = activity.get("id")
    return f"{base}{path}/{quote(str(activity_id), safe='')}" if activity_id else f"{base}{path}"


def reply_activity(activity: dict, reply: dict) -> dict:
    """`reply` addressed back to the sender, in the same conversation, as a reply to it."""
    body = {"type": "message", **reply}
    body.setdefault("from", activity.get("recipient"))
    body.setdefault("recipient", activity.get("from"))
    body.setdefault("conversation", activity.get("conversation"))
    body.setdefault("channelId", activity.get("channelId"))
    body.setdefault("serviceUrl", activity.get("serviceUrl"))
    if activity.get("id"):
        body.setdefault("replyToId", activity["id"])
    return {k: v for k, v in body.items() if v is not None}
