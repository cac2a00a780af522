"""Cross-cutting request handling: security headers, body limit, errors as pages or JSON."""

from __future__ import annotations

import codecs
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

import nlp.errors
import storage.errors
from assistant import auth, csp
from assistant.client_address import parse_networks
from assistant.ratelimit import FailureCounter, RateLimiter, slow_down
from assistant.slow_clients import body_deadline
from assistant.typedefs import (
    aborted_key,
    db_key,
    limiter_key,
    settings_key,
    signin_failures_key,
    trusted_proxies_key,
    user_key,
)
from assistant.views.render import render
from assistant.workers import WorkerFailed

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SECURITY_HEADERS = {
    "Content-Security-Policy": csp.policy(),
    "X-Content-Type-Options": "nosniff",
    # Not "no-referrer": under it browsers send `Origin: null` on our own form posts, which
    # sign-in must refuse (login CSRF). "same-origin" still sends nothing to other sites.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(self)",
}

# Headers an HTTP error carries that the page or JSON answer built in its place must keep.
KEPT_HEADERS = ("Retry-After", "WWW-Authenticate", "Allow")
ERROR_TITLES = {
    400: "There is a problem with your request",
    401: "You need to sign in",
    403: "You cannot do that",
    404: "Page not found",
    405: "You cannot do that here",
    409: "This record has changed",  # or a repeated request that differs from the first
    413: "That is too much to send at once",
    415: "There is a problem with your request",
    429: "Too many requests",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is busy",
    507: "Your work could not be saved",
}


HSTS = "max-age=31536000"


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: the same headers on pages, API answers, errors and assets."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # aiohttp would name itself and its version: that only helps someone matching exploits.
    response.headers["Server"] = "casenotes"
    if request.app[settings_key].secure_cookies:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if not request.path.startswith("/assets/"):
        response.headers.setdefault("Cache-Control", "no-store")


def is_api(request: web.Request) -> bool:
    """Requests answered with JSON rather than pages: the API, and the chat page's own
    script, which shows the error beside the note it keeps (a 413 or 429 included)."""
    return request.path.startswith("/api/") or request.headers.get("X-Requested-With") == (
        "casenotes"
    )


async def error_response(request: web.Request, status: int, message: str) -> web.Response:
    """A JSON error for the API, a GOV.UK error page otherwise."""
    if is_api(request):
        return web.json_response({"error": API_MESSAGES.get(message, message)}, status=status)
    title = ERROR_TITLES.get(status, ERROR_TITLES[500])
    return await render(
        request, "pages/error.html", {"title": title, "message": message}, status=status
    )


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Map domain errors and HTTP errors to one consistent answer; never leak a traceback."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        # Handlers raise these with a message for the officer; others use ours.
        own = exc.status in (400, 403, 409, 413, 415, 429) and not (exc.text or "").startswith(
            f"{exc.status}:"
        )
        message = exc.text if own and exc.text else _default_message(exc.status)
        response = await error_response(request, exc.status, message)
        for name in KEPT_HEADERS:
            if name in exc.headers:
                response.headers[name] = exc.headers[name]
        if exc.status == 413:
            # The rest of the body is never read for a handler: end the connection after this
            # answer (aiohttp drains and discards what is in flight for at most a few seconds).
            response.force_close()
        return response
    except ConnectionResetError:
        # The client went away mid-body (aiohttp's ClientConnectionResetError is one): no
        # one is left to answer, and it is not our error. One quiet line, no traceback.
        request[aborted_key] = True
        log.info("request body aborted by the client on %s %s", request.method, request.path)
        return web.Response(status=400)
    except storage.errors.NotFound:
        return await error_response(request, 404, _default_message(404))
    except storage.errors.Forbidden:
        return await error_response(request, 403, _default_message(403))
    except (storage.errors.Conflict, storage.errors.InvalidTransition) as exc:
        if is_api(request) and isinstance(exc, storage.errors.Conflict):
            # The version to re-read and re-apply the change on.
            body = {"error": str(exc), "current_version": exc.current_version}
            return web.json_response(body, status=409)
        return await error_response(request, 409, str(exc) or _default_message(409))
    except storage.errors.Duplicate as exc:
        # An idempotency key resent with another request, a username taken: never a 500.
        return await error_response(request, 409, str(exc))
    except storage.errors.StorageFull as exc:
        return await error_response(request, 507, str(exc))
    except nlp.errors.NlpError as exc:
        return await error_response(request, 400, str(exc))
    except WorkerFailed as exc:
        return await error_response(request, 503, str(exc))
    except Exception:
        # The traceback goes to the log; the message names no person and quotes no note.
        log.exception("unhandled error on %s %s", request.method, request.match_info.route.name)
        return await error_response(request, 500, _default_message(500))


def _api_messages() -> dict[str, str]:
    return {
        _default_message(404): "not found: no such record, or not one you can see",
        _default_message(405): "method not allowed on this path",
        _default_message(401): "unauthorised: sign in or send an API token",
    }


def _default_message(status: int) -> str:
    return {
        400: "Check what you sent and try again.",
        401: "Sign in to use casenotes.",
        403: "You do not have permission to do that.",
        404: "If you typed the web address, check it is correct.",
        405: "That action is not available on this page.",
        409: "Someone changed this record after you opened it. "
        "Reload it and make your change again.",
        413: "The request is larger than casenotes accepts.",
        429: "Wait a minute and try again.",
        503: "Try again in a moment. Nothing you saved has been lost.",
    }.get(status, "Try again later. Nothing you saved has been lost.")


def too_large(max_bytes: int) -> str:
    """The 413 message, naming the limit."""
    return (
        f"The request is larger than casenotes accepts ({max_bytes // 1024:,} KB). "
        "Split the note into separate contacts. Nothing you saved has been lost."
    )


def body_limit(max_bytes: int, own_limit: tuple[str, ...] = ()) -> Callable:
    """413 for a declared over-size body before any of it is read, and for a chunked body
    as soon as reading it passes the limit (aiohttp's `client_max_size`, set to the same).
    Paths in `own_limit` read their body themselves against their own limit (audio)."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path in own_limit:
            return await handler(request)
        if request.content_length is not None and request.content_length > max_bytes:
            raise web.HTTPRequestEntityTooLarge(
                max_size=max_bytes,
                actual_size=request.content_length,
                text=too_large(max_bytes),
            )
        try:
            return await handler(request)
        except web.HTTPRequestEntityTooLarge:
            # A body sent without a length (chunked) that grew past the limit while read.
            raise web.HTTPRequestEntityTooLarge(
                max_size=max_bytes, actual_size=max_bytes + 1, text=too_large(max_bytes)
            ) from None

    return middleware


# Routes that stream their own body (audio) against their own size limit and deadline.
OWN_BODY = ("/api/v1/transcribe",)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@web.middleware
async def readable_body(request: web.Request, handler: Handler) -> web.StreamResponse:
    """415 for a body in a charset nobody knows, 400 for a form that is not valid text."""
    if request.body_exists:
        charset = request.charset
        if charset:
            try:
                codecs.lookup(charset)
            except LookupError:
                raise web.HTTPUnsupportedMediaType(
                    text=f"Unknown character set {charset[:40]!r}: send UTF-8."
                ) from None
        if request.content_type in FORM_TYPES:
            try:
                await request.post()  # read once here; aiohttp keeps it for the handler
            except UnicodeDecodeError:
                raise web.HTTPBadRequest(
                    text="The form was not sent as UTF-8 text. Reload the page and try again."
                ) from None
            except ValueError:  # a multipart body without its boundary, say
                raise web.HTTPBadRequest(
                    text="The form could not be read. Reload the page and try again."
                ) from None
    return await handler(request)


@web.middleware
async def rate_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
    """429 with Retry-After once a user has used up their requests for the minute."""
    user = request.get(user_key)
    if user is not None and not request.path.startswith("/assets/"):
        limiter = request.app[limiter_key]
        wait = await limiter.check(request.app[db_key], user.id)
        if wait is not None:
            seconds, message = slow_down(limiter.per_minute, wait)
            raise web.HTTPTooManyRequests(text=message, headers={"Retry-After": str(seconds)})
    return await handler(request)


class _NoRequestText(logging.Filter):
    """aiohttp logs a request it cannot parse (a request line over 8 KB, say) with the bytes
    it read, which can hold a search for a person's name: keep only the error's name."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, HttpProcessingError):
            record.msg = f"{record.msg} ({type(exc).__name__}, status {exc.code})"
            record.exc_info = None
            record.exc_text = None
        return True


_QUIET = _NoRequestText()


def setup_middlewares(app: web.Application) -> None:
    """Install the middlewares in order: errors outermost, then size, encoding, auth, rate,
    CSRF."""
    settings = app[settings_key]
    app[limiter_key] = RateLimiter(settings.auth.requests_per_minute)
    app[trusted_proxies_key] = parse_networks(settings.server.trusted_proxies)
    app[signin_failures_key] = FailureCounter(
        settings.auth.max_failed_logins_per_address, settings.auth.lockout_minutes * 60.0
    )
    app.middlewares.extend(
        [
            errors,
            body_limit(settings.server.max_body_bytes, own_limit=OWN_BODY),
            body_deadline(settings.server.body_timeout_s, own_body=OWN_BODY),
            readable_body,
            auth.authenticate,
            rate_limit,
            auth.csrf,
        ]
    )
    app.on_response_prepare.append(add_security_headers)
    server_log = logging.getLogger("aiohttp.server")
    if _QUIET not in server_log.filters:
        server_log.addFilter(_QUIET)


API_MESSAGES = _api_messages()
