"""Group edit pages: all need areas, all flags, all substances, all actions, the drug test and
the next appointment, each corrected on one page (one page load per group)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant.auth import CASE_ROLES, roles
from assistant.corrections import groups
from assistant.corrections.items import SUBSTANCE_LABELS
from assistant.corrections.rebuild import use_rebuilt
from assistant.corrections.store import caseload_name, save
from assistant.fields import CONTACT_TYPE_LABELS
from assistant.typedefs import db_key, user_key
from assistant.views.entries import form_version, load
from assistant.views.render import render
from storage import entries
from storage.errors import Conflict

routes = web.RouteTableDef()


def _group(request: web.Request) -> groups.Group:
    found = groups.GROUPS.get(request.match_info["group"])
    if found is None:
        raise web.HTTPNotFound()
    return found


async def _page(  # type: ignore[no-untyped-def]
    request, group, entry, values, errors=None, status: int = 200, notice: str | None = None
) -> web.Response:
    data = entry.data or {}
    context: dict[str, Any] = {
        "title": group.title,
        "entry": entry,
        "group": group,
        "rows": groups.rows(group, data),
        "values": values,
        "errors": errors or None,
        "contact_types": CONTACT_TYPE_LABELS,
        "substance_labels": SUBSTANCE_LABELS,
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
    """Apply the rows the officer changed; a form from an older version is applied on top
    of the current one unless somebody changed this group since (then 409, choices kept)."""
    group = _group(request)
    entry = await load(request, audit_view=False)
    form = await request.post()
    version = form_version(form)
    data = entry.data or {}
    if version != entry.current_version and await _group_changed(request, group, entry, version):
        notice = "Someone changed this part of the entry after you opened this page. "
        notice += "It now shows their answer: check it and save again."
        return await _page(request, group, entry, groups.current(group, data), status=409,
                           notice=notice)  # fmt: skip
    change, errors = groups.apply_form(group, data, form)
    if errors:
        values = {k: form.get(k) for k in form} | {"substances": form.getall("substances", [])}
        return await _page(request, group, entry, values, errors, status=400)
    if change.said:
        try:
            await save(request.app, request[user_key], entry, change.data,
                       entry.current_version, "form")  # fmt: skip
        except Conflict:  # a save landed between our read and write: show it, keep nothing
            fresh = await load(request, audit_view=False)
            notice = "The entry changed while saving. Check this page and save again."
            return await _page(request, group, fresh, groups.current(group, fresh.data or {}),
                               status=409, notice=notice)  # fmt: skip
    raise web.HTTPSeeOther(f"/entries/{entry.id}#{group.key}")


async def _group_changed(
    request: web.Request, group: groups.Group, entry: Any, version: int
) -> bool:
    history = await request.app[db_key].read(entries.versions, request[user_key], entry.id)
    then = next((v.data for v in history if v.version == version), None)
    return then is None or groups.current(group, then) != groups.current(group, entry.data or {})


@routes.post("/entries/{id}/record/rebuild", name="entry_record_rebuild")
@roles(*CASE_ROLES, hide=True)
async def record_rebuild(request: web.Request) -> web.StreamResponse:
    """Replace the officer's own record text with the one rebuilt from the corrected entry."""
    entry = await load(request, audit_view=False)
    version = form_version(await request.post())
    user = request[user_key]
    name = await caseload_name(request.app, user, entry.crn)
    data = use_rebuilt(entry.data or {}, name)
    await request.app[db_key].write(entries.update_entry, user, entry.id, data, version, "form")
    raise web.HTTPSeeOther(f"/entries/{entry.id}#record")
