"""Linking a Microsoft Teams user to the signed-in account, with the code the bot gave them.

Two steps: the officer enters the code, then sees which Teams account asked for it and
confirms; so a code read out or posted by someone else is not linked by mistake.
"""

from __future__ import annotations

from aiohttp import web

from assistant import services
from assistant.auth import CASE_ROLES, roles
from assistant.typedefs import db_key, user_key
from assistant.views.render import render
from storage import teams_links
from storage.errors import NotFound

routes = web.RouteTableDef()
NO_CODE = "Enter the code the casenotes bot showed you in Teams"
BAD_CODE = (
    "That code is not right or has run out. Send the casenotes bot any message in Teams "
    "for a new code"
)
DONE = {
    "linked": "Your Teams account is linked. Go back to Teams and send your note again.",
    "unlinked": "That Teams account is no longer linked to casenotes.",
}


async def _page(
    request: web.Request,
    *,
    code: str = "",
    pending: teams_links.PendingCode | None = None,
    error: str | None = None,
) -> web.Response:
    user = request[user_key]
    links = await request.app[db_key].read(teams_links.links_for, user)
    done = next((DONE[k] for k in DONE if k in request.query), None)
    return await render(
        request,
        "pages/teams_link.html",
        {
            "title": "Confirm the Teams account" if pending else "Link your Teams account",
            "code": code,
            "pending": pending,
            "links": links,
            "errors": {"code": error} if error else None,
            "flash": {"success": True, "text": done} if done and not error else None,
        },
        status=400 if error else 200,
    )


@routes.get("/teams/link", name="teams_link")
@roles(*CASE_ROLES)
async def page(request: web.Request) -> web.Response:
    """The form for the code, and the Teams accounts already linked."""
    return await _page(request)


@routes.post("/teams/link")
@roles(*CASE_ROLES)
async def check(request: web.Request) -> web.Response:
    """Step one: a code that is right and unexpired shows whose Teams account asked."""
    code = str((await request.post()).get("code", "")).strip()
    if not teams_links.normalise_code(code):
        return await _page(request, code=code, error=NO_CODE)
    try:
        pending = await request.app[db_key].read(teams_links.pending_code, code)
    except NotFound:
        return await _page(request, code=code, error=BAD_CODE)
    return await _page(request, code=code, pending=pending)


@routes.post("/teams/link/confirm", name="teams_link_confirm")
@roles(*CASE_ROLES)
async def confirm(request: web.Request) -> web.StreamResponse:
    """Step two: link the Teams account to this account (audited)."""
    code = str((await request.post()).get("code", "")).strip()
    try:
        await request.app[db_key].write(teams_links.link, request[user_key], code)
    except NotFound:
        return await _page(request, code=code, error=BAD_CODE)
    raise web.HTTPSeeOther("/teams/link?linked=1")


@routes.post("/teams/unlink", name="teams_unlink")
@roles(*CASE_ROLES)
async def unlink(request: web.Request) -> web.StreamResponse:
    """Remove one of this account's Teams links."""
    link_id = services.require_id(str((await request.post()).get("link", "")))
    await request.app[db_key].write(teams_links.unlink, request[user_key], link_id)
    raise web.HTTPSeeOther("/teams/link?unlinked=1")
