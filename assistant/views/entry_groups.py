"""Group edit pages: all need areas, all flags, all substances, all actions, the drug test and
the next appointment, each corrected on one page (one page load per group)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant import services
from assistant.auth import CASE_ROLES, roles
from assistant.corrections import groups
from assistant.corrections.change import GroupChange, UseRebuiltRecord
from assistant.corrections.items import SUBSTANCE_LABELS
from assistant.fields import CONTACT_TYPE_LABELS, FIELDS
from assistant.services import EditConflict
from assistant.typedefs import user_key
from assistant.views.entries import VIA, form_version, load
from assistant.views.render import render

routes = web.RouteTableDef()


def _group(request: web.Request) -> groups.Group:
    found = groups.GROUPS.get(request.match_info["group"])
    if found is None:
        raise web.HTTPNotFound()
    return found


async def _page(  # type: ignore[no-untyped-def]
    request, group, entry, values, errors=None, status: int = 200, notice: str | None = None
) -> web.Response:
    context: dict[str, Any] = {
        "title": group.title,
        "entry": entry,
        "group": group,
        "rows": groups.rows(group, entry.data or {}),
        "values": values,
        "errors": errors or None,
        "contact_types": CONTACT_TYPE_LABELS,
        "substance_labels": SUBSTANCE_LABELS,
        "contact_fields": [FIELDS[k] for k in groups.CONTACT_FIELDS],
        "notice": notice,
    }
    return await render(request, "pages/entry_group.html", context, status=status)


@routes.get("/entries/{id}/change/{group}", name="entry_group")
@roles(*CASE_ROLES, hide=True)
async def group_page(request: web.Request) -> web.Response:
    """The group's form, every row set to what the entry says now."""
    group = _group(request)
    entry = await load(request, audit_view=False)
    return await _page(request, group, entry, groups.current(group, entry.data or {}))


@routes.post("/entries/{id}/change/{group}")
@roles(*CASE_ROLES, hide=True)
async def group_save(request: web.Request) -> web.StreamResponse:
    """Apply the rows the officer changed. A form from an older version is applied on top of
    the current one unless somebody changed this group since (then 409: their answer shown)."""
    group = _group(request)
    entry = await load(request, audit_view=False)
    form = await request.post()
    version = form_version(form)
    _, errors = groups.apply_form(group, entry.data or {}, form)
    if errors:
        values = {k: form.get(k) for k in form} | {"substances": form.getall("substances", [])}
        return await _page(request, group, entry, values, errors, status=400)
    change = GroupChange(group, form)
    try:
        await services.correct(request.app, request[user_key], entry.id, [change], version, VIA)
    except EditConflict as exc:
        fresh = await load(request, audit_view=False)
        notice = f"{exc} This page now shows their answer: check it and save again."
        values = groups.current(group, fresh.data or {})
        return await _page(request, group, fresh, values, status=409, notice=notice)
    raise web.HTTPSeeOther(f"/entries/{entry.id}#{group.key}")


@routes.post("/entries/{id}/record/rebuild", name="entry_record_rebuild")
@roles(*CASE_ROLES, hide=True)
async def record_rebuild(request: web.Request) -> web.StreamResponse:
    """Replace the officer's own record text with the one rebuilt from the corrected entry."""
    entry = await load(request, audit_view=False)
    version = form_version(await request.post())
    user = request[user_key]
    await services.correct(request.app, user, entry.id, [UseRebuiltRecord()], version, VIA)
    raise web.HTTPSeeOther(f"/entries/{entry.id}#record")
