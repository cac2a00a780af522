"""Supervisor review: the team's queue oldest first, and the review screen with the diff."""

from __future__ import annotations

from aiohttp import web

from assistant.auth import roles
from assistant.teams import notify
from assistant.typedefs import db_key, user_key
from assistant.views.entries import entry_id, form_version
from assistant.views.present import entry_view
from assistant.views.render import render
from storage import audit, entries, people

routes = web.RouteTableDef()


@routes.get("/review", name="review")
@roles("supervisor")
async def queue(request: web.Request) -> web.Response:
    """Submitted entries awaiting review, oldest first, with counts by status."""
    db = request.app[db_key]
    user = request[user_key]
    waiting = await db.read(entries.review_queue, user)
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
    db = request.app[db_key]
    user = request[user_key]
    entry = await db.read(entries.get_entry_for, user, entry_id(request))
    person = await db.read(people.get_person_for, user, entry.crn)
    await db.write(audit.append, user.id, "viewed", "entry", entry.id)
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
    db = request.app[db_key]
    user = request[user_key]
    form = await request.post()
    version = form_version(form)
    decision = form.get("decision")
    comment = str(form.get("comment", "")).strip()
    entry = await db.read(entries.get_entry_for, user, entry_id(request))
    if decision == "approve":
        await db.write(entries.approve, user, entry.id, expected_version=version)
    elif decision == "return" and comment and len(comment) <= 2000:
        returned = await db.write(
            entries.return_entry, user, entry.id, comment, expected_version=version
        )
        notify.entry_changed(request.app, returned)
    else:
        person = await db.read(people.get_person_for, user, entry.crn)
        message = (
            "Enter a comment of 2,000 characters or fewer saying what to change"
            if decision == "return"
            else "Select approve or return"
        )
        return await render(
            request,
            "pages/review.html",
            {
                "title": "Review entry",
                "active": "review",
                "view": entry_view(entry, False),
                "person": person,
                "diff": entries.extraction_diff(entry),
                "errors": {"comment" if decision == "return" else "decision": message},
                "comment": comment,
            },
            status=400,
        )
    raise web.HTTPSeeOther("/review")
