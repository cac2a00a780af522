"""Sign-in, sessions, bearer tokens, CSRF, and who may use which route."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

from assistant.typedefs import csrf_key, db_key, settings_key, user_key
from storage import accounts

log = logging.getLogger(__name__)

COOKIE = "casenotes_session"
# Teams endpoints authenticate themselves (Connector JWT, webhook HMAC): no session, no CSRF.
SELF_AUTHENTICATED = ("/api/messages", "/api/teams/webhook")
PUBLIC_PATHS = (
    "/login",
    "/healthz",
    "/readyz",
    "/api/v1/openapi.json",
    "/favicon.ico",
    *SELF_AUTHENTICATED,
)
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def roles(*allowed: str, hide: bool = False) -> Callable[[Handler], Handler]:
    """Mark a handler as open to these roles; others get 403 (404 with `hide`, for records)."""

    def mark(handler: Handler) -> Handler:
        handler.allowed_roles = allowed  # type: ignore[attr-defined]
        handler.hide_refusal = hide  # type: ignore[attr-defined]
        return handler

    return mark


CASE_ROLES = ("officer", "supervisor")


def _is_public(request: web.Request) -> bool:
    return request.path in PUBLIC_PATHS or request.path.startswith("/assets/")


async def _from_request(request: web.Request) -> None:
    """Set the request's user (and CSRF token for sessions) from a bearer token or cookie."""
    db = request.app[db_key]
    settings = request.app[settings_key]
    header = request.headers.get("Authorization", "")
    if request.path.startswith("/api/") and header.lower().startswith("bearer "):
        user = await db.read(accounts.verify_token, header[7:].strip())
        if user is not None:
            request[user_key] = user
        return
    token = request.cookies.get(COOKIE)
    if token:
        session = await db.read(accounts.get_session, token, settings.auth)
        if session is not None:
            request[user_key] = session.user
            request[csrf_key] = session.csrf_token


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Everything except sign-in, /healthz, /readyz and assets needs a user with an allowed role."""
    if request.path.startswith("/assets/") or request.path in SELF_AUTHENTICATED:
        # No session lookup for every stylesheet and font, nor for Teams' own-auth endpoints.
        return await handler(request)
    await _from_request(request)
    if _is_public(request):
        return await handler(request)
    user = request.get(user_key)
    if user is None:
        if request.path.startswith("/api/"):
            raise web.HTTPUnauthorized(
                text="sign in or send an API token", headers={"WWW-Authenticate": "Bearer"}
            )
        target = request.path_qs if request.method == "GET" else "/"
        raise web.HTTPSeeOther(f"/login?{_next_query(target)}")
    route_handler = request.match_info.handler
    allowed = getattr(route_handler, "allowed_roles", None)
    if allowed is not None and user.role not in allowed:
        hide = getattr(route_handler, "hide_refusal", False)
        raise web.HTTPNotFound() if hide else web.HTTPForbidden()
    return await handler(request)


def _next_query(target: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": target})


@web.middleware
async def csrf(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A state-changing request made with a session cookie must carry the session's token."""
    if request.method in UNSAFE_METHODS and request.path not in SELF_AUTHENTICATED:
        origin = request.headers.get("Origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="This request came from another site and was refused.")
        expected = request.get(csrf_key)
        if expected is not None:
            sent: object = request.headers.get("X-CSRF-Token")
            if sent is None and request.content_type in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ):
                sent = (await request.post()).get("csrf_token")
            if not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
                raise web.HTTPForbidden(
                    text="This form has expired. Go back, reload the page and try again."
                )
    return await handler(request)


def set_session_cookie(response: web.StreamResponse, token: str, secure: bool) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS."""
    response.set_cookie(
        COOKIE, token, httponly=True, samesite="Lax", secure=secure, path="/", max_age=None
    )
