"""Render a page template with what every page needs (user, CSRF token, errors)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant.typedefs import csrf_key, templates_key, user_key


def error_list(errors: dict[str, str] | None) -> list[dict[str, str]]:
    """GOV.UK error summary items linking to each field."""
    return [{"text": msg, "href": f"#{field}"} for field, msg in (errors or {}).items()]


def render_text(request: web.Request, name: str, context: dict[str, Any]) -> str:
    """A template rendered with the common context, as text (fragments, exports)."""
    user = request.get(user_key)
    ctx = {
        "user": user,
        "csrf_token": request.get(csrf_key, ""),
        "errors_list": error_list(context.get("errors")),
        "path": request.path,
    }
    ctx.update(context)
    return request.app[templates_key].get_template(name).render(ctx)


async def render(
    request: web.Request, name: str, context: dict[str, Any], status: int = 200
) -> web.Response:
    """The rendered page as a response; autoescape is on for every HTML template."""
    html = render_text(request, name, context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")
