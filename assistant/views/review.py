"""Supervisor review: the team's queue oldest first, and the review screen with the diff."""

from __future__ import annotations

from aiohttp import web

from assistant import services
from assistant.auth import roles
from assistant.typedefs import db_key, user_key
from assistant.views.entries import entry_id, form_version
from assistant.views.present import entry_view
from assistant.views.render import render
from storage import entries

VIA = "web"

routes = web.RouteTableDef()


@routes.get("/review", name="review")
@roles("supervisor")
async def queue(request: web.Request) -> web.Response:
    """Submitted entries awaiting review, oldest first, with counts by status."""
    db = request.app[db_key]
    user = request[user_key]
    waiting = await services.review_queue(request.app, user, VIA)
    counts = await db.read(entries.status_counts, user)
    return await render(
        request,
        "pages/review_queue.html",
        {"title": "Entries to review", "active": "review", "entries": waiting, "counts": counts},
    )


@routes.get("/review/{id}", name="review_entry")
@roles("supervisor", hide=True)
async def screen(request: web.Request) -> web.Response:
    """The entry, its note with evidence, and what the officer changed from the machine."""
    user = request[user_key]
    entry = await services.read_entry(request.app, user, entry_id(request), VIA)
    person = await services.read_person(request.app, user, entry.crn, VIA)
    return await render(
        request,
        "pages/review.html",
        {
            "title": "Review entry",
            "active": "review",
            "view": entry_view(entry, editable=False),
            "person": person,
            "diff": entries.extraction_diff(entry),
            "errors": None,
        },
    )


@routes.post("/review/{id}", name="review_decide")
@roles("supervisor", hide=True)
async def decide(request: web.Request) -> web.StreamResponse:
    """Approve, or return with a comment (a comment is required to return)."""
    user = request[user_key]
    form = await request.post()
    version = form_version(form)
    decision = form.get("decision")
    comment = str(form.get("comment", ""))
    entry = await services.entry_to_change(request.app, user, entry_id(request), VIA)
    try:
        await services.review(request.app, user, entry.id, str(decision), version, VIA, comment)
    except services.ReviewError as exc:
        person = await services.read_person(request.app, user, entry.crn, VIA)
        return await render(
            request,
            "pages/review.html",
            {
                "title": "Review entry",
                "active": "review",
                "view": entry_view(entry, False),
                "person": person,
                "diff": entries.extraction_diff(entry),
                "errors": {exc.field: str(exc)},
                "comment": comment.strip(),
            },
            status=400,
        )
    raise web.HTTPSeeOther("/review")
