"""The case view: person header, contact timeline newest first, merged assessment sections."""

from __future__ import annotations

from aiohttp import web

from assistant import services
from assistant.auth import CASE_ROLES, roles
from assistant.fields import CONTACT_TYPE_LABELS, FLAG_LABELS, NEED_LABELS, OUTCOME_LABELS, uk_date
from assistant.typedefs import user_key
from assistant.views.present import status_tag
from assistant.views.render import render

routes = web.RouteTableDef()
# The case page lists this many historical notes, newest first; the sections use them all.
HISTORY_SHOWN = 100


def timeline_item(entry) -> dict:
    """One MoJ timeline item for an entry."""
    contact = (entry.data or {}).get("contact") or {}
    title = " – ".join(
        x
        for x in (
            CONTACT_TYPE_LABELS.get(str(contact.get("type"))),
            OUTCOME_LABELS.get(str(contact.get("outcome"))),
        )
        if x
    )
    return {
        "entry": entry,
        "title": title or "Contact",
        "date": uk_date(contact.get("date") or entry.reference_date),
        "datetime": contact.get("date") or entry.reference_date,
        "summary": (entry.data or {}).get("summary") or "Not read yet",
        "status": status_tag(entry.status),
    }


@routes.get("/cases/{crn}", name="case")
@roles(*CASE_ROLES, hide=True)
async def show(request: web.Request) -> web.Response:
    """A person's record."""
    page = await services.read_case_page(
        request.app, request[user_key], request.match_info["crn"], "web", HISTORY_SHOWN + 1
    )
    person, found, drafts, history = page.person, page.entries, page.sections, page.history
    return await render(
        request,
        "pages/case.html",
        {
            "title": f"{person.name} ({person.crn})",
            "names": {person.crn: person.name},  # the one person shown: no caseload read
            "person": person,
            "dob": uk_date(person.dob),
            "flags": [FLAG_LABELS.get(f, f) for f in person.flags],
            "timeline": [timeline_item(e) for e in found],
            "history": [timeline_item(e) for e in history[:HISTORY_SHOWN]],
            "history_more": len(history) > HISTORY_SHOWN,
            "sections": [{"area": NEED_LABELS.get(s.area, s.area), "draft": s} for s in drafts],
        },
    )
