"""Supervisor review: the team's queue oldest first, and the review screen with the diff."""

from __future__ import annotations

from aiohttp import web

from assistant import services
from assistant.auth import roles
from assistant.changes import describe_changes
from assistant.fields import CONTACT_TYPE_LABELS, FLAG_LABELS
from assistant.typedefs import db_key, user_key
from assistant.views.entries import entry_id, form_version
from assistant.views.present import entry_view
from assistant.views.render import render
from nlp.govuk_dates import govuk_date
from storage import accounts, entries, people
from storage.errors import NotFound
from storage.models import Entry

VIA = "web"
DECIDED = {"approve": "approved", "return": "returned to the officer"}

routes = web.RouteTableDef()


def queue_row(entry: Entry, names: dict[str, str], officers: dict[int, str]) -> dict[str, str]:
    """What a supervisor needs to pick an entry: whose, by whom, what kind, which flags, when."""
    data = entry.data or {}
    contact_type = (data.get("contact") or {}).get("type")
    flags = [
        FLAG_LABELS.get(str(f.get("code")), str(f.get("code")))
        for f in data.get("risk_flags") or []
        if isinstance(f, dict) and f.get("status") == "present"
    ]
    return {
        "id": str(entry.id),
        "person": f"{names.get(entry.crn, 'Unknown person')} ({entry.crn})",
        "officer": officers.get(entry.author_id, "Unknown officer"),
        "contact_type": CONTACT_TYPE_LABELS.get(contact_type or "", "Not recorded"),
        "flags": ", ".join(flags) or "None",
        "submitted": govuk_date(entry.submitted_at),
    }


async def _decided_banner(request: web.Request) -> dict | None:
    """The confirmation after a decision, naming whose entry it was."""
    decided = DECIDED.get(request.query.get("decided", ""))
    number = services.parse_number(request.query.get("entry", ""))
    if not decided or number is None:
        return None
    user = request[user_key]
    try:
        entry = await services.read_entry(request.app, user, number, VIA)
        person = await services.read_person(request.app, user, entry.crn, VIA)
    except NotFound:
        return None
    return {"success": True, "text": f"Entry for {person.name} ({person.crn}) {decided}."}


@routes.get("/review", name="review")
@roles("supervisor")
async def queue(request: web.Request) -> web.Response:
    """Submitted entries awaiting review, oldest first, with counts by status."""
    db = request.app[db_key]
    user = request[user_key]
    waiting = await services.review_queue(request.app, user, VIA)
    counts = await db.read(entries.status_counts, user)
    names = {p.crn: p.name for p in await db.read(people.list_people_for, user)}
    officers = {u.id: u.display_name for u in await db.read(accounts.list_users)}
    return await render(
        request,
        "pages/review_queue.html",
        {
            "title": "Entries to review",
            "active": "review",
            "rows": [queue_row(e, names, officers) for e in waiting],
            "counts": counts,
            "flash": await _decided_banner(request),
        },
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
            "diff": describe_changes(entry.extraction, entry.data),
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
                "diff": describe_changes(entry.extraction, entry.data),
                "errors": {exc.field: str(exc)},
                "comment": comment.strip(),
            },
            status=400,
        )
    raise web.HTTPSeeOther(f"/review?decided={str(decision)}&entry={entry.id}")
