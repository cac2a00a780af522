"""The supervisors' accuracy page: how often their team corrected the machine's reading.

Counts and rates only, over the team's approved entries; no note text, names or CRNs.
Supervisors only: admins read no case records, and even counts are about a team's cases.
"""

from __future__ import annotations

import datetime as dt

from aiohttp import web

from assistant import accuracy
from assistant.auth import roles
from assistant.typedefs import db_key, user_key
from assistant.views.render import render
from storage.reviewed import reviewed_for

routes = web.RouteTableDef()


def _since(raw: str) -> tuple[str | None, str | None]:
    """The ?since= date as ISO text, or an error message for the form."""
    if not raw:
        return None, None
    try:
        return dt.date.fromisoformat(raw).isoformat(), None
    except ValueError:
        return None, "Enter a date as year-month-day, for example 2026-04-01"


@routes.get("/accuracy", name="accuracy")
@roles("supervisor")
async def page(request: web.Request) -> web.Response:
    """Correction counts and rates per field and cue family for the supervisor's team."""
    raw = request.query.get("since", "").strip()[:20]
    since, error = _since(raw)
    found = await request.app[db_key].read(reviewed_for, request[user_key], since=since)
    result = accuracy.report((r.machine, r.final) for r in found)
    return await render(
        request,
        "pages/accuracy.html",
        {
            "title": "Accuracy of the machine’s reading",
            "active": "accuracy",
            "report": result,
            "since": raw,
            "counted": ", ".join(accuracy.COUNTED_STATUSES),
            "errors": {"since": error} if error else None,
            "names": {},
        },
        status=400 if error else 200,
    )
