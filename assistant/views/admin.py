"""The audit log for admins, with filters; it shows ids and codes, never names or notes."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from assistant import services
from assistant.auth import roles
from assistant.typedefs import db_key
from assistant.views.render import render
from storage import audit

routes = web.RouteTableDef()


def _int(value: str | None) -> int | None:
    return services.parse_number(value)


@routes.get("/admin/audit", name="audit")
@roles("admin")
async def audit_log(request: web.Request) -> web.Response:
    """Newest first; filter by user id, action and record; page with ?before=."""
    q = request.query
    filters = {
        "user_id": _int(q.get("user")),
        "action": (q.get("action") or "").strip() or None,
        "record_type": (q.get("record_type") or "").strip() or None,
        "record_id": (q.get("record_id") or "").strip() or None,
    }
    rows = await request.app[db_key].read(
        audit.list_audit, **filters, before_id=_int(q.get("before")), limit=100
    )
    # The next page keeps the filters.
    kept = {k: v for k, v in q.items() if k in ("user", "action", "record_type", "record_id") and v}
    older = urlencode({**kept, "before": rows[-1].id}) if rows else ""
    return await render(
        request,
        "pages/admin_audit.html",
        {
            "title": "Audit log",
            "active": "audit",
            "rows": rows,
            "filters": {k: v or "" for k, v in filters.items()},
            "older": older,
        },
    )
