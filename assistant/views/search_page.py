"""Search notes and entries across the people the user may see, or one person's."""

from __future__ import annotations

from aiohttp import web

from assistant.auth import CASE_ROLES, roles
from assistant.typedefs import db_key, user_key
from assistant.views.render import render
from storage import people, search

routes = web.RouteTableDef()


@routes.get("/search", name="search")
@roles(*CASE_ROLES)
async def page(request: web.Request) -> web.Response:
    """The search form and, with ?q=, the matching notes with matches marked."""
    query = request.query.get("q", "").strip()[:200]
    crn = request.query.get("crn", "").strip().upper() or None
    db = request.app[db_key]
    user = request[user_key]
    # One person's notes and entries when ?crn= names someone visible (404 otherwise).
    person = await db.read(people.get_person_for, user, crn) if crn else None
    hits = await db.read(search.search_notes, user, query, crn=crn) if query else []
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
