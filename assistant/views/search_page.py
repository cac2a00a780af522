"""Search notes across the people the user may see."""

from __future__ import annotations

from aiohttp import web

from assistant.auth import CASE_ROLES, roles
from assistant.typedefs import db_key, user_key
from assistant.views.render import render
from storage import search

routes = web.RouteTableDef()


@routes.get("/search", name="search")
@roles(*CASE_ROLES)
async def page(request: web.Request) -> web.Response:
    """The search form and, with ?q=, the matching notes with matches marked."""
    query = request.query.get("q", "").strip()[:200]
    crn = request.query.get("crn", "").strip().upper() or None
    hits = []
    if query:
        hits = await request.app[db_key].read(
            search.search_notes, request[user_key], query, crn=crn
        )
    return await render(
        request,
        "pages/search.html",
        {
            "title": "Search notes",
            "active": "search",
            "q": query,
            "hits": hits,
            "searched": bool(query),
        },
    )
