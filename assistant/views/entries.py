"""The entry page: check what was read from the note, correct a field, submit."""

from __future__ import annotations

from aiohttp import web

from assistant import chat
from assistant.auth import CASE_ROLES, roles
from assistant.fields import FIELDS, FieldError
from assistant.teams import notify
from assistant.typedefs import db_key, user_key
from assistant.views.present import entry_view
from assistant.views.render import render
from storage import audit, entries, people

routes = web.RouteTableDef()


def entry_id(request: web.Request) -> int:
    """The {id} in the path; 404 if it is not a number."""
    raw = request.match_info["id"]
    if not raw.isdigit() or len(raw) > 12:
        raise web.HTTPNotFound()
    return int(raw)


def form_version(form) -> int:
    """The version the officer was looking at, from a hidden field."""
    raw = str(form.get("version", ""))
    if not raw.isdigit():
        raise web.HTTPBadRequest(
            text="The form is missing the entry version. Reload and try again."
        )
    return int(raw)


async def load(request: web.Request, *, audit_view: bool = True):
    """The entry if this user may see it (NotFound otherwise), with the viewing audited."""
    db = request.app[db_key]
    user = request[user_key]
    entry = await db.read(entries.get_entry_for, user, entry_id(request))
    if audit_view:
        await db.write(audit.append, user.id, "viewed", "entry", entry.id)
    return entry


@routes.get("/entries/{id}", name="entry")
@roles(*CASE_ROLES, hide=True)
async def show(request: web.Request) -> web.Response:
    """The entry with the note, its evidence highlighted, and change links."""
    entry = await load(request)
    person = await request.app[db_key].read(people.get_person_for, request[user_key], entry.crn)
    view = entry_view(entry, editable=True)
    return await render(
        request, "pages/entry.html", {"title": "Check the entry", "view": view, "person": person}
    )


def _field(request: web.Request):
    fld = FIELDS.get(request.match_info["field"])
    if fld is None:
        raise web.HTTPNotFound()
    return fld


@routes.get("/entries/{id}/edit/{field}", name="entry_edit")
@roles(*CASE_ROLES, hide=True)
async def edit_page(request: web.Request) -> web.Response:
    """One field's form."""
    fld = _field(request)
    entry = await load(request, audit_view=False)
    return await _edit_form(request, fld, entry, fld.get(entry.data or {}))


async def _edit_form(request, fld, entry, value, error: str | None = None) -> web.Response:  # type: ignore[no-untyped-def]
    """The field's form, with the error that sent the officer back to it if any."""
    context = {"title": fld.label, "entry": entry, "field": fld, "value": value}
    if error is None:
        return await render(request, "pages/entry_edit.html", context)
    return await render(
        request, "pages/entry_edit.html", {**context, "errors": {"value": error}}, status=400
    )


@routes.post("/entries/{id}/edit/{field}")
@roles(*CASE_ROLES, hide=True)
async def edit(request: web.Request) -> web.StreamResponse:
    """Save one field as a new version; a stale version is a 409, never an overwrite."""
    fld = _field(request)
    entry = await load(request, audit_view=False)
    form = await request.post()
    version = form_version(form)
    raw = form.get("value")
    try:
        value = fld.parse(raw)
    except FieldError as exc:
        return await _edit_form(request, fld, entry, raw, str(exc))
    data = fld.set(entry.data or {}, value)
    saved = await request.app[db_key].write(
        entries.update_entry, request[user_key], entry.id, data, version, "form"
    )
    if request.headers.get("X-Requested-With") == "casenotes":  # autosave from app.js
        return web.json_response({"version": saved.current_version})
    raise web.HTTPSeeOther(f"/entries/{entry.id}")


@routes.post("/entries/{id}/submit", name="entry_submit")
@roles(*CASE_ROLES, hide=True)
async def submit(request: web.Request) -> web.StreamResponse:
    """Send the entry to the supervisor (again, if it was returned)."""
    entry = await load(request, audit_view=False)
    version = form_version(await request.post())
    step = entries.resubmit if entry.status == "returned" else entries.submit
    saved = await request.app[db_key].write(
        step, request[user_key], entry.id, expected_version=version
    )
    notify.entry_changed(request.app, saved)
    raise web.HTTPSeeOther(f"/entries/{entry.id}")


@routes.post("/entries/{id}/extract", name="entry_extract")
@roles(*CASE_ROLES, hide=True)
async def extract(request: web.Request) -> web.StreamResponse:
    """Read a stored note that has not been read yet (after a timeout or crash)."""
    entry = await load(request, audit_view=False)
    if entry.current_version == 0:
        await chat.extract_into(request.app, request[user_key], entry)
    raise web.HTTPSeeOther(f"/entries/{entry.id}")


@routes.get("/drafts", name="drafts")
@roles(*CASE_ROLES)
async def drafts(request: web.Request) -> web.Response:
    """The officer's entries not yet submitted, and those returned to them."""
    found = await request.app[db_key].read(entries.list_drafts, request[user_key])
    return await render(
        request, "pages/drafts.html", {"title": "My entries", "active": "drafts", "entries": found}
    )
