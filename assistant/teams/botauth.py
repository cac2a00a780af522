"""Bot Framework requests authenticated as Microsoft specifies: a Bearer JWT from the Connector.

The checks follow "Authentication with the Bot Connector API" (connector to bot): Bearer
scheme, RS256 with a key from the JWKS named by the OpenID metadata, issuer, audience = our
app ID, expiry and not-before with 5 minutes' leeway, the key endorsed for the activity's
channel, and the token's `serviceurl` claim equal to the activity's `serviceUrl`.
A bad or missing token is 401; a good token that does not vouch for this activity is 403.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm

from assistant.settings import TeamsSettings

log = logging.getLogger(__name__)

ALGORITHM = "RS256"


class BotAuthError(Exception):
    """The request is refused: `status` 401 (no valid token) or 403 (token not for this)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class KeysUnavailable(Exception):
    """Microsoft's signing keys could not be fetched and none are cached: answer 503."""


@dataclass(frozen=True)
class SigningKey:
    """One JWKS key: the RSA public key and the channels it is endorsed for (None: any)."""

    public: Any
    endorsements: frozenset[str] | None


class BotAuthenticator:
    """Verifies Connector tokens against Microsoft's published keys, cached and refreshed."""

    UNKNOWN_KID_REFRESH_S = 60.0
    """A token naming a key we do not hold refetches the keys at most this often."""
    FAILED_RETRY_S = 5.0
    """After a failed fetch, requests in this window use what is cached (or get 503)."""

    def __init__(
        self,
        settings: TeamsSettings,
        session: aiohttp.ClientSession,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._session = session
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._tried_at: float | None = None
        self._failed_at: float | None = None
        self._lock = asyncio.Lock()

    async def authenticate(self, authorization: str | None, activity: dict) -> dict:
        """The verified claims of the request's token, or BotAuthError (or KeysUnavailable)."""
        token = _bearer(authorization)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise BotAuthError(401, "malformed token") from None
        if header.get("alg") != ALGORITHM:
            raise BotAuthError(401, "token not signed with RS256")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise BotAuthError(401, "token names no signing key")
        key = await self._key(kid)
        if key is None:
            raise BotAuthError(401, "token signed by an unknown key")
        claims = self._decode(token, key)
        self._check_activity(claims, key, activity)
        return claims

    def _decode(self, token: str, key: SigningKey) -> dict:
        if not self.settings.app_id:
            raise BotAuthError(401, "no app ID configured")
        try:
            return jwt.decode(
                token,
                key.public,
                algorithms=[ALGORITHM],
                audience=self.settings.app_id,
                issuer=self.settings.issuer,
                leeway=self.settings.clock_skew_s,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise BotAuthError(401, "token expired") from None
        except jwt.ImmatureSignatureError:
            raise BotAuthError(401, "token not yet valid") from None
        except jwt.InvalidAudienceError:
            raise BotAuthError(401, "token for another audience") from None
        except jwt.InvalidIssuerError:
            raise BotAuthError(401, "token from another issuer") from None
        except jwt.InvalidSignatureError:
            raise BotAuthError(401, "bad token signature") from None
        except jwt.InvalidTokenError as exc:
            raise BotAuthError(401, f"invalid token ({type(exc).__name__})") from None

    def _check_activity(self, claims: dict, key: SigningKey, activity: dict) -> None:
        channel = activity.get("channelId")
        if channel != self.settings.channel_id:
            raise BotAuthError(403, "activity from another channel")
        if key.endorsements is not None and channel not in key.endorsements:
            raise BotAuthError(403, "signing key not endorsed for this channel")
        service_url = claims.get("serviceurl", claims.get("serviceUrl"))
        if not service_url or service_url != activity.get("serviceUrl"):
            raise BotAuthError(403, "serviceUrl does not match the token")
        expected = self.settings.tenant_id.strip().lower()
        if expected and activity_tenant(activity).lower() != expected:
            # A single-tenant bot: anyone in another organisation who finds the bot gets
            # nothing, not even a link code.
            raise BotAuthError(403, "activity from another tenant")

    async def _key(self, kid: str) -> SigningKey | None:
        if self._expired():
            await self._refresh(lambda: not self._expired())
        key = self._keys.get(kid)
        if key is None and self._may_refetch():
            # Microsoft rolls keys: one refetch for a new kid, rate limited against forgeries.
            await self._refresh(lambda: kid in self._keys or not self._may_refetch())
            key = self._keys.get(kid)
        return key

    def _expired(self) -> bool:
        if self._fetched_at is None:
            return True
        return self._clock() - self._fetched_at > self.settings.keys_cache_hours * 3600

    def _may_refetch(self) -> bool:
        return (
            self._tried_at is None or self._clock() - self._tried_at >= self.UNKNOWN_KID_REFRESH_S
        )

    async def _refresh(self, done: Callable[[], bool]) -> None:
        async with self._lock:
            if done():
                return  # another request fetched while this one waited
            now = self._clock()
            if self._failed_at is not None and now - self._failed_at < self.FAILED_RETRY_S:
                # Failed a moment ago: queued requests must not each wait out a timeout.
                if not self._keys:
                    raise KeysUnavailable("the key service failed moments ago")
                return
            self._tried_at = now
            try:
                keys = await self._fetch()
            except KeysUnavailable:
                self._failed_at = self._clock()
                if not self._keys:
                    raise
                log.warning("Bot Framework keys could not be refreshed; using cached keys")
                return
            self._keys = keys
            self._fetched_at = self._clock()
            self._failed_at = None

    async def _fetch(self) -> dict[str, SigningKey]:
        metadata = await self._get_json(self.settings.openid_metadata_url)
        algs = metadata.get("id_token_signing_alg_values_supported")
        if isinstance(algs, list) and ALGORITHM not in algs:
            raise KeysUnavailable("OpenID metadata does not offer RS256")
        jwks_uri = metadata.get("jwks_uri")
        if not isinstance(jwks_uri, str):
            raise KeysUnavailable("OpenID metadata has no jwks_uri")
        return parse_jwks(await self._get_json(jwks_uri))

    async def _get_json(self, url: str) -> dict:
        timeout = aiohttp.ClientTimeout(total=self.settings.http_timeout_s)
        try:
            async with self._session.get(url, timeout=timeout) as resp:
                if resp.status != 200:
                    raise KeysUnavailable(f"HTTP {resp.status} from the key service")
                data = await resp.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("Bot Framework key fetch failed: %s", type(exc).__name__)
            raise KeysUnavailable(type(exc).__name__) from None
        if not isinstance(data, dict):
            raise KeysUnavailable("key service answered with something other than an object")
        return data


def parse_jwks(jwks: dict) -> dict[str, SigningKey]:
    """RSA signature keys by kid; others (and malformed ones) are skipped."""
    keys: dict[str, SigningKey] = {}
    for jwk in jwks.get("keys") or []:
        if not isinstance(jwk, dict) or jwk.get("kty") != "RSA" or jwk.get("use", "sig") != "sig":
            continue
        kid = jwk.get("kid")
        if not isinstance(kid, str):
            continue
        try:
            public = RSAAlgorithm.from_jwk(jwk)
        except (jwt.InvalidKeyError, ValueError, KeyError, TypeError):
            log.warning("skipping a malformed signing key")
            continue
        endorsements = None
        if "endorsements" in jwk:  # present but empty or malformed: endorsed for nothing
            endorsed = jwk["endorsements"] if isinstance(jwk["endorsements"], list) else []
            endorsements = frozenset(e for e in endorsed if isinstance(e, str))
        keys[kid] = SigningKey(public, endorsements)
    if not keys:
        raise KeysUnavailable("the key set holds no RSA signing keys")
    return keys


def _bearer(authorization: str | None) -> str:
    if not authorization:
        raise BotAuthError(401, "no Authorization header")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise BotAuthError(401, "Authorization is not a Bearer token")
    return token.strip()


def activity_tenant(activity: dict) -> str:
    """The sender's Microsoft 365 tenant id as the activity states it ("" if it does not)."""
    channel_data = activity.get("channelData") or {}
    tenant = (channel_data.get("tenant") or {}) if isinstance(channel_data, dict) else {}
    conversation = activity.get("conversation") or {}
    found = (tenant.get("id") if isinstance(tenant, dict) else None) or (
        conversation.get("tenantId") if isinstance(conversation, dict) else None
    )
    return str(found or "")
