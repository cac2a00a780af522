"""Signing in and out: the login form's own CSRF defences, throttling, known browsers.

Before there is a session the form still needs a CSRF token: GET /login sets a random
pre-session cookie and the form carries an HMAC of it, and the POST must carry both and a
same-site `Origin` (login CSRF would sign an officer into an attacker's account).
Failed sign-ins are counted per client address (429 after `max_failed_logins_per_address`)
as well as per account. An account lock that anyone could set off by guessing would let
them keep an officer out, so a browser that has signed in to the account before (a signed
cookie) passes the lock with the right password. The failures, the lock and the key the
cookies are signed with all live in the database, so they hold on every app instance.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import logging
import math
import os
import secrets
import time
from collections.abc import AsyncIterator
from hashlib import sha256
from urllib.parse import unquote, urlsplit

from aiohttp import web
from sqlite_utils import Database

from assistant.auth import COOKIE, set_session_cookie
from assistant.client_address import client_address
from assistant.ratelimit import FailureCounter
from assistant.settings import AuthSettings
from assistant.typedefs import (
    db_key,
    settings_key,
    signin_failures_key,
    signing_key,
    trusted_proxies_key,
    user_key,
)
from assistant.views.render import render
from storage import accounts, app_secrets
from storage.errors import AuthenticationFailed
from storage.models import User

log = logging.getLogger(__name__)

routes = web.RouteTableDef()
PRE_COOKIE = "casenotes_signin"
BROWSER_COOKIE = "casenotes_browser"
BROWSER_DAYS = 90
SECRET_NAME = "signin-signing"


def configured_secret(settings: AuthSettings) -> bytes | None:
    """The key from the environment variable `auth.secret_env`, if set."""
    value = os.environ.get(settings.secret_env, "").strip()
    return value.encode("utf-8") if value else None


async def signing_context(app: web.Application) -> AsyncIterator[None]:
    """Load the fallback signing key, kept in the database (made on first start), so every
    instance on the database accepts the cookies and form tokens the others signed."""
    stored = await app[db_key].write(app_secrets.ensure_secret, SECRET_NAME)
    app[signing_key] = stored.encode("utf-8")
    yield


def signing_secret(app: web.Application) -> bytes:
    """The key from `auth.secret_env` (read each time, so a rotation takes effect at once);
    without one, the key kept in the database."""
    return configured_secret(app[settings_key].auth) or app[signing_key]


def _mac(app: web.Application, purpose: str, value: str) -> str:
    message = f"{purpose}:{value}".encode()
    return hmac.new(signing_secret(app), message, sha256).hexdigest()


def safe_next(value: str | None) -> str:
    """Only a same-site path, judged as a browser would read it, so sign-in never leaves."""
    if not value:
        return "/"
    # Browsers drop tabs and newlines from URLs and read a backslash as a slash: check the
    # fully decoded text with every control character and space removed.
    text = value
    for _ in range(4):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    seen = "".join(ch for ch in text if ch.isprintable() and not ch.isspace())
    parts = urlsplit(seen)
    if (
        not seen.startswith("/")
        or seen.startswith("//")
        or "\\" in seen
        or parts.scheme
        or parts.netloc
    ):
        return "/"
    return "".join(ch for ch in value if ch.isprintable())


def _counter(app: web.Application) -> FailureCounter:
    return app[signin_failures_key]


def _browser_cookie(app: web.Application, username: str) -> str:
    name = base64.urlsafe_b64encode(username.encode()).decode().rstrip("=")
    until = str(int(time.time()) + BROWSER_DAYS * 86400)
    return f"{name}.{until}.{_mac(app, 'browser', f'{name}.{until}')}"


def _known_browser(request: web.Request, username: str) -> bool:
    parts = request.cookies.get(BROWSER_COOKIE, "").split(".")
    if len(parts) != 3 or not parts[1].isdigit() or int(parts[1]) < time.time():
        return False
    expected = _mac(request.app, "browser", f"{parts[0]}.{parts[1]}")
    if not hmac.compare_digest(parts[2], expected):
        return False
    padded = parts[0] + "=" * (-len(parts[0]) % 4)
    try:
        return base64.urlsafe_b64decode(padded).decode() == username.strip().lower()
    except ValueError:
        return False


def _form_token(request: web.Request, response_cookie: str) -> str:
    return _mac(request.app, "signin", response_cookie)


async def _page(
    request: web.Request, context: dict[str, object], status: int = 200
) -> web.Response:
    """The sign-in form with a pre-session token (reusing the browser's cookie if it has one)."""
    pre = request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(32)
    context = {"title": "Sign in", "csrf_token": _form_token(request, pre), **context}
    response = await render(request, "pages/login.html", context, status=status)
    secure = request.app[settings_key].secure_cookies
    response.set_cookie(PRE_COOKIE, pre, httponly=True, samesite="Strict", secure=secure, path="/")
    return response


@routes.get("/login", name="login")
async def login_page(request: web.Request) -> web.StreamResponse:
    """The sign-in form."""
    if request.get(user_key):
        raise web.HTTPSeeOther(safe_next(request.query.get("next")))
    return await _page(request, {"next": safe_next(request.query.get("next")), "username": ""})


def _check_form_origin(request: web.Request, sent_token: str) -> None:
    """403 unless the POST came from our own sign-in form in this browser."""
    origin = request.headers.get("Origin", "")
    if not origin or origin == "null" or urlsplit(origin).netloc != request.host:
        raise web.HTTPForbidden(text="Sign in from the casenotes sign-in page.")
    pre = request.cookies.get(PRE_COOKIE, "")
    if not pre or not hmac.compare_digest(sent_token, _form_token(request, pre)):
        raise web.HTTPForbidden(text="The sign-in page has expired. Reload the page and try again.")


@routes.post("/login")
async def login(request: web.Request) -> web.StreamResponse:
    """Check the password; on success a new session id, whatever cookie came in."""
    form = await request.post()
    _check_form_origin(request, str(form.get("csrf_token", "")))
    counter = _counter(request.app)
    address = client_address(request, request.app[trusted_proxies_key])
    wait = await counter.wait(request.app[db_key], address)
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise web.HTTPTooManyRequests(
            text=f"Too many failed sign-ins from this network. Wait {seconds} seconds.",
            headers={"Retry-After": str(seconds)},
        )
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    next_path = safe_next(str(form.get("next", "")))
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "Enter your username"
    if not password:
        errors["password"] = "Enter your password"
    db = request.app[db_key]
    settings = request.app[settings_key]
    status = 400
    if not errors:
        # Hashing takes a few hundred ms: done on the hashing threads, so sign-ins never hold
        # up the writer thread every save queues on, nor the reads every request makes.
        matched = await db.read_hashing(accounts.password_matches, username, password)
        known = _known_browser(request, username)
        try:
            user, token = await db.write(
                _sign_in,
                username,
                password,
                settings.auth,
                matched=matched,
                known_browser=known,
                replaces=request.cookies.get(COOKIE),
            )
        except AuthenticationFailed:
            await counter.record(db, address)
            # Slowed, then locked after `max_failed_logins`; the wait blocks only this answer.
            await asyncio.sleep(settings.auth.failed_sign_in_delay_s)
            # One message whichever was wrong, and whether or not the account is locked.
            errors["username"] = "Enter a correct username and password"
            status = 401
        else:
            response = web.HTTPSeeOther(next_path)
            secure = settings.secure_cookies
            set_session_cookie(response, token, secure)
            response.set_cookie(
                BROWSER_COOKIE,
                _browser_cookie(request.app, user.username),
                httponly=True,
                samesite="Strict",
                secure=secure,
                path="/login",
                max_age=BROWSER_DAYS * 86400,
            )
            response.del_cookie(PRE_COOKIE, path="/")
            raise response
    return await _page(request, {"errors": errors, "next": next_path, "username": username}, status)


def _sign_in(
    db: Database,
    username: str,
    password: str,
    settings: AuthSettings,
    *,
    matched: bool,
    known_browser: bool,
    replaces: str | None,
) -> tuple[User, str]:
    """The password check's writes and the new session (its cookie token) as one job on
    the writer thread rather than two: under load every job waits its turn there, and on
    PostgreSQL each turn costs round trips. AuthenticationFailed as `verify_password`."""
    user = accounts.verify_password(
        db, username, password, settings, matched=matched, known_browser=known_browser
    )
    token, _ = accounts.create_session(db, user, settings, replaces=replaces)
    return user, token


@routes.post("/logout", name="logout")
async def logout(request: web.Request) -> web.StreamResponse:
    """End the session and clear the cookie."""
    token = request.cookies.get(COOKIE)
    if token:
        await request.app[db_key].write(accounts.delete_session, token)
    response = web.HTTPSeeOther("/login")
    response.del_cookie(COOKIE, path="/")
    raise response
