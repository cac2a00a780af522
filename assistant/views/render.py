"""Render a page template with what every page needs (user, CSRF token, errors)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant.typedefs import csrf_key, db_key, templates_key, user_key
from storage import people

# Roles that read case records, so their pages name people beside CRNs.
_NAMED_ROLES = ("officer", "supervisor")


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
        "names": {},
    }
    ctx.update(context)
    return request.app[templates_key].get_template(name).render(ctx)


async def person_names(request: web.Request) -> dict[str, str]:
    """Names by CRN of everyone the user may see, so every list shows a name beside a CRN."""
    user = request.get(user_key)
    if user is None or user.role not in _NAMED_ROLES:
        return {}
    return {p.crn: p.name for p in await request.app[db_key].read(people.list_people_for, user)}


async def render(
    request: web.Request, name: str, context: dict[str, Any], status: int = 200
) -> web.Response:
    """The rendered page as a response; autoescape is on for every HTML template."""
    if "names" not in context:
        context = {**context, "names": await person_names(request)}
    html = render_text(request, name, context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")
