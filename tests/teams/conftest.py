"""Teams fixtures: a test RSA key, signed tokens, activities built with Microsoft's own
`microsoft-agents-activity`, a loopback "Microsoft" (OpenID metadata, JWKS, token endpoint,
connector, channel webhook) that records what it is sent, and the app wired to it.

Reuse: `teams_client` (signed out, Teams configured), `microsoft` (what was sent to Teams),
`make_token(**claims)`, `make_activity(text, **fields)`, `post_activity`, `post_webhook`.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import itertools
import json
import sys
import time
import types
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from microsoft_agents.activity import Activity, ChannelAccount, ConversationAccount

from assistant.app import create_app
from assistant.settings import (
    AuthSettings,
    ServerSettings,
    Settings,
    StorageSettings,
    TeamsSettings,
)
from assistant.teams import runtime
from tests.web.conftest import cheap_hashing, db, pool  # noqa: F401 - fixtures reused here

APP_ID = "00000000-0000-4000-8000-00000000b07a"
TENANT_ID = "11111111-1111-4111-8111-111111111111"
ISSUER = "https://api.botframework.com"
KID = "test-key-1"
APP_SECRET = "test-app-secret"
WEBHOOK_SECRET = base64.b64encode(b"a shared secret of 32 bytes long").decode()
PUBLIC_URL = "https://casenotes.example"
BOT_ID = f"28:{APP_ID}"
AAD_ID = "aad-olivia-0001"
ENV = {
    "CASENOTES_TEAMS_APP_SECRET": APP_SECRET,
    "CASENOTES_TEAMS_WEBHOOK_SECRET": WEBHOOK_SECRET,
}
CLEARED_ENV = (
    "CASENOTES_TEAMS_APP_ID",
    "CASENOTES_TEAMS_TENANT_ID",
    "CASENOTES_TEAMS_NOTIFY_URL",
)


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    """The key the fake Microsoft publishes and signs Connector tokens with."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def forged_key() -> rsa.RSAPrivateKey:
    """A key Microsoft never published: tokens signed with it are forgeries."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str, endorsements: list[str] | None) -> dict:
    """The JWKS entry for `key`, with Bot Framework's `endorsements` when given."""
    jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    jwk.update({"kid": kid, "use": "sig"})
    if endorsements is not None:
        jwk["endorsements"] = endorsements
    return jwk


@dataclass
class FakeMicrosoft:
    """Loopback stand-in for login.botframework.com, Entra ID, the connector and a channel."""

    key: rsa.RSAPrivateKey
    url: str = ""
    jwks: list[dict] = field(default_factory=list)
    hits: Counter = field(default_factory=Counter)
    token_forms: list[dict[str, str]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)
    """Connector posts: {"path", "authorization", "activity"}."""
    notifications: list[dict[str, Any]] = field(default_factory=list)
    delay: dict[str, float] = field(default_factory=dict)
    """Seconds an endpoint ("openid", "keys", "token", "connector", "notify") waits."""
    status: dict[str, int] = field(default_factory=dict)
    """An HTTP status an endpoint answers with instead of its normal answer."""
    token_lifetime_s: int = 3600
    _tokens: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def service_url(self) -> str:
        """The serviceUrl activities carry: replies go to the fake connector."""
        return f"{self.url}/connector/"

    @property
    def notify_url(self) -> str:
        """A channel's incoming-webhook / Workflows URL."""
        return f"{self.url}/notify"

    def app(self) -> web.Application:
        """The fake's routes."""
        app = web.Application()
        app.router.add_get("/openid", self._openid)
        app.router.add_get("/keys", self._keys)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_post(
            "/connector/v3/conversations/{conversation}/activities/{id}", self._reply
        )
        app.router.add_post("/connector/v3/conversations/{conversation}/activities", self._reply)
        app.router.add_post("/notify", self._notify)
        return app

    async def _answer(self, name: str) -> web.Response | None:
        self.hits[name] += 1
        if self.delay.get(name):
            await asyncio.sleep(self.delay[name])
        if name in self.status:
            return web.json_response({"error": "fake failure"}, status=self.status[name])
        return None

    async def _openid(self, request: web.Request) -> web.Response:
        return await self._answer("openid") or web.json_response(
            {
                "issuer": ISSUER,
                "jwks_uri": f"{self.url}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        return await self._answer("keys") or web.json_response({"keys": self.jwks})

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.token_forms.append({"tenant": request.match_info["tenant"], **form})  # type: ignore[dict-item]
        return await self._answer("token") or web.json_response(
            {
                "token_type": "Bearer",
                "expires_in": self.token_lifetime_s,
                "access_token": f"bot-token-{next(self._tokens)}",
            }
        )

    async def _reply(self, request: web.Request) -> web.Response:
        self.replies.append(
            {
                "path": request.raw_path,
                "authorization": request.headers.get("Authorization"),
                "activity": await request.json(),
            }
        )
        return await self._answer("connector") or web.json_response({"id": f"r{len(self.replies)}"})

    async def _notify(self, request: web.Request) -> web.Response:
        self.notifications.append(await request.json())
        return await self._answer("notify") or web.Response(status=202)


@pytest.fixture
async def microsoft(aiohttp_server, rsa_key) -> FakeMicrosoft:
    """The running fake Microsoft, publishing `rsa_key` endorsed for "msteams"."""
    fake = FakeMicrosoft(rsa_key, jwks=[public_jwk(rsa_key, KID, ["msteams"])])
    server = await aiohttp_server(fake.app())
    fake.url = str(server.make_url("")).rstrip("/")
    return fake


@pytest.fixture
def teams_settings(microsoft: FakeMicrosoft) -> TeamsSettings:
    """Teams configured with every URL pointing at the fake Microsoft."""
    return TeamsSettings(
        app_id=APP_ID,
        tenant_id=TENANT_ID,
        openid_metadata_url=f"{microsoft.url}/openid",
        issuer=ISSUER,
        token_url=f"{microsoft.url}/{{tenant}}/oauth2/v2.0/token",
        http_timeout_s=2.0,
        webhook_reply_s=2.0,
    )


@pytest.fixture
def settings(db_backend, teams_settings: TeamsSettings) -> Settings:
    """The web tests' settings (a fresh database on each backend) with Teams configured."""
    return Settings(
        server=ServerSettings(
            workers=1, max_body_bytes=64 * 1024, db_read_threads=2, public_url=PUBLIC_URL
        ),
        storage=StorageSettings(database=db_backend.database_setting),
        auth=AuthSettings(max_failed_logins=3, failed_sign_in_delay_s=0.0),
        teams=teams_settings,
    )


@pytest.fixture
def teams_env(monkeypatch) -> dict[str, str]:
    """App secret and webhook secret set; app ID, tenant and notify URL overrides cleared."""
    for name in CLEARED_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    return dict(ENV)


@pytest.fixture
def make_teams_client(aiohttp_client, settings, db, pool, teams_env):  # noqa: F811
    """Build a client on the app; keyword arguments replace TeamsSettings fields."""

    async def make(**teams_changes: Any):
        teams = dataclasses.replace(settings.teams, **teams_changes)
        app = create_app(dataclasses.replace(settings, teams=teams), extraction=pool)
        return await aiohttp_client(app)

    return make


@pytest.fixture
async def teams_client(make_teams_client):
    """A test client on the app with Teams configured against the fake Microsoft."""
    return await make_teams_client()


@pytest.fixture
def make_token(rsa_key, microsoft):
    """Sign a Connector token; claims given as None are left out.

    Args (keyword-only, besides claims): key (signing key, default `rsa_key`), kid, alg.
    """

    def make(*, key: Any = None, kid: str | None = KID, alg: str = "RS256", **claims: Any) -> str:
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": ISSUER,
            "aud": APP_ID,
            "iat": now - 10,
            "nbf": now - 10,
            "exp": now + 3600,
            "serviceurl": microsoft.service_url,
        }
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        headers = {"kid": kid} if kid is not None else {}
        return jwt.encode(body, rsa_key if key is None else key, algorithm=alg, headers=headers)

    return make


_ids = itertools.count(1)


@pytest.fixture
def make_activity(microsoft):
    """Build an activity with microsoft-agents-activity (as Teams sends it) as a JSON dict.

    Keyword arguments: `type`, `aad_object_id`, `name`, `value`, and any top-level JSON field
    (camelCase, e.g. serviceUrl=..., channelId=...) to replace after building.
    """

    def make(
        text: str | None = "hello",
        *,
        type: str = "message",
        aad_object_id: str | None = AAD_ID,
        conversation_id: str = "a:1on1-conversation;messageid=1",
        name: str | None = None,
        value: Any = None,
        **fields: Any,
    ) -> dict[str, Any]:
        optional = {"text": text, "name": name, "value": value}
        activity = Activity(
            type=type,
            id=f"1700000000{next(_ids):03d}",
            **{k: v for k, v in optional.items() if v is not None},
            channel_id="msteams",
            service_url=microsoft.service_url,
            from_property=ChannelAccount(
                id="29:officer-teams-id", name="Officer", aad_object_id=aad_object_id
            ),
            recipient=ChannelAccount(id=BOT_ID, name="casenotes"),
            conversation=ConversationAccount(
                id=conversation_id, conversation_type="personal", tenant_id=TENANT_ID
            ),
            channel_data={"tenant": {"id": TENANT_ID}},
        )
        data = activity.model_dump(mode="json", by_alias=True, exclude_none=True)
        data.update(fields)
        return {k: v for k, v in data.items() if v is not None}

    return make


async def post_activity(client, activity: dict | bytes, token: str | None, **headers: str):
    """POST an activity (or raw bytes) to /api/messages with `Bearer token` when given."""
    body = activity if isinstance(activity, bytes) else json.dumps(activity).encode()
    sent = {"Content-Type": "application/json", **headers}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    resp = await client.post("/api/messages", data=body, headers=sent)
    await runtime.settle(client.server.app)  # a message's reply is sent in the background
    return resp


def webhook_signature(body: bytes, secret_b64: str = WEBHOOK_SECRET) -> str:
    """`HMAC <sig>` as Teams computes it, written independently of hmac_auth."""
    import hashlib
    import hmac

    digest = hmac.new(base64.b64decode(secret_b64), body, hashlib.sha256).digest()
    return "HMAC " + base64.b64encode(digest).decode()


async def post_webhook(client, activity: dict | bytes, *, authorization: str | None = "sign"):
    """POST to /api/teams/webhook, signed correctly unless `authorization` says otherwise."""
    body = activity if isinstance(activity, bytes) else json.dumps(activity).encode()
    headers = {"Content-Type": "application/json"}
    if authorization == "sign":
        headers["Authorization"] = webhook_signature(body)
    elif authorization is not None:
        headers["Authorization"] = authorization
    return await client.post("/api/teams/webhook", data=body, headers=headers)


@dataclass
class RecordingBot:
    """Stands in for assistant.teams.bot in protocol tests: records what reached bot code."""

    activities: list[dict] = field(default_factory=list)
    replies: list[dict] = field(default_factory=lambda: [{"type": "message", "text": "ok"}])
    invoke_response: dict | None = None
    webhook_delay_s: float = 0.0
    webhook_done: list[dict] = field(default_factory=list)

    async def on_activity(self, app, activity: dict):
        self.activities.append(activity)
        return types.SimpleNamespace(replies=self.replies, invoke_response=self.invoke_response)

    async def on_webhook(self, app, activity: dict) -> dict:
        self.activities.append(activity)
        await asyncio.sleep(self.webhook_delay_s)
        self.webhook_done.append(activity)
        return {"type": "message", "text": f"read: {activity.get('text')}"}

    def webhook_timeout_reply(self, app, activity: dict) -> dict:
        return {"type": "message", "text": "still working"}


@pytest.fixture
def recording_bot(monkeypatch) -> RecordingBot:
    """Replace the bot's three entry points (real module or, until it exists, a stand-in)."""
    import assistant.teams as package

    try:
        import assistant.teams.bot as module
    except ImportError:
        module = types.ModuleType("assistant.teams.bot")
        monkeypatch.setitem(sys.modules, "assistant.teams.bot", module)
        monkeypatch.setattr(package, "bot", module, raising=False)
    recorder = RecordingBot()
    for name in ("on_activity", "on_webhook", "webhook_timeout_reply"):
        monkeypatch.setattr(module, name, getattr(recorder, name), raising=False)
    return recorder


@pytest.fixture
async def http():
    """A client session of the test's own, for the parts that take one."""
    async with aiohttp.ClientSession() as session:
        yield session
