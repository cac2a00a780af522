"""Search notes and entries across the people the user may see, or one person's."""

from __future__ import annotations

from aiohttp import web

from assistant import services
from assistant.auth import CASE_ROLES, roles
from assistant.typedefs import user_key
from assistant.views.render import render

routes = web.RouteTableDef()


@routes.get("/search", name="search")
@roles(*CASE_ROLES)
async def page(request: web.Request) -> web.Response:
    """The search form and, with ?q=, the matching notes with matches marked."""
    query = request.query.get("q", "").strip()[:200]
    crn = request.query.get("crn", "").strip().upper() or None
    user = request[user_key]
    # One person's notes and entries when ?crn= names someone visible (404 otherwise).
    person = await services.read_person(request.app, user, crn, "web") if crn else None
    hits = await services.search_notes(request.app, user, query, "web", crn=crn) if query else []
    return await render(
        request,
        "pages/search.html",
        {
            "title": f"Search {person.name}’s notes" if person else "Search notes",
            "active": "search",
            "q": query,
            "person": person,
            "hits": hits,
            "searched": bool(query),
        },
    )
